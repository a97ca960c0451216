//! Call records as xAPI 1.0.3 statements, and sending them to a Learning Record Store
//! (LRS) through a queue kept in the records folder, so a training room without network
//! loses nothing and sends later.
//!
//! Each session gives: a `completed` statement (or `attempted` for a call interrupted by
//! a crash), a `passed` or `failed` statement for a finished call, and one `answered`
//! statement per reply chosen, an interaction offering the replies of that turn as
//! choices. Statement ids are UUID v5 from the record id and the statement's index, so
//! sending a session again never duplicates it: an LRS answers 204 or 409 for a statement
//! id it already holds. A call that completed a course also gives a `completed`
//! statement about the course ([`course`]). The mapping is documented in `docs/records.md`.

pub mod course;

pub use course::{TYPE_COURSE, completion_statement, course_statement_id, statements_with_courses};

use crate::engine::judge::score::PartKind;
use crate::engine::lang::Lang;
use crate::engine::persona::EndingKind;
use crate::engine::record::Record;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use uuid::Uuid;

/// The namespace of Calmline's statement ids and registrations (UUID v5).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_2c3a_9b84_4e57_a0c1_5d2e_8f73_b946);
/// The xAPI version spoken.
pub const XAPI_VERSION: &str = "1.0.3";
/// The queue's file name inside a records folder (hidden, so it is never read as a record).
pub const QUEUE_FILE: &str = ".calmline-xapi-queue.json";
const QUEUE_FORMAT: u32 = 1;

pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const TYPE_SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
pub const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// How statements are built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The home page of the trainees' accounts, and the base of every activity and
    /// extension IRI. Use the training department's own address.
    pub home_page: String,
    /// The lowest score that passes, for a call that ended resolved.
    pub pass_mark: u8,
}

/// The home page used when none is given: a reserved name that never resolves.
pub const DEFAULT_HOME_PAGE: &str = "https://calmline.invalid";
/// Grade C or better.
pub const DEFAULT_PASS_MARK: u8 = 65;

impl Default for Options {
    fn default() -> Options {
        Options { home_page: DEFAULT_HOME_PAGE.to_string(), pass_mark: DEFAULT_PASS_MARK }
    }
}

impl Options {
    fn base(&self) -> &str {
        self.home_page.trim_end_matches('/')
    }

    fn extension(&self, name: &str) -> String {
        format!("{}/xapi/{name}", self.base())
    }

    /// The activity id of a scenario.
    pub fn scenario_iri(&self, id: &str, lang: Lang) -> String {
        format!("{}/scenarios/{}/{}", self.base(), lang.folder(), encode_segment(id))
    }

    /// The activity id of a course.
    pub fn course_iri(&self, id: &str) -> String {
        format!("{}/courses/{}", self.base(), encode_segment(id))
    }

    /// The activity id of a node (an interaction) of a scenario.
    pub fn node_iri(&self, scenario: &str, lang: Lang, node: &str) -> String {
        format!("{}/nodes/{}", self.scenario_iri(scenario, lang), encode_segment(node))
    }
}

/// Whether a finished call passes: it ended well, with at least the pass mark.
pub fn passed(record: &Record, pass_mark: u8) -> bool {
    // Resolved, or ended by the agent after a warning: the outcome part has points only
    // for a call that ended well.
    record.outcome.is_some_and(EndingKind::can_end_well)
        && record.score.as_ref().is_some_and(|s| s.part(PartKind::Outcome) > 0 && s.total >= pass_mark)
}

/// The id of statement `index` of the session recorded as `record_id`.
pub fn statement_id(record_id: &str, index: usize) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{record_id}/statement/{index}").as_bytes())
}

/// The registration shared by every statement of one session.
pub fn registration(record_id: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{record_id}/registration").as_bytes())
}

/// An IRI path segment: unreserved ASCII is kept, everything else percent-encoded.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() { "-".to_string() } else { out }
}

