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

use super::id_of;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The queue's file name inside a records folder (hidden, so it is never read as a record).
pub const QUEUE_FILE: &str = ".calmline-xapi-queue.json";
/// The first line of a queue file in the current format.
const HEADER: &[u8] = b"{\"calmline_xapi_queue\":2}\n";
const FORMAT: u32 = 2;
/// How far the first line is looked for: the earlier format is one long line.
const HEADER_CAP: u64 = 4096;
/// Statements kept in memory before they go to the file: those sent at once never do.
const IN_MEMORY: usize = 1024;
/// Bytes of lines gathered before they are written.
const WRITE_AT: usize = 1 << 20;
/// Accepted ids per line when the file is rewritten.
const IDS_PER_LINE: usize = 1000;
/// Bytes an accepted id takes in the file (its quoted form and a comma).
const ID_BYTES: u64 = 39;
/// Bytes of lines no longer needed that a rewrite waits for.
const REWRITE_AT: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot read the xAPI queue {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the xAPI queue {} is damaged ({message}); it was set aside as {}", path.display(), aside.display())]
    Damaged { path: PathBuf, aside: PathBuf, message: String },
    #[error("cannot write the xAPI queue {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// The queue key of an LRS endpoint.
pub fn endpoint_key(endpoint: &str) -> String {
    endpoint.trim().trim_end_matches('/').to_string()
}

/// A pending statement: its id, and where it is.
#[derive(Debug)]
struct Entry {
    id: Uuid,
    at: Slot,
}

#[derive(Debug)]
enum Slot {
    /// Queued in this run and not written yet.
    Memory(Box<Value>),
    /// A line of the file (or of the lines not written yet, past `QueueFile::end`).
    Line { offset: u64, len: u64 },
}

/// What waits for one LRS, and what it has accepted.
#[derive(Debug, Default)]
pub struct EndpointQueue {
    accepted: BTreeSet<Uuid>,
    pending: VecDeque<Entry>,
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
    endpoints: BTreeMap<String, EndpointQueue>,
    file: Option<QueueFile>,
    /// Pending statements held in memory.
    in_memory: usize,
}

/// The file behind a folder's queue.
#[derive(Debug)]
struct QueueFile {
    path: PathBuf,
    /// Open for reading and appending; `None` before the file exists, or when it cannot be
    /// written and does not exist.
    file: Option<File>,
    /// Why the file cannot be written (a read-only share), when it cannot.
    cannot_write: Option<(io::ErrorKind, String)>,
    /// Lines gathered and not written yet; they go at `end`.
    lines: Vec<u8>,
    /// The file's length once written: where `lines` go.
    end: u64,
    /// Bytes of the statement lines still pending.
    live: u64,
    /// Written since the last sync.
    unsynced: bool,
    /// A failure to write outside [`Queue::save`], which the next save reports.
    deferred: Option<QueueError>,
}

impl QueueFile {
    fn new(path: PathBuf) -> QueueFile {
        QueueFile {
            path,
            file: None,
            cannot_write: None,
            lines: Vec::new(),
            end: HEADER.len() as u64,
            live: 0,
            unsynced: false,
            deferred: None,
        }
    }

    fn write_error(&self, source: io::Error) -> QueueError {
        QueueError::Write { path: self.path.clone(), source }
    }

    fn read_error(&self, source: io::Error) -> QueueError {
        QueueError::Read { path: self.path.clone(), source }
    }

    fn writable(&self) -> bool {
        self.cannot_write.is_none()
    }

    /// Where the next line gathered will be.
    fn next_offset(&self) -> u64 {
        self.end + self.lines.len() as u64
    }

    /// Creates the file with its first line (a temporary file renamed, so it is never
    /// found half made), unless it is open already.
    fn create(&mut self) -> Result<(), QueueError> {
        if self.file.is_some() {
            return Ok(());
        }
        if let Some((kind, message)) = &self.cannot_write {
            return Err(self.write_error(io::Error::new(*kind, message.clone())));
        }
        let result =
            write_atomically(&self.path, |out| out.write_all(HEADER)).and_then(|()| open_appending(&self.path));
        match result {
            Ok(f) => {
                self.file = Some(f);
                self.end = HEADER.len() as u64;
                Ok(())
            }
            Err(e) => {
                self.cannot_write = Some((e.kind(), e.to_string()));
                Err(self.write_error(e))
            }
        }
    }

    /// Writes the lines gathered.
    fn write_lines(&mut self) -> Result<(), QueueError> {
        if self.lines.is_empty() {
            return Ok(());
        }
        self.create()?;
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        // One call for all the lines: whole lines reach the file together.
        if let Err(e) = file.write_all(&self.lines) {
            return Err(QueueError::Write { path: self.path.clone(), source: e });
        }
        self.end += self.lines.len() as u64;
        self.lines.clear();
        self.unsynced = true;
        Ok(())
    }

    /// The bytes of the line at `offset`.
    fn line(&self, offset: u64, len: u64) -> Result<Vec<u8>, QueueError> {
        let usize_len = usize::try_from(len).map_err(|e| self.read_error(io::Error::other(e)))?;
        if offset >= self.end {
            let start = (offset - self.end) as usize;
            return match self.lines.get(start..start + usize_len) {
                Some(b) => Ok(b.to_vec()),
                None => Err(self.read_error(io::Error::new(io::ErrorKind::InvalidData, "a line is missing"))),
            };
        }
        let Some(mut file) = self.file.as_ref() else {
            return Err(self.read_error(io::Error::new(io::ErrorKind::NotFound, "the file is not open")));
        };
        let mut bytes = vec![0; usize_len];
        file.seek(SeekFrom::Start(offset)).and_then(|_| file.read_exact(&mut bytes)).map_err(|e| self.read_error(e))?;
        Ok(bytes)
    }
}

/// Opens the queue file for reading and appending.
fn open_appending(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).append(true).open(path)
}

