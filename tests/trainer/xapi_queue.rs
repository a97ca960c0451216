//! The queue while statements are made and sent in the same run ([`Sender`]): full
//! batches go at once, the queue keeps exactly what the LRS has not accepted, and the ids
//! of what it has.

use super::room;
use calmline::engine::records::record::scan_folder;
use calmline::engine::records::xapi::{self, Answer, Options, Queue, Sender, Stop, Transport, id_of};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

const LRS: &str = "https://lrs.example.com/xAPI";

/// Stores by id; a statement held with another content makes the batch 409; after
/// `up_for` requests it is unreachable.
#[derive(Default)]
struct Lrs {
    stored: HashMap<Uuid, Value>,
    up_for: Option<usize>,
    posts: usize,
    batches: Vec<usize>,
}

impl Transport for Lrs {
    fn post(&mut self, statements: &[Value]) -> Result<Answer, String> {
        if self.up_for.is_some_and(|n| self.posts >= n) {
            return Err("connection refused".into());
        }
        self.posts += 1;
        self.batches.push(statements.len());
        if statements.iter().any(|s| self.stored.get(&id_of(s).unwrap()).is_some_and(|old| old != s)) {
            return Ok(Answer { status: 409, body: "conflict".into() });
        }
        for s in statements {
            self.stored.entry(id_of(s).unwrap()).or_insert_with(|| s.clone());
        }
        Ok(Answer { status: 200, body: "[]".into() })
    }

    fn put(&mut self, id: Uuid, statement: &Value) -> Result<Answer, String> {
        match self.stored.get(&id) {
            Some(old) if old != statement => Ok(Answer { status: 409, body: "conflict".into() }),
            _ => {
                self.stored.insert(id, statement.clone());
                Ok(Answer { status: 204, body: String::new() })
            }
        }
    }
}

fn sessions() -> Vec<Vec<Value>> {
    let dir = tempfile::tempdir().unwrap();
    room(dir.path());
    scan_folder(dir.path()).records.iter().map(|(_, r)| xapi::statements(r, &Options::default())).collect()
}

/// Queues and sends session by session, as `calmline xapi --lrs` does.
fn run(queue: &mut Queue, lrs: &mut Lrs, sessions: &[Vec<Value>], batch: usize) -> xapi::Sent {
    let mut sender = Sender::default();
    let mut queued = queue.queued(LRS);
    for s in sessions {
        queue.enqueue_known(LRS, s.clone(), &mut queued);
        sender.send(queue, LRS, lrs, batch, false, &mut |_| Ok(())).unwrap();
        assert!(sender.stopped() || queue.pending(LRS) < batch, "a full batch waits");
    }
    sender.send(queue, LRS, lrs, batch, true, &mut |_| Ok(())).unwrap();
    sender.finish(queue, LRS)
}

#[test]
fn full_batches_go_as_statements_are_made_and_the_queue_keeps_only_the_unsent() {
    let sessions = sessions();
    let all: Vec<Value> = sessions.concat();
    let total = all.len();
    let ids: HashSet<Uuid> = all.iter().filter_map(id_of).collect();
    let mut lrs = Lrs { up_for: Some(5), ..Lrs::default() };
    // The LRS already holds one statement as sent and another with a different content.
    lrs.stored.insert(id_of(&all[0]).unwrap(), all[0].clone());
    let mut changed = all[7].clone();
    changed["result"]["duration"] = "PT1S".into();
    lrs.stored.insert(id_of(&all[7]).unwrap(), changed);

    // Five batches of four, then the LRS is down.
    let mut queue = Queue::default();
    let sent = run(&mut queue, &mut lrs, &sessions, 4);
    assert_eq!(lrs.batches, vec![4; 5]);
    assert_eq!(sent.accepted, 20);
    assert_eq!(sent.conflicts, vec![id_of(&all[7]).unwrap()]);
    assert!(matches!(sent.stop, Some(Stop::Unreachable(_))));
    assert_eq!(sent.left, total - 20);
    let endpoint = queue.endpoint(LRS).unwrap();
    let accepted: HashSet<Uuid> = all[..20].iter().filter_map(id_of).collect();
    assert_eq!(endpoint.accepted().iter().copied().collect::<HashSet<_>>(), accepted);
    let pending: Vec<Uuid> = endpoint.pending_ids().collect();
    let unsent: Vec<Uuid> = all[20..].iter().filter_map(id_of).collect();
    assert_eq!(pending, unsent, "exactly the unsent statements, in order");

    // Back up: the rest goes, each statement once; then nothing is left to send.
    lrs.up_for = None;
    let sent = run(&mut queue, &mut lrs, &sessions, 4);
    assert_eq!((sent.accepted, sent.left, sent.stop.clone()), (total - 20, 0, None));
    assert_eq!(lrs.stored.len(), total);
    assert_eq!(lrs.stored.keys().copied().collect::<HashSet<_>>(), ids);
    let posts = lrs.posts;
    let sent = run(&mut queue, &mut lrs, &sessions, 4);
    assert_eq!((sent.accepted, sent.left), (0, 0));
    assert_eq!(lrs.posts, posts, "nothing is sent again");
    let endpoint = queue.endpoint(LRS).unwrap();
    assert_eq!(endpoint.accepted().len(), total);
    assert_eq!(endpoint.pending(), 0);
}

