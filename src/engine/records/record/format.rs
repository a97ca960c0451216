//! The record format (format 1): one JSON object per call, built from a session, and read
//! back from bytes or a file with every way the bytes can fail to be a record told apart.
//! The fields are described for trainers and integrators in `docs/records.md`.

use super::error::{Problem, RecordError};
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
use std::fs;
use std::path::Path;

/// The version of the record format written by this build.
pub const FORMAT: u32 = 1;
/// Files larger than this are not read as records (a long call is well under 1 MB).
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

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

/// Reads a record's bytes, classifying every way they can fail to be one.
pub fn parse_record(bytes: &[u8]) -> Result<Record, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Empty);
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
        if e.is_eof() { Problem::Truncated } else { Problem::NotJson { line: e.line(), column: e.column() } }
    })?;
    let Some(object) = value.as_object() else {
        return Err(Problem::NotARecord { detail: format!("a JSON {}, not an object", json_kind(&value)) });
    };
    match object.get("format") {
        Some(f) => match f.as_u64() {
            Some(n) if n > FORMAT as u64 => return Err(Problem::FutureFormat { format: n }),
            Some(0) | None => {
                return Err(Problem::NotARecord { detail: format!("unknown record format {f}") });
            }
            Some(_) => {}
        },
        None => return Err(Problem::NotARecord { detail: "no `format` field".into() }),
    }
    serde_json::from_value(value).map_err(|e| Problem::NotARecord { detail: e.to_string() })
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
pub fn read_file(path: &Path) -> Result<Record, Problem> {
    let unreadable = |e: std::io::Error| Problem::Unreadable { error: e.to_string() };
    let len = fs::metadata(path).map_err(unreadable)?.len();
    if len > MAX_RECORD_BYTES {
        return Err(Problem::TooLarge { bytes: len });
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    parse_record(&bytes)
}

/// Reads one record file; the error names the file.
pub fn read_record(path: &Path) -> Result<Record, RecordError> {
    read_file(path).map_err(|problem| RecordError::new(path, problem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::records::record::error::SkipReason;

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
