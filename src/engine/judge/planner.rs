//! Finding the best (or worst) reply: a search over the rest of the call with the
//! caller model's expected values ([`Expected`]), maximising the final score.
//!
//! The search is exhaustive, with memoisation, up to [`EXACT_BUDGET`] expanded states.
//! Beyond that (very large scenarios) it looks [`HEURISTIC_DEPTH`] replies ahead and
//! judges the states it reaches by an optimistic estimate of the score still reachable.
//! `docs/caller-model.md` describes both.

use crate::engine::call::caller::{self, CallState, Expected};
use crate::engine::call::model::{Scenario, Target};
use crate::engine::call::persona::EndingKind;
use crate::engine::judge::score;
use std::collections::HashMap;

/// States one exact search may expand before falling back to the heuristic.
pub const EXACT_BUDGET: usize = 400_000;
/// Remembered states kept across searches before the memory is cleared.
const MEMO_LIMIT: usize = 4_000_000;
/// How far the heuristic search looks ahead.
pub const HEURISTIC_DEPTH: u16 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Objective {
    /// The highest final score.
    Best,
    /// The lowest final score.
    Worst,
}

/// A search over one scenario. Keep it across calls on the same scenario: what it has
/// worked out is remembered.
pub struct Planner<'a> {
    scenario: &'a Scenario,
    objective: Objective,
    memo: HashMap<(u32, u16, CallState), u8>,
    /// States expanded by the current search.
    expanded: usize,
    /// Every search so far was exhaustive.
    exact: bool,
}

/// The outcome of one reply under expected values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplyValue {
    pub reply: usize,
    /// The final score expected when this reply is followed by the objective's play.
    pub score: u8,
}