/// Statements of about a kilobyte each, numbered from `from`: the queue needs only ids.
fn numbered(from: u128, n: usize) -> Vec<Value> {
    (from..from + n as u128)
        .map(|i| serde_json::json!({"id": Uuid::from_u128(i).to_string(), "n": i as u64, "padding": "x".repeat(1000)}))
        .collect()
}

/// Queues `statements` seven at a time as `calmline xapi --lrs` does, sending as it goes,
/// with the queue saved only at the end.
fn queue_all(queue: &mut Queue, lrs: &mut Lrs, statements: &[Value], batch: usize) -> xapi::Sent {
    let mut sender = Sender::default();
    let mut queued = queue.queued(LRS);
    for s in statements.chunks(7) {
        queue.enqueue_known(LRS, s.to_vec(), &mut queued);
        sender.send(queue, LRS, lrs, batch, false, &mut |_| Ok(())).unwrap();
    }
    sender.send(queue, LRS, lrs, batch, true, &mut |_| Ok(())).unwrap();
    queue.save().unwrap();
    sender.finish(queue, LRS)
}

fn lines(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(Queue::path(dir)).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn many_pending_statements_wait_in_the_file_and_come_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let all = numbered(1, 3000);

    // The LRS is down: every statement goes to the file, one line each after the first.
    let mut queue = Queue::load(dir.path()).unwrap();
    let sent = queue_all(&mut queue, &mut Lrs { up_for: Some(0), ..Lrs::default() }, &all, 50);
    assert!(matches!(sent.stop, Some(Stop::Unreachable(_))));
    assert_eq!(sent.left, 3000);
    drop(queue);
    let text = lines(dir.path());
    assert_eq!(text[0], r#"{"calmline_xapi_queue":2}"#);
    assert_eq!(text.len(), 1 + 3000);
    let queue = Queue::load(dir.path()).unwrap();
    assert_eq!(queue.pending(LRS), 3000);
    assert_eq!(queue.pending_statements(LRS).unwrap(), all, "every statement, in order");

    // The LRS takes forty batches, then is down again: the rest waits, in order.
    let mut queue = Queue::load(dir.path()).unwrap();
    let mut lrs = Lrs { up_for: Some(40), ..Lrs::default() };
    let sent = queue_all(&mut queue, &mut lrs, &all, 50);
    assert_eq!((sent.accepted, sent.left), (2000, 1000));
    drop(queue);
    let queue = Queue::load(dir.path()).unwrap();
    assert_eq!(queue.pending_statements(LRS).unwrap(), all[2000..]);
    let accepted: HashSet<Uuid> = all[..2000].iter().filter_map(id_of).collect();
    assert_eq!(queue.endpoint(LRS).unwrap().accepted().iter().copied().collect::<HashSet<_>>(), accepted);
    // Two thirds of the file were sent: it was written anew with the accepted ids (a
    // thousand a line) and the pending statements.
    assert_eq!(lines(dir.path()).len(), 1 + 2 + 1000);

    // The LRS is back: the rest goes, and the file keeps only the ids.
    let mut queue = Queue::load(dir.path()).unwrap();
    let sent = queue_all(&mut queue, &mut Lrs::default(), &all, 50);
    assert_eq!((sent.accepted, sent.left, sent.stop), (1000, 0, None));
    assert_eq!(lines(dir.path()).len(), 1 + 3);
    let queue = Queue::load(dir.path()).unwrap();
    assert_eq!(queue.pending(LRS), 0);
    assert_eq!(queue.endpoint(LRS).unwrap().accepted().len(), 3000);
}

#[test]
fn a_run_killed_part_way_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let all = numbered(1, 3000);
    let mut queue = Queue::load(dir.path()).unwrap();
    queue.save().unwrap();
    let mut queued = queue.queued(LRS);
    for s in all.chunks(7) {
        queue.enqueue_known(LRS, s.to_vec(), &mut queued);
    }
    // Killed before saving: what reached the file is read back, in order.
    drop(queue);
    let mut queue = Queue::load(dir.path()).unwrap();
    let kept = queue.pending(LRS);
    assert!(kept > 0 && kept < all.len(), "{kept} statements in the file");
    assert_eq!(queue.pending_statements(LRS).unwrap(), all[..kept]);
    // The next run queues the rest from the records.
    assert_eq!(queue.enqueue(LRS, all.clone()), (all.len() - kept, 0));
    queue.save().unwrap();
    drop(queue);
    assert_eq!(Queue::load(dir.path()).unwrap().pending_statements(LRS).unwrap(), all);
}

