//! Bot trainees playing a scenario many times, so a trainer can see whether it rewards
//! skill: outcome counts and score spread per policy, the best path, and what was never
//! visited.

use crate::engine::caller::{CallRng, Dice};
use crate::engine::model::{Scenario, Target};
use crate::engine::persona::{EndingKind, Mode};
use crate::engine::planner::{Objective, Planner};
use crate::engine::score;
use crate::engine::session::Session;
use crate::engine::technique::Technique;
use serde::Serialize;
use std::sync::Arc;

/// How a bot trainee picks replies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Uniformly at random.
    Random,
    /// The planner's choice for the highest expected score.
    Best,
    /// The planner's choice for the lowest expected score.
    Worst,
}

impl Policy {
    pub const ALL: [Policy; 3] = [Policy::Random, Policy::Best, Policy::Worst];

    pub fn id(self) -> &'static str {
        match self {
            Policy::Random => "random",
            Policy::Best => "best",
            Policy::Worst => "worst",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    pub resolved: usize,
    pub escalated: usize,
    pub hung_up: usize,
}

impl Outcomes {
    pub fn add(&mut self, kind: EndingKind) {
        match kind {
            EndingKind::Resolved => self.resolved += 1,
            EndingKind::Escalated => self.escalated += 1,
            EndingKind::HungUp => self.hung_up += 1,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Spread {
    pub min: u8,
    pub median: f32,
    pub max: u8,
    pub mean: f32,
}

impl Spread {
    /// The spread of `values` (sorted in place).
    pub fn of(values: &mut [u8]) -> Spread {
        if values.is_empty() {
            return Spread::default();
        }
        values.sort_unstable();
        let n = values.len();
        let median =
            if n % 2 == 1 { values[n / 2] as f32 } else { (values[n / 2 - 1] as f32 + values[n / 2] as f32) / 2.0 };
        let mean = values.iter().map(|&v| v as f32).sum::<f32>() / n as f32;
        Spread { min: values[0], median, max: values[n - 1], mean }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyReport {
    pub policy: Policy,
    pub runs: usize,
    pub outcomes: Outcomes,
    pub score: Spread,
    /// Mean replies per call.
    pub turns: f32,
}

/// One step of the best path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathStep {
    pub node: String,
    pub line: String,
    pub reply: usize,
    pub text: String,
    pub technique: Technique,
    pub anger_before: u8,
    pub anger_after: u8,
    pub mode_before: Mode,
    pub mode_after: Mode,
    pub agreement: bool,
    pub relapse: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnvisitedReply {
    pub node: String,
    pub reply: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimReport {
    pub scenario: String,
    pub runs: usize,
    pub seed: u64,
    /// In JSON, an object keyed by policy: `"policies": {"best": {...}, ...}`.
    #[serde(serialize_with = "policies_by_name")]
    pub policies: Vec<PolicyReport>,
    /// The best policy's call with the first seed, turn by turn.
    pub best_path: Vec<PathStep>,
    pub best_outcome: Option<EndingKind>,
    pub best_score: Option<u8>,
    /// Whether the best policy's search was exhaustive throughout.
    pub best_exact: bool,
    pub unvisited_nodes: Vec<String>,
    pub unvisited_replies: Vec<UnvisitedReply>,
}

fn policies_by_name<S: serde::Serializer>(policies: &[PolicyReport], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(policies.len()))?;
    for p in policies {
        map.serialize_entry(p.policy.id(), p)?;
    }
    map.end()
}

/// Which nodes and replies the bots reached.
struct Coverage {
    nodes: Vec<bool>,
    /// Offsets of each node's replies in `replies`.
    offsets: Vec<usize>,
    replies: Vec<bool>,
}

impl Coverage {
    fn new(s: &Scenario) -> Coverage {
        let mut offsets = Vec::with_capacity(s.nodes.len());
        let mut total = 0;
        for n in &s.nodes {
            offsets.push(total);
            total += n.replies.len();
        }
        Coverage { nodes: vec![false; s.nodes.len()], offsets, replies: vec![false; total] }
    }
}

/// The result of one bot call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunResult {
    pub outcome: EndingKind,
    pub score: u8,
    pub turns: u16,
}

/// Plays one call with `policy`. `planner` is used by the best and worst policies.
pub fn play_one(scenario: &Arc<Scenario>, seed: u64, policy: Policy, planner: Option<&mut Planner>) -> Session {
    let mut session = Session::new(Arc::clone(scenario), seed);
    run(&mut session, seed, policy, planner, None);
    session
}

fn run(
    session: &mut Session,
    seed: u64,
    policy: Policy,
    mut planner: Option<&mut Planner>,
    mut cov: Option<&mut Coverage>,
) -> RunResult {
    let mut picker = CallRng::new(seed ^ 0x5DEE_CE66_D1CE_4E5B);
    loop {
        if session.is_over() {
            break;
        }
        let node = session.node_index();
        let count = session.replies().len();
        if let Some(c) = cov.as_deref_mut() {
            c.nodes[node] = true;
        }
        if count == 0 {
            // Cannot happen in a checked scenario; a silence ends it in time.
            let _ = session.take(None, 0.0);
            continue;
        }
        let choice = match (policy, planner.as_deref_mut()) {
            (Policy::Random, _) | (_, None) => picker.pick(count),
            (_, Some(p)) => p.choose(node, session.state()).map_or(0, |v| v.reply),
        };
        if let Some(c) = cov.as_deref_mut() {
            c.replies[c.offsets[node] + choice] = true;
        }
        if session.take(Some(choice), 0.0).is_err() {
            break;
        }
    }
    let outcome = session.outcome().unwrap_or(EndingKind::HungUp);
    let last = session.turns().last().and_then(|t| t.technique(session.scenario()));
    RunResult {
        outcome,
        score: score::total(session.scenario(), session.state(), outcome, last),
        turns: session.state().turns,
    }
}

/// Runs `runs` calls per policy, with seeds `seed`, `seed + 1`, ….
pub fn simulate(scenario: &Arc<Scenario>, runs: usize, seed: u64, policies: &[Policy]) -> SimReport {
    let mut cov = Coverage::new(scenario);
    let mut reports = Vec::new();
    let mut best_exact = true;
    for &policy in policies {
        let objective = if policy == Policy::Worst { Objective::Worst } else { Objective::Best };
        let mut planner = Planner::new(scenario, objective);
        let mut outcomes = Outcomes::default();
        let mut scores = Vec::with_capacity(runs);
        let mut turns = 0u64;
        for i in 0..runs {
            let s = seed.wrapping_add(i as u64);
            let mut session = Session::new(Arc::clone(scenario), s);
            let p = (policy != Policy::Random).then_some(&mut planner);
            let r = run(&mut session, s, policy, p, Some(&mut cov));
            outcomes.add(r.outcome);
            scores.push(r.score);
            turns += r.turns as u64;
        }
        if policy == Policy::Best {
            best_exact = planner.is_exact();
        }
        reports.push(PolicyReport {
            policy,
            runs,
            outcomes,
            score: Spread::of(&mut scores),
            turns: if runs == 0 { 0.0 } else { turns as f32 / runs as f32 },
        });
    }

    // The best path, played for real with the first seed.
    let mut planner = Planner::new(scenario, Objective::Best);
    let best = play_one(scenario, seed, Policy::Best, Some(&mut planner));
    let best_path = best
        .turns()
        .iter()
        .filter_map(|t| {
            let c = t.choice?;
            let node = &scenario.nodes[t.node];
            let reply = &node.replies[c];
            Some(PathStep {
                node: node.id.clone(),
                line: node.text(t.variant).to_string(),
                reply: c,
                text: reply.text.clone(),
                technique: reply.technique,
                anger_before: t.before.anger,
                anger_after: t.after.anger,
                mode_before: t.before.mode,
                mode_after: t.after.mode,
                agreement: t.effects.agreement,
                relapse: t.effects.relapse,
            })
        })
        .collect();
    // The best path counts as visited too.
    for t in best.turns() {
        cov.nodes[t.node] = true;
        if let Some(c) = t.choice {
            cov.replies[cov.offsets[t.node] + c] = true;
        }
        if let Target::Node(n) = t.next {
            cov.nodes[n] = true;
        }
    }

    let mut unvisited_nodes = Vec::new();
    let mut unvisited_replies = Vec::new();
    for (i, n) in scenario.nodes.iter().enumerate() {
        if !cov.nodes[i] {
            unvisited_nodes.push(n.id.clone());
            continue;
        }
        for (r, reply) in n.replies.iter().enumerate() {
            if !cov.replies[cov.offsets[i] + r] {
                unvisited_replies.push(UnvisitedReply { node: n.id.clone(), reply: r, text: reply.text.clone() });
            }
        }
    }

    SimReport {
        scenario: scenario.id.clone(),
        runs,
        seed,
        policies: reports,
        best_outcome: best.outcome(),
        best_score: best.score().map(|s| s.total),
        best_path,
        best_exact: best_exact && planner.is_exact(),
        unvisited_nodes,
        unvisited_replies,
    }
}

/// Plays `runs` random calls and returns how many ended each way: the benchmark's loop.
pub fn random_calls(scenario: &Arc<Scenario>, runs: usize, seed: u64) -> Outcomes {
    let mut outcomes = Outcomes::default();
    for i in 0..runs {
        let s = seed.wrapping_add(i as u64);
        let mut session = Session::new(Arc::clone(scenario), s);
        let r = run(&mut session, s, Policy::Random, None, None);
        outcomes.add(r.outcome);
    }
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_take_the_middle() {
        assert_eq!(Spread::of(&mut [5, 1, 9]).median, 5.0);
        assert_eq!(Spread::of(&mut [4, 1, 9, 6]).median, 5.0);
        let s = Spread::of(&mut [10, 20, 30]);
        assert_eq!((s.min, s.max, s.mean), (10, 30, 20.0));
        assert_eq!(Spread::of(&mut []), Spread::default());
    }
}
