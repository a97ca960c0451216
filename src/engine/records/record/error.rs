//! What can go wrong with a records file or folder, as typed values: why a file in a
//! folder is not read as a record, and why the store cannot use its folder or a file.
//! The engine never words them for people: front ends phrase a [`Problem`] with
//! `crate::text::skip_reason` and a [`RecordError`] with `crate::text::record_error`, in
//! the interface's language. `Display` is a short English form for logs and tests.

use std::io;
use std::path::{Path, PathBuf};

/// What is wrong with a records file or folder. Reading a folder gives the file-level
/// reasons (empty, not JSON, a journal, …); the store adds the folder and writing ones.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The file could not be opened or read (the io error's text).
    #[error("unreadable: {error}")]
    Unreadable { error: String },
    #[error("empty")]
    Empty,
    #[error("too large: {bytes} bytes")]
    TooLarge { bytes: u64 },
    /// Not JSON at all (binary or damaged) at this position.
    #[error("not JSON at {line}:{column}")]
    NotJson { line: usize, column: usize },
    /// JSON that stops early: a copy or a write was interrupted.
    #[error("truncated JSON")]
    Truncated,
    /// Valid JSON of another shape.
    #[error("not a record: {detail}")]
    NotARecord { detail: String },
    /// A record from a newer Calmline.
    #[error("record format {format} is newer than this build reads")]
    FutureFormat { format: u64 },
    /// Not a `.json` file.
    #[error("not a .json file")]
    NotRecordFile,
    /// A call in progress, or interrupted and not yet recovered by the game.
    #[error("a journal")]
    Journal,
    /// The same call as a record already read.
    #[error("duplicate of {}", of.display())]
    Duplicate { of: PathBuf },
    /// The folder cannot be created, listed or written to (the io error's text).
    #[error("folder unusable: {error}")]
    FolderUnusable { error: String },
    /// The file could not be written (the io error's text).
    #[error("unwritable: {error}")]
    Unwritable { error: String },
    /// Every name for this call is taken (`-2` … `-99999` included).
    #[error("no free record name left")]
    NoFreeName,
    /// A journal whose first line is not a journal header.
    #[error("bad journal header: {detail}")]
    BadJournal { detail: String },
}

/// Why a file in a records folder was not read as a record: the name reading a folder
/// uses for a [`Problem`].
pub type SkipReason = Problem;

/// A records file or folder and what went wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct RecordError {
    pub path: PathBuf,
    pub problem: Problem,
}

impl RecordError {
    pub fn new(path: impl Into<PathBuf>, problem: Problem) -> RecordError {
        RecordError { path: path.into(), problem }
    }

    /// The folder at `path` cannot be used.
    pub fn folder(path: &Path, error: impl ToString) -> RecordError {
        RecordError::new(path, Problem::FolderUnusable { error: error.to_string() })
    }

    /// The file at `path` could not be written.
    pub fn unwritable(path: &Path, error: impl ToString) -> RecordError {
        RecordError::new(path, Problem::Unwritable { error: error.to_string() })
    }

    /// The file or folder at `path` could not be read.
    pub fn unreadable(path: &Path, error: &io::Error) -> RecordError {
        RecordError::new(path, Problem::Unreadable { error: error.to_string() })
    }
}
