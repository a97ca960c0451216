//! The queue kept in each records folder: per LRS, the statements it has not accepted yet,
//! in the order they were queued, and the ids of those it has accepted. Pending statements
//! live in the file, not in memory: the queue holds their ids and where their lines are,
//! so a training room queued while the LRS is down costs disk space, not memory.
//!
//! The file (`.calmline-xapi-queue.json`) is JSON lines, one object per line:
//!
//! ```text
//! {"calmline_xapi_queue":2}
//! {"lrs":"https://lrs.example.com/xAPI","statement":{…}}
//! {"lrs":"https://lrs.example.com/xAPI","accepted":["…","…"]}
//! ```
//!
//! The first line gives the format. A `statement` line queues a statement for that LRS; an
//! `accepted` line records ids it has accepted. What waits for an LRS is its statements, in
//! the order of their lines, less the ids accepted anywhere in the file. A run appends
//! lines; [`Queue::save`] writes them and syncs the file; when more than half of the file
//! is statements accepted since, it is rewritten (a temporary file renamed over it) with
//! the accepted ids first, then the pending statements in order. A last line without its
//! line break (a run killed while writing) is dropped when the file is read; a damaged
//! line anywhere else sets the whole file aside.
//!
//! The format written by earlier versions, one JSON document (`"calmline_xapi_queue": 1`),
//! is read one statement at a time and rewritten in this format when it is first loaded.
//!
//! The parts, each importing only those before it:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `queue/file.rs` | the file: its name, lines and constants, `QueueFile`, writing beside it and renaming, [`QueueError`] |
//! | `queue/types.rs` | [`Queue`], [`EndpointQueue`] (what waits for one LRS) and where each pending statement is |
//! | `queue/old_format.rs` | reading the earlier format one piece at a time |
//! | `queue/load.rs` | [`Queue::load`]'s work: reading the file, converting the earlier format, setting a damaged file aside |
//!
//! This file holds what the queue does: adding, reading, accepting, saving and rewriting.

mod file;
mod load;
mod old_format;
mod types;

pub use file::{QUEUE_FILE, QueueError};
pub use types::{EndpointQueue, Queue};

use super::id_of;
use file::{
    HEADER, ID_BYTES, IDS_PER_LINE, IN_MEMORY, REWRITE_AT, StatementLine, WRITE_AT, accepted_line, io_of,
    open_appending, statement_line, write_temporary,
};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use types::{Entry, Slot};
use uuid::Uuid;

/// The queue key of an LRS endpoint.
pub fn endpoint_key(endpoint: &str) -> String {
    endpoint.trim().trim_end_matches('/').to_string()
}

