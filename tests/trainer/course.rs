//! Courses in the trainers' tools: the report's course section (text, CSV, HTML), the
//! session listings' exam and hint marks, and the xAPI course-completion statement, on a
//! room of records taken in the fixture course `starter` (tests/fixtures/courses).

use super::report::parse_csv;
use super::{calmline, calmline_env, stderr, stdout};
use calmline::engine::records::record::{Record, RecordStore};
use calmline::engine::records::xapi::{self, TYPE_COURSE, VERB_COMPLETED, course_statement_id};
use serde_json::{Value, json};
use std::path::Path;

const DIALOGUES: &str = "tests/fixtures/courses/dialogues";

/// One finished call as the game writes it, four minutes long: `lang` the call's
/// language, `unit` the course unit (`None` for free practice).
fn record(id: &str, trainee: &str, call: &str, lang: &str, unit: Option<&str>, score: u8, ended: &str) -> Record {
    let start: jiff::Timestamp = ended.parse().unwrap();
    let mut v = json!({
        "format": 1, "id": id, "trainee": trainee,
        "scenario": { "id": call, "title": format!("Call {call}"), "lang": lang, "fingerprint": "00000000000000aa" },
        "seed": 7, "started_at": (start - jiff::SignedDuration::from_mins(4)).to_string(), "ended_at": ended,
        "complete": true, "adjusted": false, "turns": [], "outcome": "resolved",
        "score": { "total": score, "grade": calmline::engine::Grade::from_total(score).letter(), "parts": [] },
        "app_version": "test",
    });
    if let Some(unit) = unit {
        v["course"] = json!({ "id": "starter", "unit": unit });
    }
    serde_json::from_value(v).unwrap()
}

fn exam(mut r: Record) -> Record {
    r.attempt.exam = true;
    r
}

fn with_hints(mut r: Record, hints: usize) -> Record {
    let turn = json!({
        "node": "open", "line": "It broke again!",
        "offered": [ { "text": "Tell me what happened.", "technique": "let-vent" } ],
        "choice": 0, "technique": "let-vent", "seconds": 4.0,
        "anger_before": 70, "anger_after": 60, "mode_before": "attack", "mode_after": "attack",
        "hint": true,
    });
    r.turns = (0..hints).map(|_| serde_json::from_value(turn.clone()).unwrap()).collect();
    if let Some(score) = &mut r.score {
        score.hints = hints as u8;
        score.hint_cost = 3 * hints as u8;
    }
    r
}

/// Anna Lee finishes the course with an exam; 王小明 is in the second unit after a
/// first unit played in both Chinese scripts with hints; Bob only practised freely.
fn course_room(dir: &Path) -> Vec<Record> {
    let store = RecordStore::open(dir).unwrap();
    let day2 = |t: &str| format!("2026-03-02T{t}:00Z");
    let day3 = |t: &str| format!("2026-03-03T{t}:00Z");
    let mut finished = exam(record("a8", "Anna Lee", "gamma", "en", Some("final"), 87, &day2("10:10")));
    finished.attempt.course.as_mut().unwrap().completed = true;
    let records = vec![
        record("a1", "Anna Lee", "alpha", "en", Some("warm-up"), 72, &day2("09:00")),
        record("a2", "Anna Lee", "beta", "en", Some("warm-up"), 80, &day2("09:10")),
        record("a3", "Anna Lee", "alpha", "en", Some("pick-two"), 85, &day2("09:20")),
        record("a4", "Anna Lee", "gamma", "en", Some("pick-two"), 90, &day2("09:30")),
        record("a5", "Anna Lee", "beta", "en", Some("mean"), 88, &day2("09:40")),
        record("a6", "Anna Lee", "gamma", "en", Some("mean"), 71, &day2("09:50")),
        exam(record("a7", "Anna Lee", "alpha", "en", Some("final"), 90, &day2("10:00"))),
        finished,
        with_hints(record("w1", "王小明", "alpha", "zh-Hans", Some("warm-up"), 95, &day3("09:00")), 2),
        record("w2", "王小明", "beta", "zh-Hans", Some("warm-up"), 50, &day3("09:10")),
        record("w3", "王小明", "beta", "zh-Hant", Some("warm-up"), 66, &day3("09:20")),
        record("w4", "王小明", "alpha", "zh-Hans", Some("pick-two"), 79, &day3("09:30")),
        record("b1", "Bob", "alpha", "en", None, 99, &day3("10:00")),
    ];
    for r in &records {
        store.write(r).unwrap();
    }
    records
}

