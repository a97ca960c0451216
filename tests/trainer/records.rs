//! The records folder: any trainee name, never an overwrite, journals recovered after a
//! crash, every kind of bad file reported and skipped, and one trainee's records found by
//! their file names.

use super::{bad_records, copy_dir, record_at, refund};
use calmline::engine::Judge;
use calmline::engine::judge::simulate::Policy;
use calmline::engine::records::record::{
    self, JOURNAL_EXT, Problem, Record, RecordStore, ScenarioRef, SkipReason, load_records, read_record, scan_folder,
    trainee_records,
};
use calmline::engine::records::replay::{Verdict, verify};
use calmline::engine::{Lang, Scenario, Session};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Replies of a skilled call on the refund fixture.
const SKILLED: [usize; 8] = [0, 0, 0, 2, 0, 0, 0, 0];

fn play_through(
    store: &RecordStore,
    trainee: &str,
    scenario: &Arc<Scenario>,
    seed: u64,
) -> (std::path::PathBuf, Session) {
    let mut session = Session::new(scenario.clone(), seed);
    let mut journal = store.begin(trainee, &session).expect("the journal starts");
    for &c in &SKILLED {
        if session.is_over() {
            break;
        }
        session.choose(c, 2.5).expect("a valid reply");
        journal.append(&session).expect("the turn is journalled");
    }
    let path = store.finish(journal, &session).expect("the record is written");
    (path, session)
}

fn journals(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == JOURNAL_EXT))
        .collect()
}

#[test]
fn any_trainee_name_gives_a_safe_file_and_is_kept_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let scenario = refund(Lang::En);
    let names = [
        "王小明".to_string(),
        "Anna Lee".to_string(),
        "a/b\\c:d*e?f\"g<h>i|j".to_string(),
        "../../etc/passwd".to_string(),
        "...".to_string(),
        String::new(),
        "名字 with spaces.and.dots".to_string(),
        "nul\0 and\nnewline".to_string(),
        "CON".to_string(),
        "长".repeat(300),
        "Ω".repeat(200) + &"x".repeat(200),
    ];
    let mut paths = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (path, session) = play_through(&store, name, &scenario, 40 + i as u64);
        assert_eq!(path.parent(), Some(dir.path()), "{name:?} wrote outside the folder: {}", path.display());
        let file = path.file_name().unwrap().to_str().unwrap();
        assert!(file.len() <= 200, "{name:?} gave a {}-byte file name", file.len());
        assert!(!file.starts_with('.'), "{name:?} gave a hidden file");
        assert!(file.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)), "{file}");
        let back = read_record(&path).unwrap();
        assert_eq!(&back.trainee, name);
        assert!(back.complete);
        assert_eq!(back.score, session.score());
        paths.push(path);
    }
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), names.len(), "every call has its own file");
    assert!(journals(dir.path()).is_empty(), "finish removes each journal");
    let (records, bad) = load_records(dir.path());
    assert_eq!(records.len(), names.len());
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn a_record_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let (first, _) = play_through(&store, "Anna", &refund(Lang::En), 1);
    let before = std::fs::read(&first).unwrap();
    let mut record = read_record(&first).unwrap();
    record.trainee = "Someone else".into();
    let second = store.write(&record).unwrap();
    let third = store.write(&record).unwrap();
    assert_ne!(first, second);
    assert_ne!(second, third);
    assert_eq!(std::fs::read(&first).unwrap(), before, "the first record is untouched");
    assert_eq!(read_record(&second).unwrap().trainee, "Someone else");
    assert_eq!(read_record(&third).unwrap().id, record.id, "the id inside is kept");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with(".write-test"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_calls_starting_in_the_same_second_get_their_own_journals() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let scenario = refund(Lang::En);
    let a = Session::new(scenario.clone(), 1);
    let b = Session::new(scenario.clone(), 2);
    let ja = store.begin("Anna", &a).unwrap();
    let jb = store.begin("Anna", &b).unwrap();
    assert_ne!(ja.path(), jb.path());
    assert_ne!(ja.id(), jb.id());
    let pa = store.finish(ja, &a).unwrap();
    let pb = store.finish(jb, &b).unwrap();
    assert_ne!(pa, pb);
    assert_eq!(read_record(&pa).unwrap().seed, 1);
    assert_eq!(read_record(&pb).unwrap().seed, 2);
}

