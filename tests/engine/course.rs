//! Courses: course files checked against the calls (every problem at once, at its line and
//! column), and a trainee's progress through a whole course from synthetic records.

use super::{calmline, fixture, root};
use calmline::engine::call::course::{CourseCall, UnitMode, Unlock};
use calmline::engine::call::session::CourseAttempt;
use calmline::engine::judge::simulate::{Policy, play_one};
use calmline::engine::records::progress::{Completion, UnitState, completes, progress, records_of};
use calmline::engine::records::record::Record;
use calmline::engine::{Course, Diagnostic, Judge, Lang, Library, Severity};
use calmline::text::message;
use serde_json::json;
use std::sync::Arc;

fn located(diags: &[Diagnostic]) -> Vec<(String, &'static str, usize, usize, Severity)> {
    diags
        .iter()
        .map(|d| {
            let file = d.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (file, d.code, d.line, d.column, d.severity)
        })
        .collect()
}

fn starter() -> Arc<Course> {
    let lib = Library::load(&[fixture("courses/dialogues")], None);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    lib.course("starter").expect("the fixture course").clone()
}

#[test]
fn a_good_course_is_read_into_its_units() {
    let lib = Library::load(&[fixture("courses/dialogues")], None);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    assert_eq!(lib.scenarios.len(), 10, "course files are not read as calls");
    assert_eq!(lib.courses.len(), 1);
    assert!(lib.course("nowhere").is_none());
    let c = lib.course("starter").unwrap();
    assert_eq!(c.title.get(Lang::ZhHant), "入門課程");
    assert!(c.source.as_ref().unwrap().ends_with("courses/starter.ron"));
    assert!(lib.files.iter().any(|f| f.ends_with("courses/starter.ron")));
    let ids: Vec<&str> = c.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["warm-up", "pick-two", "mean", "final"]);
    let u = &c.units[0];
    assert_eq!((u.mode, u.say_first, u.unlock), (UnitMode::Practice, false, Unlock::All));
    assert_eq!(u.calls, [CourseCall { id: "alpha".into(), pass: 60 }, CourseCall { id: "beta".into(), pass: 65 }]);
    assert_eq!((c.units[1].say_first, c.units[1].unlock), (true, Unlock::Count(2)));
    assert_eq!(c.units[2].unlock, Unlock::Average(75));
    assert_eq!(c.units[3].mode, UnitMode::Exam);
    assert!(c.units[3].is_exam());
    assert_eq!(c.unit("mean").map(|(i, _)| i), Some(2));
    let attempt = c.attempt(3).unwrap();
    assert!(attempt.exam);
    assert_eq!(attempt.course, Some(CourseAttempt { id: "starter".into(), unit: "final".into(), completed: false }));
    assert_eq!(c.attempt(4), None);
}