impl<'a> Planner<'a> {
    pub fn new(scenario: &'a Scenario, objective: Objective) -> Planner<'a> {
        Planner { scenario, objective, memo: HashMap::new(), expanded: 0, exact: true }
    }

    /// Whether every answer so far came from the exhaustive search.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The expected final score of each reply at `node` from `state`.
    pub fn values(&mut self, node: usize, state: &CallState) -> Vec<ReplyValue> {
        let Some(n) = self.scenario.nodes.get(node) else { return Vec::new() };
        let count = n.replies.len();
        if self.memo.len() > MEMO_LIMIT {
            self.memo.clear();
        }
        // Each search gets the whole budget (what earlier ones remembered only helps), until
        // one runs out: the scenario is then too large, and the heuristic answers from then on.
        if self.exact {
            self.expanded = 0;
            let mut out = Vec::with_capacity(count);
            for reply in 0..count {
                match self.value_of(node, reply, state, None) {
                    Some(score) => out.push(ReplyValue { reply, score }),
                    None => break,
                }
            }
            if out.len() == count {
                return out;
            }
            self.exact = false;
        }
        (0..count)
            .map(|reply| {
                let score = self.value_of(node, reply, state, Some(HEURISTIC_DEPTH)).unwrap_or(0);
                ReplyValue { reply, score }
            })
            .collect()
    }

    /// The reply the objective prefers at `node` from `state`: on ties, the best play takes
    /// the better kind of reply ([`Technique::tier`]), then the one listed first.
    pub fn choose(&mut self, node: usize, state: &CallState) -> Option<ReplyValue> {
        let values = self.values(node, state);
        let replies = &self.scenario.nodes[node].replies;
        let tier = |v: &ReplyValue| replies[v.reply].technique.tier();
        // Between replies worth the same, the best play takes the better kind of reply:
        // a free detour through an upsell is still a detour.
        let better = |a: &ReplyValue, b: &ReplyValue| match self.objective {
            Objective::Best => a.score > b.score || (a.score == b.score && tier(a) < tier(b)),
            Objective::Worst => a.score < b.score,
        };
        let mut best: Option<ReplyValue> = None;
        for v in values {
            if best.as_ref().is_none_or(|b| better(&v, b)) {
                best = Some(v);
            }
        }
        best
    }

    /// The value of taking `reply` at `node`; `None` if the exact budget ran out.
    fn value_of(&mut self, node: usize, reply: usize, state: &CallState, depth: Option<u16>) -> Option<u8> {
        let scenario = self.scenario;
        let r = &scenario.nodes[node].replies[reply];
        let mut s = *state;
        let fx = caller::step_reply(scenario.persona(), &mut s, r.technique, r.anger, &mut Expected);
        let target = scenario.destination(r.next.for_mode(s.mode), &s, &fx);
        match target {
            Target::Ending(e) => {
                let kind = scenario.endings.get(e).map_or(EndingKind::HungUp, |e| e.kind);
                Some(score::total(scenario, &s, kind, Some(r.technique)))
            }
            Target::Node(next) => self.value_at(next, &s, depth.map(|d| d.saturating_sub(1))),
        }
    }

    fn value_at(&mut self, node: usize, state: &CallState, depth: Option<u16>) -> Option<u8> {
        if depth == Some(0) {
            return Some(self.estimate(node, state));
        }
        let key = (node as u32, depth.unwrap_or(u16::MAX), *state);
        if let Some(&v) = self.memo.get(&key) {
            return Some(v);
        }
        if depth.is_none() {
            self.expanded += 1;
            if self.expanded > EXACT_BUDGET {
                return None;
            }
        }
        let count = self.scenario.nodes[node].replies.len();
        let mut best: Option<u8> = None;
        for reply in 0..count {
            let v = self.value_of(node, reply, state, depth)?;
            best = Some(match (best, self.objective) {
                (None, _) => v,
                (Some(b), Objective::Best) => b.max(v),
                (Some(b), Objective::Worst) => b.min(v),
            });
        }
        // A node with no replies cannot be played on: the caller gives up.
        let v = best.unwrap_or_else(|| score::total(self.scenario, state, EndingKind::HungUp, None));
        self.memo.insert(key, v);
        Some(v)
    }

    /// The heuristic's judgement of a state it stopped at: the best score still within
    /// reach if everything from here went right, less a share of the anger left.
    fn estimate(&self, node: usize, state: &CallState) -> u8 {
        let scenario = self.scenario;
        let reachable = scenario.facts.to_resolution.get(node).copied().flatten();
        let Some(steps) = reachable else {
            return score::total(scenario, state, EndingKind::HungUp, None);
        };
        let mut hopeful = *state;
        hopeful.turns = hopeful.turns.saturating_add(steps);
        hopeful.fitted = crate::engine::Technique::ALL
            .iter()
            .filter(|t| t.family().is_method() && scenario.offers(**t))
            .fold(hopeful.fitted, |set, t| set | t.bit());
        hopeful.apologised = true;
        hopeful.recorded = true;
        let optimistic =
            score::total(scenario, &hopeful, EndingKind::Resolved, Some(crate::engine::Technique::CloseCall));
        let penalty = state.anger as i32 * 3 / 10;
        (optimistic as i32 - penalty).clamp(0, 100) as u8
    }
}

/// The plan from the start of the call under expected values: each step's node and reply.
pub fn best_path(scenario: &Scenario) -> Vec<(usize, usize)> {
    let mut planner = Planner::new(scenario, Objective::Best);
    let mut state = CallState::start(scenario.persona(), scenario.caller.anger);
    let mut node = scenario.start;
    let mut path = Vec::new();
    while path.len() < scenario.max_turns as usize {
        let Some(choice) = planner.choose(node, &state) else { break };
        path.push((node, choice.reply));
        let r = &scenario.nodes[node].replies[choice.reply];
        let fx = caller::step_reply(scenario.persona(), &mut state, r.technique, r.anger, &mut Expected);
        match scenario.destination(r.next.for_mode(state.mode), &state, &fx) {
            Target::Node(n) => node = n,
            Target::Ending(_) => break,
        }
    }
    path
}
