//! `calmline map`: the SVG holds every node, ending and reply of a call, marks a broken
//! graph, and lays out every shipped call without overlapping boxes; the HTML page renders
//! in Chromium without console errors; the command works on every shipped call.

use super::html::{console_messages, require_chromium, run_chromium};
use super::{calmline, dialogues, root, stderr, stdout};
use calmline::engine::records::map::{self, CallMap};
use calmline::engine::{Lang, Library, Scenario, Target};
use std::collections::BTreeSet;
use std::io::BufReader;
use std::path::{Path, PathBuf};

fn broken() -> PathBuf {
    root().join("tests/fixtures/map/en/broken.ron")
}

/// Runs `calmline map` with few bot calls (the paths do not need many).
fn map_svg(call: &Path, extra: &[&str]) -> String {
    let mut args = vec!["map", call.to_str().unwrap(), "--out", "-", "--runs", "10"];
    args.extend(extra);
    let out = calmline(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// Every `<g>` with `attr`, as (value of `attr`, the element).
pub(super) fn groups<'a, 'i>(doc: &'a roxmltree::Document<'i>, attr: &str) -> Vec<(String, roxmltree::Node<'a, 'i>)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|n| n.attribute(attr).map(|v| (v.to_string(), n)))
        .collect()
}

fn classes(n: roxmltree::Node) -> BTreeSet<String> {
    n.attribute("class").unwrap_or_default().split_whitespace().map(str::to_string).collect()
}

/// Each reply's arrows, as `node:number` (1-based, as on screen) → target ids.
fn expected_edges(s: &Scenario) -> BTreeSet<(String, String)> {
    let target = |t: Target| match t {
        Target::Node(i) => s.nodes[i].id.clone(),
        Target::Ending(e) => s.endings[e].id.clone(),
    };
    let mut out = BTreeSet::new();
    for n in &s.nodes {
        for (r, reply) in n.replies.iter().enumerate() {
            for t in reply.next.targets() {
                out.insert((format!("{}:{}", n.id, r + 1), target(t)));
            }
        }
    }
    out
}

#[test]
fn the_svg_holds_every_node_ending_and_reply() {
    let lib = Library::load(&[dialogues()], None);
    let call = lib.find("refund", Lang::En).expect("the refund fixture").clone();
    let svg = map_svg(&dialogues().join("en/refund.ron"), &["--lang", "en"]);
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert_eq!(doc.root_element().attribute("data-call"), Some("refund"));
    let nodes: BTreeSet<String> = groups(&doc, "data-node").into_iter().map(|(id, _)| id).collect();
    let expected: BTreeSet<String> = call
        .nodes
        .iter()
        .map(|n| n.id.clone())
        .chain(call.endings.iter().filter(|e| !e.builtin).map(|e| e.id.clone()))
        .collect();
    assert_eq!(nodes, expected);
    let kinds: Vec<(String, String)> = groups(&doc, "data-node")
        .into_iter()
        .filter(|(_, g)| g.attribute("data-kind") != Some("node"))
        .map(|(id, g)| (id, g.attribute("data-kind").unwrap().to_string()))
        .collect();
    for e in call.endings.iter().filter(|e| !e.builtin) {
        assert!(kinds.contains(&(e.id.clone(), e.kind.id().to_string())), "{} drawn as {}", e.id, e.kind);
    }
    let edges: BTreeSet<(String, String)> = groups(&doc, "data-edge")
        .into_iter()
        .map(|(id, g)| (id, g.attribute("data-to").unwrap().to_string()))
        .collect();
    assert_eq!(edges, expected_edges(&call));
    // Each arrow has its words on hover, and a line with an arrowhead.
    for (id, g) in groups(&doc, "data-edge") {
        let title = g.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or_default();
        assert!(title.contains(" → "), "{id}: {title}");
        assert!(g.descendants().any(|c| c.attribute("marker-end").is_some()), "{id} has an arrowhead");
    }
    // The start is marked, and the bots' best path runs through it.
    let open = groups(&doc, "data-node").into_iter().find(|(id, _)| id == "open").unwrap().1;
    assert!(classes(open).is_superset(&["start", "best"].map(String::from).into()));
    assert!(svg.contains("class=\"legend\""));
}

