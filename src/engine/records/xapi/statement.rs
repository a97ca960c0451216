//! One session's statements: the verbs, activities and ids Calmline uses, and the
//! statements built from a record (the mapping is documented in `docs/records.md`).

use crate::engine::call::lang::Lang;
use crate::engine::call::persona::EndingKind;
use crate::engine::judge::score::PartKind;
use crate::engine::records::record::Record;
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// The namespace of Calmline's statement ids and registrations (UUID v5).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_2c3a_9b84_4e57_a0c1_5d2e_8f73_b946);
/// The xAPI version spoken.
pub const XAPI_VERSION: &str = "1.0.3";

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

    pub(super) fn extension(&self, name: &str) -> String {
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
pub(super) fn verb(id: &str) -> Value {
    let display: serde_json::Map<String, Value> = Lang::ALL
        .iter()
        .map(|l| (l.region_tag().to_string(), Value::from(crate::engine::call::builtin::verb_display(id, *l))))
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
pub(super) fn actor(record: &Record, opts: &Options) -> Value {
    json!({
        "objectType": "Agent",
        "name": record.trainee,
        "account": { "homePage": opts.base(), "name": record.trainee },
    })
}

/// The call a record was played on, as an activity named in the record's language.
pub(super) fn scenario_activity(record: &Record, opts: &Options) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::records::xapi::course_statement_id;

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
