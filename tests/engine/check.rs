//! `check` and the loader: every problem at once, each at its file, line and column.

use super::{calmline, fixture, load_ok};
use calmline::engine::call::load::{ScenarioContext, parse_scenario};
use calmline::engine::{Diagnostic, Lang, Library, PersonaSet, Severity};
use calmline::text::message;
use std::path::Path;

/// A diagnostic's message in English.
fn english(d: &Diagnostic) -> String {
    message(&d.message, Lang::En)
}

fn located(diags: &[Diagnostic]) -> Vec<(&'static str, usize, usize, Severity)> {
    diags.iter().map(|d| (d.code, d.line, d.column, d.severity)).collect()
}

#[test]
fn every_problem_in_a_file_is_reported_at_its_place() {
    let lib = Library::load(&[fixture("bad/en/many-problems.ron")], None);
    use Severity::{Error, Warning};
    assert_eq!(
        located(&lib.diagnostics),
        vec![
            ("out-of-range", 6, 17, Error),
            ("unknown-persona", 7, 42, Error),
            ("out-of-range", 7, 58, Error),
            ("unknown-technique", 13, 42, Error),
            ("unknown-node", 13, 76, Error),
            ("empty-text", 14, 24, Error),
            ("no-feedback", 15, 17, Warning),
            ("one-technique", 18, 9, Warning),
            ("no-way-out", 18, 9, Error),
            ("one-technique", 25, 9, Warning),
            ("no-way-out", 25, 9, Error),
            ("out-of-range", 28, 91, Error),
            ("one-technique", 31, 9, Warning),
            ("unreachable", 31, 9, Error),
            ("duplicate-id", 37, 9, Error),
            ("no-replies", 37, 9, Error),
        ]
    );
    let hint = |code: &str| {
        let d = lib.diagnostics.iter().find(|d| d.code == code);
        d.and_then(|d| d.help.as_ref()).map(|h| message(h, Lang::En)).unwrap_or_default()
    };
    assert_eq!(hint("unknown-persona"), "did you mean `steady`?");
    assert_eq!(hint("unknown-technique"), "did you mean `paraphrase`?");
    assert_eq!(hint("unknown-node"), "did you mean `middle`?");
    assert!(lib.scenarios.is_empty());
}

#[test]
fn syntax_errors_name_the_place_and_show_the_line() {
    let lib = Library::load(&[fixture("bad/en/syntax.ron")], None);
    assert_eq!(lib.diagnostics.len(), 1);
    let d = &lib.diagnostics[0];
    assert_eq!((d.code, d.line, d.column), ("syntax", 4, 24));
    assert_eq!(d.snippet, "    caller: (name: \"X\" anger: 70),");
    assert_eq!(d.message.key, "diag_ron_expected_comma");
    assert!(english(d).contains("comma"), "{}", english(d));
    assert!(d.file.ends_with("bad/en/syntax.ron"));
}

#[test]
fn unreadable_files_get_a_clear_error() {
    let lib = Library::load(&[fixture("bad/en/binary.ron"), fixture("bad/en/empty.ron")], None);
    let msgs: Vec<(&str, String)> = lib.diagnostics.iter().map(|d| (d.code, english(d))).collect();
    assert_eq!(msgs[0].0, "not-utf8");
    assert!(msgs[0].1.contains("not UTF-8"));
    assert_eq!(msgs[1], ("syntax", "the file is empty".to_string()));
}

#[test]
fn missing_fields_and_unknown_fields_are_named() {
    let personas = PersonaSet::default();
    let text = "Scenario(id: \"x\", title: \"T\", caller: (name: \"A\"), nodes: {}, colour: 3)";
    let (s, d) = parse_scenario(Path::new("x.ron"), text, &personas, ScenarioContext::default());
    assert!(s.is_none());
    assert_eq!(d[0].code, "unknown-field");
    assert!(english(&d[0]).contains("colour"), "{}", english(&d[0]));
    let text = "Scenario(id: \"x\", caller: (name: \"A\"), nodes: {})";
    let (_, d) = parse_scenario(Path::new("x.ron"), text, &personas, ScenarioContext::default());
    assert_eq!(d[0].code, "missing-field");
    assert!(english(&d[0]).contains("title"), "{}", english(&d[0]));
}

