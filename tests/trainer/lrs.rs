//! `calmline xapi --lrs` against a real Learning Record Store on loopback: Ralph, from
//! PyPI, installed by `tools/lrs/setup.sh` into a virtualenv. The test starts Ralph on a
//! free port, sends a training room's statements (first while the LRS is down, so they
//! wait in the queue), reads them back, sends again and checks nothing is duplicated,
//! and stops Ralph with every process it started. Without the virtualenv it skips with
//! a message; under CI (`CI=true`) it fails instead.

use super::{calmline, in_ci, record_at, refund, room, root, stderr, stdout};
use calmline::engine::call::session::{Attempt, CourseAttempt};
use calmline::engine::judge::simulate::Policy;
use calmline::engine::records::record::{RecordStore, scan_folder};
use calmline::engine::records::xapi::{self, Options, Queue};
use calmline::engine::{Lang, Library};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "calmline-trainer";
// Spaces and a colon: only the first colon of basic authentication separates the user.
pub const PASSWORD: &str = "room 4: Thursday!";

pub fn venv() -> PathBuf {
    match std::env::var_os("CALMLINE_RALPH_VENV") {
        Some(v) => PathBuf::from(v),
        None => dirs::home_dir().unwrap_or_default().join(".cache/calmline/ralph-venv"),
    }
}

/// A running Ralph, stopped (with every process of its group) when dropped.
pub struct Ralph {
    child: Child,
    python: PathBuf,
    log: PathBuf,
    port: u16,
}

impl Ralph {
    pub fn start(venv: &Path, work: &Path, port: u16) -> Ralph {
        let app = work.join("ralph-app");
        std::fs::create_dir_all(&app).unwrap();
        let data = work.join("ralph-data");
        std::fs::create_dir_all(&data).unwrap();
        if !app.join("auth.json").exists() {
            Ralph::auth(venv, work, &app);
        }
        let log = work.join("ralph.log");
        let log_file = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        // Ralph's file-system backend, appending (tools/lrs/ralph-lrs.py says why).
        let mut cmd = Command::new(venv.join("bin/python"));
        cmd.arg(root().join("tools/lrs/ralph-lrs.py"))
            .args(["127.0.0.1", &port.to_string()])
            .arg(&data)
            .env("RALPH_APP_DIR", &app)
            .current_dir(work)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file);
        // Its own process group, stopped as a whole at the end.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd.spawn().expect("Ralph starts");
        let ralph = Ralph { child, python: venv.join("bin/python"), log, port };
        ralph.wait_ready();
        ralph
    }

    fn auth(venv: &Path, work: &Path, app: &Path) {
        // The credentials, as `ralph auth` prints them, written to RALPH_APP_DIR/auth.json.
        let auth = Command::new(venv.join("bin/ralph"))
            .args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:trainer@example.com", "-w"])
            .env("RALPH_APP_DIR", app)
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .current_dir(work)
            .output()
            .expect("ralph auth runs");
        assert!(auth.status.success(), "ralph auth: {}", String::from_utf8_lossy(&auth.stderr));
        let creds: Value = serde_json::from_slice(&std::fs::read(app.join("auth.json")).unwrap()).unwrap();
        assert_eq!(creds.as_array().map(|a| a.len()), Some(1), "auth.json is a list of credentials: {creds}");
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_ready(&self) {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(2))).build().into();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(90) {
            if agent.get(format!("http://127.0.0.1:{}/__heartbeat__", self.port)).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!("Ralph did not start within 90 s:\n{}", self.log());
    }

    /// Live (not zombie) processes in Ralph's process group.
    fn live_group_members(&self) -> Vec<u32> {
        let pgid = self.child.id();
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir("/proc") else { return out };
        for e in entries.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
            // pid (comm) state ppid pgrp ...
            let Some(rest) = stat.rfind(')').map(|i| &stat[i + 2..]) else { continue };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            if fields.len() > 2 && fields[2].parse::<u32>() == Ok(pgid) && fields[0] != "Z" {
                out.push(pid);
            }
        }
        out
    }

    fn signal_group(&self, signal: &str) {
        let _ = Command::new(&self.python)
            .args(["-c", &format!("import os, signal; os.killpg({}, signal.{signal})", self.child.id())])
            .status();
    }

    /// Stops the server and every process it started; returns any still alive.
    pub fn stop(&mut self) -> Vec<u32> {
        self.signal_group("SIGTERM");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) && !self.live_group_members().is_empty() {
            let _ = self.child.try_wait();
            std::thread::sleep(Duration::from_millis(100));
        }
        if !self.live_group_members().is_empty() {
            self.signal_group("SIGKILL");
            std::thread::sleep(Duration::from_millis(500));
        }
        let _ = self.child.wait();
        self.live_group_members()
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() || !self.live_group_members().is_empty() {
            self.stop();
        }
    }
}

pub fn get(url: &str, query: &[(&str, &str)]) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent
        .get(format!("{url}/statements"))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Authorization", format!("Basic {}", xapi::base64(format!("{USER}:{PASSWORD}").as_bytes())));
    for (k, v) in query {
        req = req.query(*k, *v);
    }
    let mut resp = req.call().expect("the LRS answers");
    let status = resp.status().as_u16();
    let body = resp.body_mut().read_to_string().unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

pub fn stored_lines(work: &Path) -> usize {
    std::fs::read_to_string(work.join("ralph-data/fs_lrs.jsonl"))
        .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
        .unwrap_or(0)
}