#[test]
fn a_broken_graph_is_drawn_with_its_problems_marked() {
    let out = calmline(&["map", broken().to_str().unwrap(), "--out", "-", "--runs", "10"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("calmline check"), "the trainer is told: {}", stderr(&out));
    let svg = stdout(&out);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let node = |id: &str| classes(groups(&doc, "data-node").into_iter().find(|(n, _)| n == id).unwrap().1);
    assert!(node("orphan").contains("unreachable"), "{:?}", node("orphan"));
    assert!(node("stuck").contains("no-way-out"), "{:?}", node("stuck"));
    assert!(!node("mid").contains("unreachable") && !node("mid").contains("no-way-out"));
    // Nobody reaches the orphan, so no bot picks its reply.
    assert!(node("orphan").contains("never"));
    // The policy reply goes elsewhere by mode: one dashed arrow per target, marked with
    // its modes and labelled in the map's language.
    let by_mode: BTreeSet<(String, String)> = groups(&doc, "data-edge")
        .into_iter()
        .filter(|(id, _)| id == "open:3")
        .map(|(_, g)| {
            assert!(classes(g).contains("by-mode"));
            (g.attribute("data-to").unwrap().to_string(), g.attribute("data-modes").unwrap().to_string())
        })
        .collect();
    let expected: BTreeSet<(String, String)> =
        [("angry", "attack"), ("mid", "emotion"), ("done", "reasoning")].map(|(a, b)| (a.into(), b.into())).into();
    assert_eq!(by_mode, expected);
    let labels: Vec<&str> =
        doc.descendants().filter(|n| n.attribute("class") == Some("mode-label")).filter_map(|n| n.text()).collect();
    assert!(labels.contains(&"attack") && labels.contains(&"reasoning"), "{labels:?}");
    let zh = map_svg(&broken(), &["--lang", "zh-Hans"]);
    assert!(zh.contains(">攻击<") && zh.contains("从开始无法到达"), "the legend and labels are in Chinese");
}

/// Every call in the shipped dialogues folder (every language).
fn shipped() -> Vec<std::sync::Arc<Scenario>> {
    let lib = Library::load(&[root().join("dialogues")], None);
    assert!(!lib.has_errors());
    assert!(lib.scenarios.len() >= 39, "{} calls", lib.scenarios.len());
    lib.scenarios
}

fn overlaps(map: &CallMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, a) in map.nodes.iter().enumerate() {
        for b in &map.nodes[i + 1..] {
            if (a.x - b.x).abs() < (a.w + b.w) / 2.0 && (a.y - b.y).abs() < (a.h + b.h) / 2.0 {
                out.push((a.id.clone(), b.id.clone()));
            }
        }
    }
    out
}

#[test]
fn no_two_boxes_overlap_on_any_shipped_call() {
    for s in shipped() {
        let m = map::layout(&s);
        assert_eq!(m.nodes.iter().filter(|n| n.index.is_some()).count(), s.nodes.len());
        let overlapping = overlaps(&m);
        assert!(overlapping.is_empty(), "{} ({}): {overlapping:?}", s.id, s.lang);
        assert!(m.width > 0.0 && m.height > 0.0);
        for n in &m.nodes {
            assert!(n.x - n.w / 2.0 >= 0.0 && n.x + n.w / 2.0 <= m.width, "{} {} inside", s.id, n.id);
            assert!(n.y - n.h / 2.0 >= 0.0 && n.y + n.h / 2.0 <= m.height, "{} {} inside", s.id, n.id);
        }
        // Mode labels (one per pair of boxes) cover no box and no other label.
        let mut labels: Vec<((f32, f32), (f32, f32))> = Vec::new();
        for e in m.edges.iter().filter(|e| e.label.is_some()) {
            let at = e.label.unwrap();
            if labels.iter().any(|(l, _)| *l == at) {
                continue;
            }
            let mut modes = Vec::new();
            for x in m.edges.iter().filter(|x| x.from == e.from && x.to == e.to) {
                for md in &x.modes {
                    if !modes.contains(md) {
                        modes.push(*md);
                    }
                }
            }
            let size = map::label_size(map::label_chars(&modes));
            let on = m
                .nodes
                .iter()
                .find(|n| (at.0 - n.x).abs() < (size.0 + n.w) / 2.0 && (at.1 - n.y).abs() < (size.1 + n.h) / 2.0);
            assert!(on.is_none(), "{} ({}): a mode label on {:?}", s.id, s.lang, on.map(|n| &n.id));
            let clash = labels.iter().find(|(l, sz)| {
                (at.0 - l.0).abs() < (size.0 + sz.0) / 2.0 && (at.1 - l.1).abs() < (size.1 + sz.1) / 2.0
            });
            assert!(clash.is_none(), "{} ({}): two mode labels overlap at {at:?}", s.id, s.lang);
            labels.push((at, size));
        }
    }
}

