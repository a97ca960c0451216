//! The records folder: where records are kept, and how a call gets there. A call is
//! journalled as it happens: [`RecordStore::begin`] writes a journal file with the call's
//! header, [`Journal::append`] adds each turn (flushed to disk at once), and
//! [`RecordStore::finish`] writes the full record atomically and removes the journal. A
//! journal left behind by a crash is turned into an incomplete record by
//! [`RecordStore::recover`]. Records are JSON, one file each, and are never overwritten.

use super::error::{Problem, RecordError};
use super::folders::trainee_records;
use super::format::{FORMAT, Record, ScenarioRef, now, read_record};
use super::names::{JOURNAL_EXT, call_id, safe_file_stem};
use crate::engine::call::model::Scenario;
use crate::engine::call::session::{Attempt, Choice, Session};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder records are kept in.
#[derive(Clone, Debug)]
pub struct RecordStore {
    dir: PathBuf,
}

/// The default records folder: the user's data directory.
pub fn default_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("calmline").join("records")
}

/// The first line of a journal.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct JournalHeader {
    calmline_journal: u32,
    id: String,
    trainee: String,
    scenario: ScenarioRef,
    seed: u64,
    started_at: String,
    #[serde(default, flatten)]
    attempt: Attempt,
}

/// A call being journalled. Dropping it leaves the journal for [`RecordStore::recover`].
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    id: String,
    trainee: String,
    started_at: String,
    written: usize,
}

impl Journal {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends every turn of `session` not yet written, and flushes it to disk. Each turn
    /// is one line, written with a single call, so a crash cuts at most the last line.
    pub fn append(&mut self, session: &Session) -> Result<(), RecordError> {
        let turns = session.turns();
        if self.written >= turns.len() {
            return Ok(());
        }
        let mut buf = String::new();
        for t in &turns[self.written..] {
            let line = serde_json::to_string(&t.as_choice()).unwrap_or_default();
            buf.push_str(&line);
            buf.push('\n');
        }
        let err = |e: io::Error| RecordError::unwritable(&self.path, e);
        self.file.write_all(buf.as_bytes()).map_err(err)?;
        self.file.sync_data().map_err(err)?;
        self.written = turns.len();
        Ok(())
    }
}

