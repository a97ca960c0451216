//! Call records as xAPI 1.0.3 statements, and sending them to a Learning Record Store
//! (LRS) through a queue kept in the records folder, so a training room without network
//! loses nothing and sends later (the queue is in `xapi/queue.rs`, the sending in
//! `xapi/send.rs`).
//!
//! Each session gives: a `completed` statement (or `attempted` for a call interrupted by
//! a crash), a `passed` or `failed` statement for a finished call, and one `answered`
//! statement per reply chosen, an interaction offering the replies of that turn as
//! choices. Statement ids are UUID v5 from the record id and the statement's index, so
//! sending a session again never duplicates it: an LRS answers 204 or 409 for a statement
//! id it already holds. A call that completed a course also gives a `completed`
//! statement about the course ([`course`]). The mapping is documented in `docs/records.md`.

pub mod course;
mod queue;
mod send;
mod statement;

pub use course::{TYPE_COURSE, completion_statement, course_statement_id, statements_with_courses};
pub use queue::{EndpointQueue, QUEUE_FILE, Queue, QueueError, endpoint_key};
pub use send::{Answer, Sender, Sent, Stop, Transport, base64, send};
pub use statement::{
    DEFAULT_HOME_PAGE, DEFAULT_PASS_MARK, NAMESPACE, Options, TYPE_INTERACTION, TYPE_SIMULATION, VERB_ANSWERED,
    VERB_ATTEMPTED, VERB_COMPLETED, VERB_FAILED, VERB_PASSED, XAPI_VERSION, id_of, iso_duration, passed, registration,
    statement_id, statements,
};