#[test]
fn characters_the_font_lacks_are_flagged() {
    let no_han = |c: char| !('\u{4e00}'..='\u{9fff}').contains(&c) || c == '好';
    let lib = Library::load(&[fixture("good")], Some(&no_han));
    assert!(lib.diagnostics.is_empty(), "English text passes: {:?}", lib.diagnostics);
    let text = std::fs::read_to_string(fixture("good/en/refund.ron")).unwrap().replace("Mr Gray\"", "Mr 灰好\"");
    let personas = load_ok(&[fixture("good/personas.ron")]).personas;
    let ctx = ScenarioContext { folder_lang: Some(calmline::engine::Lang::En), glyphs: Some(&no_han) };
    let (s, d) = parse_scenario(Path::new("refund.ron"), &text, &personas, ctx);
    assert!(s.is_none());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "missing-glyph");
    assert!(english(&d[0]).contains("`灰` (U+7070)"), "{}", english(&d[0]));
    assert_eq!(d[0].line, 7);
}

#[test]
fn the_good_fixture_is_clean() {
    let lib = Library::load(&[fixture("good")], None);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    assert_eq!(lib.scenarios.len(), 1);
    assert_eq!(lib.personas.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["default", "steady"]);
}

#[test]
fn the_command_exits_0_when_clean_1_on_errors_2_on_usage() {
    let ok = calmline(&["check", "tests/fixtures/good", "--no-font-check"]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "Checked 2 files (1 scenario valid): 0 errors, 0 warnings.");

    let bad = calmline(&["check", "tests/fixtures/bad", "--no-font-check"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("many-problems.ron:13:76"), "{err}");
    assert!(err.contains("did you mean `middle`?"), "{err}");
    assert!(err.contains("\"midle\""), "the offending line is shown: {err}");

    assert_eq!(calmline(&["check", "tests/fixtures/nowhere"]).status.code(), Some(2));
    assert_eq!(calmline(&["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(calmline(&["check", "--font", "Cargo.toml", "tests/fixtures/good"]).status.code(), Some(2));
}

#[test]
fn json_output_carries_every_diagnostic() {
    let out = calmline(&["check", "tests/fixtures/bad", "--format", "json", "--no-font-check"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["errors"], 15);
    assert_eq!(v["warnings"], 4);
    let first = &v["diagnostics"][0];
    assert_eq!(first["code"], "not-utf8");
    let unknown = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "unknown-node").unwrap();
    assert_eq!((unknown["line"].as_u64(), unknown["column"].as_u64()), (Some(13), Some(76)));
    assert_eq!(unknown["help"], "did you mean `middle`?");
    assert_eq!(unknown["message"], "no node or ending is called `midle`");
    assert_eq!(unknown["message_key"], "diag_unknown_node");
}

#[test]
fn check_and_test_speak_the_language_asked_for() {
    let o = calmline(&["check", "tests/fixtures/good", "--no-font-check", "--lang", "zh-Hant"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "檢查了 2 個檔案（1 個劇本有效）：0 個錯誤，0 個警告。");

    let o = calmline(&["check", "tests/fixtures/bad", "--no-font-check", "--lang", "zh-Hans"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("[unknown-node] 错误: 没有叫 `midle` 的节点或结局（第 13 行，第 76 列）"), "{err}");
    assert!(err.contains("提示: 是不是 `middle`？"), "{err}");
    assert!(err.contains("empty.ron:1:1: 错误：文件是空的"), "the plain form too: {err}");
    assert!(!err.contains("Error") && !err.contains("Help"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("15 个错误，4 个警告"));

    let o = calmline(&["check", "tests/fixtures/bad", "--no-font-check", "--format", "json", "--lang", "zh-Hant"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let unknown = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "unknown-node").unwrap();
    assert_eq!(unknown["message"], "沒有叫 `midle` 的節點或結局");
    assert_eq!(unknown["message_key"], "diag_unknown_node");
    assert_eq!(unknown["help"], "是不是 `middle`？");

    let o = calmline(&["test", "tests/fixtures/audit", "--lang", "zh-Hans"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("失败  tests/fixtures/audit/en/shortcut.ron:34:9 `listening first works`：应为 `resolved`，但通话在第 1 轮后以 `hung_up` 结束（节点 `open`）"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("1 个通过，1 个失败"), "{out}");
    assert_eq!(calmline(&["check", "--lang", "fr"]).status.code(), Some(2));

    // In colour too, ariadne's own words give way to the table's.
    let args = calmline::cli::CheckArgs {
        paths: vec![fixture("bad/en/many-problems.ron")],
        format: calmline::cli::Format::Human,
        font: None,
        no_font_check: true,
        no_bots: true,
        lang: Some(Lang::ZhHant),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(calmline::cli::run_check(args, true, &mut out, &mut err), 1);
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("\x1b[") && err.contains("錯誤") && err.contains("警告") && err.contains("提示"), "{err}");
    assert!(!err.contains("Error") && !err.contains("Warning") && !err.contains("Help"), "{err}");
}

#[test]
fn huge_files_are_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(calmline::engine::call::load::MAX_FILE_BYTES + 1).unwrap();
    let lib = Library::load(std::slice::from_ref(&path), None);
    assert_eq!(lib.diagnostics.len(), 1);
    let d = &lib.diagnostics[0];
    assert_eq!(d.code, "unreadable");
    assert_eq!(d.file, path);
    assert!(english(d).contains("at most 32 MiB"), "{}", english(d));
}

#[test]
fn check_warns_when_a_call_does_not_teach_the_method_and_runs_its_tests() {
    let o = calmline(&["check", "tests/fixtures/audit", "--no-font-check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "a failing scenario test is an error");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(String, String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = |s: &str, c: &str, l: u64, col: u64| (s.to_string(), c.to_string(), l, col);
    assert_eq!(
        found,
        vec![
            want("error", "scenario-test", 34, 9),
            want("warning", "best-uses-mistake", 10, 9),
            want("warning", "method-fails", 10, 9),
            want("warning", "surface-wins", 4, 9),
            want("warning", "surface-wins", 4, 9),
            want("warning", "surface-wins", 4, 9),
        ]
    );
    let messages: Vec<&str> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages[0],
        "scenario test `listening first works` fails: expected resolved, but the call ended hung_up after turn 1 (node `open`)"
    );
    assert!(messages[2].contains("node `open`, reply 1 (let-vent) ends it hung_up"), "{}", messages[2]);
    // --no-bots keeps the tests and drops the bots' warnings.
    let o = calmline(&["check", "tests/fixtures/audit", "--no-font-check", "--no-bots"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "Checked 1 file (1 scenario valid): 1 error, 0 warnings.");
}

#[test]
fn calmline_test_runs_the_scenario_tests() {
    let o = calmline(&["test", "tests/fixtures/audit"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("FAIL  tests/fixtures/audit/en/shortcut.ron:34:9 `listening first works`: expected resolved, but the call ended hung_up after turn 1 (node `open`)"),
        "{out}"
    );
    assert!(out.contains("ok    tests/fixtures/audit/en/shortcut.ron `the shortcut`"), "{out}");
    assert!(out.trim_end().ends_with("1 passed, 1 failed"), "{out}");
    let o = calmline(&["test", "tests/fixtures/audit", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["passed"].as_u64(), v["failed"].as_u64()), (Some(1), Some(1)));
    let failure = &v["calls"][0]["tests"][0]["failure"];
    assert_eq!(failure["kind"], "outcome");
    assert_eq!(failure["turn"], 0);
    assert_eq!(failure["node"], "open");
    // Every shipped call's tests pass.
    let o = calmline(&["test", "dialogues"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn personas_and_replies_may_not_go_against_the_method() {
    use calmline::engine::call::load::parse_personas;
    let (_, d) = parse_personas(
        Path::new("p.ron"),
        r#"[(id: "odd", effects: {"argue": (attack: (-3, 2)), "paraphrase": (emotion: (0, 3)), "point-direction": (reasoning: (-5, -1))})]"#,
    );
    assert_eq!(
        located(&d),
        vec![("against-the-method", 1, 42, Severity::Error), ("against-the-method", 1, 76, Severity::Error)]
    );
    let text = std::fs::read_to_string(fixture("audit/en/shortcut.ron")).unwrap().replace(
        r#"feedback: "Policy while she is still attacking.", next: "thanks"),"#,
        r#"feedback: "Policy while she is still attacking.", next: "thanks", anger: -5),"#,
    );
    let (s, d) = parse_scenario(Path::new("x.ron"), &text, &PersonaSet::default(), ScenarioContext::default());
    assert!(s.is_none());
    assert_eq!(located(&d), vec![("against-the-method", 16, 91, Severity::Error)]);
}