impl RecordStore {
    /// Opens (creating if needed) a records folder and checks that it can be written.
    pub fn open(dir: impl Into<PathBuf>) -> Result<RecordStore, RecordError> {
        let dir = dir.into();
        let folder = |e: io::Error| RecordError::folder(&dir, e);
        fs::create_dir_all(&dir).map_err(folder)?;
        let probe = dir.join(format!(".write-test-{}", std::process::id()));
        File::create(&probe).and_then(|mut f| f.write_all(b"ok")).map_err(folder)?;
        // Best effort: the folder is writable, which is what was asked; a probe left behind
        // is a hidden file, never read as a record.
        fs::remove_file(&probe).ok();
        Ok(RecordStore { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The id for a call by `trainee` on `scenario` starting now, `-2`, `-3`, … added
    /// until `free` accepts it.
    fn ids(trainee: &str, scenario: &str) -> impl Iterator<Item = String> {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let base = call_id(&stamp, trainee, scenario);
        std::iter::once(base.clone()).chain((2..100_000u32).map(move |n| format!("{base}-{n}")))
    }

    fn record_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    fn journal_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.{JOURNAL_EXT}"))
    }

    /// Starts journalling a call. The journal file is created exclusively, so two games
    /// sharing a folder never write to the same file.
    pub fn begin(&self, trainee: &str, session: &Session) -> Result<Journal, RecordError> {
        let started_at = now();
        let mut last_err = None;
        for id in Self::ids(trainee, &session.scenario().id) {
            if self.record_path(&id).exists() {
                continue;
            }
            let path = self.journal_path(&id);
            match OpenOptions::new().create_new(true).append(true).open(&path) {
                Ok(mut file) => {
                    let header = JournalHeader {
                        calmline_journal: FORMAT,
                        id: id.clone(),
                        trainee: trainee.to_string(),
                        scenario: ScenarioRef::of(session.scenario()),
                        seed: session.seed(),
                        started_at: started_at.clone(),
                        attempt: session.attempt().clone(),
                    };
                    let err = |e: io::Error| RecordError::unwritable(&path, e);
                    let mut line = serde_json::to_string(&header).map_err(|e| RecordError::unwritable(&path, e))?;
                    line.push('\n');
                    file.write_all(line.as_bytes()).map_err(err)?;
                    file.sync_data().map_err(err)?;
                    let mut journal = Journal { path, file, id, trainee: trainee.to_string(), started_at, written: 0 };
                    journal.append(session)?;
                    return Ok(journal);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    last_err = Some(RecordError::unwritable(&path, e));
                    break;
                }
            }
        }
        Err(last_err.unwrap_or_else(|| RecordError::new(&self.dir, Problem::NoFreeName)))
    }

    /// Writes the call's record and removes its journal. Returns the record's path.
    pub fn finish(&self, journal: Journal, session: &Session) -> Result<PathBuf, RecordError> {
        self.finish_with(journal, session, |_| {})
    }

    /// [`RecordStore::finish`], with a last change to the record before it is written
    /// (the game marks the call that completed a course).
    pub fn finish_with(
        &self,
        mut journal: Journal,
        session: &Session,
        edit: impl FnOnce(&mut Record),
    ) -> Result<PathBuf, RecordError> {
        journal.append(session)?;
        let mut record = Record::from_session(session, &journal.id, &journal.trainee, &journal.started_at);
        edit(&mut record);
        let path = self.write(&record)?;
        // Best effort: the record is safe on disk. A journal left behind is removed by the
        // next recovery, which finds its record and writes no second one.
        fs::remove_file(&journal.path).ok();
        Ok(path)
    }

    /// Writes a record atomically (a temporary file linked into place), never over an
    /// existing file: if the name is taken, `-2`, `-3`, … is added to the file name (the
    /// record's id inside is kept).
    pub fn write(&self, record: &Record) -> Result<PathBuf, RecordError> {
        // Ids written by Calmline are safe file names already; a foreign one is made safe.
        let stem = safe_file_stem(&record.id);
        let first = self.record_path(&stem);
        let json = serde_json::to_vec_pretty(record).map_err(|e| RecordError::unwritable(&first, e))?;
        let tmp = self.dir.join(format!(".{stem}.{}.json.tmp", std::process::id()));
        let err = |e: io::Error| RecordError::unwritable(&tmp, e);
        {
            let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp).map_err(err)?;
            f.write_all(&json).map_err(err)?;
            f.sync_all().map_err(err)?;
        }
        let result = self.place(&tmp, &stem);
        // Best effort: after a hard link the temporary name is one of two; after a rename
        // it is gone already. One left behind is a hidden file, never read as a record.
        fs::remove_file(&tmp).ok();
        result
    }

    /// Puts the finished temporary file under the first free name.
    fn place(&self, tmp: &Path, stem: &str) -> Result<PathBuf, RecordError> {
        let names = std::iter::once(stem.to_string()).chain((2..100_000u32).map(|n| format!("{stem}-{n}")));
        for name in names {
            let path = self.record_path(&name);
            // `hard_link` fails if the target exists: a record is never overwritten.
            match fs::hard_link(tmp, &path) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(_) => {
                    // A file system without hard links: claim the name exclusively, then
                    // replace the empty claim with the full file in one rename.
                    match OpenOptions::new().write(true).create_new(true).open(&path) {
                        Ok(_) => {
                            return fs::rename(tmp, &path)
                                .map(|()| path.clone())
                                .map_err(|e| RecordError::unwritable(&path, e));
                        }
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                        Err(e) => return Err(RecordError::unwritable(&path, e)),
                    }
                }
            }
        }
        Err(RecordError::new(&self.dir, Problem::NoFreeName))
    }