/// An xAPI language tag for a call's language.
fn lang_tag(lang: Lang) -> &'static str {
    lang.region_tag()
}

/// An ISO 8601 duration such as `PT1M3.5S`.
pub fn iso_duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds <= 0.0 {
        return "PT0S".to_string();
    }
    let centis = (seconds * 100.0).round() as u64;
    let (h, rest) = (centis / 360_000, centis % 360_000);
    let (m, c) = (rest / 6_000, rest % 6_000);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if c > 0 || (h == 0 && m == 0) {
        if c % 100 == 0 {
            out.push_str(&format!("{}S", c / 100));
        } else {
            let s = format!("{}.{:02}", c / 100, c % 100);
            out.push_str(s.trim_end_matches('0'));
            out.push('S');
        }
    }
    out
}

/// A verb with its display in each language (`en-US`, `zh-CN`, `zh-TW`).
fn verb(id: &str) -> Value {
    let display: serde_json::Map<String, Value> = Lang::ALL
        .iter()
        .map(|l| (l.region_tag().to_string(), Value::from(crate::engine::builtin::verb_display(id, *l))))
        .collect();
    json!({ "id": id, "display": display })
}

fn timestamp_after(start: &str, seconds: f64) -> Option<String> {
    let t: jiff::Timestamp = start.parse().ok()?;
    let d = jiff::SignedDuration::try_from_secs_f64(seconds.max(0.0)).ok()?;
    t.checked_add(d).ok()?.round(jiff::Unit::Millisecond).ok().map(|t| t.to_string())
}

