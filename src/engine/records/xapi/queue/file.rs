//! The queue's file and its lines: where it is, how lines are written (appended, or a whole
//! file written beside it and renamed over it), the lines as read, and what goes wrong.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use std::borrow::Cow;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The queue's file name inside a records folder (hidden, so it is never read as a record).
pub const QUEUE_FILE: &str = ".calmline-xapi-queue.json";
/// The first line of a queue file in the current format.
pub(super) const HEADER: &[u8] = b"{\"calmline_xapi_queue\":2}\n";
pub(super) const FORMAT: u32 = 2;
/// How far the first line is looked for: the earlier format is one long line.
pub(super) const HEADER_CAP: u64 = 4096;
/// Statements kept in memory before they go to the file: those sent at once never do.
pub(super) const IN_MEMORY: usize = 1024;
/// Bytes of lines gathered before they are written.
pub(super) const WRITE_AT: usize = 1 << 20;
/// Accepted ids per line when the file is rewritten.
pub(super) const IDS_PER_LINE: usize = 1000;
/// Bytes an accepted id takes in the file (its quoted form and a comma).
pub(super) const ID_BYTES: u64 = 39;
/// Bytes of lines no longer needed that a rewrite waits for.
pub(super) const REWRITE_AT: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot read the xAPI queue {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the xAPI queue {} is damaged ({message}); it was set aside as {}", path.display(), aside.display())]
    Damaged { path: PathBuf, aside: PathBuf, message: String },
    #[error("cannot write the xAPI queue {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// The file behind a folder's queue.
#[derive(Debug)]
pub(super) struct QueueFile {
    pub(super) path: PathBuf,
    /// Open for reading and appending; `None` before the file exists, or when it cannot be
    /// written and does not exist.
    pub(super) file: Option<File>,
    /// Why the file cannot be written (a read-only share), when it cannot.
    pub(super) cannot_write: Option<(io::ErrorKind, String)>,
    /// Lines gathered and not written yet; they go at `end`.
    pub(super) lines: Vec<u8>,
    /// The file's length once written: where `lines` go.
    pub(super) end: u64,
    /// Bytes of the statement lines still pending.
    pub(super) live: u64,
    /// Written since the last sync.
    pub(super) unsynced: bool,
    /// A failure to write outside [`Queue::save`](super::Queue::save), which the next save reports.
    pub(super) deferred: Option<QueueError>,
}

impl QueueFile {
    pub(super) fn new(path: PathBuf) -> QueueFile {
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

    pub(super) fn write_error(&self, source: io::Error) -> QueueError {
        QueueError::Write { path: self.path.clone(), source }
    }

    pub(super) fn read_error(&self, source: io::Error) -> QueueError {
        QueueError::Read { path: self.path.clone(), source }
    }

    pub(super) fn writable(&self) -> bool {
        self.cannot_write.is_none()
    }

    /// Where the next line gathered will be.
    pub(super) fn next_offset(&self) -> u64 {
        self.end + self.lines.len() as u64
    }

    /// Creates the file with its first line (a temporary file renamed, so it is never
    /// found half made), unless it is open already.
    pub(super) fn create(&mut self) -> Result<(), QueueError> {
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
    pub(super) fn write_lines(&mut self) -> Result<(), QueueError> {
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
    pub(super) fn line(&self, offset: u64, len: u64) -> Result<Vec<u8>, QueueError> {
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
pub(super) fn open_appending(path: &Path) -> io::Result<File> {
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
pub(super) fn write_temporary(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<PathBuf> {
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

pub(super) fn temporary(path: &Path) -> PathBuf {
    path.with_file_name(format!("{QUEUE_FILE}.{}.tmp", std::process::id()))
}

/// Adds a statement line to `out`.
pub(super) fn statement_line(out: &mut Vec<u8>, key: &str, statement: &Value) -> io::Result<()> {
    out.extend_from_slice(b"{\"lrs\":");
    serde_json::to_writer(&mut *out, key)?;
    out.extend_from_slice(b",\"statement\":");
    serde_json::to_writer(&mut *out, statement)?;
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// Adds an accepted line to `out`.
pub(super) fn accepted_line<'a>(
    out: &mut Vec<u8>,
    key: &str,
    ids: impl IntoIterator<Item = &'a Uuid>,
) -> io::Result<()> {
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
pub(super) struct Line<'a> {
    #[serde(borrow)]
    pub(super) lrs: Cow<'a, str>,
    #[serde(default)]
    pub(super) accepted: Option<Vec<Uuid>>,
    #[serde(borrow, default)]
    pub(super) statement: Option<StatementId<'a>>,
}

#[derive(Deserialize)]
pub(super) struct StatementId<'a> {
    #[serde(borrow)]
    pub(super) id: Cow<'a, str>,
}

/// A statement line, read to send the statement.
#[derive(Deserialize)]
pub(super) struct StatementLine {
    pub(super) statement: Value,
}

/// The first line, to tell the formats apart.
#[derive(Deserialize)]
pub(super) struct Header {
    pub(super) calmline_xapi_queue: u32,
    #[serde(default)]
    pub(super) endpoints: Option<IgnoredAny>,
}

/// Why a file could not be loaded.
pub(super) enum LoadError {
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

pub(super) fn io_of(e: QueueError) -> io::Error {
    match e {
        QueueError::Read { source, .. } | QueueError::Write { source, .. } => source,
        QueueError::Damaged { message, .. } => io::Error::new(io::ErrorKind::InvalidData, message),
    }
}
