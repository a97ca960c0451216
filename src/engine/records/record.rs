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

use crate::engine::call::lang::Lang;
use crate::engine::call::model::Drawn;
use crate::engine::call::model::{Scenario, Target};
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::session::{Attempt, Choice, Session};
use crate::engine::call::technique::Technique;
use crate::engine::judge::Judge;
use crate::engine::judge::debrief::Debrief;
use crate::engine::judge::score::Score;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod walk;
pub use walk::{Walk, walk_folders};

/// The version of the record format written by this build.
pub const FORMAT: u32 = 1;
/// The extension of journal files (calls in progress).
pub const JOURNAL_EXT: &str = "journal";
/// Files larger than this are not read as records (a long call is well under 1 MB).
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;
/// The most characters and bytes a name contributes to a file name.
const NAME_CHARS: usize = 40;
const NAME_BYTES: usize = 80;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    /// Unique per call: also the stem of the file name.
    pub id: String,
    /// The trainee's name exactly as typed.
    pub trainee: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    /// RFC 3339 timestamps (UTC).
    pub started_at: String,
    #[serde(default)]
    pub ended_at: Option<String>,
    /// False for a call interrupted by a crash and recovered from its journal.
    pub complete: bool,
    /// A trainer jumped between nodes or set the anger by hand: not a real attempt.
    #[serde(default)]
    pub adjusted: bool,
    pub turns: Vec<TurnRecord>,
    #[serde(default)]
    pub outcome: Option<EndingKind>,
    #[serde(default)]
    pub score: Option<Score>,
    #[serde(default)]
    pub debrief: Option<Debrief>,
    #[serde(default)]
    pub app_version: String,
    /// Choices from a journal that could not be played back when the call was recovered
    /// (its scenario was missing or had changed). Kept so that nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplayed: Vec<Choice>,
    /// An exam attempt, or a call taken in a course (absent for free practice).
    #[serde(default, flatten)]
    pub attempt: Attempt,
    /// The caller the seed drew, when the call's caller varies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<Drawn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRef {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    /// The scenario file's fingerprint, in hex: a replay against a changed file is noticed.
    pub fingerprint: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurnRecord {
    pub node: String,
    /// The caller's line as shown.
    pub line: String,
    pub offered: Vec<Offered>,
    /// The reply's index among `offered`; `None` for a silence.
    pub choice: Option<usize>,
    pub technique: Option<Technique>,
    pub seconds: f32,
    pub anger_before: u8,
    pub anger_after: u8,
    pub mode_before: Mode,
    pub mode_after: Mode,
    #[serde(default)]
    pub agreement: bool,
    #[serde(default)]
    pub relapse: bool,
    /// The ending this turn led to, if it ended the call.
    #[serde(default)]
    pub ended: Option<EndingKind>,
    /// The trainee asked the coach for a hint before replying.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hint: bool,
    /// What the trainee typed before the replies showed ("say it first").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
}