/// The statements of one session, in index order (the index is part of each id).
pub fn statements(record: &Record, opts: &Options) -> Vec<Value> {
    let lang = record.scenario.lang;
    let tag = lang_tag(lang);
    let actor = actor(record, opts);
    let scenario_iri = opts.scenario_iri(&record.scenario.id, lang);
    let scenario = scenario_activity(record, opts);
    let registration = registration(&record.id).to_string();
    let mut context_ext = Map::new();
    context_ext.insert(opts.extension("record"), json!(record.id));
    context_ext.insert(opts.extension("scenario-fingerprint"), json!(record.scenario.fingerprint));
    context_ext.insert(opts.extension("seed"), json!(record.seed));
    // An exam, and the course and unit a call was taken in.
    if record.attempt.exam {
        context_ext.insert(opts.extension("exam"), json!(true));
    }
    let mut grouping = Vec::new();
    if let Some(c) = &record.attempt.course {
        context_ext.insert(opts.extension("course"), json!(c.id));
        context_ext.insert(opts.extension("course-unit"), json!(c.unit));
        grouping.push(json!({ "objectType": "Activity", "id": opts.course_iri(&c.id) }));
    }
    let mut context = json!({
        "registration": registration,
        "platform": "Calmline",
        "language": tag,
        "extensions": context_ext,
    });
    if !grouping.is_empty() {
        context["contextActivities"] = json!({ "grouping": grouping.clone() });
    }
    let duration = record.wall_seconds().unwrap_or(record.duration_seconds() as f64);
    let ended = record.ended_at.clone().unwrap_or_else(|| record.started_at.clone());
    let mut out = Vec::with_capacity(record.turns.len() + 2);
    let mut push = |index: usize, mut st: Map<String, Value>, timestamp: Option<String>| {
        st.insert("id".into(), json!(statement_id(&record.id, index).to_string()));
        if let Some(ts) = timestamp.filter(|t| t.parse::<jiff::Timestamp>().is_ok()) {
            st.insert("timestamp".into(), json!(ts));
        }
        out.push(Value::Object(st));
    };

    let mut result = Map::new();
    if let Some(score) = &record.score {
        result.insert(
            "score".into(),
            json!({ "scaled": score.total as f64 / 100.0, "raw": score.total, "min": 0, "max": 100 }),
        );
        result.insert("success".into(), json!(passed(record, opts.pass_mark)));
    }
    result.insert("completion".into(), json!(record.complete));
    result.insert("duration".into(), json!(iso_duration(duration)));
    let mut result_ext = Map::new();
    if let Some(score) = &record.score {
        result_ext.insert(opts.extension("grade"), json!(score.grade.letter()));
    }
    if let Some(outcome) = record.outcome {
        result_ext.insert(opts.extension("outcome"), json!(outcome.id()));
    }
    result_ext.insert(opts.extension("turns"), json!(record.turns.len()));
    if record.hints() > 0 {
        result_ext.insert(opts.extension("hints"), json!(record.hints()));
    }
    result.insert("extensions".into(), Value::Object(result_ext));
    let result = Value::Object(result);

    let session = |verb: Value| {
        let mut st = Map::new();
        st.insert("actor".into(), actor.clone());
        st.insert("verb".into(), verb);
        st.insert("object".into(), scenario.clone());
        st.insert("result".into(), result.clone());
        st.insert("context".into(), context.clone());
        st
    };
    if record.complete {
        push(0, session(verb(VERB_COMPLETED)), Some(ended.clone()));
        if record.score.is_some() {
            let v = if passed(record, opts.pass_mark) { verb(VERB_PASSED) } else { verb(VERB_FAILED) };
            push(1, session(v), Some(ended));
        }
    } else {
        push(0, session(verb(VERB_ATTEMPTED)), Some(record.started_at.clone()));
    }

    let mut elapsed = 0.0f64;
    for (i, t) in record.turns.iter().enumerate() {
        elapsed += t.seconds.max(0.0) as f64;
        let Some(choice) = t.choice else { continue };
        let Some(chosen) = t.offered.get(choice) else { continue };
        let choices: Vec<Value> = t
            .offered
            .iter()
            .enumerate()
            .map(|(k, o)| json!({ "id": format!("reply-{}", k + 1), "description": { tag: o.text } }))
            .collect();
        let object = json!({
            "objectType": "Activity",
            "id": opts.node_iri(&record.scenario.id, lang, &t.node),
            "definition": {
                "type": TYPE_INTERACTION,
                "interactionType": "choice",
                "name": { tag: format!("{}: {}", record.scenario.title, t.node) },
                "description": { tag: t.line },
                "choices": choices,
            },
        });
        let mut ext = Map::new();
        ext.insert(opts.extension("technique"), json!(chosen.technique.id()));
        ext.insert(opts.extension("anger-before"), json!(t.anger_before));
        ext.insert(opts.extension("anger-after"), json!(t.anger_after));
        ext.insert(opts.extension("mode-after"), json!(t.mode_after.id()));
        ext.insert(opts.extension("turn"), json!(i + 1));
        let mut ctx = context.as_object().cloned().unwrap_or_default();
        let mut activities = json!({ "parent": [ { "objectType": "Activity", "id": scenario_iri } ] });
        if !grouping.is_empty() {
            activities["grouping"] = json!(grouping.clone());
        }
        ctx.insert("contextActivities".into(), activities);
        let mut st = Map::new();
        st.insert("actor".into(), actor.clone());
        st.insert("verb".into(), verb(VERB_ANSWERED));
        st.insert("object".into(), object);
        st.insert(
            "result".into(),
            json!({
                "response": format!("reply-{}", choice + 1),
                "duration": iso_duration(t.seconds as f64),
                "extensions": ext,
            }),
        );
        st.insert("context".into(), Value::Object(ctx));
        push(2 + i, st, timestamp_after(&record.started_at, elapsed));
    }
    out
}

/// The trainee as an xAPI agent: an account on the home page, named as typed.
fn actor(record: &Record, opts: &Options) -> Value {
    json!({
        "objectType": "Agent",
        "name": record.trainee,
        "account": { "homePage": opts.base(), "name": record.trainee },
    })
}

/// The call a record was played on, as an activity named in the record's language.
fn scenario_activity(record: &Record, opts: &Options) -> Value {
    let lang = record.scenario.lang;
    json!({
        "objectType": "Activity",
        "id": opts.scenario_iri(&record.scenario.id, lang),
        "definition": {
            "type": TYPE_SIMULATION,
            "name": { lang_tag(lang): record.scenario.title },
        },
    })
}