    /// Turns journals left by interrupted calls into incomplete records. Each journal is
    /// replayed through `find`'s scenario when available; choices that cannot be played
    /// back are kept in the record's `unplayed`. A journal whose call was already recorded
    /// (the game stopped between writing the record and removing the journal) is removed
    /// without a second record. Returns the records written and the problems met; a
    /// journal that cannot be read stays where it is.
    pub fn recover(&self, find: &dyn Fn(&ScenarioRef) -> Option<Arc<Scenario>>) -> (Vec<PathBuf>, Vec<RecordError>) {
        let mut written = Vec::new();
        let mut problems = Vec::new();
        let mut journals: Vec<PathBuf> = match fs::read_dir(&self.dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().and_then(|x| x.to_str()) == Some(JOURNAL_EXT) && p.is_file())
                .collect(),
            Err(e) => {
                problems.push(RecordError::unreadable(&self.dir, &e));
                return (written, problems);
            }
        };
        journals.sort();
        for path in journals {
            match self.recover_one(&path, find) {
                Ok(p) => {
                    written.extend(p);
                    // Best effort: a journal left behind is found again at the next start,
                    // where its record is found and no second one written.
                    fs::remove_file(&path).ok();
                }
                Err(e) => problems.push(e),
            }
        }
        (written, problems)
    }

    fn recover_one(
        &self,
        path: &Path,
        find: &dyn Fn(&ScenarioRef) -> Option<Arc<Scenario>>,
    ) -> Result<Option<PathBuf>, RecordError> {
        let bytes = fs::read(path).map_err(|e| RecordError::unreadable(path, &e))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut lines = text.lines();
        let invalid = |detail: String| RecordError::new(path, Problem::BadJournal { detail });
        let first = lines.next().unwrap_or("");
        let header: JournalHeader = match serde_json::from_str(first) {
            Ok(h) => h,
            // The game stopped while writing the header: no turn was played, nothing to keep.
            Err(e) if e.is_eof() && text.lines().count() <= 1 => return Ok(None),
            Err(e) => return Err(invalid(e.to_string())),
        };
        if let Ok(existing) = read_record(&self.record_path(&header.id))
            && existing.id == header.id
            && existing.started_at == header.started_at
        {
            return Ok(None);
        }
        // A line cut short by the crash ends the list: at most the turn in progress is lost.
        let choices: Vec<Choice> = lines.map_while(|l| serde_json::from_str(l).ok()).collect();
        let mut record = match find(&header.scenario) {
            Some(scenario) => {
                let mut session = Session::with_attempt(scenario, header.seed, header.attempt.clone());
                let mut played = 0;
                for c in &choices {
                    if session.play(c).is_err() {
                        break;
                    }
                    played += 1;
                }
                let mut r = Record::from_session(&session, &header.id, &header.trainee, &header.started_at);
                r.unplayed = choices[played..].to_vec();
                r
            }
            None => Record {
                format: FORMAT,
                id: header.id.clone(),
                trainee: header.trainee.clone(),
                scenario: header.scenario.clone(),
                seed: header.seed,
                started_at: header.started_at.clone(),
                ended_at: None,
                complete: false,
                adjusted: false,
                turns: Vec::new(),
                outcome: None,
                score: None,
                debrief: None,
                app_version: env!("CARGO_PKG_VERSION").to_string(),
                unplayed: choices,
                attempt: header.attempt.clone(),
                caller: None,
            },
        };
        // Whatever the replay says, a journal without its final record is incomplete.
        record.complete = false;
        record.ended_at = None;
        record.score = None;
        record.debrief = None;
        self.write(&record).map(Some)
    }

    /// The records of `trainee` in the folder, found by their file names: see
    /// [`trainee_records`].
    pub fn trainee_records(&self, trainee: &str) -> (Vec<(PathBuf, Record)>, Vec<RecordError>) {
        trainee_records(&self.dir, trainee)
    }
}