impl Queue {
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(QUEUE_FILE)
    }

    /// The queue kept in a records folder; empty when there is none yet. A queue in the
    /// earlier single-document format is rewritten in the current one. A damaged queue is
    /// renamed aside and reported: the statements can be rebuilt from the records, so at
    /// worst some are sent again, and the LRS ignores those by their ids.
    pub fn load(dir: &Path) -> Result<Queue, QueueError> {
        Queue::load_file(&Queue::path(dir))
    }

    /// Makes the queue last: writes what is gathered, creating the file if there is none,
    /// and syncs it; rewrites it when more than half of it is no longer needed. Fails when
    /// the folder cannot be written. A queue in memory only has nothing to do.
    pub fn save(&mut self) -> Result<(), QueueError> {
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        if let Some(e) = file.deferred.take() {
            return Err(e);
        }
        if let Some((kind, message)) = &file.cannot_write {
            return Err(file.write_error(io::Error::new(*kind, message.clone())));
        }
        self.spill()?;
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        let accepted: u64 = self.endpoints.values().map(|q| q.accepted.len() as u64).sum();
        let needed = HEADER.len() as u64 + file.live + accepted * ID_BYTES;
        let garbage = file.next_offset().saturating_sub(needed);
        if garbage > REWRITE_AT && garbage > needed {
            return self.rewrite();
        }
        file.write_lines()?;
        file.create()?;
        if file.unsynced {
            if let Some(f) = &file.file {
                f.sync_data().map_err(|e| file.write_error(e))?;
            }
            file.unsynced = false;
        }
        Ok(())
    }

    /// Moves the statements held in memory to the lines to write.
    fn spill(&mut self) -> Result<(), QueueError> {
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        if self.in_memory == 0 || !file.writable() {
            return Ok(());
        }
        for (key, q) in &mut self.endpoints {
            // Statements in memory are the last ones queued.
            let start = q.pending.iter().rposition(|e| !matches!(e.at, Slot::Memory(_))).map_or(0, |i| i + 1);
            for e in q.pending.range_mut(start..) {
                let Slot::Memory(st) = &e.at else { continue };
                let offset = file.next_offset();
                statement_line(&mut file.lines, key, st).map_err(|e| file.write_error(e))?;
                let len = file.next_offset() - offset;
                file.live += len;
                e.at = Slot::Line { offset, len };
            }
        }
        self.in_memory = 0;
        if file.lines.len() >= WRITE_AT {
            file.write_lines()?;
        }
        Ok(())
    }

    /// Spills when many statements are held in memory; a failure is reported by the next
    /// [`Queue::save`], the statements staying in memory meanwhile.
    fn spill_if_many(&mut self) {
        if self.in_memory < IN_MEMORY {
            return;
        }
        let Some(file) = self.file.as_ref() else { return };
        if file.deferred.is_some() || !file.writable() {
            return;
        }
        if let Err(e) = self.spill()
            && let Some(file) = self.file.as_mut()
        {
            file.deferred = Some(e);
        }
    }

    /// Writes the whole queue anew: the accepted ids, then the pending statements in order.
    fn rewrite(&mut self) -> Result<(), QueueError> {
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        let mut slots: Vec<(u64, u64)> = Vec::new();
        let mut line = Vec::new();
        let written = write_temporary(&file.path, |out| {
            out.write_all(HEADER)?;
            let mut at = HEADER.len() as u64;
            for (key, q) in &self.endpoints {
                let ids: Vec<&Uuid> = q.accepted.iter().collect();
                for chunk in ids.chunks(IDS_PER_LINE) {
                    line.clear();
                    accepted_line(&mut line, key, chunk.iter().copied())?;
                    out.write_all(&line)?;
                    at += line.len() as u64;
                }
                for e in &q.pending {
                    let bytes = match &e.at {
                        Slot::Memory(st) => {
                            line.clear();
                            statement_line(&mut line, key, st)?;
                            Cow::Borrowed(&line)
                        }
                        Slot::Line { offset, len } => Cow::Owned(file.line(*offset, *len).map_err(io_of)?),
                    };
                    out.write_all(&bytes)?;
                    slots.push((at, bytes.len() as u64));
                    at += bytes.len() as u64;
                }
            }
            Ok(())
        });
        let tmp = written.map_err(|e| file.write_error(e))?;
        // The old file is closed before it is replaced (some systems refuse to replace an
        // open file); the handle and the offsets follow the new one.
        file.file = None;
        let renamed = fs::rename(&tmp, &file.path);
        let reopened = open_appending(&file.path);
        if let Err(e) = renamed {
            let _ = fs::remove_file(&tmp);
            file.file = reopened.ok();
            return Err(file.write_error(e));
        }
        let f = reopened.map_err(|e| file.write_error(e))?;
        file.end = f.metadata().map_err(|e| file.write_error(e))?.len();
        file.file = Some(f);
        file.lines.clear();
        file.live = slots.iter().map(|s| s.1).sum();
        file.unsynced = false;
        let mut slots = slots.into_iter();
        for q in self.endpoints.values_mut() {
            for (e, (offset, len)) in q.pending.iter_mut().zip(&mut slots) {
                e.at = Slot::Line { offset, len };
            }
        }
        self.in_memory = 0;
        Ok(())
    }

    /// Adds the statements not yet accepted by nor queued for `endpoint`. Returns how
    /// many were added and how many had been accepted before.
    pub fn enqueue(&mut self, endpoint: &str, statements: Vec<Value>) -> (usize, usize) {
        let mut queued = self.queued(endpoint);
        self.enqueue_known(endpoint, statements, &mut queued)
    }

    /// The ids queued for `endpoint`, for [`Queue::enqueue_known`].
    pub fn queued(&self, endpoint: &str) -> HashSet<Uuid> {
        self.endpoints.get(&endpoint_key(endpoint)).map_or_else(HashSet::new, |q| q.pending_ids().collect())
    }

    /// [`Queue::enqueue`] for a caller adding statements a few at a time: `queued` holds
    /// the ids queued so far (from [`Queue::queued`], then kept up to date here), so the
    /// pending statements are not read again at each call.
    pub fn enqueue_known(
        &mut self,
        endpoint: &str,
        statements: Vec<Value>,
        queued: &mut HashSet<Uuid>,
    ) -> (usize, usize) {
        let q = self.endpoints.entry(endpoint_key(endpoint)).or_default();
        let (mut added, mut before) = (0, 0);
        for st in statements {
            let Some(id) = id_of(&st) else { continue };
            // Queued in this run or before: an id accepted since then was not accepted
            // *before* this run.
            if queued.contains(&id) {
                continue;
            }
            if q.accepted.contains(&id) {
                before += 1;
            } else {
                queued.insert(id);
                q.pending.push_back(Entry { id, at: Slot::Memory(Box::new(st)) });
                added += 1;
            }
        }
        self.in_memory += added;
        self.spill_if_many();
        (added, before)
    }

    /// What [`Queue::enqueue_known`] would count, without keeping the statements: for a
    /// run that can neither send them nor keep them.
    pub fn count_known(&self, endpoint: &str, statements: &[Value], queued: &mut HashSet<Uuid>) -> (usize, usize) {
        let accepted = self.endpoints.get(&endpoint_key(endpoint)).map(|q| &q.accepted);
        let (mut added, mut before) = (0, 0);
        for id in statements.iter().filter_map(id_of) {
            if queued.contains(&id) {
                continue;
            }
            if accepted.is_some_and(|a| a.contains(&id)) {
                before += 1;
            } else {
                queued.insert(id);
                added += 1;
            }
        }
        (added, before)
    }

    /// Statements waiting for `endpoint`.
    pub fn pending(&self, endpoint: &str) -> usize {
        self.endpoints.get(&endpoint_key(endpoint)).map_or(0, |q| q.pending.len())
    }

    /// What is queued for `endpoint` and what it has accepted.
    pub fn endpoint(&self, endpoint: &str) -> Option<&EndpointQueue> {
        self.endpoints.get(&endpoint_key(endpoint))
    }

    /// Whether nothing is queued nor accepted for any LRS.
    pub fn is_empty(&self) -> bool {
        self.endpoints.values().all(|q| q.accepted.is_empty() && q.pending.is_empty())
    }

    /// The statements waiting for `endpoint`, in order, read from the file: all of them
    /// at once, to look at a queue (the sending reads a batch at a time).
    pub fn pending_statements(&self, endpoint: &str) -> Result<Vec<Value>, QueueError> {
        let Some(q) = self.endpoints.get(&endpoint_key(endpoint)) else { return Ok(Vec::new()) };
        q.pending.iter().map(|e| self.statement(e)).collect()
    }

    /// The statement of a pending entry.
    fn statement(&self, e: &Entry) -> Result<Value, QueueError> {
        let (offset, len) = match &e.at {
            Slot::Memory(st) => return Ok((**st).clone()),
            Slot::Line { offset, len } => (*offset, *len),
        };
        let Some(file) = self.file.as_ref() else {
            return Err(QueueError::Read { path: PathBuf::from(QUEUE_FILE), source: io::ErrorKind::NotFound.into() });
        };
        let bytes = file.line(offset, len)?;
        match serde_json::from_slice::<StatementLine>(&bytes) {
            Ok(line) if id_of(&line.statement) == Some(e.id) => Ok(line.statement),
            _ => Err(file.read_error(io::Error::new(
                io::ErrorKind::InvalidData,
                "the file was changed by another program while this run used it",
            ))),
        }
    }

    /// Drops the statements for `key` that its LRS has accepted already.
    pub(super) fn prune(&mut self, key: &str) {
        let q = self.endpoints.entry(key.to_string()).or_default();
        let accepted = &q.accepted;
        let (mut freed, mut from_memory) = (0, 0);
        q.pending.retain(|e| {
            let keep = !accepted.contains(&e.id);
            if !keep {
                match e.at {
                    Slot::Line { len, .. } => freed += len,
                    Slot::Memory(_) => from_memory += 1,
                }
            }
            keep
        });
        self.in_memory = self.in_memory.saturating_sub(from_memory);
        if let Some(file) = self.file.as_mut() {
            file.live = file.live.saturating_sub(freed);
        }
    }

    /// The first `batch` statements for `key` not in `skip`, within the first `reach`
    /// entries; `None` when fewer than `batch` wait and `all` is false, or none wait.
    pub(super) fn front(
        &self,
        key: &str,
        batch: usize,
        skip: &BTreeSet<Uuid>,
        all: bool,
    ) -> Result<Option<(Vec<Value>, usize)>, QueueError> {
        let Some(q) = self.endpoints.get(key) else { return Ok(None) };
        let (mut picked, mut reach) = (Vec::with_capacity(batch), 0);
        for e in &q.pending {
            if picked.len() == batch {
                break;
            }
            reach += 1;
            if !skip.contains(&e.id) {
                picked.push(e);
            }
        }
        if picked.is_empty() || (picked.len() < batch && !all) {
            return Ok(None);
        }
        let chunk = picked.into_iter().map(|e| self.statement(e)).collect::<Result<Vec<_>, _>>()?;
        Ok(Some((chunk, reach)))
    }

    /// Marks `ids` accepted by `key`'s LRS, and drops them from the first `reach` pending.
    pub(super) fn accept(&mut self, key: &str, ids: &[Uuid], reach: usize) {
        let q = self.endpoints.entry(key.to_string()).or_default();
        let fresh: Vec<Uuid> = ids.iter().copied().filter(|id| q.accepted.insert(*id)).collect();
        let reach = reach.min(q.pending.len());
        let (mut freed, mut from_memory) = (0, 0);
        let kept: Vec<Entry> = q
            .pending
            .drain(..reach)
            .filter(|e| {
                let keep = !q.accepted.contains(&e.id);
                if !keep {
                    match e.at {
                        Slot::Line { len, .. } => freed += len,
                        Slot::Memory(_) => from_memory += 1,
                    }
                }
                keep
            })
            .collect();
        for e in kept.into_iter().rev() {
            q.pending.push_front(e);
        }
        self.in_memory = self.in_memory.saturating_sub(from_memory);
        let Some(file) = self.file.as_mut() else { return };
        file.live = file.live.saturating_sub(freed);
        if fresh.is_empty() || !file.writable() || file.deferred.is_some() {
            return;
        }
        for chunk in fresh.chunks(IDS_PER_LINE) {
            if let Err(e) = accepted_line(&mut file.lines, key, chunk) {
                file.deferred = Some(file.write_error(e));
                return;
            }
        }
        if file.lines.len() >= WRITE_AT
            && let Err(e) = file.write_lines()
        {
            file.deferred = Some(e);
        }
    }
}
