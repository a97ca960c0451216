//! `calmline report`: the statistics against the records themselves, the text summary,
//! the CSV and the HTML page's self-containment. The page's rendering is in `html.rs`.

use super::{bad_records, calmline, calmline_env, copy_dir, record_at, refund, room, stderr, stdout};
use calmline::engine::call::persona::EndingKind;
use calmline::engine::judge::simulate::Policy;
use calmline::engine::records::record::{RecordStore, scan_folder};
use calmline::engine::records::report::{Report, ScenarioKey, Slip};
use calmline::engine::{Lang, Technique};
use std::collections::HashMap;

/// Splits CSV text into rows of cells (RFC 4180: quoted cells, doubled quotes).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn statistics_match_the_records() {
    let dir = tempfile::tempdir().unwrap();
    room(dir.path());
    let scan = scan_folder(dir.path());
    let report = Report::build(&scan);
    assert_eq!(report.records, 14);
    assert_eq!(report.counted, 14);
    assert_eq!(report.trainees.len(), 5);
    assert_eq!(report.scenarios.len(), 2, "the refund call in two languages");

    // Per trainee, from the records directly.
    let mut scores: HashMap<&str, Vec<u8>> = HashMap::new();
    let mut outcomes: HashMap<&str, Vec<EndingKind>> = HashMap::new();
    for (_, r) in &scan.records {
        scores.entry(&r.trainee).or_default().push(r.score.as_ref().unwrap().total);
        outcomes.entry(&r.trainee).or_default().push(r.outcome.unwrap());
    }
    for t in &report.trainees {
        let s = &scores[t.name.as_str()];
        assert_eq!(t.sessions, s.len(), "{}", t.name);
        assert_eq!(t.best, s.iter().copied().max());
        let mean = s.iter().map(|&v| v as f32).sum::<f32>() / s.len() as f32;
        assert!((t.mean.unwrap() - mean).abs() < 1e-4);
        assert_eq!(t.attempts.iter().map(|a| a.score).collect::<Vec<_>>(), *s, "in time order");
        let o = &outcomes[t.name.as_str()];
        assert_eq!(t.outcomes.resolved, o.iter().filter(|&&k| k == EndingKind::Resolved).count());
        assert_eq!(t.outcomes.escalated + t.outcomes.hung_up, o.iter().filter(|&&k| k != EndingKind::Resolved).count());
    }
    let anna = report.trainees.iter().find(|t| t.name == "Anna Lee").unwrap();
    let trend = anna.trend.unwrap();
    assert_eq!(trend.window, 1);
    assert_eq!(trend.early, anna.attempts[0].score as f32);
    assert_eq!(trend.late, anna.attempts[3].score as f32);
    assert!(trend.change() > 30.0, "the worst bot's call against the best bot's: {trend:?}");
    let wang = report.trainees.iter().find(|t| t.name == "王小明").unwrap();
    assert_eq!(wang.by_scenario.len(), 2);
    assert!(wang.by_scenario.contains_key(&ScenarioKey { id: "refund".into(), lang: Lang::ZhHans }));

    // Slips: counted from each record's debrief.
    let night = report.trainees.iter().find(|t| t.name == "J. O'Neil/Night shift").unwrap();
    let mut expected: HashMap<Slip, usize> = HashMap::new();
    for (_, r) in scan.records.iter().filter(|(_, r)| r.trainee == night.name) {
        for s in calmline::engine::records::report::slips(r) {
            *expected.entry(s).or_default() += 1;
        }
    }
    assert_eq!(night.slips.iter().copied().collect::<HashMap<_, _>>(), expected);
    assert!(night.slips.windows(2).all(|w| w[0].1 >= w[1].1), "most frequent first");
    assert!(night.slips.iter().any(|(s, _)| matches!(s, Slip::Mistake(t) if t.is_mistake())));

    // Per scenario: scores, losses and picks.
    let en = report.scenario(&ScenarioKey { id: "refund".into(), lang: Lang::En }).unwrap();
    let en_records: Vec<_> = scan.records.iter().map(|(_, r)| r).filter(|r| r.scenario.lang == Lang::En).collect();
    assert_eq!(en.sessions, en_records.len());
    assert_eq!(en.histogram.iter().sum::<usize>(), en.sessions);
    let mut sorted: Vec<u8> = en_records.iter().map(|r| r.score.as_ref().unwrap().total).collect();
    sorted.sort_unstable();
    assert_eq!(en.scores, sorted);
    let lost: Vec<_> = en_records.iter().filter(|r| r.outcome != Some(EndingKind::Resolved)).collect();
    assert!(!lost.is_empty(), "the worst bot loses the caller");
    assert_eq!(en.losses.iter().map(|l| l.lost.total()).sum::<usize>(), lost.len());
    for r in &lost {
        let last = r.turns.last().unwrap();
        let l = en
            .losses
            .iter()
            .find(|l| l.node == last.node && l.reply.as_deref() == last.chosen().map(|o| o.text.as_str()))
            .expect("every lost call's last reply is listed");
        assert!(l.lost.total() >= 1);
    }
    let open = en.nodes.iter().find(|n| n.id == "open").unwrap();
    assert_eq!(en.nodes[0].id, "open", "nodes in the order calls reach them");
    assert_eq!(
        open.visits,
        en_records.iter().map(|r| r.turns.iter().filter(|t| t.node == "open").count()).sum::<usize>()
    );
    assert_eq!(open.replies.len(), 3);
    assert_eq!(open.replies.iter().map(|r| r.picked).sum::<usize>() + open.silences, open.visits);
    assert_eq!(open.replies[0].technique, Technique::LetVent);
}

