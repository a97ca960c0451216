//! Judging a call: the score, the planner that finds the best reply, the debrief, the
//! coach's hints, and the simulated trainees that test a call (`simulate`, `audit`).
//! A [`Session`] only records turns; this layer reads them, and nothing below it imports
//! it back.

pub mod audit;
pub mod coach;
pub mod debrief;
pub mod planner;
pub mod score;
pub mod simulate;

use crate::engine::call::session::Session;
use debrief::Debrief;
use score::Score;

/// The judge's view of a session.
pub trait Judge {
    /// The score, once the call is over.
    fn score(&self) -> Option<Score>;
    /// The debrief, once the call is over.
    fn debrief(&self) -> Option<Debrief>;
}

impl Judge for Session {
    fn score(&self) -> Option<Score> {
        let kind = self.outcome()?;
        Some(score::score(self.scenario(), self.state(), kind, self.turns()))
    }

    fn debrief(&self) -> Option<Debrief> {
        Some(debrief::debrief(self.scenario(), self.turns(), self.outcome()?))
    }
}