#[test]
fn a_cut_last_line_is_dropped_and_the_lines_before_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = Queue::path(dir.path());
    let first = numbered(1, 10);
    let mut queue = Queue::load(dir.path()).unwrap();
    queue.enqueue(LRS, first.clone());
    queue.save().unwrap();
    drop(queue);
    let whole = std::fs::read(&path).unwrap();

    // A run killed while writing an eleventh statement.
    let eleventh = numbered(11, 1);
    let line = format!("{{\"lrs\":\"{LRS}\",\"statement\":{}}}\n", eleventh[0]);
    let mut cut = whole.clone();
    cut.extend_from_slice(&line.as_bytes()[..line.len() / 2]);
    std::fs::write(&path, &cut).unwrap();
    let mut queue = Queue::load(dir.path()).unwrap();
    assert_eq!(queue.pending_statements(LRS).unwrap(), first);
    assert_eq!(std::fs::read(&path).unwrap(), whole, "the cut line is gone from the file");
    // What is queued next starts on a line of its own.
    assert_eq!(queue.enqueue(LRS, [first.clone(), eleventh.clone()].concat()), (1, 0));
    queue.save().unwrap();
    drop(queue);
    assert_eq!(Queue::load(dir.path()).unwrap().pending_statements(LRS).unwrap(), [first.clone(), eleventh].concat());

    // A line damaged before the last one sets the file aside.
    let mut text = lines(dir.path());
    text[3] = text[3][..40].to_string();
    std::fs::write(&path, text.join("\n") + "\n").unwrap();
    let err = Queue::load(dir.path()).unwrap_err();
    assert!(matches!(&err, xapi::QueueError::Damaged { message, .. } if message.starts_with("line 4:")), "{err}");
    assert!(!path.exists());
    assert!(Queue::load(dir.path()).unwrap().is_empty());
}

#[test]
fn a_queue_in_the_earlier_format_is_read_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = super::root().join("tests/fixtures/xapi-queue/old-format.json");
    std::fs::copy(&fixture, Queue::path(dir.path())).unwrap();
    let old: Value = serde_json::from_slice(&std::fs::read(&fixture).unwrap()).unwrap();
    let endpoints = old["endpoints"].as_object().unwrap();
    assert_eq!(endpoints.len(), 2);

    let check = |queue: &Queue| {
        for (url, q) in endpoints {
            let pending = q["pending"].as_array().unwrap();
            assert_eq!(queue.pending(url), pending.len());
            assert_eq!(&queue.pending_statements(url).unwrap(), pending, "{url}: the same statements, in order");
            let accepted: Vec<Uuid> =
                q["accepted"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().parse().unwrap()).collect();
            assert_eq!(queue.endpoint(url).unwrap().accepted().iter().copied().collect::<Vec<_>>(), accepted);
        }
    };
    let mut queue = Queue::load(dir.path()).unwrap();
    check(&queue);
    // Rewritten in the current format, with nothing left beside it.
    let text = lines(dir.path());
    assert_eq!(text[0], r#"{"calmline_xapi_queue":2}"#);
    assert_eq!(text.len(), 1 + 1 + 3 + 4);
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, [xapi::QUEUE_FILE]);
    // Queued statements are not queued again, and the queue reads the same once more.
    let url = "https://other.example.com/xAPI";
    assert_eq!(queue.enqueue(url, endpoints[url]["pending"].as_array().unwrap().clone()), (0, 0));
    queue.save().unwrap();
    drop(queue);
    check(&Queue::load(dir.path()).unwrap());
}
