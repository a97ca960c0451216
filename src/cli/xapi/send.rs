//! Sending a records folder's statements to an LRS as they are made: each folder keeps
//! its queue; full batches go at once, the rest at the end.

use crate::engine::Lang;
use crate::engine::records::xapi::{Queue, QueueError, Sender, Transport};
use crate::text::{fill, strings};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How often the queue is synced to the disk while sending: after every batch the syncs
/// would take longer than the sending. A run stopped in between sends again what it sent
/// since, and the LRS keeps one copy of each statement by its id.
const SAVE_EVERY: Duration = Duration::from_secs(2);

pub struct Folder {
    dir: PathBuf,
    url: String,
    batch: usize,
    queue: Queue,
    queued: HashSet<Uuid>,
    sender: Sender,
    /// Whether the queue can be written (a read-only share still sends).
    keep: bool,
    /// Statements neither sent nor kept: the LRS stopped the run and the queue cannot be
    /// written, so they are only counted (the next run rebuilds them from the records).
    unkept: usize,
    last_save: Instant,
    /// A queue that could not be read or written: this folder sends no more.
    failed: Option<QueueError>,
    statements: usize,
    sessions: usize,
    before: usize,
    added: usize,
    waiting: usize,
}

impl Folder {
    /// The folder's queue for `url`; `None` for a folder that does not exist (the default
    /// records folder before the game saved a call).
    pub fn open(dir: &Path, url: &str, batch: usize, lang: Lang) -> Option<Folder> {
        let t = strings(lang);
        if !dir.is_dir() {
            return None;
        }
        let (queue, failed) = match Queue::load(dir) {
            Ok(q) => (q, None),
            Err(e @ QueueError::Damaged { .. }) => {
                outln!("{}", fill(t.warning, &[&e]));
                // Set aside: an empty queue starts in its place.
                match Queue::load(dir) {
                    Ok(q) => (q, None),
                    Err(e) => (Queue::default(), Some(e)),
                }
            }
            Err(e) => (Queue::default(), Some(e)),
        };
        let queued = queue.queued(url);
        let waiting = queue.pending(url);
        let mut folder = Folder {
            dir: dir.to_path_buf(),
            url: url.to_string(),
            batch,
            queue,
            queued,
            sender: Sender::default(),
            keep: true,
            unkept: 0,
            last_save: Instant::now(),
            failed,
            statements: 0,
            sessions: 0,
            before: 0,
            added: 0,
            waiting,
        };
        if folder.failed.is_none()
            && let Err(e) = folder.queue.save()
        {
            outln!("{}", fill(t.warning, &[&fill(t.xapi_queue_not_saved, &[&e])]));
            folder.keep = false;
        }
        Some(folder)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Queues one session's statements, and sends the full batches waiting.
    pub fn push(&mut self, statements: Vec<Value>, lrs: &mut dyn Transport) {
        if self.failed.is_some() {
            return;
        }
        self.statements += statements.len();
        self.sessions += 1;
        let (added, before) = if !self.keep && self.sender.stopped() {
            let counted = self.queue.count_known(&self.url, &statements, &mut self.queued);
            self.unkept += counted.0;
            counted
        } else {
            self.queue.enqueue_known(&self.url, statements, &mut self.queued)
        };
        self.added += added;
        self.before += before;
        self.waiting += added;
        self.send(lrs, false);
    }

    fn send(&mut self, lrs: &mut dyn Transport, all: bool) {
        if self.failed.is_some() || self.sender.stopped() {
            return;
        }
        let (keep, last_save) = (self.keep, &mut self.last_save);
        let mut save = |q: &mut Queue| {
            if keep && (all || last_save.elapsed() >= SAVE_EVERY) {
                *last_save = Instant::now();
                q.save()
            } else {
                Ok(())
            }
        };
        if let Err(e) = self.sender.send(&mut self.queue, &self.url, lrs, self.batch, all, &mut save) {
            self.failed = Some(e);
        }
    }

    /// Sends what is left, keeps the queue, and says what happened. Returns the exit code:
    /// 0 when nothing is left to send.
    pub fn finish(mut self, lrs: &mut dyn Transport, lang: Lang) -> i32 {
        let t = strings(lang);
        self.send(lrs, true);
        if self.failed.is_none()
            && self.keep
            && let Err(e) = self.queue.save()
        {
            self.failed = Some(e);
        }
        if let Some(e) = &self.failed {
            eprintln!("{}", fill(t.error, &[e]));
            return 1;
        }
        let mut sent = self.sender.finish(&self.queue, &self.url);
        sent.left += self.unkept;
        outln!(
            "{}",
            fill(
                t.xapi_sent,
                &[
                    &self.dir.display(),
                    &self.statements,
                    &self.sessions,
                    &self.before,
                    &self.added,
                    &self.waiting,
                    &sent.accepted,
                    &sent.left
                ]
            )
        );
        if !sent.conflicts.is_empty() {
            outln!("{}", fill(t.xapi_conflicts, &[&sent.conflicts.len()]));
        }
        for (id, why) in &sent.rejected {
            outln!("{}", fill(t.xapi_rejected, &[id, why]));
        }
        if let Some(stop) = &sent.stop {
            outln!("{}", fill(t.xapi_stopped, &[stop, &Queue::path(&self.dir).display()]));
        }
        if sent.left > 0 { 1 } else { 0 }
    }
}
