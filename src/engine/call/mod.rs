//! The call itself: scenarios and personas as trainers write them, how they are loaded and
//! checked, the caller's anger model, and the session that plays a call turn by turn.
//! Nothing here imports the judge or the records.

pub mod builtin;
pub mod caller;
pub mod closeness;
pub mod course;
pub mod diag;
pub mod font;
pub mod lang;
pub mod load;
pub mod mode;
pub mod model;
pub mod persona;
pub mod script;
pub mod session;
pub mod sound;
pub mod technique;
pub mod testkit;
pub mod voice;