/// Writes a file through a temporary file beside it, synced and renamed over it.
fn write_atomically(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>) -> io::Result<()> {
    let tmp = write_temporary(path, write)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Writes and syncs the temporary file that will replace `path`.
fn write_temporary(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>) -> io::Result<PathBuf> {
    let tmp = temporary(path);
    let result = (|| {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn temporary(path: &Path) -> PathBuf {
    path.with_file_name(format!("{QUEUE_FILE}.{}.tmp", std::process::id()))
}

/// Adds a statement line to `out`.
fn statement_line(out: &mut Vec<u8>, key: &str, statement: &Value) -> io::Result<()> {
    out.extend_from_slice(b"{\"lrs\":");
    serde_json::to_writer(&mut *out, key)?;
    out.extend_from_slice(b",\"statement\":");
    serde_json::to_writer(&mut *out, statement)?;
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// Adds an accepted line to `out`.
fn accepted_line<'a>(out: &mut Vec<u8>, key: &str, ids: impl IntoIterator<Item = &'a Uuid>) -> io::Result<()> {
    out.extend_from_slice(b"{\"lrs\":");
    serde_json::to_writer(&mut *out, key)?;
    out.extend_from_slice(b",\"accepted\":[");
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(id.hyphenated().encode_lower(&mut Uuid::encode_buffer()).as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"]}\n");
    Ok(())
}

/// One line of the file, as read when loading: the statement's content is skipped.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    lrs: Cow<'a, str>,
    #[serde(default)]
    accepted: Option<Vec<Uuid>>,
    #[serde(borrow, default)]
    statement: Option<StatementId<'a>>,
}

#[derive(Deserialize)]
struct StatementId<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
}

/// A statement line, read to send the statement.
#[derive(Deserialize)]
struct StatementLine {
    statement: Value,
}

/// The first line, to tell the formats apart.
#[derive(Deserialize)]
struct Header {
    calmline_xapi_queue: u32,
    #[serde(default)]
    endpoints: Option<IgnoredAny>,
}

/// Why a file could not be loaded.
enum LoadError {
    Io(io::Error),
    Damaged(String),
    /// Rewriting a queue in the earlier format failed.
    Write(io::Error),
}

impl From<io::Error> for LoadError {
    fn from(e: io::Error) -> LoadError {
        LoadError::Io(e)
    }
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

    fn load_file(path: &Path) -> Result<Queue, QueueError> {
        let path = path.to_path_buf();
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Queue { file: Some(QueueFile::new(path)), ..Queue::default() });
            }
            Err(source) => return Err(QueueError::Read { path, source }),
        };
        let read_error = |source| QueueError::Read { path: path.clone(), source };
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut first = Vec::new();
        (&mut reader).take(HEADER_CAP).read_until(b'\n', &mut first).map_err(read_error)?;
        let header = if first.ends_with(b"\n") { serde_json::from_slice::<Header>(&first).ok() } else { None };
        match header {
            Some(Header { calmline_xapi_queue: FORMAT, endpoints: None }) => {
                match Queue::read_lines(&path, reader, first.len() as u64) {
                    Ok(q) => Ok(q),
                    Err(LoadError::Io(source) | LoadError::Write(source)) => Err(QueueError::Read { path, source }),
                    Err(LoadError::Damaged(message)) => Err(Queue::set_aside(&path, message)),
                }
            }
            Some(Header { calmline_xapi_queue: n, endpoints: None }) => {
                drop(reader);
                Err(Queue::set_aside(&path, format!("unknown queue format {n}")))
            }
            // The earlier format, one JSON document (or something damaged).
            _ => {
                reader.seek(SeekFrom::Start(0)).map_err(read_error)?;
                Queue::migrate(&path, reader)
            }
        }
    }

    /// Reads a file in the current format, past its first line.
    fn read_lines(path: &Path, mut reader: BufReader<File>, mut offset: u64) -> Result<Queue, LoadError> {
        let mut accepted: BTreeMap<String, BTreeSet<Uuid>> = BTreeMap::new();
        let mut queued: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        let mut line = Vec::new();
        let mut number = 1;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)? as u64;
            if n == 0 {
                break;
            }
            number += 1;
            if !line.ends_with(b"\n") {
                // The last line, cut short by a run that stopped while writing it.
                break;
            }
            let damaged = |message: String| LoadError::Damaged(format!("line {number}: {message}"));
            let parsed: Line = serde_json::from_slice(&line).map_err(|e| damaged(e.to_string()))?;
            match parsed {
                Line { lrs, accepted: Some(ids), statement: None } => {
                    accepted.entry(lrs.into_owned()).or_default().extend(ids);
                }
                Line { lrs, accepted: None, statement: Some(st) } => {
                    let Ok(id) = st.id.parse::<Uuid>() else {
                        return Err(damaged("a statement without an id".into()));
                    };
                    let entries = match queued.get_mut(lrs.as_ref()) {
                        Some(v) => v,
                        None => queued.entry(lrs.into_owned()).or_default(),
                    };
                    entries.push(Entry { id, at: Slot::Line { offset, len: n } });
                }
                _ => return Err(damaged("neither a statement nor accepted ids".into())),
            }
            offset += n;
        }
        let length = reader.into_inner().metadata()?.len();
        // Drop the cut line, so that what is appended starts on a line of its own; a file
        // that cannot be cut cannot be appended to either.
        let cut = if length > offset {
            OpenOptions::new().write(true).open(path).and_then(|f| f.set_len(offset).and_then(|()| f.sync_all()))
        } else {
            Ok(())
        };
        let mut file = QueueFile::new(path.to_path_buf());
        file.end = offset;
        match cut.and_then(|()| open_appending(path)) {
            Ok(f) => file.file = Some(f),
            Err(e) => {
                file.cannot_write = Some((e.kind(), e.to_string()));
                file.file = Some(File::open(path)?);
            }
        }
        let mut queue = Queue::default();
        for (key, ids) in accepted {
            queue.endpoints.entry(key).or_default().accepted = ids;
        }
        for (key, entries) in queued {
            let q = queue.endpoints.entry(key).or_default();
            let mut seen = HashSet::new();
            for e in entries {
                if !q.accepted.contains(&e.id) && seen.insert(e.id) {
                    if let Slot::Line { len, .. } = e.at {
                        file.live += len;
                    }
                    q.pending.push_back(e);
                }
            }
        }
        queue.file = Some(file);
        Ok(queue)
    }

    /// Reads a queue in the earlier format one statement at a time, writing it in the
    /// current format, then loads that. A folder that cannot be written keeps the queue
    /// in memory for this run.
    fn migrate(path: &Path, reader: BufReader<File>) -> Result<Queue, QueueError> {
        let tmp = temporary(path);
        let out = match File::create(&tmp) {
            Ok(f) => f,
            Err(e) => return Queue::read_old_in_memory(path, reader, e),
        };
        let mut out = BufWriter::with_capacity(1 << 20, out);
        let mut converted = out.write_all(HEADER).map_err(LoadError::Write);
        if converted.is_ok() {
            let mut line = Vec::new();
            let mut old = OldQueue::new(|item: OldItem| {
                line.clear();
                match &item {
                    OldItem::Accepted(key, ids) => accepted_line(&mut line, key, ids)?,
                    OldItem::Statement(key, st) => statement_line(&mut line, key, st)?,
                }
                out.write_all(&line)
            });
            converted = old.read(reader);
        }
        let done = converted.and_then(|()| {
            let finish = || -> io::Result<()> {
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                fs::rename(&tmp, path)
            };
            finish().map_err(LoadError::Write)
        });
        match done {
            Ok(()) => Queue::load_file(path),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                match e {
                    LoadError::Damaged(message) => Err(Queue::set_aside(path, message)),
                    LoadError::Io(source) => Err(QueueError::Read { path: path.to_path_buf(), source }),
                    LoadError::Write(source) => Err(QueueError::Write { path: path.to_path_buf(), source }),
                }
            }
        }
    }

    /// An earlier-format queue in a folder that cannot be written: held in memory, and
    /// [`Queue::save`] says why it cannot be kept.
    fn read_old_in_memory(path: &Path, reader: BufReader<File>, why: io::Error) -> Result<Queue, QueueError> {
        let mut queue = Queue::default();
        let mut old = OldQueue::new(|item: OldItem| {
            match item {
                OldItem::Accepted(key, ids) => queue.endpoints.entry(key).or_default().accepted.extend(ids),
                OldItem::Statement(key, st) => {
                    if let Some(id) = id_of(&st) {
                        queue
                            .endpoints
                            .entry(key)
                            .or_default()
                            .pending
                            .push_back(Entry { id, at: Slot::Memory(st.into()) });
                    }
                }
            }
            Ok(())
        });
        let result = old.read(reader);
        drop(old);
        match result {
            Ok(()) => {}
            Err(LoadError::Damaged(message)) => return Err(Queue::set_aside(path, message)),
            Err(LoadError::Io(source) | LoadError::Write(source)) => {
                return Err(QueueError::Read { path: path.to_path_buf(), source });
            }
        }
        for q in queue.endpoints.values_mut() {
            let mut seen = HashSet::new();
            let accepted = &q.accepted;
            q.pending.retain(|e| !accepted.contains(&e.id) && seen.insert(e.id));
        }
        queue.in_memory = queue.endpoints.values().map(|q| q.pending.len()).sum();
        let mut file = QueueFile::new(path.to_path_buf());
        file.cannot_write = Some((why.kind(), why.to_string()));
        queue.file = Some(file);
        Ok(queue)
    }

    fn set_aside(path: &Path, message: String) -> QueueError {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let aside = path.with_file_name(format!("{QUEUE_FILE}.damaged-{stamp}"));
        if let Err(source) = fs::rename(path, &aside) {
            return QueueError::Read { path: path.to_path_buf(), source };
        }
        QueueError::Damaged { path: path.to_path_buf(), aside, message }
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

fn io_of(e: QueueError) -> io::Error {
    match e {
        QueueError::Read { source, .. } | QueueError::Write { source, .. } => source,
        QueueError::Damaged { message, .. } => io::Error::new(io::ErrorKind::InvalidData, message),
    }
}

/// What the earlier format holds, one piece at a time.
enum OldItem {
    Accepted(String, Vec<Uuid>),
    Statement(String, Value),
}

/// Reads a queue in the earlier format (`{"calmline_xapi_queue": 1, "endpoints": {LRS:
/// {"accepted": [id…], "pending": [statement…]}}}`) and hands over its pieces, holding
/// one statement at a time.
struct OldQueue<F> {
    sink: F,
    format: Option<u32>,
    /// A failure of the sink (writing), told apart from a damaged file.
    written: Option<LoadError>,
}

impl<F: FnMut(OldItem) -> io::Result<()>> OldQueue<F> {
    fn new(sink: F) -> OldQueue<F> {
        OldQueue { sink, format: None, written: None }
    }

    fn give(&mut self, item: OldItem) -> Result<(), String> {
        (self.sink)(item).map_err(|e| {
            let message = e.to_string();
            self.written = Some(LoadError::Write(e));
            message
        })
    }

    fn read(&mut self, reader: BufReader<File>) -> Result<(), LoadError> {
        let mut de = serde_json::Deserializer::from_reader(reader);
        let parsed = OldTop(self).deserialize(&mut de).and_then(|()| de.end());
        if let Some(e) = self.written.take() {
            return Err(e);
        }
        match parsed {
            Err(e) if e.is_io() => Err(LoadError::Io(io::Error::other(e))),
            Err(e) => Err(LoadError::Damaged(e.to_string())),
            Ok(()) => match self.format {
                Some(n) if n >= 1 => Ok(()),
                Some(n) => Err(LoadError::Damaged(format!("unknown queue format {n}"))),
                None => Err(LoadError::Damaged("missing field `calmline_xapi_queue`".into())),
            },
        }
    }
}

struct OldTop<'a, F>(&'a mut OldQueue<F>);

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldTop<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldTop<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an xAPI queue")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut endpoints = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "calmline_xapi_queue" => self.0.format = Some(map.next_value()?),
                "endpoints" => {
                    map.next_value_seed(OldEndpoints(&mut *self.0))?;
                    endpoints = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !endpoints {
            return Err(de::Error::missing_field("endpoints"));
        }
        Ok(())
    }
}

