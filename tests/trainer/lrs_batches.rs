//! Many batches into a real LRS (Ralph, see lrs.rs): a training room sent two statements
//! at a time, the LRS killed part-way, then started again. Every statement arrives exactly
//! once, the queue keeps exactly what was not accepted, and a further run sends nothing.

use super::lrs::{PASSWORD, Ralph, USER, get, stored_lines, venv};
use super::{in_ci, room, root, stderr, stdout};
use calmline::engine::Library;
use calmline::engine::records::record::scan_folder;
use calmline::engine::records::xapi::{self, Options, Queue};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BATCH: usize = 2;

/// How many times each statement id is stored, from Ralph's storage file.
fn stored_ids(work: &Path) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for line in std::fs::read_to_string(work.join("ralph-data/fs_lrs.jsonl")).unwrap_or_default().lines() {
        if let Ok(st) = serde_json::from_str::<Value>(line) {
            *ids.entry(st["id"].as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
        }
    }
    ids
}

/// `N accepted by the LRS now, M still queued` from a run's report.
fn accepted_and_left(out: &str) -> (usize, usize) {
    let line = out.lines().find(|l| l.contains("accepted by the LRS now")).unwrap_or_else(|| panic!("{out}"));
    let number_before = |marker: &str| -> usize {
        let head = &line[..line.find(marker).unwrap()];
        head.rsplit(|c: char| !c.is_ascii_digit()).find(|w| !w.is_empty()).unwrap().parse().unwrap()
    };
    (number_before(" accepted by the LRS now"), number_before(" still queued"))
}

#[test]
fn many_batches_arrive_once_even_when_the_lrs_dies_part_way() {
    let venv = venv();
    if !venv.join("bin/ralph").is_file() {
        assert!(!in_ci(), "Ralph is required under CI: run tools/lrs/setup.sh (virtualenv {})", venv.display());
        eprintln!("SKIPPED: no Ralph virtualenv at {}; run tools/lrs/setup.sh", venv.display());
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let records = work.path().join("records");
    room(&records);
    let courses = Library::load(&[root().join("dialogues")], None).courses;
    let scan = scan_folder(&records);
    let expected: Vec<String> = scan
        .records
        .iter()
        .flat_map(|(_, r)| xapi::statements_with_courses(r, &Options::default(), &courses))
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let total = expected.len();
    assert!(total / BATCH >= 20, "at least twenty batches: {total} statements");

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut ralph = Ralph::start(&venv, work.path(), port);
    let url = format!("http://127.0.0.1:{port}/xAPI");
    let batch = BATCH.to_string();
    let args = [
        "xapi",
        records.to_str().unwrap(),
        "--lrs",
        &url,
        "--user",
        USER,
        "--password",
        PASSWORD,
        "--batch",
        &batch,
        "--timeout",
        "20",
        "--lang",
        "en",
    ];
    let command = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_calmline"));
        cmd.args(args).current_dir(root()).env("NO_COLOR", "1").env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("CALMLINE_LRS_PASSWORD");
        cmd
    };

    // The LRS dies after ten batches have arrived.
    let run = command().stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    while stored_lines(work.path()) < 10 * BATCH {
        assert!(start.elapsed() < Duration::from_secs(120), "no ten batches in 120 s:\n{}", ralph.log());
        std::thread::sleep(Duration::from_millis(5));
    }
    let alive = ralph.stop();
    assert!(alive.is_empty(), "Ralph's processes left running: {alive:?}");
    let cut = run.wait_with_output().unwrap();
    let out = stdout(&cut);
    assert_eq!(cut.status.code(), Some(1), "{out}{}", stderr(&cut));
    assert!(out.contains("Sending stopped: the LRS cannot be reached"), "{out}");
    let (accepted, left) = accepted_and_left(&out);
    assert_eq!(accepted + left, total, "{out}");
    assert!(accepted >= 10 * BATCH && left > 0, "{out}");
    // The queue holds exactly what was not accepted, and the ids of what was.
    let queue = Queue::load(&records).unwrap();
    assert_eq!(queue.pending(&url), left);
    let kept = queue.endpoint(&url).unwrap();
    assert_eq!(kept.accepted().len(), accepted);
    let stored = stored_ids(work.path());
    assert!(stored.values().all(|n| *n == 1), "a statement stored twice: {stored:?}");
    // A batch that arrived as the LRS died may not have been answered: it stays queued.
    assert!(stored.len() >= accepted && stored.len() <= accepted + BATCH, "{} stored", stored.len());
    assert!(kept.accepted().iter().all(|id| stored.contains_key(&id.to_string())));

    // The LRS is back: the rest goes, and each statement is stored once.
    let mut ralph = Ralph::start(&venv, work.path(), port);
    let rest = command().output().unwrap();
    assert_eq!(rest.status.code(), Some(0), "{}{}\n{}", stdout(&rest), stderr(&rest), ralph.log());
    assert_eq!(accepted_and_left(&stdout(&rest)), (left, 0), "{}", stdout(&rest));
    assert!(stdout(&rest).contains(&format!("{accepted} accepted earlier, 0 newly queued")), "{}", stdout(&rest));
    let stored = stored_ids(work.path());
    assert_eq!(stored.len(), total);
    assert!(stored.values().all(|n| *n == 1), "a statement stored twice: {stored:?}");
    assert!(expected.iter().all(|id| stored.contains_key(id)));
    // Read back through the LRS's own query, session by session.
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for (_, r) in &scan.records {
        let registration = xapi::registration(&r.id).to_string();
        let answer = get(&url, &[("registration", &registration), ("limit", "100")]);
        for st in answer["statements"].as_array().unwrap() {
            *found.entry(st["id"].as_str().unwrap().to_string()).or_insert(0) += 1;
        }
    }
    assert_eq!(found.len(), total);
    assert!(found.values().all(|n| *n == 1), "{found:?}");
    assert!(Queue::load(&records).unwrap().pending(&url) == 0);

    // A further run has nothing to send and stores nothing.
    let again = command().output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}{}", stdout(&again), stderr(&again));
    assert!(stdout(&again).contains(&format!("{total} accepted earlier, 0 newly queued")), "{}", stdout(&again));
    assert_eq!(accepted_and_left(&stdout(&again)), (0, 0));
    assert_eq!(stored_lines(work.path()), total);

    let alive = ralph.stop();
    assert!(alive.is_empty(), "Ralph's processes left running: {alive:?}");
}
