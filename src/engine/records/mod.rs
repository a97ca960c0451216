//! Records and trainer tooling: the record of each call and its journal, recovery of
//! interrupted calls, replay, course progress, the trainers' report and map, and xAPI
//! statements. This layer reads the call and the judge; neither imports it back.

pub mod map;
pub mod progress;
pub mod record;
pub mod replay;
pub mod report;
pub mod xapi;