struct OldEndpoints<'a, F>(&'a mut OldQueue<F>);

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldEndpoints<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldEndpoints<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the queues by LRS")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(OldEndpoint { old: &mut *self.0, key })?;
        }
        Ok(())
    }
}

struct OldEndpoint<'a, F> {
    old: &'a mut OldQueue<F>,
    key: String,
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldEndpoint<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldEndpoint<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the queue of an LRS")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                "accepted" => map.next_value_seed(OldList { old: &mut *self.old, key: &self.key, accepted: true })?,
                "pending" => map.next_value_seed(OldList { old: &mut *self.old, key: &self.key, accepted: false })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The accepted ids (handed over a thousand at a time) or the pending statements (one
/// at a time) of an LRS.
struct OldList<'a, F> {
    old: &'a mut OldQueue<F>,
    key: &'a str,
    accepted: bool,
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldList<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldList<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.accepted { "a list of statement ids" } else { "a list of statements" })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.accepted {
            let mut ids = Vec::with_capacity(IDS_PER_LINE);
            while let Some(id) = seq.next_element::<Uuid>()? {
                ids.push(id);
                if ids.len() == IDS_PER_LINE {
                    let full = std::mem::replace(&mut ids, Vec::with_capacity(IDS_PER_LINE));
                    self.old.give(OldItem::Accepted(self.key.to_string(), full)).map_err(de::Error::custom)?;
                }
            }
            if !ids.is_empty() {
                self.old.give(OldItem::Accepted(self.key.to_string(), ids)).map_err(de::Error::custom)?;
            }
        } else {
            while let Some(st) = seq.next_element::<Value>()? {
                // A statement without an id could never be sent: the earlier versions
                // dropped those too.
                if id_of(&st).is_some() {
                    self.old.give(OldItem::Statement(self.key.to_string(), st)).map_err(de::Error::custom)?;
                }
            }
        }
        Ok(())
    }
}