fn find_in(scenarios: Vec<Arc<Scenario>>) -> impl Fn(&ScenarioRef) -> Option<Arc<Scenario>> {
    move |r: &ScenarioRef| scenarios.iter().find(|s| r.matches(s)).cloned()
}

#[test]
fn an_interrupted_call_is_recovered_from_its_journal_losing_at_most_the_turn_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let scenario = refund(Lang::En);
    let mut session = Session::new(scenario.clone(), 9);
    let mut journal = store.begin("王小明", &session).unwrap();
    for &c in &SKILLED[..3] {
        session.choose(c, 1.5).unwrap();
        journal.append(&session).unwrap();
    }
    let journal_path = journal.path().to_path_buf();
    drop(journal);
    // The process dies while writing the fourth turn: half a line reaches the disk.
    let mut f = std::fs::OpenOptions::new().append(true).open(&journal_path).unwrap();
    std::io::Write::write_all(&mut f, b"{\"reply\":2,\"seco").unwrap();
    drop(f);

    let (written, problems) = store.recover(&find_in(vec![scenario.clone()]));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(written.len(), 1);
    assert!(!journal_path.exists(), "the journal is removed once recovered");
    let r = read_record(&written[0]).unwrap();
    assert!(!r.complete);
    assert_eq!(r.trainee, "王小明");
    assert_eq!(r.turns.len(), 3);
    assert_eq!(r.choices(), session.choices());
    assert_eq!(r.score, None);
    assert!(r.unplayed.is_empty());
    assert!(matches!(verify(&r, scenario.clone()), Verdict::Same(s) if s.turns == 3 && !s.complete));

    // Running recovery again finds nothing more.
    let (again, problems) = store.recover(&find_in(vec![scenario]));
    assert!(again.is_empty() && problems.is_empty());
}

#[test]
fn a_journal_whose_scenario_is_missing_keeps_its_choices() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let scenario = refund(Lang::En);
    let mut session = Session::new(scenario.clone(), 3);
    let mut journal = store.begin("Anna", &session).unwrap();
    session.choose(0, 4.0).unwrap();
    session.choose(2, 6.0).unwrap();
    journal.append(&session).unwrap();
    drop(journal);
    let (written, problems) = store.recover(&|_: &ScenarioRef| None);
    assert!(problems.is_empty(), "{problems:?}");
    let r = read_record(&written[0]).unwrap();
    assert!(!r.complete && r.turns.is_empty());
    assert_eq!(r.unplayed, session.choices(), "nothing is lost");
    assert_eq!(r.scenario, ScenarioRef::of(&scenario));
}

#[test]
fn a_journal_left_after_its_record_was_written_makes_no_second_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let scenario = refund(Lang::En);
    let mut session = Session::new(scenario.clone(), 5);
    let mut journal = store.begin("Anna", &session).unwrap();
    for &c in &SKILLED {
        if !session.is_over() {
            session.choose(c, 1.0).unwrap();
        }
    }
    journal.append(&session).unwrap();
    let journal_text = std::fs::read(journal.path()).unwrap();
    let journal_path = journal.path().to_path_buf();
    // The game stops between writing the record and removing the journal.
    store.finish(journal, &session).unwrap();
    std::fs::write(&journal_path, journal_text).unwrap();
    let (written, problems) = store.recover(&find_in(vec![scenario]));
    assert!(written.is_empty() && problems.is_empty(), "{written:?} {problems:?}");
    assert!(!journal_path.exists());
    assert_eq!(load_records(dir.path()).0.len(), 1);
}