/// The lines of the text summary from `Courses` to the blank line after it.
fn course_section(text: &str, heading: &str) -> Vec<String> {
    text.lines().skip_while(|l| *l != heading).take_while(|l| !l.is_empty()).map(str::to_string).collect()
}

#[test]
fn the_report_shows_each_trainees_units_best_scores_and_who_finished() {
    let dir = tempfile::tempdir().unwrap();
    course_room(dir.path());
    let courses_csv = dir.path().join("out/courses.csv");
    let sessions_csv = dir.path().join("out/sessions.csv");
    let out = calmline(&[
        "report",
        dir.path().to_str().unwrap(),
        "--dialogues",
        DIALOGUES,
        "--course-csv",
        courses_csv.to_str().unwrap(),
        "--csv",
        sessions_csv.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        course_section(&text, "Courses"),
        [
            "Courses",
            "  Starter course (starter): 4 units; 2 trainees, 1 finished",
            "    Anna Lee: finished 2026-03-02 10:10 UTC",
            "      1. Warm-up (practice): done; alpha 72/60 passed ×1, beta 80/65 passed ×1",
            "      2. Two of three (practice): done; alpha 85/80 passed ×1, beta –/80, gamma 90/80 passed ×1",
            "      3. On average (practice): done; beta 88/50 passed ×1, gamma 71/50 passed ×1",
            "      4. Final exam (exam): done; alpha 90/85 passed ×1, gamma 87/85 passed ×1",
            "    王小明: 1 of 4 units done; next: alpha (unit 2)",
            "      1. Warm-up (practice): done; alpha 95/60 passed ×1, beta 66/65 passed ×2",
            "      2. Two of three (practice): open; alpha 79/80 ×1, beta –/80, gamma –/80",
            "      3. On average (practice): locked",
            "      4. Final exam (exam): locked",
        ],
        "{text}"
    );
    // Exam calls and hints in each trainee's line.
    assert!(
        text.contains(
            "  Anna Lee: Sessions 8, Best 90, Mean 82.9; Resolved 100%, Escalated 0%, Hung up 0%; 2 exam calls\n"
        ),
        "{text}"
    );
    assert!(text.contains("; 2 hints used\n"), "{text}");

    let csv = std::fs::read_to_string(&courses_csv).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "course_id,course_title,trainee,course_completed_at,course_completed_record,unit_number,unit_id,unit_title,unit_mode,unit_state,call_id,pass,best,attempts,passed,next"
    );
    assert_eq!(lines.len(), 1 + 2 * 9 + 1, "a row per trainee and course call, and the last CRLF");
    assert_eq!(
        lines[1],
        "starter,Starter course,Anna Lee,2026-03-02T10:10:00Z,a8,1,warm-up,Warm-up,practice,done,alpha,60,72,1,true,false"
    );
    assert_eq!(
        lines[9],
        "starter,Starter course,Anna Lee,2026-03-02T10:10:00Z,a8,4,final,Final exam,exam,done,gamma,85,87,1,true,false"
    );
    assert_eq!(
        lines[12],
        "starter,Starter course,王小明,,,2,pick-two,Two of three,practice,open,alpha,80,79,1,false,true"
    );
    assert_eq!(lines[18], "starter,Starter course,王小明,,,4,final,Final exam,exam,locked,gamma,85,,0,false,false");

    // The session CSV marks exam calls, hints and the course of each call.
    let rows = parse_csv(std::fs::read_to_string(&sessions_csv).unwrap().trim_start_matches('\u{feff}'));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
    let cells = |id: &str| {
        let r = row(id);
        [col("exam"), col("hints"), col("course_id"), col("course_unit"), col("course_completed")].map(|c| r[c].clone())
    };
    assert_eq!(cells("a8"), ["true", "0", "starter", "final", "true"]);
    assert_eq!(cells("w1"), ["false", "2", "starter", "warm-up", "false"]);
    assert_eq!(cells("b1"), ["false", "0", "", "", "false"]);
}