#[test]
fn every_problem_of_a_course_file_is_reported_at_its_place() {
    let lib = Library::load(&[fixture("courses/dialogues"), fixture("courses/bad")], None);
    use Severity::{Error, Warning};
    let f = |name: &str, code, line, column, severity| (name.to_string(), code, line, column, severity);
    let m = "many-problems.ron";
    assert_eq!(
        located(&lib.diagnostics),
        vec![
            f(m, "duplicate-id", 3, 9, Error),
            f(m, "empty-text", 4, 12, Error),
            f(m, "missing-language", 8, 20, Warning),
            f(m, "unknown-call", 9, 26, Error),
            f(m, "out-of-range", 9, 65, Error),
            f(m, "duplicate-id", 9, 76, Error),
            f(m, "missing-language", 9, 90, Warning),
            f(m, "out-of-range", 10, 27, Error),
            f(m, "duplicate-id", 12, 18, Error),
            f(m, "no-calls", 12, 79, Error),
            f(m, "empty-text", 13, 18, Error),
            f(m, "empty-text", 13, 30, Error),
            f(m, "unknown-call", 13, 47, Error),
            f(m, "out-of-range", 13, 80, Error),
            f("no-units.ron", "empty-text", 1, 12, Error),
            f("no-units.ron", "no-units", 1, 78, Error),
            f("syntax.ron", "syntax", 3, 26, Error),
        ]
    );
    let keys: Vec<&str> = lib.diagnostics.iter().map(|d| d.message.key).collect();
    assert!(keys.iter().filter(|k| k.starts_with("diag_course_")).count() == 16, "{keys:?}");
    let english = |i: usize| message(&lib.diagnostics[i].message, Lang::En);
    let help = |i: usize| lib.diagnostics[i].help.as_ref().map(|h| message(h, Lang::En)).unwrap_or_default();
    assert!(english(0).starts_with("course id `starter` is already used by "), "{}", english(0));
    assert!(english(0).ends_with("dialogues/courses/starter.ron"), "{}", english(0));
    assert_eq!(english(3), "no call in the dialogues folder is called `alpah`");
    assert_eq!(help(3), "did you mean `alpha`?");
    assert_eq!(english(4), "a pass mark is a score from 0 to 100, not 101");
    assert_eq!(english(5), "call `beta` is listed twice in unit `one`");
    assert_eq!(
        english(6),
        "call `solo` is not written in zh-Hans, zh-Hant: trainees who play in that language cannot take it"
    );
    assert_eq!(english(7), "`count(5)` must be from 1 to the number of calls in the unit (4)");
    assert_eq!(help(12), "the calls there: alpha, beta, gamma, solo", "no close name: every call is listed");
    assert_eq!(help(2), "add `zh: \"…\", zh_hant: \"…\"` to the title");
    assert_eq!(lib.diagnostics[16].message.key, "diag_ron_expected_comma");
    // Only the good course is kept; the calls are all there.
    assert_eq!(lib.courses.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["starter"]);
    assert_eq!(lib.scenarios.len(), 10);
}

