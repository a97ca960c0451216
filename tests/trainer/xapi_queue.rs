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
    let endpoint = &queue.endpoints[&xapi::endpoint_key(LRS)];
    let accepted: HashSet<Uuid> = all[..20].iter().filter_map(id_of).collect();
    assert_eq!(endpoint.accepted.iter().copied().collect::<HashSet<_>>(), accepted);
    let pending: Vec<Uuid> = endpoint.pending.iter().filter_map(id_of).collect();
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
    let endpoint = &queue.endpoints[&xapi::endpoint_key(LRS)];
    assert_eq!(endpoint.accepted.len(), total);
    assert!(endpoint.pending.is_empty());
}
