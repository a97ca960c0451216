//! The queue's own types, shared by its files: the queue, the part of it for each LRS, and
//! where each pending statement is (in memory or a line of the file).

use super::file::QueueFile;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use uuid::Uuid;

/// A pending statement: its id, and where it is.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) id: Uuid,
    pub(super) at: Slot,
}

#[derive(Debug)]
pub(super) enum Slot {
    /// Queued in this run and not written yet.
    Memory(Box<Value>),
    /// A line of the file (or of the lines not written yet, past `QueueFile::end`).
    Line { offset: u64, len: u64 },
}

/// What waits for one LRS, and what it has accepted.
#[derive(Debug, Default)]
pub struct EndpointQueue {
    pub(super) accepted: BTreeSet<Uuid>,
    pub(super) pending: VecDeque<Entry>,
}

impl EndpointQueue {
    /// Ids of statements the LRS has accepted (or already held).
    pub fn accepted(&self) -> &BTreeSet<Uuid> {
        &self.accepted
    }

    /// Ids of the statements not accepted yet, in the order they were queued.
    pub fn pending_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.pending.iter().map(|e| e.id)
    }

    /// How many statements wait.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}

/// What is waiting to be sent to each LRS, and what each has accepted. [`Queue::load`]
/// gives a folder's queue, kept in its file; `Queue::default()` is a queue in memory only.
#[derive(Debug, Default)]
pub struct Queue {
    /// By LRS endpoint (its address without a trailing slash).
    pub(super) endpoints: BTreeMap<String, EndpointQueue>,
    pub(super) file: Option<QueueFile>,
    /// Pending statements held in memory.
    pub(super) in_memory: usize,
}
