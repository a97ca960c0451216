//! A walk through records folders that holds one record at a time: the same files, the
//! same order and the same skipped files as [`scan_folders`](super::scan_folders), for
//! folders too large to hold in memory (`calmline xapi` over a whole training centre).
//!
//! A first pass reads every file to classify it and remembers only its path and start
//! time; [`Walk::records`] then reads the records again, one by one, in start-time order.

use super::{JOURNAL_EXT, Record, SkipReason, Skipped, read_file};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The records found in one or more folders, not yet read into memory.
#[derive(Clone, Debug, Default)]
pub struct Walk {
    /// The folders read.
    pub folders: Vec<PathBuf>,
    /// The record files, sorted by start time (then file name), as in a scan.
    pub records: Vec<PathBuf>,
    /// Every other file, with the reason.
    pub skipped: Vec<Skipped>,
    /// Folders that could not be listed.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Walk {
    /// Files looked at: records found plus files skipped.
    pub fn files(&self) -> usize {
        self.records.len() + self.skipped.len()
    }

    /// The records, read one at a time in order. A file that changed since the walk and
    /// is no longer a record comes with the reason.
    pub fn read(&self) -> impl Iterator<Item = (&Path, Result<Record, SkipReason>)> + '_ {
        self.records.iter().map(|p| (p.as_path(), read_file(p)))
    }
}

/// Every file directly in each folder, classified: `visit` gets each file that is not
/// hidden and not a folder, in folder order then file-name order, with what reading it
/// gave. Folders that cannot be listed are returned.
pub(super) fn visit(
    dirs: &[PathBuf],
    mut visit: impl FnMut(PathBuf, Result<Record, SkipReason>),
) -> Vec<(PathBuf, String)> {
    let mut unreadable = Vec::new();
    let mut visited: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if visited.contains(&canonical) {
            continue;
        }
        visited.push(canonical);
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                unreadable.push((dir.clone(), e.to_string()));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !p.is_dir() && !p.file_name().map(|n| n.to_string_lossy().starts_with('.')).unwrap_or(true))
            .collect();
        paths.sort();
        for path in paths {
            let ext = path.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase);
            let result = match ext.as_deref() {
                Some("json") => read_file(&path),
                Some(JOURNAL_EXT) => Err(SkipReason::Journal),
                _ => Err(SkipReason::NotRecordFile),
            };
            visit(path, result);
        }
    }
    unreadable
}

/// The identity of a call: the same call found twice is read once.
pub(super) type CallKey = (String, String, String, u64);

pub(super) fn call_key(record: &Record) -> CallKey {
    (record.id.clone(), record.trainee.clone(), record.started_at.clone(), record.seed)
}

/// Walks the folders like [`scan_folders`](super::scan_folders), keeping no record.
pub fn walk_folders(dirs: &[PathBuf]) -> Walk {
    let mut walk = Walk { folders: dirs.to_vec(), ..Walk::default() };
    let mut seen: HashMap<CallKey, PathBuf> = HashMap::new();
    let mut found: Vec<(Option<jiff::Timestamp>, PathBuf)> = Vec::new();
    walk.unreadable = visit(dirs, |path, result| match result {
        Ok(record) => {
            let key = call_key(&record);
            if let Some(of) = seen.get(&key) {
                walk.skipped.push(Skipped { path, reason: SkipReason::Duplicate { of: of.clone() } });
            } else {
                seen.insert(key, path.clone());
                found.push((record.started_at.parse().ok(), path));
            }
        }
        Err(reason) => walk.skipped.push(Skipped { path, reason }),
    });
    found.sort();
    walk.records = found.into_iter().map(|(_, p)| p).collect();
    walk
}
