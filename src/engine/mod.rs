//! The Calmline engine. Plain Rust with no Bevy: it returns values (events, results,
//! diagnostics), never prints, and never panics on bad input. It has three parts, each
//! importing only the ones before it:
//!
//! - [`call`]: the call itself: scenarios, personas, loading and checking them, the
//!   caller's anger model and the session;
//! - [`judge`]: scoring, the planner, the debrief, the coach and the simulated trainees;
//! - [`records`]: records and their journals, replay, course progress, the trainers'
//!   report and map, and xAPI statements.
//!
//! A typical use:
//! ```ignore
//! let library = Library::load(&["dialogues".into()], None);
//! let scenario = library.find("double-charge", Lang::En).unwrap().clone();
//! let mut session = Session::new(scenario, 42);
//! let events = session.choose(0, 3.5)?;
//! ```

pub mod call;
pub mod judge;
pub mod records;

pub use call::caller::CallState;
pub use call::course::{Course, Unit, UnitMode, Unlock};
pub use call::diag::{Diagnostic, Severity};
pub use call::font::{FontCoverage, FontError};
pub use call::lang::{Lang, Localized};
pub use call::load::{Library, PersonaSet};
pub use call::model::{Ending, Next, Node, Reply, Scenario, Target};
pub use call::persona::{EndingKind, Mode, Persona, VoiceStyle};
pub use call::session::{Choice, Event, Session, SessionError, Turn};
pub use call::sound::{Tone, ToneRegion};
pub use call::technique::{Family, Technique};
pub use call::voice::{SpeechStyle, VoiceClips};
pub use judge::Judge;
pub use judge::debrief::{Debrief, Note, TurnReview};
pub use judge::score::{Grade, PartKind, Score};
pub use records::progress::{Progress, UnitState};
