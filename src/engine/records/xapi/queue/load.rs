//! Loading a folder's queue: the current format read line by line (a line cut short by a
//! stopped run dropped), the earlier format converted to it, a damaged file set aside.

use super::file::{
    FORMAT, HEADER, HEADER_CAP, Header, Line, LoadError, QUEUE_FILE, QueueError, QueueFile, accepted_line,
    open_appending, statement_line, temporary,
};
use super::old_format::{OldItem, OldQueue};
use super::types::{Entry, Queue, Slot};
use crate::engine::records::xapi::id_of;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use uuid::Uuid;

impl Queue {
    pub(super) fn load_file(path: &Path) -> Result<Queue, QueueError> {
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
}
