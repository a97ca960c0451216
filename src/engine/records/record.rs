//! Records of finished (and interrupted) calls, and where they are kept.
//!
//! A call is journalled as it happens: [`RecordStore::begin`] writes a journal file with
//! the call's header, [`Journal::append`] adds each turn (flushed to disk at once), and
//! [`RecordStore::finish`] writes the full record atomically and removes the journal. A
//! journal left behind by a crash is turned into an incomplete record by
//! [`RecordStore::recover`]. Records are JSON, one file each, and are never overwritten.
//!
//! Reading a folder never fails on a bad file: [`scan_folders`] returns the records it
//! could read and every other file with the reason it was skipped. The format is
//! described for trainers and integrators in `docs/records.md`.
//!
//! The parts, each importing only those before it:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `record/error.rs` | [`Problem`] and [`RecordError`]: what can go wrong with a records file or folder |
//! | `record/format.rs` | [`Record`] and its parts, built from a session and read from bytes or a file |
//! | `record/names.rs` | file names: [`safe_name`], ids, the journal extension |
//! | `record/folders.rs` | reading folders: [`scan_folders`], [`walk_folders`], [`trainee_records`] |
//! | `record/store.rs` | [`RecordStore`] and [`Journal`]: writing records, journals and recovery |
//!
//! This file only gathers them: every item is used as `record::Item`.

mod error;
mod folders;
mod format;
mod names;
mod store;

pub use error::{Problem, RecordError, SkipReason};
pub use folders::{Scan, Skipped, Walk, load_records, scan_folder, scan_folders, trainee_records, walk_folders};
pub use format::{
    FORMAT, MAX_RECORD_BYTES, Offered, Record, ScenarioRef, TurnRecord, fingerprint_hex, now, parse_record, read_file,
    read_record,
};
pub use names::{JOURNAL_EXT, safe_name};
pub use store::{Journal, RecordStore, default_dir};
