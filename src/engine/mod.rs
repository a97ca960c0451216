//! The Calmline engine: scenarios, the caller's anger model, sessions, scoring, debriefs,
//! simulation and records. Plain Rust with no Bevy: it returns values (events, results,
//! diagnostics), never prints, and never panics on bad input.
//!
//! A typical use:
//! ```ignore
//! let library = Library::load(&["dialogues".into()], None);
//! let scenario = library.find("double-charge", Lang::En).unwrap().clone();
//! let mut session = Session::new(scenario, 42);
//! let events = session.choose(0, 3.5)?;
//! ```

pub mod audit;
pub mod builtin;
pub mod caller;
pub mod closeness;
pub mod course;
pub mod diag;
pub mod font;
pub mod judge;
pub mod lang;
pub mod load;
pub mod map;
pub mod model;
pub mod persona;
pub mod record;
pub mod replay;
pub mod report;
pub mod script;
pub mod session;
pub mod simulate;
pub mod sound;
pub mod technique;
pub mod testkit;
pub mod voice;
pub mod xapi;

pub use caller::CallState;
pub use course::{Course, Progress, Unit, UnitMode, UnitState, Unlock};
pub use diag::{Diagnostic, Severity};
pub use font::{FontCoverage, FontError};
pub use judge::Judge;
pub use judge::debrief::{Debrief, Note, TurnReview};
pub use judge::score::{Grade, PartKind, Score};
pub use lang::{Lang, Localized};
pub use load::{Library, PersonaSet};
pub use model::{Ending, Next, Node, Reply, Scenario, Target};
pub use persona::{EndingKind, Mode, Persona, VoiceStyle};
pub use session::{Choice, Event, Session, SessionError, Turn};
pub use sound::{Tone, ToneRegion};
pub use technique::{Family, Technique};
pub use voice::{SpeechStyle, VoiceClips};