#[test]
fn a_journal_cut_inside_its_header_is_dropped_and_a_foreign_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("a.journal"), b"{\"calmline_journal\":1,\"id\":\"2026").unwrap();
    std::fs::write(dir.path().join("b.journal"), b"").unwrap();
    std::fs::write(dir.path().join("c.journal"), b"not a journal\nat all\n").unwrap();
    let (written, problems) = store.recover(&|_: &ScenarioRef| None);
    assert!(written.is_empty());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].to_string().contains("c.journal"), "{}", problems[0]);
    assert!(!dir.path().join("a.journal").exists() && !dir.path().join("b.journal").exists());
    assert!(dir.path().join("c.journal").exists(), "a file we cannot read is left alone");
}

#[test]
fn bad_files_are_skipped_with_their_reason_and_never_stop_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bad_records(), dir.path());
    let store = RecordStore::open(dir.path()).unwrap();
    let (good, _) = play_through(&store, "Anna", &refund(Lang::En), 2);
    // A call in progress, and a copy of a record under another name.
    let session = Session::new(refund(Lang::En), 3);
    let _journal = store.begin("Bo", &session).unwrap();
    std::fs::copy(&good, dir.path().join("copy of a record.json")).unwrap();
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::write(dir.path().join(".hidden.json"), b"{").unwrap();

    let scan = scan_folder(dir.path());
    assert_eq!(scan.records.len(), 1, "{:?}", scan.skipped);
    let reason = |file: &str| {
        scan.skipped
            .iter()
            .find(|s| s.path.file_name().unwrap().to_string_lossy() == file)
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{file} is not listed as skipped: {:?}", scan.skipped))
    };
    assert_eq!(reason("truncated.json"), SkipReason::Truncated);
    assert!(matches!(reason("junk.json"), SkipReason::NotJson { line: 1, column: 1 }));
    assert!(matches!(reason("other-shape.json"), SkipReason::NotARecord { .. }));
    assert!(matches!(reason("array.json"), SkipReason::NotARecord { .. }));
    assert_eq!(reason("empty.json"), SkipReason::Empty);
    assert_eq!(reason("future.json"), SkipReason::FutureFormat { format: 2 });
    assert_eq!(reason("notes.txt"), SkipReason::NotRecordFile);
    assert!(matches!(reason("copy of a record.json"), SkipReason::Duplicate { of } if of == good));
    let journal_skips = scan.skipped.iter().filter(|s| s.reason == SkipReason::Journal).count();
    assert_eq!(journal_skips, 1);
    // Seven fixture files, the record, its copy and the journal; not the folder or the hidden file.
    assert_eq!(scan.files(), 10);
    assert_eq!(scan.skipped.len(), 9);
    for s in &scan.skipped {
        for lang in Lang::ALL {
            assert!(!calmline::text::skip_reason(&s.reason, lang).is_empty());
        }
    }

    // The game's reader still sees the one record and reports the bad JSON files.
    let (records, bad) = load_records(dir.path());
    assert_eq!(records.len(), 1);
    assert_eq!(bad.len(), 7, "{bad:?}");
}

