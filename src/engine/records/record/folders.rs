//! Reading records folders. Reading a folder never fails on a bad file: [`scan_folders`]
//! returns the records it could read and every other file with the reason it was skipped;
//! [`walk_folders`] finds the same records holding one at a time, for folders too large to
//! hold in memory (`calmline xapi` over a whole training centre); [`trainee_records`]
//! reads one trainee's records, found by their file names, without opening the others.

use super::error::{Problem, RecordError, SkipReason};
use super::format::{Record, read_file};
use super::names::{JOURNAL_EXT, safe_name, trainee_part};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file that was not read as a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// What was found in one or more records folders.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The folders read.
    pub folders: Vec<PathBuf>,
    /// Records read, sorted by start time (then file name).
    pub records: Vec<(PathBuf, Record)>,
    /// Every other file, with the reason.
    pub skipped: Vec<Skipped>,
    /// Folders that could not be listed.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Scan {
    /// Files looked at: records read plus files skipped.
    pub fn files(&self) -> usize {
        self.records.len() + self.skipped.len()
    }
}

/// Reads every file directly in `dir` (not in subfolders). Hidden files (names starting
/// with `.`, such as temporary files and the xAPI queue) are not looked at.
pub fn scan_folder(dir: &Path) -> Scan {
    scan_folders(std::slice::from_ref(&dir.to_path_buf()))
}

/// Reads every file directly in each folder. The same call found twice (a copied file,
/// or overlapping folders) is read once; the copy is listed as skipped.
pub fn scan_folders(dirs: &[PathBuf]) -> Scan {
    let mut scan = Scan { folders: dirs.to_vec(), ..Scan::default() };
    let mut seen: HashMap<CallKey, PathBuf> = HashMap::new();
    scan.unreadable = visit(dirs, |path, result| match result {
        Ok(record) => {
            let key = call_key(&record);
            if let Some(of) = seen.get(&key) {
                scan.skipped.push(Skipped { path, reason: SkipReason::Duplicate { of: of.clone() } });
            } else {
                seen.insert(key, path.clone());
                scan.records.push((path, record));
            }
        }
        Err(reason) => scan.skipped.push(Skipped { path, reason }),
    });
    scan.records.sort_by(|(pa, a), (pb, b)| {
        let ta = a.started_at.parse::<jiff::Timestamp>().ok();
        let tb = b.started_at.parse::<jiff::Timestamp>().ok();
        ta.cmp(&tb).then_with(|| pa.cmp(pb))
    });
    scan
}

/// Every `*.json` record under `dir` (not recursive), sorted by file name, with the
/// `.json` files that are not records. Journals and hidden files are passed over.
pub fn load_records(dir: &Path) -> (Vec<(PathBuf, Record)>, Vec<RecordError>) {
    let scan = scan_folder(dir);
    let mut bad: Vec<RecordError> = scan
        .unreadable
        .into_iter()
        .map(|(path, error)| RecordError::new(path, Problem::Unreadable { error }))
        .collect();
    for s in scan.skipped {
        match s.reason {
            SkipReason::Journal | SkipReason::Duplicate { .. } => {}
            other => bad.push(RecordError::new(s.path, other)),
        }
    }
    let mut ok = scan.records;
    ok.sort_by(|a, b| a.0.cmp(&b.0));
    (ok, bad)
}

/// The records of `trainee` directly in `dir`, sorted by file name as [`load_records`]
/// sorts them, with the problems met reading them. Only the `.json` files whose name's
/// trainee part (`{stamp}_{trainee}_{scenario}`) is `safe_name(trainee)` are opened, so a
/// folder of many trainees costs a listing and this trainee's files. Of those, only records
/// whose `trainee` is exactly `trainee` are kept (two names can share a safe name), and
/// the same call found twice is kept once. A record file renamed away from its id is not
/// found. Journals and hidden files are not records.
pub fn trainee_records(dir: &Path, trainee: &str) -> (Vec<(PathBuf, Record)>, Vec<RecordError>) {
    let wanted = safe_name(trainee);
    let theirs = |name: &str| {
        let path = Path::new(name);
        let is_json = path.extension().and_then(|x| x.to_str()).is_some_and(|x| x.eq_ignore_ascii_case("json"));
        is_json && path.file_stem().and_then(|s| s.to_str()).and_then(trainee_part) == Some(wanted.as_str())
    };
    let paths = match listing_where(dir, theirs) {
        Ok(paths) => paths,
        Err(e) => return (Vec::new(), vec![RecordError::unreadable(dir, &e)]),
    };
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashSet<CallKey> = HashSet::new();
    for path in paths {
        match read_file(&path) {
            Ok(record) if record.trainee == trainee => {
                if seen.insert(call_key(&record)) {
                    records.push((path, record));
                }
            }
            Ok(_) => {}
            Err(problem) => problems.push(RecordError::new(path, problem)),
        }
    }
    (records, problems)
}

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

/// Walks the folders like [`scan_folders`], keeping no record: the same files, the same
/// order and the same skipped files. A first pass reads every file to classify it and
/// remembers only its path and start time; [`Walk::read`] then reads the records again,
/// one by one, in start-time order.
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

/// The files directly in `dir` that are neither hidden nor folders, by file name.
fn listing(dir: &Path) -> io::Result<Vec<PathBuf>> {
    listing_where(dir, |_| true)
}

/// The files directly in `dir` that are not hidden, not folders and whose name `keep`
/// accepts, sorted. Names are looked at before anything else; the kind of entry comes
/// from the listing itself (no call per file, which counts in a folder of 20,000 records),
/// and only a symbolic link is followed to see where it points.
fn listing_where(dir: &Path, keep: impl Fn(&str) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || !keep(&name) {
            continue;
        }
        let path = entry.path();
        let folder = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => path.is_dir(),
        };
        if !folder {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Every file directly in each folder, classified: `visit` gets each file that is not
/// hidden and not a folder, in folder order then file-name order, with what reading it
/// gave. Folders that cannot be listed are returned.
fn visit(dirs: &[PathBuf], mut visit: impl FnMut(PathBuf, Result<Record, SkipReason>)) -> Vec<(PathBuf, String)> {
    let mut unreadable = Vec::new();
    let mut visited: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if visited.contains(&canonical) {
            continue;
        }
        visited.push(canonical);
        let paths = match listing(dir) {
            Ok(paths) => paths,
            Err(e) => {
                unreadable.push((dir.clone(), e.to_string()));
                continue;
            }
        };
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
type CallKey = (String, String, String, u64);

fn call_key(record: &Record) -> CallKey {
    (record.id.clone(), record.trainee.clone(), record.started_at.clone(), record.seed)
}
