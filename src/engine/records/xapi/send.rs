//! Sending statements to a Learning Record Store through the queue kept in each records
//! folder (`queue.rs`): what an LRS has not accepted yet waits there for the next run, and
//! what it has accepted is never sent again. The engine holds no network client: the
//! command line brings a [`Transport`] that speaks HTTP (`cli/xapi/lrs.rs`), tests bring
//! their own.

use super::id_of;
use super::queue::{Queue, QueueError, endpoint_key};
use serde_json::Value;
use std::collections::BTreeSet;
use uuid::Uuid;

/// An HTTP answer from an LRS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// How statements reach an LRS: over HTTP from the command line; tests use their own.
pub trait Transport {
    /// POST a batch to the statements resource. `Err` when the LRS cannot be reached.
    fn post(&mut self, statements: &[Value]) -> Result<Answer, String>;
    /// PUT one statement with its id.
    fn put(&mut self, id: Uuid, statement: &Value) -> Result<Answer, String>;
}

/// Why sending stopped before the queue was empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// No answer (no network, wrong address, the LRS is down).
    Unreachable(String),
    /// 401 or 403: wrong user or password, or no right to write statements.
    Refused { status: u16, body: String },
    /// Any other answer the LRS should not give.
    Server { status: u16, body: String },
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Unreachable(e) => write!(f, "the LRS cannot be reached: {e}"),
            Stop::Refused { status, body } => {
                write!(f, "the LRS refused the credentials (HTTP {status}): {}", short(body))
            }
            Stop::Server { status, body } => write!(f, "the LRS answered HTTP {status}: {}", short(body)),
        }
    }
}

fn short(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 300 { flat.chars().take(299).chain(std::iter::once('…')).collect() } else { flat }
}

/// What one sending run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// Statements the LRS accepted in this run (stored now, or already held).
    pub accepted: usize,
    /// Of those, ids the LRS already held with a different content (HTTP 409); the LRS
    /// keeps its own copy.
    pub conflicts: Vec<Uuid>,
    /// Statements the LRS rejected as invalid, with its answer; they stay queued.
    pub rejected: Vec<(Uuid, String)>,
    /// Why sending stopped early, if it did.
    pub stop: Option<Stop>,
    /// Statements still queued for this LRS.
    pub left: usize,
}

/// Sends what is queued for `endpoint` in batches of `batch`, saving the queue through
/// `save` after each batch so that an interrupted run keeps what was accepted.
pub fn send(
    queue: &mut Queue,
    endpoint: &str,
    transport: &mut dyn Transport,
    batch: usize,
    save: &mut dyn FnMut(&mut Queue) -> Result<(), QueueError>,
) -> Result<Sent, QueueError> {
    let mut sender = Sender::default();
    sender.send(queue, endpoint, transport, batch, true, save)?;
    Ok(sender.finish(queue, endpoint))
}

/// Sending spread over a run that queues statements as it makes them: each call sends
/// the full batches waiting (or everything, to finish), and nothing more once the LRS
/// has stopped the run.
#[derive(Clone, Debug, Default)]
pub struct Sender {
    sent: Sent,
    /// Statements the LRS rejected in this run: not offered again until the next run.
    rejected: BTreeSet<Uuid>,
    /// Whether the pending statements were checked against the accepted ids.
    pruned: bool,
}

impl Sender {
    /// Whether the LRS stopped this run (unreachable, refused, or broken).
    pub fn stopped(&self) -> bool {
        self.sent.stop.is_some()
    }

    /// Sends what is queued for `endpoint` in batches of `batch`: only full batches
    /// unless `all`. The queue goes through `save` after each batch.
    pub fn send(
        &mut self,
        queue: &mut Queue,
        endpoint: &str,
        transport: &mut dyn Transport,
        batch: usize,
        all: bool,
        save: &mut dyn FnMut(&mut Queue) -> Result<(), QueueError>,
    ) -> Result<(), QueueError> {
        let key = endpoint_key(endpoint);
        let batch = batch.max(1);
        if !self.pruned {
            queue.prune(&key);
            self.pruned = true;
        }
        while !self.stopped() {
            // The first `batch` statements not rejected in this run, within the first
            // `reach` of the queue (rejected ones stay at its front).
            let Some((chunk, reach)) = queue.front(&key, batch, &self.rejected, all)? else { break };
            let done = self.post(transport, &chunk);
            self.sent.accepted += done.len();
            queue.accept(&key, &done, reach);
            save(queue)?;
        }
        Ok(())
    }

    /// One batch: the ids the LRS accepted (or already held).
    fn post(&mut self, transport: &mut dyn Transport, chunk: &[Value]) -> Vec<Uuid> {
        let sent = &mut self.sent;
        let mut done: Vec<Uuid> = Vec::new();
        match transport.post(chunk) {
            Ok(a) if a.status == 200 || a.status == 204 => done.extend(chunk.iter().filter_map(id_of)),
            Ok(a) if matches!(a.status, 400 | 409 | 413 | 422) => {
                // The batch as a whole was refused: one statement at a time finds which.
                for st in chunk {
                    let Some(id) = id_of(st) else { continue };
                    match transport.put(id, st) {
                        Ok(a) if a.status == 200 || a.status == 204 => done.push(id),
                        Ok(a) if a.status == 409 => {
                            sent.conflicts.push(id);
                            done.push(id);
                        }
                        Ok(a) if matches!(a.status, 400 | 413 | 422) => {
                            self.rejected.insert(id);
                            sent.rejected.push((id, short(&a.body)));
                        }
                        Ok(a) if a.status == 401 || a.status == 403 => {
                            sent.stop = Some(Stop::Refused { status: a.status, body: a.body });
                            break;
                        }
                        Ok(a) => {
                            sent.stop = Some(Stop::Server { status: a.status, body: a.body });
                            break;
                        }
                        Err(e) => {
                            sent.stop = Some(Stop::Unreachable(e));
                            break;
                        }
                    }
                }
            }
            Ok(a) if a.status == 401 || a.status == 403 => {
                sent.stop = Some(Stop::Refused { status: a.status, body: a.body })
            }
            Ok(a) => sent.stop = Some(Stop::Server { status: a.status, body: a.body }),
            Err(e) => sent.stop = Some(Stop::Unreachable(e)),
        }
        done
    }

    /// What the run did, with what is still queued for `endpoint`.
    pub fn finish(mut self, queue: &Queue, endpoint: &str) -> Sent {
        self.sent.left = queue.pending(endpoint);
        self.sent
    }
}

/// Standard base64 with padding, for the basic authentication header.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"user:pass word"), "dXNlcjpwYXNzIHdvcmQ=");
        assert_eq!(base64("王:密".as_bytes()), "546LOuWvhg==");
    }
}