/// A statement's id, as written in it.
pub fn id_of(statement: &Value) -> Option<Uuid> {
    statement.get("id")?.as_str()?.parse().ok()
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot read the xAPI queue {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the xAPI queue {} is damaged ({message}); it was set aside as {}", path.display(), aside.display())]
    Damaged { path: PathBuf, aside: PathBuf, message: String },
    #[error("cannot write the xAPI queue {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// What is waiting to be sent to each LRS, and what each has accepted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub calmline_xapi_queue: u32,
    /// By LRS endpoint (its address without a trailing slash).
    pub endpoints: BTreeMap<String, EndpointQueue>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EndpointQueue {
    /// Ids of statements the LRS has accepted (or already held).
    pub accepted: BTreeSet<Uuid>,
    /// Statements not accepted yet, in the order they were queued.
    pub pending: Vec<Value>,
}

/// The queue key of an LRS endpoint.
pub fn endpoint_key(endpoint: &str) -> String {
    endpoint.trim().trim_end_matches('/').to_string()
}

impl Queue {
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(QUEUE_FILE)
    }

    /// The queue kept in a records folder; empty when there is none yet. A damaged queue
    /// is renamed aside and reported: the statements can be rebuilt from the records, so
    /// at worst some are sent again, and the LRS ignores those by their ids.
    pub fn load(dir: &Path) -> Result<Queue, QueueError> {
        let path = Queue::path(dir);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Queue { calmline_xapi_queue: QUEUE_FORMAT, ..Queue::default() });
            }
            Err(source) => return Err(QueueError::Read { path, source }),
        };
        match serde_json::from_slice::<Queue>(&bytes) {
            Ok(q) if q.calmline_xapi_queue >= 1 => Ok(q),
            Ok(q) => Err(Queue::set_aside(&path, format!("unknown queue format {}", q.calmline_xapi_queue))),
            Err(e) => Err(Queue::set_aside(&path, e.to_string())),
        }
    }

    fn set_aside(path: &Path, message: String) -> QueueError {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let aside = path.with_file_name(format!("{QUEUE_FILE}.damaged-{stamp}"));
        if let Err(source) = fs::rename(path, &aside) {
            return QueueError::Read { path: path.to_path_buf(), source };
        }
        QueueError::Damaged { path: path.to_path_buf(), aside, message }
    }

    /// Writes the queue atomically (a temporary file renamed over it).
    pub fn save(&self, dir: &Path) -> Result<(), QueueError> {
        let path = Queue::path(dir);
        let tmp = dir.join(format!("{QUEUE_FILE}.{}.tmp", std::process::id()));
        let err = |source| QueueError::Write { path: path.clone(), source };
        let json = serde_json::to_vec_pretty(self).map_err(|e| err(io::Error::other(e)))?;
        {
            let mut f = fs::File::create(&tmp).map_err(err)?;
            f.write_all(&json).map_err(err)?;
            f.sync_all().map_err(err)?;
        }
        fs::rename(&tmp, &path).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            err(e)
        })
    }

    /// Adds the statements not yet accepted by nor queued for `endpoint`. Returns how
    /// many were added and how many had been accepted before.
    pub fn enqueue(&mut self, endpoint: &str, statements: Vec<Value>) -> (usize, usize) {
        self.calmline_xapi_queue = QUEUE_FORMAT;
        let q = self.endpoints.entry(endpoint_key(endpoint)).or_default();
        let mut queued: BTreeSet<Uuid> = q.pending.iter().filter_map(id_of).collect();
        let (mut added, mut before) = (0, 0);
        for st in statements {
            let Some(id) = id_of(&st) else { continue };
            if q.accepted.contains(&id) {
                before += 1;
            } else if queued.insert(id) {
                q.pending.push(st);
                added += 1;
            }
        }
        (added, before)
    }

    /// Statements waiting for `endpoint`.
    pub fn pending(&self, endpoint: &str) -> usize {
        self.endpoints.get(&endpoint_key(endpoint)).map_or(0, |q| q.pending.len())
    }
}

