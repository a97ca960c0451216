//! The report's map: the trainees' calls counted on each call's map by the engine, drawn
//! in the HTML report, and rendered by Chromium.

use super::html::require_chromium;
use super::map::{check_page_in_chromium, groups};
use super::{calmline, dialogues, stderr};
use calmline::engine::Library;

/// The SVG maps inside an HTML page, parsed.
fn maps_in(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"call-map\"") {
        let end = start + rest[start..].find("</svg>").unwrap() + "</svg>".len();
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_report_lays_the_trainees_calls_over_each_map() {
    use calmline::engine::records::record::{self, Record};
    use calmline::engine::records::report::Report;
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    super::room(&records);

    // The counting, in the engine.
    let scan = record::scan_folders(std::slice::from_ref(&records));
    let mut report = Report::build(&scan);
    let lib = Library::load(&[dialogues()], None);
    report.add_maps(&lib.scenarios, &scan);
    assert_eq!(report.maps.len(), 2, "the refund call in English and in Chinese");
    for m in &report.maps {
        let s = report.scenario(&m.key).unwrap();
        let played: Vec<&Record> = scan
            .records
            .iter()
            .map(|(_, r)| r)
            .filter(|r| r.scenario.id == m.key.id && r.scenario.lang == m.key.lang && !r.adjusted)
            .collect();
        assert_eq!(m.heat.calls, s.sessions + s.interrupted);
        assert_eq!(m.heat.calls, played.len());
        assert_eq!(m.heat.trainees, s.trainees);
        let start = m.map.nodes.iter().position(|n| n.start).unwrap();
        assert_eq!(m.heat.nodes[start].calls, m.heat.calls, "every call starts at the start");
        // Every reply picked is counted on one of its arrows.
        let picked: usize = played.iter().map(|r| r.turns.iter().filter(|t| t.choice.is_some()).count()).sum();
        assert_eq!(m.heat.edges.iter().sum::<usize>(), picked);
        for (k, e) in m.map.edges.iter().enumerate() {
            let by_records = played
                .iter()
                .flat_map(|r| &r.turns)
                .filter(|t| t.node == m.scenario.nodes[e.node].id && t.choice == Some(e.reply))
                .count();
            // A reply with one arrow carries all its picks.
            if m.map.edges.iter().filter(|x| x.node == e.node && x.reply == e.reply).count() == 1 {
                assert_eq!(m.heat.edges[k], by_records, "{}:{}", m.scenario.nodes[e.node].id, e.reply + 1);
            }
        }
        let lost: usize = m.heat.nodes.iter().map(|n| n.lost.total()).sum();
        assert_eq!(lost, s.outcomes.escalated + s.outcomes.hung_up);
        assert_eq!(m.heat.unmatched, 0);
        // The resolved ending is reached by the resolved calls that ended on a reply to it.
        let done = m.map.nodes.iter().position(|n| n.id == "done").unwrap();
        assert!(m.heat.nodes[done].calls <= s.outcomes.resolved && m.heat.nodes[done].calls > 0);
    }

    // The drawing, in the page.
    let page_path = dir.path().join("report.html");
    let out = calmline(&[
        "report",
        records.to_str().unwrap(),
        "--html",
        page_path.to_str().unwrap(),
        "--dialogues",
        dialogues().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(&page_path).unwrap();
    let maps = maps_in(&page);
    assert_eq!(maps.len(), 2);
    for (svg, m) in maps.iter().zip(&report.maps) {
        let doc = roxmltree::Document::parse(svg).expect("the report's map is well-formed XML");
        assert_eq!(doc.root_element().attribute("data-call"), Some(m.key.id.as_str()));
        let calls: Vec<(String, usize)> = groups(&doc, "data-node")
            .into_iter()
            .map(|(id, g)| (id, g.attribute("data-calls").unwrap().parse().unwrap()))
            .collect();
        let start = m.map.nodes.iter().find(|n| n.start).unwrap();
        assert!(calls.contains(&(start.id.clone(), m.heat.calls)), "{calls:?}");
        let picks: usize = groups(&doc, "data-edge")
            .into_iter()
            .map(|(_, g)| g.attribute("data-picks").unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(picks, m.heat.edges.iter().sum::<usize>());
    }
    assert!(page.contains("red ring"), "the heat's legend");
    // Without the calls (a dialogues folder without them) there is no map, and no error.
    let other = dir.path().join("other.html");
    let out = calmline(&["report", records.to_str().unwrap(), "--html", other.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(maps_in(&std::fs::read_to_string(&other).unwrap()).is_empty());

    if let Some(browser) = require_chromium() {
        check_page_in_chromium(&browser, &page_path, "report-map", Some("figure[data-chart=\"map\"]"));
    }
}
