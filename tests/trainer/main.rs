//! Records, replay, reports and xAPI: the trainers' results tools. Records are made by
//! playing the fixture calls through the engine and writing them through `RecordStore`.

mod bulk;
mod convert;
mod course;
mod fuzz;
mod html;
mod lrs;
mod lrs_batches;
mod map;
mod map_report;
mod records;
mod replay;
mod report;
mod xapi;
mod xapi_queue;

use calmline::engine::judge::planner::{Objective, Planner};
use calmline::engine::judge::simulate::{Policy, play_one};
use calmline::engine::records::record::{Record, RecordStore};
use calmline::engine::{Lang, Library, Scenario};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The dialogues folder of the record tests: the refund call in English and Chinese.
pub fn dialogues() -> PathBuf {
    root().join("tests/fixtures/records/dialogues")
}

pub fn bad_records() -> PathBuf {
    root().join("tests/fixtures/records/bad")
}

pub fn refund(lang: Lang) -> Arc<Scenario> {
    let lib = Library::load(&[dialogues()], None);
    let errors: Vec<String> = lib.errors().map(|d| calmline::text::diagnostic_plain(d, Lang::En)).collect();
    assert!(errors.is_empty(), "fixture errors:\n{}", errors.join("\n"));
    lib.find("refund", lang).expect("the refund fixture in both languages").clone()
}

/// Runs the `calmline` binary in the checkout, in English unless `args` say otherwise.
pub fn calmline(args: &[&str]) -> Output {
    calmline_env(args, &[])
}

pub fn calmline_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_calmline"));
    cmd.args(args).current_dir(root()).env("NO_COLOR", "1").env("LANG", "C.UTF-8").env_remove("LC_ALL");
    cmd.env_remove("LC_MESSAGES").env_remove("CALMLINE_LRS_PASSWORD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the calmline binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Plays one call with a bot and writes its record with the given start time.
pub fn record_at(
    store: &RecordStore,
    trainee: &str,
    scenario: &Arc<Scenario>,
    seed: u64,
    policy: Policy,
    started_at: &str,
) -> (PathBuf, Record) {
    let mut planner = Planner::new(scenario, if policy == Policy::Worst { Objective::Worst } else { Objective::Best });
    let session = play_one(scenario, seed, policy, Some(&mut planner));
    assert!(session.is_over(), "a bot plays every call to its end");
    let stamp = started_at.replace([':', '-'], "");
    let id = format!("{stamp}_{}_{}", calmline::engine::records::record::safe_name(trainee), scenario.id);
    let mut record = Record::from_session(&session, &id, trainee, started_at);
    // A bot answers at once; give the call the length of a real one, seven seconds a turn.
    let start: jiff::Timestamp = started_at.parse().expect("an RFC 3339 start");
    let end = start + jiff::SignedDuration::from_secs(7 * record.turns.len() as i64);
    record.ended_at = Some(end.to_string());
    let path = store.write(&record).expect("the record is written");
    (path, record)
}

/// A training room's records: five trainees (names with Chinese characters, spaces,
/// slashes, dots), both languages, improving and struggling trainees, every outcome.
/// Returns the folder's store.
pub fn room(dir: &Path) -> RecordStore {
    let store = RecordStore::open(dir).expect("the records folder opens");
    let en = refund(Lang::En);
    let zh = refund(Lang::ZhHans);
    let day = |d: u32, h: u32| format!("2026-03-{d:02}T{h:02}:00:00Z");
    // An improving trainee: random play first, then the planner's best.
    let plays: [(&str, &Arc<Scenario>, Policy, u32, u32); 14] = [
        ("Anna Lee", &en, Policy::Worst, 2, 9),
        ("Anna Lee", &en, Policy::Random, 3, 9),
        ("Anna Lee", &en, Policy::Best, 4, 9),
        ("Anna Lee", &en, Policy::Best, 5, 9),
        ("王小明", &zh, Policy::Random, 2, 10),
        ("王小明", &zh, Policy::Random, 3, 10),
        ("王小明", &zh, Policy::Best, 4, 10),
        ("王小明", &en, Policy::Best, 5, 10),
        ("J. O'Neil/Night shift", &en, Policy::Worst, 2, 11),
        ("J. O'Neil/Night shift", &en, Policy::Worst, 3, 11),
        ("J. O'Neil/Night shift", &en, Policy::Random, 4, 11),
        ("李 雷.", &zh, Policy::Worst, 2, 12),
        ("李 雷.", &zh, Policy::Best, 3, 12),
        ("<b>Eve</b> & co", &en, Policy::Random, 4, 12),
    ];
    for (i, (name, scenario, policy, d, h)) in plays.iter().enumerate() {
        record_at(&store, name, scenario, 100 + i as u64, *policy, &day(*d, *h));
    }
    store
}

/// Copies every file of `from` into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Whether the test must fail rather than skip when a tool is missing (CI installs
/// every tool).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