/// An HTTP answer from an LRS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// How statements reach an LRS. [`Lrs`] speaks HTTP; tests use their own.
pub trait Transport {
    /// POST a batch to the statements resource. `Err` when the LRS cannot be reached.
    fn post(&mut self, statements: &[Value]) -> Result<Answer, String>;
    /// PUT one statement with its id.
    fn put(&mut self, id: Uuid, statement: &Value) -> Result<Answer, String>;
}

/// Why sending stopped before the queue was empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// No answer (no network, wrong address, the LRS is down).
    Unreachable(String),
    /// 401 or 403: wrong user or password, or no right to write statements.
    Refused { status: u16, body: String },
    /// Any other answer the LRS should not give.
    Server { status: u16, body: String },
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Unreachable(e) => write!(f, "the LRS cannot be reached: {e}"),
            Stop::Refused { status, body } => {
                write!(f, "the LRS refused the credentials (HTTP {status}): {}", short(body))
            }
            Stop::Server { status, body } => write!(f, "the LRS answered HTTP {status}: {}", short(body)),
        }
    }
}

fn short(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 300 { flat.chars().take(299).chain(std::iter::once('…')).collect() } else { flat }
}

/// What one sending run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// Statements the LRS accepted in this run (stored now, or already held).
    pub accepted: usize,
    /// Of those, ids the LRS already held with a different content (HTTP 409); the LRS
    /// keeps its own copy.
    pub conflicts: Vec<Uuid>,
    /// Statements the LRS rejected as invalid, with its answer; they stay queued.
    pub rejected: Vec<(Uuid, String)>,
    /// Why sending stopped early, if it did.
    pub stop: Option<Stop>,
    /// Statements still queued for this LRS.
    pub left: usize,
}

/// Sends what is queued for `endpoint` in batches of `batch`, saving the queue through
/// `save` after each batch so that an interrupted run keeps what was accepted.
pub fn send(
    queue: &mut Queue,
    endpoint: &str,
    transport: &mut dyn Transport,
    batch: usize,
    save: &mut dyn FnMut(&Queue) -> Result<(), QueueError>,
) -> Result<Sent, QueueError> {
    let key = endpoint_key(endpoint);
    let mut sent = Sent::default();
    let mut rejected: BTreeSet<Uuid> = BTreeSet::new();
    loop {
        let q = queue.endpoints.entry(key.clone()).or_default();
        let accepted = q.accepted.clone();
        q.pending.retain(|st| id_of(st).is_some_and(|id| !accepted.contains(&id)));
        let chunk: Vec<Value> = q
            .pending
            .iter()
            .filter(|st| id_of(st).is_some_and(|id| !rejected.contains(&id)))
            .take(batch.max(1))
            .cloned()
            .collect();
        if chunk.is_empty() {
            break;
        }
        let mut done: Vec<Uuid> = Vec::new();
        match transport.post(&chunk) {
            Ok(a) if a.status == 200 || a.status == 204 => done.extend(chunk.iter().filter_map(id_of)),
            Ok(a) if matches!(a.status, 400 | 409 | 413 | 422) => {
                // The batch as a whole was refused: one statement at a time finds which.
                for st in &chunk {
                    let Some(id) = id_of(st) else { continue };
                    match transport.put(id, st) {
                        Ok(a) if a.status == 200 || a.status == 204 => done.push(id),
                        Ok(a) if a.status == 409 => {
                            sent.conflicts.push(id);
                            done.push(id);
                        }
                        Ok(a) if matches!(a.status, 400 | 413 | 422) => {
                            rejected.insert(id);
                            sent.rejected.push((id, short(&a.body)));
                        }
                        Ok(a) if a.status == 401 || a.status == 403 => {
                            sent.stop = Some(Stop::Refused { status: a.status, body: a.body });
                            break;
                        }
                        Ok(a) => {
                            sent.stop = Some(Stop::Server { status: a.status, body: a.body });
                            break;
                        }
                        Err(e) => {
                            sent.stop = Some(Stop::Unreachable(e));
                            break;
                        }
                    }
                }
            }
            Ok(a) if a.status == 401 || a.status == 403 => {
                sent.stop = Some(Stop::Refused { status: a.status, body: a.body })
            }
            Ok(a) => sent.stop = Some(Stop::Server { status: a.status, body: a.body }),
            Err(e) => sent.stop = Some(Stop::Unreachable(e)),
        }
        let q = queue.endpoints.entry(key.clone()).or_default();
        sent.accepted += done.len();
        q.accepted.extend(done.iter().copied());
        let accepted = &q.accepted;
        q.pending.retain(|st| id_of(st).is_some_and(|id| !accepted.contains(&id)));
        save(queue)?;
        if sent.stop.is_some() {
            break;
        }
    }
    sent.left = queue.pending(&key);
    Ok(sent)
}