#[test]
fn statements_reach_a_real_lrs_once_even_when_sent_twice() {
    let venv = venv();
    if !venv.join("bin/ralph").is_file() {
        assert!(!in_ci(), "Ralph is required under CI: run tools/lrs/setup.sh (virtualenv {})", venv.display());
        eprintln!(
            "SKIPPED: no Ralph virtualenv at {}; run tools/lrs/setup.sh to test against a real LRS",
            venv.display()
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let records = work.path().join("records");
    let store = room(&records);
    // One call completed the shipped course, as an exam: its course statement goes too.
    let (path, mut finished) =
        record_at(&store, "Anna Lee", &refund(Lang::En), 900, Policy::Best, "2026-03-06T09:00:00Z");
    std::fs::remove_file(&path).unwrap();
    finished.attempt = Attempt {
        exam: true,
        course: Some(CourseAttempt { id: "onboarding".into(), unit: "exam".into(), completed: true }),
    };
    RecordStore::open(&records).unwrap().write(&finished).unwrap();
    // `calmline xapi` names courses from the checkout's dialogues, as here.
    let courses = Library::load(&[root().join("dialogues")], None).courses;
    let scan = scan_folder(&records);
    let statements = |r| xapi::statements_with_courses(r, &Options::default(), &courses);
    let per_session: Vec<(String, usize)> =
        scan.records.iter().map(|(_, r)| (xapi::registration(&r.id).to_string(), statements(r).len())).collect();
    let total: usize = per_session.iter().map(|(_, n)| n).sum();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/xAPI");
    let send = |password: &str| {
        calmline(&[
            "xapi",
            records.to_str().unwrap(),
            "--lrs",
            &url,
            "--user",
            USER,
            "--password",
            password,
            // The room in one request; many batches are tested below.
            "--batch",
            "1000",
            "--timeout",
            "20",
            "--lang",
            "en",
        ])
    };

    // The training room is offline: every statement waits in the queue.
    let offline = send(PASSWORD);
    assert_eq!(offline.status.code(), Some(1), "{}{}", stdout(&offline), stderr(&offline));
    assert!(
        stdout(&offline).contains(&format!("0 accepted by the LRS now, {total} still queued")),
        "{}",
        stdout(&offline)
    );
    assert_eq!(Queue::load(&records).unwrap().pending(&url), total);

    let mut ralph = Ralph::start(&venv, work.path(), port);
    assert_eq!(ralph.url(), url);

    // A wrong password is refused and keeps the queue.
    let refused = send("wrong password");
    assert_eq!(refused.status.code(), Some(1));
    assert!(stdout(&refused).contains("refused the credentials (HTTP 401)"), "{}", stdout(&refused));
    assert_eq!(Queue::load(&records).unwrap().pending(&url), total);

    // Back online: the queue is sent.
    let online = send(PASSWORD);
    assert_eq!(online.status.code(), Some(0), "{}{}\n{}", stdout(&online), stderr(&online), ralph.log());
    assert!(
        stdout(&online).contains(&format!("{total} accepted by the LRS now, 0 still queued")),
        "{}",
        stdout(&online)
    );
    assert_eq!(stored_lines(work.path()), total);

    // Read back: each session's statements under its registration, and one by its id.
    for (registration, n) in &per_session {
        let found = get(&url, &[("registration", registration), ("limit", "100")]);
        let statements = found["statements"].as_array().unwrap();
        assert_eq!(statements.len(), *n, "registration {registration}");
        assert!(statements.iter().all(|s| s["context"]["registration"] == registration.as_str()));
    }
    let (_, first) = &scan.records[0];
    let expected = xapi::statements(first, &Options::default());
    let id = expected[1]["id"].as_str().unwrap();
    let one = get(&url, &[("statementId", id)]);
    // xAPI answers a statementId query with the statement itself; Ralph wraps it in a list.
    let one = match one.get("statements").and_then(Value::as_array) {
        Some(list) => {
            assert_eq!(list.len(), 1, "{one}");
            list[0].clone()
        }
        None => one,
    };
    assert_eq!(one["id"], id);
    assert_eq!(one["verb"]["id"], expected[1]["verb"]["id"]);
    assert_eq!(one["result"]["score"]["raw"], expected[1]["result"]["score"]["raw"]);
    assert_eq!(one["actor"]["account"]["name"], first.trainee.as_str());
    // The course-completion statement was accepted and is kept as sent.
    let completion = xapi::course_statement_id(&finished.id).to_string();
    let stored = get(&url, &[("statementId", &completion)]);
    let stored = stored.get("statements").and_then(|l| l.get(0)).cloned().unwrap_or(stored);
    assert_eq!(stored["verb"]["id"], xapi::VERB_COMPLETED);
    assert_eq!(stored["object"]["id"], "https://calmline.invalid/courses/onboarding");
    assert_eq!(stored["object"]["definition"]["name"]["zh-TW"], "新進人員訓練");

    // Sending again sends nothing: the queue knows what was accepted.
    let again = send(PASSWORD);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains(&format!("{total} accepted earlier, 0 newly queued")), "{}", stdout(&again));
    // Even with the queue lost (another machine, a wiped folder) the LRS keeps one copy of
    // each statement: the ids are the same, and it answers that it already has them.
    std::fs::remove_file(Queue::path(&records)).unwrap();
    let resend = send(PASSWORD);
    assert_eq!(resend.status.code(), Some(0), "{}{}", stdout(&resend), stderr(&resend));
    assert!(
        stdout(&resend).contains(&format!("{total} accepted by the LRS now, 0 still queued")),
        "{}",
        stdout(&resend)
    );
    assert_eq!(stored_lines(work.path()), total, "no statement is stored twice");
    for (registration, n) in &per_session {
        let found = get(&url, &[("registration", registration), ("limit", "100")]);
        assert_eq!(found["statements"].as_array().unwrap().len(), *n);
    }

    let alive = ralph.stop();
    assert!(alive.is_empty(), "Ralph's processes left running: {alive:?}");
}
