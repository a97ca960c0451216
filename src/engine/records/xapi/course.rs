//! The statement of a finished course: the call that completed it (its record says
//! `course.completed`) also gives a `completed` statement whose object is the course.

use super::statement::{NAMESPACE, Options, VERB_COMPLETED, actor, registration, scenario_activity, statements, verb};
use crate::engine::call::course::Course;
use crate::engine::call::lang::Lang;
use crate::engine::records::record::Record;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// The activity type of a course.
pub const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";

/// The id of the course-completion statement of the session recorded as `record_id`:
/// UUID v5 of `"{record id}/statement/course-completed"`, apart from the numbered ones.
pub fn course_statement_id(record_id: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{record_id}/statement/course-completed").as_bytes())
}

/// The course as an activity: named in every language its title is written in when the
/// course is known (`course`), by its id alone otherwise.
fn course_activity(opts: &Options, id: &str, course: Option<&Course>) -> Value {
    let mut definition = Map::new();
    definition.insert("type".into(), json!(TYPE_COURSE));
    if let Some(course) = course {
        let name: Map<String, Value> = Lang::ALL
            .iter()
            .filter(|l| !course.title.exact(**l).trim().is_empty())
            .map(|l| (l.region_tag().to_string(), json!(course.title.exact(*l))))
            .collect();
        if !name.is_empty() {
            definition.insert("name".into(), Value::Object(name));
        }
    }
    json!({ "objectType": "Activity", "id": opts.course_iri(id), "definition": definition })
}

/// The course-completion statement of a record, if the record completed a course: the
/// trainee `completed` the course, at the call's end, in the call's registration, with
/// the call as a context activity. `course` gives the title (the record names only the
/// course's id).
pub fn completion_statement(record: &Record, opts: &Options, course: Option<&Course>) -> Option<Value> {
    let done = record.attempt.course.as_ref().filter(|c| c.completed)?;
    if !record.complete || record.adjusted {
        return None;
    }
    let course = course.filter(|c| c.id == done.id);
    let lang = record.scenario.lang;
    let mut ext = Map::new();
    ext.insert(opts.extension("record"), json!(record.id));
    ext.insert(opts.extension("course-unit"), json!(done.unit));
    if record.attempt.exam {
        ext.insert(opts.extension("exam"), json!(true));
    }
    let mut st = Map::new();
    st.insert("id".into(), json!(course_statement_id(&record.id).to_string()));
    st.insert("actor".into(), actor(record, opts));
    st.insert("verb".into(), verb(VERB_COMPLETED));
    st.insert("object".into(), course_activity(opts, &done.id, course));
    st.insert("result".into(), json!({ "completion": true, "success": true }));
    st.insert(
        "context".into(),
        json!({
            "registration": registration(&record.id).to_string(),
            "platform": "Calmline",
            "language": lang.region_tag(),
            "contextActivities": { "other": [scenario_activity(record, opts)] },
            "extensions": ext,
        }),
    );
    if let Some(ended) = record.ended_at.as_ref().filter(|t| t.parse::<jiff::Timestamp>().is_ok()) {
        st.insert("timestamp".into(), json!(ended));
    }
    Some(Value::Object(st))
}

/// The statements of one session ([`statements`]), then its course-completion statement
/// if it completed a course, named from `courses` when the course is among them.
pub fn statements_with_courses(record: &Record, opts: &Options, courses: &[Arc<Course>]) -> Vec<Value> {
    let mut out = statements(record, opts);
    let course = record.attempt.course.as_ref().and_then(|c| courses.iter().find(|k| k.id == c.id));
    out.extend(completion_statement(record, opts, course.map(|c| c.as_ref())));
    out
}