#[test]
fn the_course_section_in_chinese_and_in_the_html_page() {
    let dir = tempfile::tempdir().unwrap();
    course_room(dir.path());
    let out = calmline(&["report", dir.path().to_str().unwrap(), "--dialogues", DIALOGUES, "--lang", "zh-Hant"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let section = course_section(&stdout(&out), "課程");
    assert_eq!(section[1], "  入門課程（starter）：4 個單元；2 位學員，1 位已結訓");
    assert_eq!(section[2], "    Anna Lee：2026-03-02 10:10 UTC 結訓");
    assert_eq!(section[6], "      4. 結訓測驗（測驗）：已完成；alpha 90/85 通過 ×1，gamma 87/85 通過 ×1");
    assert_eq!(section[7], "    王小明：已完成 1/4 個單元；下一通：alpha（第 2 單元）");
    assert_eq!(section[10], "      3. 平均分數（練習）：未解鎖");

    let html = dir.path().join("report.html");
    let out = calmline(&[
        "report",
        dir.path().to_str().unwrap(),
        "--dialogues",
        DIALOGUES,
        "--html",
        html.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h2 id=\"courses\">Courses</h2>"));
    assert!(page.contains("<h3>Starter course <code>starter</code></h3>"));
    assert_eq!(page.matches("<span class=\"u-done\">done</span>").count(), 4 + 1, "Anna's four units, 王小明's first");
    assert_eq!(page.matches("<span class=\"u-locked\">locked</span>").count(), 2);
    assert!(page.contains("<td>2026-03-02 10:10</td>"));
    // The sessions listing marks exam calls and counts hints.
    assert!(page.contains("<th class=\"num\">Hints</th>"));
    // Anna's two exam calls, the exam unit's column, and its two calls in each trainee's list.
    assert_eq!(page.matches("<span class=\"tag exam\">exam</span>").count(), 2 + 1 + 2 * 2);
    assert!(page.contains("<td class=\"num\">2</td></tr>"), "王小明's two hints");
}

#[test]
fn one_course_by_id_and_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    course_room(dir.path());
    let d = dir.path().to_str().unwrap();
    let out = calmline(&["report", d, "--dialogues", DIALOGUES, "--course", "starter", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("  Starter course (starter): 4 units; 2 trainees, 1 finished"));

    let out = calmline(&["report", d, "--dialogues", DIALOGUES, "--course", "startr", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("there is no course `startr` in {DIALOGUES}")), "{err}");
    assert!(err.contains("the courses there: starter"), "{err}");
    let out = calmline(&["report", d, "--dialogues", "tests/fixtures/nowhere", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));

    // The shipped course, with no records of it: listed when asked for, with nobody in
    // it yet, and left out otherwise.
    let out = calmline_env(&["report", d], &[("LANG", "en_GB.UTF-8")]);
    assert!(!stdout(&out).contains("Courses"), "{}", stdout(&out));
    let out = calmline_env(&["report", d, "--course", "onboarding"], &[("LANG", "en_GB.UTF-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("  New-hire onboarding (onboarding): 4 units; 0 trainees, 0 finished\n    No trainee has taken a call of this course yet.\n"), "{text}");
}

#[test]
fn the_call_that_completes_the_course_gives_a_course_completion_statement() {
    let dir = tempfile::tempdir().unwrap();
    let records = course_room(dir.path());
    let out_file = dir.path().join("statements.json");
    let out = calmline(&[
        "xapi",
        dir.path().to_str().unwrap(),
        "--dialogues",
        DIALOGUES,
        "--home-page",
        "https://training.example.com",
        "--out",
        out_file.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let all: Vec<Value> = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    let course_iri = "https://training.example.com/courses/starter";
    let completions: Vec<&Value> = all.iter().filter(|s| s["object"]["id"] == course_iri).collect();
    assert_eq!(completions.len(), 1, "only the call that completed the course");
    let st = completions[0];
    assert_eq!(st["id"], course_statement_id("a8").to_string());
    assert_eq!(st["verb"]["id"], VERB_COMPLETED);
    assert_eq!(st["actor"]["account"]["name"], "Anna Lee");
    assert_eq!(st["object"]["definition"]["type"], TYPE_COURSE);
    assert_eq!(
        st["object"]["definition"]["name"],
        json!({ "en-US": "Starter course", "zh-CN": "入门课程", "zh-TW": "入門課程" })
    );
    assert_eq!(st["result"], json!({ "completion": true, "success": true }));
    assert_eq!(st["timestamp"], "2026-03-02T10:10:00Z");
    assert_eq!(st["context"]["registration"], xapi::registration("a8").to_string(), "the call's registration");
    let other = &st["context"]["contextActivities"]["other"];
    assert_eq!(other[0]["id"], "https://training.example.com/scenarios/en/gamma");
    assert_eq!(other[0]["definition"]["name"]["en-US"], "Call gamma");
    let ext = &st["context"]["extensions"];
    assert_eq!(ext["https://training.example.com/xapi/course-unit"], "final");
    assert_eq!(ext["https://training.example.com/xapi/exam"], true);

    // Every statement of a course call names the course and unit; an exam says so.
    let of = |record: &str, index: usize| {
        let id = xapi::statement_id(record, index).to_string();
        all.iter().find(|s| s["id"] == id.as_str()).unwrap_or_else(|| panic!("{record}/{index}"))
    };
    let exam_session = of("a7", 0);
    let ctx = &exam_session["context"];
    assert_eq!(ctx["extensions"]["https://training.example.com/xapi/exam"], true);
    assert_eq!(ctx["extensions"]["https://training.example.com/xapi/course"], "starter");
    assert_eq!(ctx["extensions"]["https://training.example.com/xapi/course-unit"], "final");
    assert_eq!(ctx["contextActivities"]["grouping"][0]["id"], course_iri);
    let practice = of("a1", 0);
    assert!(practice["context"]["extensions"].get("https://training.example.com/xapi/exam").is_none());
    let hinted = of("w1", 0);
    assert_eq!(hinted["result"]["extensions"]["https://training.example.com/xapi/hints"], 2);
    let answer = of("w1", 2);
    assert_eq!(answer["context"]["contextActivities"]["grouping"][0]["id"], course_iri);
    assert_eq!(
        answer["context"]["contextActivities"]["parent"][0]["id"],
        "https://training.example.com/scenarios/zh/alpha"
    );
    let free = of("b1", 0);
    assert!(free["context"].get("contextActivities").is_none());

    // Without the course file the statement names the course by its id alone.
    let finished = records.iter().find(|r| r.id == "a8").unwrap();
    let bare = xapi::completion_statement(finished, &xapi::Options::default(), None).unwrap();
    assert_eq!(bare["object"]["id"], "https://calmline.invalid/courses/starter");
    assert!(bare["object"]["definition"].get("name").is_none());
    assert_eq!(bare["id"], st["id"], "the same id whatever the home page or the title");
    assert!(xapi::completion_statement(&records[0], &xapi::Options::default(), None).is_none());
}

#[test]
fn the_documented_course_csv_columns_are_the_header() {
    let doc = std::fs::read_to_string(super::root().join("docs/courses.md")).unwrap();
    let table = doc.split("<!-- course-csv-columns").nth(1).expect("docs/courses.md marks its CSV table");
    let documented: Vec<String> = table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|c| c.split(',').map(|c| c.trim().trim_matches('`').to_string()).collect::<Vec<_>>())
        .filter(|c| c != "column" && !c.starts_with("---"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    course_room(dir.path());
    let csv = dir.path().join("c.csv");
    let out = calmline(&[
        "report",
        dir.path().to_str().unwrap(),
        "--dialogues",
        DIALOGUES,
        "--course-csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&csv).unwrap();
    let header = &parse_csv(text.trim_start_matches('\u{feff}'))[0];
    assert_eq!(&documented, header);
}
