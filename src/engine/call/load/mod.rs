//! Reading scenario and persona files: syntax errors from RON, then every meaning error
//! at once, each located by file, line and column. Never panics, whatever the input.
//!
//! The files here, by what they hold:
//! - `text.rs`: reading a file's text (size limit, UTF-8), RON's syntax errors, "did you
//!   mean";
//! - `context.rs`: the diagnostics context of one file and the span helpers;
//! - `personas.rs`: persona files and the [`PersonaSet`];
//! - `scenarios.rs`: one scenario file, built and checked; `scenario_tests.rs`: the tests
//!   it carries;
//! - `graph.rs`: the checks of a call's graph and of the glyphs the font can draw;
//! - `library.rs`: the [`Library`], every file of some dialogue folders;
//! - `course.rs`, `versions.rs`, `voices.rs`, `scripts.rs`, `convert.rs`, `raw.rs`,
//!   `spans.rs`: courses, the translation rule, recorded voices, the Chinese script rule,
//!   `calmline convert`, the raw forms serde reads, and where values are in the text.
//!
//! This file defines nothing: the other files import from each other, never from here.

mod context;
mod convert;
pub mod course;
mod graph;
mod library;
mod personas;
mod raw;
mod scenario_tests;
mod scenarios;
mod scripts;
pub(crate) mod spans;
mod text;
mod versions;
mod voices;

pub use context::{id_span, node_span};
pub use convert::convert_call;
pub use graph::{GRAPH_ERRORS, GlyphCheck};
pub use library::Library;
pub use personas::{PERSONAS_FILE, PersonaSet, parse_personas};
pub use scenarios::{DEFAULT_MAX_TURNS, ScenarioContext, fingerprint, parse_scenario, parse_scenario_draft};
pub use text::{MAX_FILE_BYTES, decode, did_you_mean, read_text};
