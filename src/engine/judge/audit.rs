//! Whether a call teaches the method, for trainers: its own scenario tests, and what the
//! bots show about it. `calmline test` and `calmline check` run these; they return typed
//! findings that the command line words.

use crate::engine::call::model::{Scenario, ScenarioTest};
use crate::engine::call::persona::EndingKind;
use crate::engine::call::technique::Technique;
use crate::engine::judge::Judge;
use crate::engine::judge::planner::{Objective, Planner};
use crate::engine::judge::simulate::{self, Policy, Trouble};
use serde::Serialize;
use std::sync::Arc;

/// Runs per bot when a call is audited.
pub const AUDIT_RUNS: usize = 100;
/// A surface bot (longest reply, polite words, good-sounding phrases) scoring a median above
/// this wins too much of the call without the method.
pub const SURFACE_LIMIT: f32 = 40.0;

/// The result of one scenario test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestResult {
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub outcome: Option<EndingKind>,
    pub score: Option<u8>,
    /// Why it failed; `None` when it passed.
    pub failure: Option<TestFailure>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Why a scenario test failed. Turns are 0-based.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TestFailure {
    /// The path gives a number the node does not offer.
    NoSuchReply { turn: usize, node: String, offered: usize, number: usize },
    /// The call ended (or did not) otherwise than expected. `turn` and `node` are where
    /// the path ended: the last reply played.
    Outcome { expected: EndingKind, got: Option<EndingKind>, turn: usize, node: String },
    /// The score is outside the expected range. `first_slip` is the first turn where the
    /// debrief recommends another reply, if any.
    Score { got: u8, min: Option<u8>, max: Option<u8>, first_slip: Option<(usize, String)> },
    /// A score was expected but the path ran out before the call ended.
    Unfinished { turn: usize, node: String },
}

/// Plays one scenario test.
pub fn run_test(scenario: &Arc<Scenario>, test: &ScenarioTest) -> TestResult {
    let mut result = TestResult {
        name: test.name.clone(),
        line: test.line,
        column: test.column,
        outcome: None,
        score: None,
        failure: None,
    };
    let session = match simulate::play_numbers(scenario, &test.path, test.seed) {
        Ok(session) => session,
        Err(simulate::PathError { turn, node, offered, number }) => {
            result.failure = Some(TestFailure::NoSuchReply { turn, node, offered, number });
            return result;
        }
    };
    let last = session.turns().len().saturating_sub(1);
    let last_node = session.turns().last().map(|t| scenario.nodes[t.node].id.clone()).unwrap_or_default();
    result.outcome = session.outcome();
    result.score = session.score().map(|s| s.total);
    if let Some(expected) = test.outcome
        && result.outcome != Some(expected)
    {
        result.failure = Some(TestFailure::Outcome { expected, got: result.outcome, turn: last, node: last_node });
        return result;
    }
    if test.min_score.is_none() && test.max_score.is_none() {
        return result;
    }
    let Some(got) = result.score else {
        result.failure = Some(TestFailure::Unfinished { turn: last, node: last_node });
        return result;
    };
    if test.min_score.is_some_and(|m| got < m) || test.max_score.is_some_and(|m| got > m) {
        let first_slip = session.debrief().and_then(|d| {
            d.turns.iter().find(|t| t.better.is_some()).map(|t| (t.turn, scenario.nodes[t.node].id.clone()))
        });
        result.failure = Some(TestFailure::Score { got, min: test.min_score, max: test.max_score, first_slip });
    }
    result
}

/// What the bots show about a call, as warnings for its trainer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// The best play uses a mistake at this node (0-based turn).
    BestUsesMistake { turn: usize, node: String, reply: usize, technique: Technique },
    /// The best play comes back to a node it has already passed.
    BestRepeatsNode { turn: usize, node: String },
    /// The method as taught does not resolve the call.
    MethodFails { trouble: Trouble, median: f32 },
    /// A surface bot wins the call without the method.
    SurfaceWins { policy: Policy, median: f32 },
}

impl Finding {
    /// The node the finding is about, where it has one.
    pub fn node(&self) -> Option<&str> {
        match self {
            Finding::BestUsesMistake { node, .. } | Finding::BestRepeatsNode { node, .. } => Some(node),
            Finding::MethodFails { trouble, .. } => match trouble {
                Trouble::NoMethodReply { node, .. } | Trouble::Provoked { node, .. } | Trouble::Lost { node, .. } => {
                    Some(node)
                }
                Trouble::Unfinished => None,
            },
            Finding::SurfaceWins { .. } => None,
        }
    }
}

/// Plays the best path, the method bot and the surface bots on `scenario`.
pub fn audit(scenario: &Arc<Scenario>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // A varied caller is audited as the first seed draws it (`simulate` covers the rest).
    let scenario = &scenario.draw(1).map_or_else(|| Arc::clone(scenario), Arc::new);
    let mut planner = Planner::new(scenario, Objective::Best);
    let best = simulate::play_one(scenario, 1, Policy::Best, Some(&mut planner));
    let mut seen = Vec::new();
    for (turn, t) in best.turns().iter().enumerate() {
        let node = &scenario.nodes[t.node];
        if seen.contains(&t.node) && !findings.iter().any(|f| matches!(f, Finding::BestRepeatsNode { .. })) {
            findings.push(Finding::BestRepeatsNode { turn, node: node.id.clone() });
        }
        seen.push(t.node);
        if let Some(c) = t.choice
            && node.replies[c].technique.is_mistake()
        {
            findings.push(Finding::BestUsesMistake {
                turn,
                node: node.id.clone(),
                reply: c,
                technique: node.replies[c].technique,
            });
        }
    }
    let report =
        simulate::simulate(scenario, AUDIT_RUNS, 1, &[Policy::Method, Policy::Longest, Policy::Polite, Policy::Cue]);
    for p in &report.policies {
        if p.policy == Policy::Method && p.outcomes.resolved * 2 <= p.runs {
            // The first seed's call shows where it goes wrong, or the first seed that does.
            let trouble = report
                .method
                .as_ref()
                .and_then(|m| m.trouble.clone())
                .or_else(|| (2..=AUDIT_RUNS as u64).find_map(|seed| simulate::method_run(scenario, seed).trouble))
                .unwrap_or(Trouble::Unfinished);
            findings.push(Finding::MethodFails { trouble, median: p.score.median });
        }
        if p.policy.is_surface() && p.score.median > SURFACE_LIMIT {
            findings.push(Finding::SurfaceWins { policy: p.policy, median: p.score.median });
        }
    }
    findings
}