#[test]
fn the_map_command_draws_every_shipped_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for lang in ["zh", "zh-Hant", "en"] {
        for e in std::fs::read_dir(root().join("dialogues").join(lang)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "ron") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 39);
    for (i, f) in files.iter().enumerate() {
        // Pages and pictures both; the legend in each language in turn.
        let out = dir.path().join(format!("map-{i}.{}", if i % 2 == 0 { "html" } else { "svg" }));
        let lang = ["zh-Hans", "zh-Hant", "en"][i % 3];
        let run =
            calmline(&["map", f.to_str().unwrap(), "--out", out.to_str().unwrap(), "--runs", "3", "--lang", lang]);
        assert_eq!(run.status.code(), Some(0), "{}: {}", f.display(), stderr(&run));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("<svg") && text.contains("data-node="), "{}", f.display());
    }
}

#[test]
fn the_map_command_writes_a_page_by_default_and_refuses_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let call = dialogues().join("en/refund.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_calmline"))
        .args(["map", call.to_str().unwrap(), "--runs", "3", "--lang", "en"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("refund.map.html")).expect("refund.map.html");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<svg"));
    let bad = calmline(&["map", call.to_str().unwrap(), "--out", "map.png"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("FILE.svg"), "{}", stderr(&bad));
    let missing = calmline(&["map", "no/such/call.ron"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// Width, height, and how many pixels differ from the background (the most common colour)
/// and from white.
fn inspect(png_path: &Path) -> (u32, u32, usize) {
    let file = std::fs::File::open(png_path).unwrap();
    let mut reader = png::Decoder::new(BufReader::new(file)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels: Vec<(u8, u8, u8)> = buf[..info.buffer_size()].chunks(channels).map(|p| (p[0], p[1], p[2])).collect();
    let mut counts: std::collections::HashMap<(u8, u8, u8), usize> = std::collections::HashMap::new();
    for p in &pixels {
        *counts.entry(*p).or_default() += 1;
    }
    let background = counts.iter().max_by_key(|(_, n)| **n).map(|(c, _)| *c).unwrap_or((255, 255, 255));
    let inked = pixels.iter().filter(|&&(r, g, b)| (r, g, b) != background && !(r > 250 && g > 250 && b > 250)).count();
    (info.width, info.height, inked)
}

/// A page with a map in Chromium: no console messages, and a screenshot of a 1280×720
/// window with the map drawn on it. `pin` names an element to show at the top left of the
/// window (a map further down a long page): a copy of the page pins it there.
pub(super) fn check_page_in_chromium(browser: &Path, page: &Path, name: &str, pin: Option<&str>) {
    let dir = page.parent().unwrap();
    let profile = dir.join(format!("profile-{name}"));
    let (dom, log) = run_chromium(browser, &profile, page, &["--dump-dom"]);
    assert!(dom.contains("data-node="), "{name} rendered:\n{}", &dom[..dom.len().min(400)]);
    let console = console_messages(&log);
    assert!(console.is_empty(), "console messages from {name}:\n{}", console.join("\n"));
    let shown = match pin {
        Some(selector) => {
            let html = std::fs::read_to_string(page).unwrap();
            let style = format!(
                "<style>{selector} {{ position: fixed; top: 0; left: 0; margin: 0; z-index: 1000; background: #FFFFFF; }}</style></head>"
            );
            let pinned = page.with_extension("pinned.html");
            std::fs::write(&pinned, html.replacen("</head>", &style, 1)).unwrap();
            pinned
        }
        None => page.to_path_buf(),
    };
    let png = dir.join(format!("{name}.png"));
    let (_, log) = run_chromium(
        browser,
        &profile,
        &shown,
        &[&format!("--screenshot={}", png.display()), "--window-size=1280,720"],
    );
    if let Ok(keep) = std::env::var("CALMLINE_KEEP_SCREENSHOTS") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&png, Path::new(&keep).join(format!("{name}.png"))).unwrap();
        std::fs::copy(page, Path::new(&keep).join(format!("{name}.html"))).unwrap();
    }
    let (w, h, inked) = inspect(&png);
    assert_eq!((w, h), (1280, 720), "{log}");
    assert!(inked > 5_000, "{name}: the map looks blank ({inked} pixels drawn)");
}

#[test]
fn the_map_page_renders_in_chromium_without_console_errors() {
    let Some(browser) = require_chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (call, lang, name) in [
        (root().join("dialogues/en/double-charge.ron"), "en", "map-en"),
        (root().join("dialogues/zh-Hant/lost-parcel.ron"), "zh-Hant", "map-zh-Hant"),
        (broken(), "zh-Hans", "map-broken"),
    ] {
        let page = dir.path().join(format!("{name}.html"));
        let out =
            calmline(&["map", call.to_str().unwrap(), "--out", page.to_str().unwrap(), "--runs", "5", "--lang", lang]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        check_page_in_chromium(&browser, &page, name, None);
    }
}