#[test]
fn the_text_summary_counts_files_and_lists_each_skipped_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bad_records(), dir.path());
    room(dir.path());
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Read 21 files, skipped 7."), "{text}");
    for (file, why) in [
        ("truncated.json", "cut short"),
        ("junk.json", "not JSON (binary or damaged at line 1, column 1)"),
        ("other-shape.json", "JSON, but not a Calmline record"),
        ("array.json", "a JSON array, not an object"),
        ("empty.json", "empty file"),
        ("future.json", "written by a newer Calmline (record format 2"),
        ("notes.txt", "not a record (records are .json files)"),
    ] {
        let line = text.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} missing:\n{text}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(text.contains("14 records: 14 complete sessions counted, 0 interrupted, 0 trainer previews"), "{text}");
    assert!(text.contains("  Anna Lee: Sessions 4, Best "), "{text}");
    assert!(text.contains("    Progress over time: first 1 session: mean "), "{text}");
    assert!(text.contains("  The missing refund (refund, en): 9 sessions by 4 trainees"), "{text}");
    assert!(text.contains("  没到账的退款 (refund, zh-Hans): 5 sessions by 2 trainees"), "{text}");
    assert!(text.contains("    Where callers are lost:"), "{text}");
    assert!(text.contains("      open (9 visits): 1 \"I'm listening."), "{text}");

    let zh = calmline(&["report", dir.path().to_str().unwrap(), "--lang", "zh"]);
    assert_eq!(zh.status.code(), Some(0));
    assert!(stdout(&zh).contains("读取了 21 个文件，跳过 7 个。"), "{}", stdout(&zh));
    assert!(stdout(&zh).contains("空文件"));

    let hant = calmline(&["report", dir.path().to_str().unwrap(), "--lang", "zh-Hant"]);
    assert_eq!(hant.status.code(), Some(0));
    assert!(stdout(&hant).contains("讀取了 21 個檔案，跳過 7 個。"), "{}", stdout(&hant));
    assert!(stdout(&hant).contains("空檔案"));

    // The language follows LANG when not given: zh_CN is Simplified, zh_TW Traditional.
    let env = calmline_env(&["report", dir.path().to_str().unwrap()], &[("LANG", "zh_CN.UTF-8")]);
    assert!(stdout(&env).contains("读取了 21 个文件"), "{}", stdout(&env));
    let env = calmline_env(&["report", dir.path().to_str().unwrap()], &[("LANG", "zh_TW.UTF-8")]);
    assert!(stdout(&env).contains("讀取了 21 個檔案"), "{}", stdout(&env));
}

#[test]
fn the_csv_has_one_row_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let store = room(dir.path());
    record_at(&store, "Smith, \"Jo\"", &refund(Lang::En), 1, Policy::Random, "2026-03-06T09:00:00Z");
    record_at(&store, "=HYPERLINK(\"x\")", &refund(Lang::En), 2, Policy::Random, "2026-03-06T10:00:00Z");
    let csv = dir.path().join("out/sessions.csv");
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--csv", csv.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("Wrote {}", csv.display())));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for spreadsheets");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    let header = &rows[0];
    assert_eq!(header[0], "record_id");
    assert_eq!(rows.len(), 1 + 16);
    assert!(rows.iter().all(|r| r.len() == header.len()), "every row has every column");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let scan = scan_folder(dir.path());
    for ((path, r), row) in scan.records.iter().zip(&rows[1..]) {
        assert_eq!(row[col("record_id")], r.id);
        assert_eq!(row[col("file")], path.display().to_string());
        let name = if r.trainee.starts_with('=') { format!("'{}", r.trainee) } else { r.trainee.clone() };
        assert_eq!(row[col("trainee")], name);
        assert_eq!(row[col("score")], r.score.as_ref().unwrap().total.to_string());
        assert_eq!(row[col("outcome")], r.outcome.unwrap().id());
        assert_eq!(row[col("turns")], r.turns.len().to_string());
        assert_eq!(row[col("scenario_lang")], r.scenario.lang.id());
        assert_eq!(row[col("counted")], "true");
        let parts: u32 = [
            "outcome_points",
            "de_escalation_points",
            "method_points",
            "service_points",
            "mistakes_points",
            "efficiency_points",
        ]
        .iter()
        .map(|c| row[col(c)].parse::<u32>().unwrap())
        .sum();
        assert_eq!(parts, r.score.as_ref().unwrap().total as u32);
    }
    assert!(rows.iter().any(|r| r[col("trainee")] == "Smith, \"Jo\""));
    assert!(rows.iter().any(|r| r[col("trainee")] == "王小明"));
}

