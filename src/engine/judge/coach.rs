//! The coach: in practice, a trainee may ask what the method calls for now. A hint names
//! the caller's mode and the technique the best play uses next; it never says which
//! reply on screen is right. The session counts hints ([`crate::engine::Session::use_hint`])
//! and the score charges them ([`crate::engine::judge::score::HINT_COST`]).

use crate::engine::call::caller::CallState;
use crate::engine::call::model::Scenario;
use crate::engine::call::persona::Mode;
use crate::engine::call::technique::Technique;
use crate::engine::judge::debrief::recommended;
use crate::engine::judge::planner::{Objective, Planner};

/// What the coach says: the stage the caller is in and the technique for now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    pub mode: Mode,
    /// The technique of the reply the judge would recommend here; `None` when the turn
    /// offers no reply.
    pub technique: Option<Technique>,
}

/// The hint at `node` with the caller in `state`.
pub fn hint(scenario: &Scenario, node: usize, state: &CallState) -> Hint {
    let mut planner = Planner::new(scenario, Objective::Best);
    let technique = scenario.nodes.get(node).and_then(|n| {
        let values = planner.values(node, state);
        recommended(n, &values).and_then(|v| n.replies.get(v.reply)).map(|r| r.technique)
    });
    Hint { mode: state.mode, technique }
}