impl TurnRecord {
    /// The reply chosen, if it was a reply and is among those offered.
    pub fn chosen(&self) -> Option<&Offered> {
        self.choice.and_then(|c| self.offered.get(c))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offered {
    pub text: String,
    pub technique: Technique,
}

impl Record {
    /// The record of a session so far (complete if the call is over).
    pub fn from_session(session: &Session, id: &str, trainee: &str, started_at: &str) -> Record {
        let s = session.scenario();
        Record {
            format: FORMAT,
            id: id.to_string(),
            trainee: trainee.to_string(),
            scenario: ScenarioRef::of(s),
            seed: session.seed(),
            started_at: started_at.to_string(),
            ended_at: session.is_over().then(now),
            complete: session.is_over(),
            adjusted: session.was_adjusted(),
            turns: session.turns().iter().map(|t| turn_record(s, t)).collect(),
            outcome: session.outcome(),
            score: session.score(),
            debrief: session.debrief(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            unplayed: Vec::new(),
            attempt: session.attempt().clone(),
            caller: s.caller.drawn.clone(),
        }
    }

    /// The choices, to replay the call through the engine (hints and words included).
    pub fn choices(&self) -> Vec<Choice> {
        self.turns
            .iter()
            .map(|t| Choice { reply: t.choice, seconds: t.seconds, hint: t.hint, said: t.said.clone() })
            .collect()
    }

    /// Hints the trainee asked the coach for.
    pub fn hints(&self) -> usize {
        self.turns.iter().filter(|t| t.hint).count()
    }

    /// Seconds from the first line to the end (the sum of reply times).
    pub fn duration_seconds(&self) -> f32 {
        self.turns.iter().map(|t| t.seconds).sum()
    }

    /// Seconds between `started_at` and `ended_at`, when both are valid timestamps.
    pub fn wall_seconds(&self) -> Option<f64> {
        let start: jiff::Timestamp = self.started_at.parse().ok()?;
        let end: jiff::Timestamp = self.ended_at.as_deref()?.parse().ok()?;
        let secs = end.duration_since(start).as_secs_f64();
        (secs >= 0.0).then_some(secs)
    }

    /// A finished call played for real: complete and not adjusted by a trainer. Scores
    /// and rates are computed over these.
    pub fn counts(&self) -> bool {
        self.complete && !self.adjusted && self.score.is_some()
    }
}

impl ScenarioRef {
    pub fn of(s: &Scenario) -> ScenarioRef {
        ScenarioRef {
            id: s.id.clone(),
            title: s.title.clone(),
            lang: s.lang,
            fingerprint: fingerprint_hex(s.fingerprint),
        }
    }

    /// Whether `s` is the very version of the scenario this reference was made from.
    pub fn matches(&self, s: &Scenario) -> bool {
        self.id == s.id && self.lang == s.lang && self.fingerprint == fingerprint_hex(s.fingerprint)
    }
}

/// A scenario fingerprint as written in records.
pub fn fingerprint_hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

fn turn_record(s: &Scenario, t: &crate::engine::call::session::Turn) -> TurnRecord {
    let node = &s.nodes[t.node];
    TurnRecord {
        node: node.id.clone(),
        line: node.text(t.variant).to_string(),
        offered: node.replies.iter().map(|r| Offered { text: r.text.clone(), technique: r.technique }).collect(),
        choice: t.choice,
        technique: t.technique(s),
        seconds: t.seconds,
        anger_before: t.before.anger,
        anger_after: t.after.anger,
        mode_before: t.before.mode,
        mode_after: t.after.mode,
        agreement: t.effects.agreement,
        relapse: t.effects.relapse,
        ended: match t.next {
            Target::Ending(e) => s.endings.get(e).map(|e| e.kind),
            Target::Node(_) => None,
        },
        hint: t.hint,
        said: t.said.clone(),
    }
}

/// The current time, RFC 3339 in UTC.
pub fn now() -> String {
    jiff::Timestamp::now().round(jiff::Unit::Second).map(|t| t.to_string()).unwrap_or_default()
}

/// A name made safe for any file system: letters and digits of any script are kept,
/// everything else (spaces, slashes, dots, punctuation, control characters) becomes `-`,
/// and the result is at most 40 characters and 80 bytes, so that a file name built from
/// two names stays far below the usual 255-byte limit. The real name is always kept
/// inside the record.
pub fn safe_name(name: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let mut dash = false;
    for c in name.chars() {
        let piece = if c.is_alphanumeric() {
            dash = false;
            c
        } else if !dash && !out.is_empty() {
            dash = true;
            '-'
        } else {
            continue;
        };
        if chars + 1 > NAME_CHARS || out.len() + piece.len_utf8() > NAME_BYTES {
            break;
        }
        out.push(piece);
        chars += 1;
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "trainee".to_string() } else { out }
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot use the records folder {}: {source}", path.display())]
    Folder { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a Calmline record: {reason}", path.display())]
    Invalid { path: PathBuf, reason: SkipReason },
}

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
        let err = |source| RecordError::Write { path: self.path.clone(), source };
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
        let folder = |source| RecordError::Folder { path: dir.clone(), source };
        fs::create_dir_all(&dir).map_err(folder)?;
        let probe = dir.join(format!(".write-test-{}", std::process::id()));
        File::create(&probe).and_then(|mut f| f.write_all(b"ok")).map_err(folder)?;
        let _ = fs::remove_file(&probe);
        Ok(RecordStore { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The id for a call by `trainee` on `scenario` starting now, `-2`, `-3`, … added
    /// until `free` accepts it.
    fn ids(trainee: &str, scenario: &str) -> impl Iterator<Item = String> {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let base = format!("{stamp}_{}_{}", safe_name(trainee), safe_name(scenario));
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
                    let err = |source| RecordError::Write { path: path.clone(), source };
                    let mut line = serde_json::to_string(&header).map_err(|e| err(io::Error::other(e)))?;
                    line.push('\n');
                    file.write_all(line.as_bytes()).map_err(err)?;
                    file.sync_data().map_err(err)?;
                    let mut journal = Journal { path, file, id, trainee: trainee.to_string(), started_at, written: 0 };
                    journal.append(session)?;
                    return Ok(journal);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    last_err = Some(RecordError::Write { path, source: e });
                    break;
                }
            }
        }
        Err(last_err.unwrap_or_else(|| RecordError::Folder {
            path: self.dir.clone(),
            source: io::Error::other("no free record name is left for this second"),
        }))
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
        let _ = fs::remove_file(&journal.path);
        Ok(path)
    }

    /// Writes a record atomically (a temporary file linked into place), never over an
    /// existing file: if the name is taken, `-2`, `-3`, … is added to the file name (the
    /// record's id inside is kept).
    pub fn write(&self, record: &Record) -> Result<PathBuf, RecordError> {
        // Ids written by Calmline are safe file names already; a foreign one is made safe.
        let stem = safe_file_stem(&record.id);
        let first = self.record_path(&stem);
        let json = serde_json::to_vec_pretty(record)
            .map_err(|e| RecordError::Write { path: first.clone(), source: io::Error::other(e) })?;
        let tmp = self.dir.join(format!(".{stem}.{}.json.tmp", std::process::id()));
        let err = |source| RecordError::Write { path: tmp.clone(), source };
        {
            let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp).map_err(err)?;
            f.write_all(&json).map_err(err)?;
            f.sync_all().map_err(err)?;
        }
        let result = self.place(&tmp, &stem);
        let _ = fs::remove_file(&tmp);
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
                                .map_err(|source| RecordError::Write { path, source });
                        }
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                        Err(source) => return Err(RecordError::Write { path, source }),
                    }
                }
            }
        }
        Err(RecordError::Folder { path: self.dir.clone(), source: io::Error::other("no free record name is left") })
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
            Err(source) => {
                problems.push(RecordError::Read { path: self.dir.clone(), source });
                return (written, problems);
            }
        };
        journals.sort();
        for path in journals {
            match self.recover_one(&path, find) {
                Ok(p) => {
                    written.extend(p);
                    let _ = fs::remove_file(&path);
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
        let bytes = fs::read(path).map_err(|source| RecordError::Read { path: path.to_path_buf(), source })?;
        let text = String::from_utf8_lossy(&bytes);
        let mut lines = text.lines();
        let invalid = |detail: String| RecordError::Invalid {
            path: path.to_path_buf(),
            reason: SkipReason::NotARecord { detail },
        };
        let first = lines.next().unwrap_or("");
        let header: JournalHeader = match serde_json::from_str(first) {
            Ok(h) => h,
            // The game stopped while writing the header: no turn was played, nothing to keep.
            Err(e) if e.is_eof() && text.lines().count() <= 1 => return Ok(None),
            Err(e) => return Err(invalid(format!("bad journal header: {e}"))),
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

    /// Every record in the folder, with the files that could not be read as records.
    pub fn load_all(&self) -> (Vec<(PathBuf, Record)>, Vec<RecordError>) {
        load_records(&self.dir)
    }
}

/// A record id made usable as a file name (ids written by Calmline already are).
fn safe_file_stem(id: &str) -> String {
    let mut out: String =
        id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_') { c } else { '-' }).collect();
    while out.len() > 200 {
        out.pop();
    }
    let out = out.trim_start_matches(['-', '.']).to_string();
    if out.is_empty() { "record".to_string() } else { out }
}

/// Why a file in a records folder was not read as a record. Front ends phrase it with
/// `crate::text::skip_reason`; `Display` is a short English form for logs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// The file could not be opened or read.
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
    #[error("record format {format} is newer than {FORMAT}")]
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
}

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

/// Reads a record's bytes, classifying every way they can fail to be one.
pub fn parse_record(bytes: &[u8]) -> Result<Record, SkipReason> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SkipReason::Empty);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The common case, a valid record, straight into the struct; anything else goes the
    // slower way below, which says what is wrong.
    if let Ok(record) = serde_json::from_slice::<Record>(bytes)
        && (1..=FORMAT).contains(&record.format)
    {
        return Ok(record);
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() { SkipReason::Truncated } else { SkipReason::NotJson { line: e.line(), column: e.column() } }
    })?;
    let Some(object) = value.as_object() else {
        return Err(SkipReason::NotARecord { detail: format!("a JSON {}, not an object", json_kind(&value)) });
    };
    match object.get("format") {
        Some(f) => match f.as_u64() {
            Some(n) if n > FORMAT as u64 => return Err(SkipReason::FutureFormat { format: n }),
            Some(0) | None => {
                return Err(SkipReason::NotARecord { detail: format!("unknown record format {f}") });
            }
            Some(_) => {}
        },
        None => return Err(SkipReason::NotARecord { detail: "no `format` field".into() }),
    }
    serde_json::from_value(value).map_err(|e| SkipReason::NotARecord { detail: e.to_string() })
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Reads one file as a record, or says why it is not one.
pub fn read_file(path: &Path) -> Result<Record, SkipReason> {
    let unreadable = |e: io::Error| SkipReason::Unreadable { error: e.to_string() };
    let len = fs::metadata(path).map_err(unreadable)?.len();
    if len > MAX_RECORD_BYTES {
        return Err(SkipReason::TooLarge { bytes: len });
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    parse_record(&bytes)
}

/// Reads one record file.
pub fn read_record(path: &Path) -> Result<Record, RecordError> {
    read_file(path).map_err(|reason| match reason {
        SkipReason::Unreadable { error } => {
            RecordError::Read { path: path.to_path_buf(), source: io::Error::other(error) }
        }
        other => RecordError::Invalid { path: path.to_path_buf(), reason: other },
    })
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
    let mut seen: HashMap<walk::CallKey, PathBuf> = HashMap::new();
    scan.unreadable = walk::visit(dirs, |path, result| match result {
        Ok(record) => {
            let key = walk::call_key(&record);
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
    let mut bad: Vec<RecordError> =
        scan.unreadable.into_iter().map(|(path, e)| RecordError::Read { path, source: io::Error::other(e) }).collect();
    for s in scan.skipped {
        match s.reason {
            SkipReason::Journal | SkipReason::Duplicate { .. } => {}
            SkipReason::Unreadable { error } => {
                bad.push(RecordError::Read { path: s.path, source: io::Error::other(error) })
            }
            other => bad.push(RecordError::Invalid { path: s.path, reason: other }),
        }
    }
    let mut ok = scan.records;
    ok.sort_by(|a, b| a.0.cmp(&b.0));
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_keep_letters_of_any_script() {
        assert_eq!(safe_name("王小明"), "王小明");
        assert_eq!(safe_name("Anna Lee"), "Anna-Lee");
        assert_eq!(safe_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_name("a/b\\c:d*e?f"), "a-b-c-d-e-f");
        assert_eq!(safe_name("..."), "trainee");
        assert_eq!(safe_name(""), "trainee");
        assert_eq!(safe_name("a\0b\nc"), "a-b-c");
        assert_eq!(safe_name(&"x".repeat(500)).chars().count(), NAME_CHARS);
        let long = safe_name(&"长".repeat(500));
        assert!(long.len() <= NAME_BYTES && long.chars().all(|c| c == '长'), "{long}");
        assert_eq!(long.chars().count(), NAME_BYTES / 3);
    }

    #[test]
    fn file_stems_from_foreign_ids_are_safe() {
        assert_eq!(safe_file_stem("20260101-101010_Anna_refund"), "20260101-101010_Anna_refund");
        assert_eq!(safe_file_stem("../x"), "x");
        assert_eq!(safe_file_stem(""), "record");
        assert!(safe_file_stem(&"长".repeat(300)).len() <= 200);
    }

    #[test]
    fn bad_bytes_are_classified() {
        assert_eq!(parse_record(b""), Err(SkipReason::Empty));
        assert_eq!(parse_record(b" \n"), Err(SkipReason::Empty));
        assert_eq!(parse_record(b"{\"format\": 1, \"id\": \"a"), Err(SkipReason::Truncated));
        assert!(matches!(parse_record(b"\x00\x01\xff"), Err(SkipReason::NotJson { line: 1, .. })));
        assert!(matches!(parse_record(b"[1, 2]"), Err(SkipReason::NotARecord { .. })));
        assert!(matches!(parse_record(b"{\"name\": \"x\"}"), Err(SkipReason::NotARecord { .. })));
        assert!(matches!(parse_record(b"{\"format\": 1}"), Err(SkipReason::NotARecord { .. })));
        assert_eq!(parse_record(b"{\"format\": 7, \"whatever\": []}"), Err(SkipReason::FutureFormat { format: 7 }));
    }
}