#[test]
fn a_course_file_checked_alone_finds_its_calls_beside_its_folder() {
    let lib = Library::load(&[fixture("courses/dialogues/courses/starter.ron")], None);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    assert!(lib.scenarios.is_empty());
    assert_eq!(lib.courses.len(), 1);

    let out = calmline(&["check", "tests/fixtures/courses/dialogues", "--no-font-check", "--no-bots"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Checked 11 files (10 scenarios valid): 0 errors, 0 warnings."
    );
    let out = calmline(&["check", "tests/fixtures/courses/dialogues", "tests/fixtures/courses/bad", "--no-font-check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("many-problems.ron:9:26"), "{err}");
    assert!(err.contains("did you mean `alpha`?"), "{err}");
    let json = calmline(&["check", "dialogues", "--format", "json", "--no-bots", "--no-font-check"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["courses"][0]["id"], "onboarding");
    assert_eq!(v["courses"][0]["units"], 4);
}

#[test]
fn a_call_whose_file_has_errors_is_not_called_unknown_by_the_course() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["en", "courses"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    let alpha = std::fs::read_to_string(fixture("courses/dialogues/en/alpha.ron")).unwrap();
    std::fs::write(d.join("en/alpha.ron"), alpha.replace("\"let-vent\"", "\"let-vnt\"")).unwrap();
    std::fs::write(
        d.join("courses/c.ron"),
        "Course(id: \"c\", title: (en: \"C\", zh: \"丙\", zh_hant: \"丙\"), units: [Unit(id: \"u\", title: (en: \"U\", zh: \"单元\", zh_hant: \"單元\"), calls: [(id: \"alpha\")])])",
    )
    .unwrap();
    let lib = Library::load(&[d.to_path_buf()], None);
    let codes: Vec<&str> = lib.diagnostics.iter().map(|d| d.code).collect();
    // The call's own error; the course only warns that the call exists in English alone.
    assert_eq!(codes, ["unknown-technique", "missing-language"], "{:?}", lib.diagnostics);
    assert_eq!(lib.courses.len(), 1);
}

#[test]
fn the_shipped_course_checks_clean_and_the_method_passes_every_call() {
    let lib = Library::load(&[root().join("dialogues")], None);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let course = lib.course("onboarding").expect("the onboarding course is shipped");
    assert!(course.units.len() >= 3);
    assert!(course.units.last().unwrap().is_exam(), "the course ends in an exam");
    assert!((2..=3).contains(&course.units.last().unwrap().calls.len()));
    assert_eq!(course.units[0].calls[0].id, "tutorial");
    for lang in Lang::ALL {
        assert!(!course.title.exact(lang).is_empty());
        assert!(course.units.iter().all(|u| !u.title.exact(lang).is_empty()));
    }
    for unit in &course.units {
        for call in &unit.calls {
            for lang in Lang::ALL {
                let scenario = lib.find(&call.id, lang).filter(|s| s.lang == lang);
                let scenario = scenario.unwrap_or_else(|| panic!("{} in {lang}", call.id));
                for seed in 1..=3 {
                    let s = play_one(scenario, seed, Policy::Method, None);
                    let score = s.score().map_or(0, |s| s.total);
                    assert!(
                        score >= call.pass,
                        "the method scores {score} on {} ({lang}), pass {}",
                        call.id,
                        call.pass
                    );
                }
            }
        }
    }
}

/// A finished call of `call` by `trainee`, as the game writes it, with this score.
struct Rec<'a> {
    id: &'a str,
    trainee: &'a str,
    call: &'a str,
    lang: &'a str,
    unit: Option<&'a str>,
    exam: bool,
    score: u8,
    ended: &'a str,
}

impl Rec<'_> {
    fn build(&self) -> Record {
        let mut v = json!({
            "format": 1, "id": self.id, "trainee": self.trainee,
            "scenario": { "id": self.call, "title": self.call, "lang": self.lang, "fingerprint": "0" },
            "seed": 1, "started_at": "2026-03-01T08:00:00Z", "ended_at": self.ended,
            "complete": true, "adjusted": false, "turns": [], "outcome": "resolved",
            "score": { "total": self.score, "grade": "A", "parts": [] },
            "app_version": "test",
        });
        if self.exam {
            v["exam"] = json!(true);
        }
        if let Some(unit) = self.unit {
            v["course"] = json!({ "id": "starter", "unit": unit });
        }
        serde_json::from_value(v).expect("a record")
    }
}

fn rec(id: &str, call: &str, unit: &str, score: u8, ended: &str) -> Record {
    Rec { id, trainee: "Anna", call, lang: "en", unit: Some(unit), exam: false, score, ended }.build()
}

fn states(p: &calmline::engine::Progress) -> Vec<UnitState> {
    p.units.iter().map(|u| u.state).collect()
}

#[test]
fn progress_through_a_whole_course() {
    use UnitState::{Done, Locked, Open};
    let c = starter();
    let mut records: Vec<Record> = Vec::new();
    let at = |records: &[Record]| progress(&c, &records.iter().collect::<Vec<_>>());

    // Nothing yet: the first unit is open, the rest locked; the first call is next.
    let p = at(&records);
    assert_eq!(states(&p), [Open, Locked, Locked, Locked]);
    assert_eq!(p.next, Some((0, 0)));
    assert_eq!(p.completed, None);
    assert_eq!(p.units[0].calls[0].best, None);

    // Alpha passed (60) on the second try, in Chinese: any language counts.
    records.push(rec("r1", "alpha", "warm-up", 40, "2026-03-01T09:00:00Z"));
    let mut zh = rec("r2", "alpha", "warm-up", 70, "2026-03-01T09:10:00Z");
    zh.scenario.lang = Lang::ZhHant;
    records.push(zh);
    // Free practice and another unit's calls do not count for the warm-up.
    records.push(Rec { unit: None, ..Rec::of("r3", "beta", 99, "2026-03-01T09:20:00Z") }.build());
    records.push(rec("r4", "beta", "mean", 99, "2026-03-01T09:30:00Z"));
    let p = at(&records);
    let alpha = &p.units[0].calls[0];
    assert_eq!((alpha.best, alpha.attempts, alpha.passed, alpha.pass), (Some(70), 2, true, 60));
    assert_eq!(p.units[0].calls[1].attempts, 0);
    assert_eq!(states(&p), [Open, Locked, Locked, Locked]);
    assert_eq!(p.next, Some((0, 1)), "beta is next");

    // Beta at its default pass mark, 65: 64 fails, 65 passes, and the next unit opens.
    records.push(rec("r5", "beta", "warm-up", 64, "2026-03-01T10:00:00Z"));
    assert_eq!(states(&at(&records)), [Open, Locked, Locked, Locked]);
    records.push(rec("r6", "beta", "warm-up", 65, "2026-03-01T10:10:00Z"));
    let p = at(&records);
    assert_eq!(states(&p), [Done, Open, Locked, Locked]);
    assert_eq!(p.next, Some((1, 0)));
    assert_eq!(p.done(), 1);
    assert_eq!(p.current(), Some(1));
    assert!(p.is_open(1) && !p.is_open(2));

    // Count(2): two of the three calls at 80.
    records.push(rec("r7", "gamma", "pick-two", 85, "2026-03-01T11:00:00Z"));
    let p = at(&records);
    assert_eq!((states(&p)[1], p.next), (Open, Some((1, 0))));
    records.push(rec("r8", "alpha", "pick-two", 80, "2026-03-01T11:10:00Z"));
    let p = at(&records);
    // The average unit opens with beta's 99 from before it was open (a record names its
    // unit); gamma has not been tried there, so it is next.
    assert_eq!(states(&p), [Done, Done, Open, Locked]);
    assert_eq!(p.units[2].calls[0].best, Some(99));
    assert_eq!(p.next, Some((2, 1)));

    // Average(75): both calls passed (50) but the mean of 99 and 50 is 74.5; the lowest
    // best is what to take again.
    records.push(rec("r9", "gamma", "mean", 50, "2026-03-01T12:00:00Z"));
    let p = at(&records);
    assert!(p.units[2].calls.iter().all(|c| c.passed));
    assert_eq!((states(&p)[2], p.next), (Open, Some((2, 1))));
    records.push(rec("r10", "gamma", "mean", 52, "2026-03-01T12:10:00Z"));
    let p = at(&records);
    assert_eq!(states(&p), [Done, Done, Done, Open]);
    assert_eq!(p.next, Some((3, 0)));

    // The exam unit counts exam attempts only, in this course, played for real.
    let exam = |id, call, score, ended| Rec { unit: Some("final"), exam: true, ..Rec::of(id, call, score, ended) };
    records.push(Rec { exam: false, ..exam("p1", "alpha", 100, "2026-03-02T08:00:00Z") }.build());
    let mut other_course = exam("p2", "alpha", 100, "2026-03-02T08:05:00Z").build();
    other_course.attempt.course.as_mut().unwrap().id = "another".into();
    records.push(other_course);
    let mut preview = exam("p3", "alpha", 100, "2026-03-02T08:10:00Z").build();
    preview.adjusted = true;
    records.push(preview);
    let mut cut = exam("p4", "alpha", 100, "2026-03-02T08:15:00Z").build();
    cut.complete = false;
    records.push(cut);
    let p = at(&records);
    assert_eq!(p.units[3].calls[0].attempts, 0, "{:?}", p.units[3]);
    assert_eq!(p.completed, None);

    records.push(exam("r11", "alpha", 90, "2026-03-02T09:00:00Z").build());
    records.push(exam("r12", "gamma", 86, "2026-03-02T09:30:00Z").build());
    // A later exam call changes the best score, not when the course was finished.
    records.push(exam("r13", "gamma", 100, "2026-03-03T09:00:00Z").build());
    let p = at(&records);
    assert_eq!(states(&p), [Done, Done, Done, Done]);
    assert_eq!(p.completed, Some(Completion { at: "2026-03-02T09:30:00Z".into(), record_id: "r12".into() }));
    assert_eq!(p.next, None);
    assert_eq!(p.units[3].calls[1].best, Some(100));

    // The order of the records given does not matter: they are replayed as they ended.
    let mut shuffled: Vec<&Record> = records.iter().rev().collect();
    shuffled.rotate_left(5);
    assert_eq!(progress(&c, &shuffled), p);

    // Another trainee's records are picked out by name.
    let bob = Rec { trainee: "Bob", ..Rec::of("b1", "alpha", 100, "2026-03-01T09:00:00Z") }.build();
    let mut everyone: Vec<&Record> = records.iter().collect();
    everyone.push(&bob);
    let bobs = records_of(&everyone, "Bob");
    assert_eq!(bobs.len(), 1);
    assert_eq!(states(&progress(&c, &bobs)), [Open, Locked, Locked, Locked]);
    assert_eq!(records_of(&everyone, "Anna").len(), records.len());
}

impl<'a> Rec<'a> {
    fn of(id: &'a str, call: &'a str, score: u8, ended: &'a str) -> Rec<'a> {
        Rec { id, trainee: "Anna", call, lang: "en", unit: Some("warm-up"), exam: false, score, ended }
    }
}

#[test]
fn completes_says_whether_a_new_record_finishes_the_course() {
    let c = starter();
    let earlier = [
        rec("a", "alpha", "warm-up", 90, "2026-03-01T09:00:00Z"),
        rec("b", "beta", "warm-up", 90, "2026-03-01T09:10:00Z"),
        rec("c", "alpha", "pick-two", 90, "2026-03-01T09:20:00Z"),
        rec("d", "beta", "pick-two", 90, "2026-03-01T09:30:00Z"),
        rec("e", "beta", "mean", 90, "2026-03-01T09:40:00Z"),
        rec("f", "gamma", "mean", 60, "2026-03-01T09:50:00Z"),
        Rec { unit: Some("final"), exam: true, ..Rec::of("g", "alpha", 90, "2026-03-01T10:00:00Z") }.build(),
    ];
    let earlier: Vec<&Record> = earlier.iter().collect();
    let p = progress(&c, &earlier);
    assert_eq!(p.next, Some((3, 1)), "gamma is left in the exam");
    let last = Rec { unit: Some("final"), exam: true, ..Rec::of("h", "gamma", 88, "2026-03-01T10:10:00Z") }.build();
    assert!(completes(&c, &earlier, &last));
    let low = Rec { unit: Some("final"), exam: true, ..Rec::of("h", "gamma", 84, "2026-03-01T10:10:00Z") }.build();
    assert!(!completes(&c, &earlier, &low), "below the pass mark");
    let practice =
        Rec { unit: Some("final"), exam: false, ..Rec::of("h", "gamma", 99, "2026-03-01T10:10:00Z") }.build();
    assert!(!completes(&c, &earlier, &practice), "a practice call does not count in an exam unit");
    // Once completed, a further call completes nothing.
    let mut all = earlier.clone();
    all.push(&last);
    let again = Rec { unit: Some("final"), exam: true, ..Rec::of("i", "gamma", 100, "2026-03-01T11:00:00Z") }.build();
    assert!(!completes(&c, &all, &again));
    let p = progress(&c, &all);
    assert_eq!(p.completed, Some(Completion { at: "2026-03-01T10:10:00Z".into(), record_id: "h".into() }));
    assert_eq!(p.next, None);
}
