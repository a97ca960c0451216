//! xAPI statements built from records, and the send queue against a scripted LRS. The
//! real LRS (Ralph) is in `lrs.rs`.

use super::{calmline, record_at, refund, room, root, stderr, stdout};
use calmline::engine::call::session::{Attempt, CourseAttempt};
use calmline::engine::judge::simulate::Policy;
use calmline::engine::records::record::{Record, RecordStore, read_record};
use calmline::engine::records::xapi::{
    self, Answer, Options, Queue, Stop, TYPE_INTERACTION, TYPE_SIMULATION, Transport, VERB_ANSWERED, VERB_COMPLETED,
    VERB_FAILED, VERB_PASSED, course_statement_id, id_of, statement_id,
};
use calmline::engine::{EndingKind, Lang, Library};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

fn one(lang: Lang, policy: Policy, seed: u64) -> Record {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    record_at(&store, "王小明", &refund(lang), seed, policy, "2026-03-02T09:00:00Z").1
}

fn verb(st: &Value) -> &str {
    st["verb"]["id"].as_str().unwrap()
}

#[test]
fn a_session_becomes_completed_passed_and_one_answer_per_reply() {
    let r = one(Lang::En, Policy::Best, 3);
    assert_eq!(r.outcome, Some(EndingKind::Resolved));
    let score = r.score.clone().unwrap();
    let opts = Options { home_page: "https://training.example.com/".into(), pass_mark: 65 };
    let st = xapi::statements(&r, &opts);
    let replies = r.turns.iter().filter(|t| t.choice.is_some()).count();
    assert_eq!(st.len(), 2 + replies);
    assert_eq!(verb(&st[0]), VERB_COMPLETED);
    assert_eq!(verb(&st[1]), if score.total >= 65 { VERB_PASSED } else { VERB_FAILED });
    assert!(st[2..].iter().all(|s| verb(s) == VERB_ANSWERED));

    let registration = st[0]["context"]["registration"].as_str().unwrap();
    assert!(registration.parse::<Uuid>().is_ok());
    let mut ids = BTreeSet::new();
    for (i, s) in st.iter().enumerate() {
        assert_eq!(s["actor"]["objectType"], "Agent");
        assert_eq!(s["actor"]["account"]["name"], "王小明");
        assert_eq!(s["actor"]["account"]["homePage"], "https://training.example.com");
        assert_eq!(s["context"]["registration"], registration, "one registration per session");
        let id = id_of(s).unwrap();
        assert_eq!(id.get_version_num(), 5);
        assert!(ids.insert(id), "ids are unique");
        let index = if i < 2 {
            i
        } else {
            2 + r.turns.iter().enumerate().filter(|(_, t)| t.choice.is_some()).nth(i - 2).unwrap().0
        };
        assert_eq!(id, statement_id(&r.id, index));
        assert!(s["timestamp"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok());
    }

    let session = &st[0];
    assert_eq!(session["object"]["id"], "https://training.example.com/scenarios/en/refund");
    assert_eq!(session["object"]["definition"]["type"], TYPE_SIMULATION);
    assert_eq!(session["object"]["definition"]["name"]["en-US"], "The missing refund");
    let result = &session["result"];
    assert_eq!(result["score"]["raw"], score.total);
    assert_eq!(result["score"]["min"], 0);
    assert_eq!(result["score"]["max"], 100);
    assert!((result["score"]["scaled"].as_f64().unwrap() - score.total as f64 / 100.0).abs() < 1e-9);
    assert_eq!(result["success"], score.total >= 65);
    assert_eq!(result["completion"], true);
    // From the start to the end of the call (the test records last seven seconds a turn).
    assert_eq!(result["duration"], xapi::iso_duration(7.0 * r.turns.len() as f64));

    let first = &st[2];
    let t = &r.turns[0];
    let def = &first["object"]["definition"];
    assert_eq!(def["type"], TYPE_INTERACTION);
    assert_eq!(def["interactionType"], "choice");
    assert_eq!(first["object"]["id"], "https://training.example.com/scenarios/en/refund/nodes/open");
    let choices = def["choices"].as_array().unwrap();
    assert_eq!(choices.len(), t.offered.len());
    for (k, (c, o)) in choices.iter().zip(&t.offered).enumerate() {
        assert_eq!(c["id"], format!("reply-{}", k + 1));
        assert_eq!(c["description"]["en-US"], o.text.as_str());
    }
    assert_eq!(first["result"]["response"], format!("reply-{}", t.choice.unwrap() + 1));
    assert_eq!(first["context"]["contextActivities"]["parent"][0]["id"], session["object"]["id"]);

    // The same record always gives the same statements.
    assert_eq!(xapi::statements(&r, &opts), st);
    // A call of free practice completes no course and is no exam.
    assert_eq!(xapi::statements_with_courses(&r, &opts, &[]), st);
    assert!(st.iter().all(|s| s["context"]["extensions"].get("https://training.example.com/xapi/exam").is_none()));
}

#[test]
fn a_call_that_completes_a_course_adds_a_course_completion_statement() {
    let mut r = one(Lang::ZhHant, Policy::Best, 3);
    r.attempt = Attempt {
        exam: true,
        course: Some(CourseAttempt { id: "onboarding".into(), unit: "exam".into(), completed: true }),
    };
    let courses = Library::load(&[root().join("dialogues")], None).courses;
    let opts = Options::default();
    let plain = xapi::statements(&r, &opts);
    let st = xapi::statements_with_courses(&r, &opts, &courses);
    assert_eq!(st.len(), plain.len() + 1, "the session's statements, then the course's");
    assert_eq!(st[..plain.len()], plain[..]);
    // The exam and the course on every statement of the session.
    for s in &plain {
        assert_eq!(s["context"]["extensions"]["https://calmline.invalid/xapi/exam"], true);
        assert_eq!(s["context"]["extensions"]["https://calmline.invalid/xapi/course"], "onboarding");
        assert_eq!(
            s["context"]["contextActivities"]["grouping"][0]["id"],
            "https://calmline.invalid/courses/onboarding"
        );
    }
    let c = st.last().unwrap();
    assert_eq!(verb(c), VERB_COMPLETED);
    assert_eq!(id_of(c), Some(course_statement_id(&r.id)));
    assert!(plain.iter().all(|s| id_of(s) != id_of(c)), "its own id");
    assert_eq!(c["object"]["id"], "https://calmline.invalid/courses/onboarding");
    assert_eq!(c["object"]["definition"]["type"], xapi::TYPE_COURSE);
    let name = &c["object"]["definition"]["name"];
    assert_eq!(
        (name["zh-CN"].as_str(), name["zh-TW"].as_str(), name["en-US"].as_str()),
        (Some("新员工入职培训"), Some("新進人員訓練"), Some("New-hire onboarding"))
    );
    assert_eq!(c["context"]["registration"], plain[0]["context"]["registration"]);
    assert_eq!(c["context"]["contextActivities"]["other"][0]["id"], plain[0]["object"]["id"]);
    assert_eq!(c["context"]["extensions"]["https://calmline.invalid/xapi/course-unit"], "exam");
    assert_eq!(c["timestamp"], r.ended_at.clone().unwrap().as_str());
    assert_eq!(xapi::statements_with_courses(&r, &opts, &courses), st, "the same every time");
    // A course call that did not complete the course gives no course statement.
    r.attempt.course.as_mut().unwrap().completed = false;
    assert_eq!(xapi::statements_with_courses(&r, &opts, &courses).len(), plain.len());
}

#[test]
fn a_lost_call_fails_and_a_chinese_call_is_named_in_chinese() {
    let r = one(Lang::ZhHans, Policy::Worst, 4);
    assert_ne!(r.outcome, Some(EndingKind::Resolved));
    let st = xapi::statements(&r, &Options::default());
    assert_eq!(verb(&st[1]), VERB_FAILED);
    assert_eq!(st[1]["result"]["success"], false);
    assert_eq!(st[0]["object"]["definition"]["name"]["zh-CN"], "没到账的退款");
    assert_eq!(st[0]["context"]["language"], "zh-CN");
    assert!(st[2]["object"]["definition"]["choices"][0]["description"]["zh-CN"].as_str().unwrap().contains('我'));
    // Activity ids keep the folder name `zh`, as before Traditional Chinese: an LRS that
    // already holds statements about this call sees the same activity.
    assert!(st[0]["object"]["id"].as_str().unwrap().ends_with("/scenarios/zh/refund"), "{}", st[0]["object"]["id"]);
}

#[test]
fn a_traditional_chinese_call_is_tagged_for_taiwan() {
    let r = one(Lang::ZhHant, Policy::Best, 4);
    let st = xapi::statements(&r, &Options::default());
    assert_eq!(st[0]["context"]["language"], "zh-TW");
    assert_eq!(st[0]["object"]["definition"]["name"]["zh-TW"], "沒入帳的退款");
    assert!(st[0]["object"]["id"].as_str().unwrap().ends_with("/scenarios/zh-Hant/refund"));
    let display = &st[0]["verb"]["display"];
    assert_eq!(
        (display["en-US"].as_str(), display["zh-CN"].as_str(), display["zh-TW"].as_str()),
        (Some("completed"), Some("完成"), Some("完成"))
    );
    assert_eq!(st[1]["verb"]["display"]["zh-TW"], "通過");
}

#[test]
fn an_interrupted_call_is_attempted_without_a_score() {
    let mut r = one(Lang::En, Policy::Random, 5);
    r.complete = false;
    r.score = None;
    r.outcome = None;
    r.ended_at = None;
    r.debrief = None;
    let st = xapi::statements(&r, &Options::default());
    assert_eq!(verb(&st[0]), xapi::VERB_ATTEMPTED);
    assert_eq!(st[0]["result"]["completion"], false);
    assert!(st[0]["result"].get("score").is_none());
    assert!(st.iter().skip(1).all(|s| verb(s) == VERB_ANSWERED));
}

#[test]
fn the_command_writes_the_same_statements_every_time() {
    let dir = tempfile::tempdir().unwrap();
    room(dir.path());
    std::fs::write(dir.path().join("broken.json"), b"{\"format\":").unwrap();
    let a = dir.path().join("a.json.out");
    let b = dir.path().join("b.json.out");
    for out in [&a, &b] {
        let o = calmline(&["xapi", dir.path().to_str().unwrap(), "--out", out.to_str().unwrap(), "--lang", "en"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("skipped"), "{}", stdout(&o));
        assert!(stdout(&o).contains("from 14 sessions"), "{}", stdout(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let all: Vec<Value> = serde_json::from_slice(&std::fs::read(&a).unwrap()).unwrap();
    let ids: BTreeSet<Uuid> = all.iter().map(|s| id_of(s).unwrap()).collect();
    assert_eq!(ids.len(), all.len());
    assert_eq!(all.iter().filter(|s| verb(s) == VERB_COMPLETED).count(), 14);

    // Without --out or --lrs the JSON goes to stdout, the messages to stderr.
    let o = calmline(&["xapi", dir.path().to_str().unwrap(), "--lang", "en"]);
    let printed: Vec<Value> = serde_json::from_slice(&o.stdout).expect("stdout is the JSON alone");
    assert_eq!(printed, all);
    assert!(stderr(&o).contains("broken.json"));
}

/// A scripted LRS: answers by statement id; `down` makes it unreachable.
#[derive(Default)]
struct FakeLrs {
    stored: HashMap<Uuid, Value>,
    down: bool,
    invalid: BTreeSet<Uuid>,
    posts: usize,
    puts: usize,
}

impl Transport for FakeLrs {
    fn post(&mut self, statements: &[Value]) -> Result<Answer, String> {
        if self.down {
            return Err("connection refused".into());
        }
        self.posts += 1;
        let ids: Vec<Uuid> = statements.iter().map(|s| id_of(s).unwrap()).collect();
        if ids.iter().any(|id| self.invalid.contains(id)) {
            return Ok(Answer { status: 400, body: "invalid statement".into() });
        }
        if statements.iter().any(|s| self.stored.get(&id_of(s).unwrap()).is_some_and(|old| old != s)) {
            return Ok(Answer { status: 409, body: "conflict".into() });
        }
        let fresh: Vec<&Value> = statements.iter().filter(|s| !self.stored.contains_key(&id_of(s).unwrap())).collect();
        if fresh.is_empty() {
            return Ok(Answer { status: 204, body: String::new() });
        }
        for s in fresh {
            self.stored.insert(id_of(s).unwrap(), s.clone());
        }
        Ok(Answer { status: 200, body: "[]".into() })
    }

    fn put(&mut self, id: Uuid, statement: &Value) -> Result<Answer, String> {
        self.puts += 1;
        if self.invalid.contains(&id) {
            return Ok(Answer { status: 400, body: "invalid statement".into() });
        }
        match self.stored.get(&id) {
            Some(old) if old != statement => Ok(Answer { status: 409, body: "conflict".into() }),
            Some(_) => Ok(Answer { status: 204, body: String::new() }),
            None => {
                self.stored.insert(id, statement.clone());
                Ok(Answer { status: 204, body: String::new() })
            }
        }
    }
}

const LRS: &str = "https://lrs.example.com/xAPI/";

#[test]
fn a_room_without_network_loses_nothing_and_sends_later() {
    let dir = tempfile::tempdir().unwrap();
    let store = room(dir.path());
    let scan = calmline::engine::records::record::scan_folder(store.dir());
    let statements: Vec<Value> =
        scan.records.iter().flat_map(|(_, r)| xapi::statements(r, &Options::default())).collect();
    let total = statements.len();
    let dir = store.dir().to_path_buf();
    let mut save = |q: &mut Queue| q.save();

    // No network: everything waits in the queue file.
    let mut queue = Queue::load(&dir).unwrap();
    assert_eq!(queue.enqueue(LRS, statements.clone()), (total, 0));
    let mut lrs = FakeLrs { down: true, ..FakeLrs::default() };
    let sent = xapi::send(&mut queue, LRS, &mut lrs, 20, &mut save).unwrap();
    assert_eq!(sent.accepted, 0);
    assert_eq!(sent.left, total);
    assert!(matches!(sent.stop, Some(Stop::Unreachable(_))));
    let kept = Queue::load(&dir).unwrap();
    assert_eq!(kept.pending(LRS), total, "the queue on disk holds every statement");
    assert!(read_record(&scan.records[0].0).is_ok(), "the queue never disturbs the records");
    assert_eq!(calmline::engine::records::record::scan_folder(&dir).files(), 14, "the queue is not read as a record");

    // The next run, with the network back, sends the queue in batches.
    let mut queue = Queue::load(&dir).unwrap();
    assert_eq!(queue.enqueue(LRS, statements.clone()), (0, 0), "nothing is queued twice");
    let mut lrs = FakeLrs::default();
    let sent = xapi::send(&mut queue, LRS, &mut lrs, 20, &mut save).unwrap();
    assert_eq!((sent.accepted, sent.left, sent.stop.clone()), (total, 0, None));
    assert_eq!(lrs.stored.len(), total);
    assert_eq!(lrs.posts, total.div_ceil(20));

    // A third run has nothing to send.
    let mut queue = Queue::load(&dir).unwrap();
    assert_eq!(queue.enqueue(LRS, statements.clone()), (0, total));
    let posts = lrs.posts;
    let sent = xapi::send(&mut queue, LRS, &mut lrs, 20, &mut save).unwrap();
    assert_eq!((sent.accepted, sent.left), (0, 0));
    assert_eq!(lrs.posts, posts, "accepted statements are not sent again");

    // Another LRS has its own queue.
    let other = "https://other.example.com/xAPI";
    assert_eq!(queue.enqueue(other, statements), (total, 0));
}

#[test]
fn known_ids_count_as_accepted_and_invalid_statements_stay_queued() {
    let dir = tempfile::tempdir().unwrap();
    let r = one(Lang::En, Policy::Best, 8);
    let statements = xapi::statements(&r, &Options::default());
    let mut lrs = FakeLrs::default();
    // The LRS already holds the first statement as sent, and the second with other content.
    lrs.stored.insert(id_of(&statements[0]).unwrap(), statements[0].clone());
    let mut changed = statements[1].clone();
    changed["result"]["score"]["raw"] = serde_json::json!(1);
    lrs.stored.insert(id_of(&changed).unwrap(), changed);
    let bad = id_of(&statements[3]).unwrap();
    lrs.invalid.insert(bad);

    let mut queue = Queue::load(dir.path()).unwrap();
    queue.enqueue(LRS, statements.clone());
    let sent = xapi::send(&mut queue, LRS, &mut lrs, 50, &mut |q: &mut Queue| q.save()).unwrap();
    assert_eq!(sent.accepted, statements.len() - 1);
    assert_eq!(sent.conflicts, vec![id_of(&statements[1]).unwrap()]);
    assert_eq!(sent.rejected.len(), 1);
    assert_eq!(sent.rejected[0].0, bad);
    assert_eq!(sent.left, 1, "the rejected statement stays queued");
    assert_eq!(Queue::load(dir.path()).unwrap().pending(LRS), 1);
    assert!(lrs.puts >= statements.len(), "a refused batch is retried one statement at a time");
}

#[test]
fn a_damaged_queue_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(Queue::path(dir.path()), b"{ not json").unwrap();
    let err = Queue::load(dir.path()).unwrap_err();
    assert!(matches!(err, xapi::QueueError::Damaged { .. }), "{err}");
    assert!(!Queue::path(dir.path()).exists());
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".damaged-"));
    assert_eq!(aside.count(), 1);
    assert!(Queue::load(dir.path()).unwrap().is_empty());
}

#[test]
fn the_command_queues_when_the_lrs_cannot_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    record_at(&store, "Anna", &refund(Lang::En), 1, Policy::Best, "2026-03-02T09:00:00Z");
    // A port with nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/xAPI");
    let args = [
        "xapi",
        dir.path().to_str().unwrap(),
        "--lrs",
        &url,
        "--user",
        "u",
        "--password",
        "p",
        "--timeout",
        "5",
        "--lang",
        "en",
    ];
    let o = calmline(&args);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Sending stopped: the LRS cannot be reached"), "{}", stdout(&o));
    assert!(stdout(&o).contains("still queued"), "{}", stdout(&o));
    let queue = Queue::load(dir.path()).unwrap();
    assert!(queue.pending(&url) > 2);

    assert_eq!(calmline(&["xapi", dir.path().to_str().unwrap(), "--lrs", "ftp://x"]).status.code(), Some(2));
    assert_eq!(calmline(&["xapi", dir.path().to_str().unwrap(), "--lrs", &url, "--user", "u"]).status.code(), Some(2));
    assert_eq!(calmline(&["xapi", dir.path().to_str().unwrap(), "--user", "u"]).status.code(), Some(2));
}