#[test]
fn the_html_is_one_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bad_records(), dir.path());
    room(dir.path());
    let html = dir.path().join("report.html");
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--html", html.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"en\">"));
    for banned in ["<script", "<link", "@import", " src=", "<img", "<iframe"] {
        assert!(!page.contains(banned), "the page must not load anything: found {banned}");
    }
    // The one `url(` is the embedded font, as a data address.
    assert_eq!(page.matches("url(").count(), page.matches("url(data:font/otf;base64,").count());
    for (at, _) in page.match_indices("http") {
        let context = &page[at.saturating_sub(8)..(at + 40).min(page.len())];
        assert!(context.contains("xmlns=\"http://www.w3.org/2000/svg\""), "an outside address: {context}");
    }
    assert!(page.contains("&lt;b&gt;Eve&lt;/b&gt; &amp; co"), "names are escaped");
    assert!(!page.contains("<b>Eve</b>"));
    assert!(page.contains("J. O&#39;Neil/Night shift"));
    assert!(page.contains("Read 21 files, skipped 7."));
    assert!(page.contains("not JSON (binary or damaged at line 1, column 1)"));
    assert!(page.contains("\"Noto Sans CJK SC\""), "a CJK font stack");
    let charts = |kind: &str| page.matches(&format!("data-chart=\"{kind}\"")).count();
    assert_eq!(charts("trainees"), 1);
    assert_eq!(charts("outcomes"), 1);
    assert_eq!(charts("progress"), 5, "one per trainee");
    assert_eq!(charts("histogram"), 2, "one per call");
    assert!(charts("losses") >= 1);
    assert_eq!(page.matches("<svg").count(), page.matches("data-chart=").count());

    let zh = dir.path().join("报告.html");
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--html", zh.to_str().unwrap(), "--lang", "zh"]);
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&zh).unwrap();
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("Calmline 培训报告") && page.contains("在哪里失去了客户"));
    let hant = dir.path().join("報告.html");
    let out =
        calmline(&["report", dir.path().to_str().unwrap(), "--html", hant.to_str().unwrap(), "--lang", "zh-Hant"]);
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&hant).unwrap();
    assert!(page.contains("<html lang=\"zh-TW\">"));
    assert!(page.contains("Calmline 訓練報告") && page.contains("在哪裡失去了客戶"));
}

#[test]
fn empty_and_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Read 0 files, skipped 0."));
    assert!(stdout(&out).contains("No calls to report yet."));

    let out = calmline(&["report", dir.path().join("nowhere").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a folder"));

    // No folder given and the game never saved: the default folder does not exist yet.
    let home = tempfile::tempdir().unwrap();
    let out = calmline_env(
        &["report", "--lang", "en"],
        &[("HOME", home.path().to_str().unwrap()), ("XDG_DATA_HOME", home.path().join("data").to_str().unwrap())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Read 0 files, skipped 0."), "{}", stdout(&out));
}

#[test]
fn previews_and_interrupted_calls_are_not_scored() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    record_at(&store, "Anna", &refund(Lang::En), 1, Policy::Best, "2026-03-02T09:00:00Z");
    let mut preview = calmline::engine::Session::new(refund(Lang::En), 2);
    preview.set_anger(10);
    preview.choose(0, 1.0).unwrap();
    let j = store.begin("Anna", &preview).unwrap();
    store.finish(j, &preview).unwrap();
    let mut cut = calmline::engine::Session::new(refund(Lang::En), 3);
    let mut j = store.begin("Anna", &cut).unwrap();
    cut.choose(1, 1.0).unwrap();
    j.append(&cut).unwrap();
    drop(j);
    let scenario = refund(Lang::En);
    store.recover(&|r| r.matches(&scenario).then(|| scenario.clone()));

    let report = Report::build(&scan_folder(dir.path()));
    assert_eq!((report.records, report.counted, report.interrupted, report.previews), (3, 1, 1, 1));
    let anna = &report.trainees[0];
    assert_eq!((anna.sessions, anna.interrupted), (1, 1));
    let s = &report.scenarios[0];
    assert_eq!(s.scores.len(), 1);
    let open = s.nodes.iter().find(|n| n.id == "open").unwrap();
    assert_eq!(open.visits, 2, "the interrupted call's turn counts at its node; the preview's does not");
    assert_eq!(open.replies[1].picked, 1);
}

#[test]
fn the_documented_csv_columns_are_the_header() {
    let doc = std::fs::read_to_string(super::root().join("docs/records.md")).unwrap();
    let table = doc.split("<!-- csv-columns").nth(1).expect("docs/records.md marks its CSV table");
    let documented: Vec<String> = table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(1).map(|c| c.trim().trim_matches('`').to_string()))
        .filter(|c| c != "column" && !c.starts_with("---"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    room(dir.path());
    let csv = dir.path().join("s.csv");
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--csv", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&csv).unwrap();
    let header = &parse_csv(text.trim_start_matches('\u{feff}'))[0];
    assert_eq!(&documented, header);
}