/// An LRS reached over HTTP(S) with basic authentication.
pub struct Lrs {
    agent: ureq::Agent,
    statements: String,
    auth: Option<String>,
}

impl Lrs {
    /// `endpoint` is the LRS's xAPI address; statements go to `endpoint/statements`.
    pub fn new(endpoint: &str, user: Option<&str>, password: Option<&str>, timeout: Duration) -> Lrs {
        let config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build();
        let auth = user.map(|u| format!("Basic {}", base64(format!("{u}:{}", password.unwrap_or("")).as_bytes())));
        Lrs {
            agent: ureq::Agent::new_with_config(config),
            statements: format!("{}/statements", endpoint_key(endpoint)),
            auth,
        }
    }

    fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<Answer, String> {
        let mut response = result.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Ok(Answer { status, body })
    }
}

impl Transport for Lrs {
    fn post(&mut self, statements: &[Value]) -> Result<Answer, String> {
        let mut req = self.agent.post(&self.statements).header("X-Experience-API-Version", XAPI_VERSION);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        Lrs::answer(req.send_json(statements))
    }

    fn put(&mut self, id: Uuid, statement: &Value) -> Result<Answer, String> {
        let mut req = self
            .agent
            .put(&self.statements)
            .query("statementId", id.to_string())
            .header("X-Experience-API-Version", XAPI_VERSION);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        Lrs::answer(req.send_json(statement))
    }
}

/// Standard base64 with padding, for the basic authentication header.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0.0), "PT0S");
        assert_eq!(iso_duration(3.5), "PT3.5S");
        assert_eq!(iso_duration(63.25), "PT1M3.25S");
        assert_eq!(iso_duration(3600.0), "PT1H");
        assert_eq!(iso_duration(3723.0), "PT1H2M3S");
        assert_eq!(iso_duration(f64::NAN), "PT0S");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"user:pass word"), "dXNlcjpwYXNzIHdvcmQ=");
        assert_eq!(base64("王:密".as_bytes()), "546LOuWvhg==");
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(encode_segment("refund"), "refund");
        assert_eq!(encode_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(encode_segment("退款"), "%E9%80%80%E6%AC%BE");
        assert_eq!(encode_segment(""), "-");
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(statement_id("r1", 0), statement_id("r1", 0));
        assert_ne!(statement_id("r1", 0), statement_id("r1", 1));
        assert_ne!(statement_id("r1", 0), statement_id("r2", 0));
        assert_eq!(statement_id("r1", 0).get_version_num(), 5);
        assert_ne!(registration("r1"), statement_id("r1", 0));
        assert_eq!(course_statement_id("r1"), course_statement_id("r1"));
        assert_ne!(course_statement_id("r1"), course_statement_id("r2"));
        assert!((0..100).all(|i| course_statement_id("r1") != statement_id("r1", i)));
    }
}