#[test]
fn a_record_from_a_future_version_is_not_misread() {
    let scenario = refund(Lang::En);
    let session = calmline::engine::judge::simulate::play_one(
        &scenario,
        1,
        calmline::engine::judge::simulate::Policy::Random,
        None,
    );
    let mut value = serde_json::to_value(Record::from_session(&session, "x", "Anna", "2026-03-01T09:00:00Z")).unwrap();
    value["format"] = serde_json::json!(record::FORMAT + 1);
    let bytes = serde_json::to_vec(&value).unwrap();
    assert_eq!(record::parse_record(&bytes), Err(SkipReason::FutureFormat { format: record::FORMAT as u64 + 1 }));
    value["format"] = serde_json::json!(record::FORMAT);
    let back = record::parse_record(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(back.trainee, "Anna");
}

fn ids(found: &[(PathBuf, Record)]) -> Vec<String> {
    found.iter().map(|(_, r)| r.id.clone()).collect()
}

#[test]
fn a_trainees_records_are_found_by_file_name_without_opening_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let en = refund(Lang::En);
    let at = |h: u32| format!("2026-03-02T{h:02}:00:00Z");
    record_at(&store, "Ann Lee", &en, 1, Policy::Best, &at(9));
    record_at(&store, "Ann Lee", &en, 2, Policy::Random, &at(11));
    // Another trainee whose name is made safe the same way: `Ann-Lee` in the file name too.
    record_at(&store, "Ann-Lee", &en, 3, Policy::Best, &at(10));
    record_at(&store, "Bo", &en, 4, Policy::Worst, &at(9));
    // A call of Ann Lee in progress, and her record renamed by hand.
    let _journal = store.begin("Ann Lee", &Session::new(en.clone(), 5)).unwrap();
    let (renamed, _) = record_at(&store, "Ann Lee", &en, 6, Policy::Best, &at(8));
    std::fs::rename(&renamed, dir.path().join("ann-best.json")).unwrap();
    // Bo's name on a file that is not JSON, and a hidden file with Ann Lee's name.
    let broken = dir.path().join("20260302T120000Z_Bo_refund.json");
    std::fs::write(&broken, b"{ not json").unwrap();
    std::fs::write(dir.path().join(".20260302T130000Z_Ann-Lee_refund.json"), b"{").unwrap();

    let (found, problems) = store.trainee_records("Ann Lee");
    assert!(problems.is_empty(), "another trainee's file was opened: {problems:?}");
    assert_eq!(ids(&found), ["20260302T090000Z_Ann-Lee_refund", "20260302T110000Z_Ann-Lee_refund"]);
    assert!(found.iter().all(|(path, r)| r.trainee == "Ann Lee" && path.parent() == Some(dir.path())));
    let (same, _) = trainee_records(dir.path(), "Ann Lee");
    assert_eq!(same, found, "the store and the folder give the same");

    let (found, problems) = store.trainee_records("Ann-Lee");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(ids(&found), ["20260302T100000Z_Ann-Lee_refund"]);

    let (found, problems) = store.trainee_records("Nobody");
    assert!(found.is_empty() && problems.is_empty(), "{found:?} {problems:?}");

    // The same records, in the same order, as reading the whole folder gives them, but
    // for the file renamed away from its id.
    let (all, _) = load_records(dir.path());
    let everyone: Vec<(PathBuf, Record)> = all.into_iter().filter(|(_, r)| r.trainee == "Ann Lee").collect();
    assert_eq!(
        ids(&everyone),
        ["20260302T090000Z_Ann-Lee_refund", "20260302T110000Z_Ann-Lee_refund", "20260302T080000Z_Ann-Lee_refund"]
    );
    assert_eq!(everyone[..2], store.trainee_records("Ann Lee").0[..]);
}

#[test]
fn a_trainees_own_broken_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    record_at(&store, "Bo", &refund(Lang::En), 4, Policy::Best, "2026-03-02T09:00:00Z");
    let broken = dir.path().join("20260302T120000Z_Bo_refund.json");
    std::fs::write(&broken, b"{ not json").unwrap();

    let (found, problems) = store.trainee_records("Bo");
    assert_eq!(ids(&found), ["20260302T090000Z_Bo_refund"]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, broken);
    assert!(matches!(problems[0].problem, Problem::NotJson { line: 1, .. }), "{problems:?}");
    for lang in Lang::ALL {
        assert!(calmline::text::record_error(&problems[0], lang).contains("20260302T120000Z_Bo_refund.json"));
    }
}
