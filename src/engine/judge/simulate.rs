//! Bot trainees playing a scenario many times, so a trainer can see whether it rewards
//! skill: outcome counts and score spread per policy, the best path, and what was never
//! visited.

use crate::engine::call::caller::{CallRng, CallState, Dice};
use crate::engine::call::lang::Lang;
use crate::engine::call::model::{Node, Scenario, Target};
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::session::Session;
use crate::engine::call::technique::{Family, Technique};
use crate::engine::judge::Judge;
use crate::engine::judge::planner::{Objective, Planner};
use crate::engine::judge::score;
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
    /// The method as taught ([`method_choice`]): stage 1 until two agreements, then
    /// stage 2, the service basics, then the close; the first such reply listed wins.
    Method,
    /// Always the longest reply: a call this bot wins can be won without reading it.
    Longest,
    /// The reply with the most polite words ([`POLITE_WORDS`]).
    Polite,
    /// The reply whose good-sounding phrases most outnumber its bad-sounding ones
    /// ([`CUE_PHRASES`]).
    Cue,
}

impl Policy {
    pub const ALL: [Policy; 7] =
        [Policy::Random, Policy::Best, Policy::Worst, Policy::Method, Policy::Longest, Policy::Polite, Policy::Cue];

    pub fn id(self) -> &'static str {
        match self {
            Policy::Random => "random",
            Policy::Best => "best",
            Policy::Worst => "worst",
            Policy::Method => "method",
            Policy::Longest => "longest",
            Policy::Polite => "polite",
            Policy::Cue => "cue",
        }
    }

    /// Whether this policy asks the planner.
    pub fn plans(self) -> bool {
        matches!(self, Policy::Best | Policy::Worst)
    }

    /// Whether a call this bot wins can be won without the method.
    pub fn is_surface(self) -> bool {
        matches!(self, Policy::Longest | Policy::Polite | Policy::Cue)
    }
}

pub use crate::engine::call::builtin::{CUE_PHRASES, POLITE_WORDS};

/// The phrase-cue bot's count for `text`: good-sounding phrases less bad-sounding ones.
pub fn cue_score(text: &str, lang: Lang) -> i32 {
    let lower = text.to_lowercase();
    let count = |phrases: &[&str]| phrases.iter().map(|p| lower.matches(p).count() as i32).sum::<i32>();
    CUE_PHRASES.iter().filter(|(l, _, _)| *l == lang).map(|(_, good, bad)| count(good) - count(bad)).sum()
}

/// How many polite words `text` holds.
pub fn politeness(text: &str, lang: Lang) -> usize {
    let lower = text.to_lowercase();
    POLITE_WORDS
        .iter()
        .filter(|(l, _)| *l == lang)
        .flat_map(|(_, words)| words.iter())
        .map(|w| lower.matches(w).count())
        .sum()
}

/// The method bot's reply at `node` with the caller in `state`: the first listed reply of
/// the best-ranked kind ([`method_rank`]).
pub fn method_choice(node: &Node, state: &CallState) -> usize {
    (0..node.replies.len()).min_by_key(|&i| (method_rank(node.replies[i].technique, state), i)).unwrap_or(0)
}

/// How much the method as taught wants `technique` now (0 most). Until the caller has
/// agreed twice and stopped attacking: stage 1 (new moves first), then an apology or a
/// first warning about abuse. After: stage 2 (new moves first, a "no" with an option
/// among them), then the service basics not yet done (record, a warm hand-over), then the
/// close. After a warning, the close comes at any time: the agent may end an abusive
/// call. Identity is checked once, and only with a calm caller. Neutral replies come next, and
/// mistakes last.
pub fn method_rank(technique: Technique, state: &CallState) -> u8 {
    let new = state.landed & technique.bit() == 0 && state.fitted & technique.bit() == 0;
    let stage_two_done = Technique::ALL.iter().any(|t| t.family() == Family::Stage2 && state.fitted & t.bit() != 0);
    let listening = !state.agreed || state.mode == Mode::Attack;
    match technique.family() {
        Family::Mistake => 9,
        Family::Neutral => 8,
        Family::Stage1 if listening => {
            if new {
                0
            } else {
                1
            }
        }
        Family::Stage1 => 5,
        Family::Stage2 if listening => 6,
        Family::Stage2 => {
            if new {
                0
            } else {
                4
            }
        }
        Family::Service => match technique {
            Technique::Apologise if !state.apologised => 1,
            Technique::SetBoundary if !state.boundary_set => 1,
            Technique::RecordAndFollowUp if !state.recorded && !listening => 2,
            Technique::WarmTransfer if !listening && state.landed & technique.bit() == 0 => 2,
            Technique::CloseCall if state.boundary_set || (!listening && stage_two_done) => 3,
            Technique::VerifyIdentity if state.mode != Mode::Reasoning => 9,
            Technique::VerifyIdentity if state.landed & technique.bit() == 0 => 2,
            _ => 7,
        },
    }
}

/// The reply a policy that needs no planner picks; `None` for the planner's policies.
fn surface_choice(policy: Policy, node: &Node, state: &CallState, lang: Lang) -> Option<usize> {
    let first_max = |key: &dyn Fn(&crate::engine::call::model::Reply) -> usize| {
        let mut best = 0;
        for (i, r) in node.replies.iter().enumerate() {
            if key(r) > key(&node.replies[best]) {
                best = i;
            }
        }
        best
    };
    match policy {
        Policy::Method => Some(method_choice(node, state)),
        Policy::Longest => Some(first_max(&|r| r.text.chars().count())),
        Policy::Polite => Some(first_max(&|r| politeness(&r.text, lang))),
        Policy::Cue => {
            let mut best = 0;
            for (i, r) in node.replies.iter().enumerate() {
                if cue_score(&r.text, lang) > cue_score(&node.replies[best].text, lang) {
                    best = i;
                }
            }
            Some(best)
        }
        Policy::Random | Policy::Best | Policy::Worst => None,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    pub resolved: usize,
    pub escalated: usize,
    pub hung_up: usize,
    /// Calls the agent ended (after a warning or not).
    pub agent_ended: usize,
}

impl Outcomes {
    pub fn add(&mut self, kind: EndingKind) {
        match kind {
            EndingKind::Resolved => self.resolved += 1,
            EndingKind::Escalated => self.escalated += 1,
            EndingKind::HungUp => self.hung_up += 1,
            EndingKind::AgentEnded => self.agent_ended += 1,
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
    /// When the caller varies: the same, per persona drawn (in the order the call lists them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_persona: Vec<PersonaReport>,
}

/// A policy's calls against one persona of a varied caller.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaReport {
    pub persona: String,
    pub runs: usize,
    pub outcomes: Outcomes,
    pub score: Spread,
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
    /// The method bot's call with the first seed, and where it went wrong if it did
    /// (present when the method policy ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<MethodRun>,
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

/// The method bot's call, turn by turn, and its first trouble.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MethodRun {
    pub path: Vec<PathStep>,
    pub outcome: Option<EndingKind>,
    pub score: Option<u8>,
    pub trouble: Option<Trouble>,
}

/// Where the method as taught fails on a call: what a trainer should look at first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trouble {
    /// At this node nothing the method asks for now was on offer, so the bot had to
    /// pick another kind of reply. `listening` is true while the method still calls for
    /// stage 1 (fewer than two agreements, or the caller attacking).
    NoMethodReply { turn: usize, node: String, listening: bool, reply: usize, technique: Technique },
    /// The method's reply made the caller angrier.
    Provoked {
        turn: usize,
        node: String,
        reply: usize,
        technique: Technique,
        anger_before: u8,
        anger_after: u8,
        mode: Mode,
    },
    /// The call ended other than resolved after this reply.
    Lost { turn: usize, node: String, reply: usize, technique: Technique, outcome: EndingKind },
    /// The bot ran out of turns.
    Unfinished,
}

/// Plays the method bot with `seed` and finds its first trouble.
pub fn method_run(scenario: &Arc<Scenario>, seed: u64) -> MethodRun {
    let session = play_one(scenario, seed, Policy::Method, None);
    let mut trouble = None;
    for (i, t) in session.turns().iter().enumerate() {
        let Some(c) = t.choice else { continue };
        let node = &scenario.nodes[t.node];
        let technique = node.replies[c].technique;
        let listening = !t.before.agreed || t.before.mode == Mode::Attack;
        if method_rank(technique, &t.before) >= 7 {
            trouble = Some(Trouble::NoMethodReply { turn: i, node: node.id.clone(), listening, reply: c, technique });
            break;
        }
        if t.effects.delta > 0 {
            trouble = Some(Trouble::Provoked {
                turn: i,
                node: node.id.clone(),
                reply: c,
                technique,
                anger_before: t.before.anger,
                anger_after: t.after.anger,
                mode: t.before.mode,
            });
            break;
        }
    }
    let outcome = session.outcome();
    if trouble.is_none() && outcome != Some(EndingKind::Resolved) {
        trouble = match (session.turns().iter().rposition(|t| t.choice.is_some()), outcome) {
            (Some(i), Some(kind)) => {
                let t = &session.turns()[i];
                let c = t.choice.unwrap_or(0);
                let node = &scenario.nodes[t.node];
                Some(Trouble::Lost {
                    turn: i,
                    node: node.id.clone(),
                    reply: c,
                    technique: node.replies[c].technique,
                    outcome: kind,
                })
            }
            _ => Some(Trouble::Unfinished),
        };
    }
    MethodRun { path: path_of(&session), outcome, score: session.score().map(|s| s.total), trouble }
}

/// `simulate --path`: a call played with given reply numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayedPath {
    /// `None` when the numbers ran out before the call ended.
    pub outcome: Option<EndingKind>,
    pub score: Option<crate::engine::judge::score::Score>,
    pub turns: Vec<PlayedTurn>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayedTurn {
    pub node: String,
    /// 1-based, as on screen.
    pub reply: usize,
    pub technique: Technique,
    pub anger_before: u8,
    pub anger_after: u8,
    pub mode_after: Mode,
    /// The reply the debrief would recommend instead, if any.
    pub better: Option<BetterReply>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BetterReply {
    /// 1-based.
    pub reply: usize,
    pub technique: Technique,
    pub text: String,
}

/// A reply number that is not on offer at that turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// 0-based turn.
    pub turn: usize,
    pub node: String,
    /// How many replies the node offers.
    pub offered: usize,
    /// The number given.
    pub number: usize,
}

/// The session after playing the 1-based reply numbers of `path` with `seed`, until they
/// run out or the call ends: what `simulate --path` and the scenario tests play.
pub fn play_numbers(scenario: &Arc<Scenario>, path: &[usize], seed: u64) -> Result<Session, PathError> {
    let mut session = Session::new(Arc::clone(scenario), seed);
    for (turn, &number) in path.iter().enumerate() {
        if session.is_over() {
            break;
        }
        let offered = session.replies().len();
        if number == 0 || number > offered {
            return Err(PathError { turn, node: session.node().id.clone(), offered, number });
        }
        if session.take(Some(number - 1), 0.0).is_err() {
            break;
        }
    }
    Ok(session)
}

/// Plays the 1-based reply numbers of `path` with `seed` until they run out or the call
/// ends, with the reply the debrief would recommend at each turn.
pub fn play_path(scenario: &Arc<Scenario>, path: &[usize], seed: u64) -> Result<PlayedPath, PathError> {
    let session = play_numbers(scenario, path, seed)?;
    let scenario = session.scenario_arc();
    let mut planner = Planner::new(scenario, Objective::Best);
    let turns = session
        .turns()
        .iter()
        .map(|t| {
            let node = &scenario.nodes[t.node];
            let c = t.choice.unwrap_or(0);
            let (better, _, _) = crate::engine::judge::debrief::better_reply(&mut planner, scenario, t);
            PlayedTurn {
                node: node.id.clone(),
                reply: c + 1,
                technique: node.replies[c].technique,
                anger_before: t.before.anger,
                anger_after: t.after.anger,
                mode_after: t.after.mode,
                better: better.map(|b| BetterReply {
                    reply: b + 1,
                    technique: node.replies[b].technique,
                    text: node.replies[b].text.clone(),
                }),
            }
        })
        .collect();
    Ok(PlayedPath { outcome: session.outcome(), score: session.score(), turns })
}

/// A played call as path steps.
pub fn path_of(session: &Session) -> Vec<PathStep> {
    let scenario = session.scenario();
    session
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
        .collect()
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
            if session.take(None, 0.0).is_err() {
                break;
            }
            continue;
        }
        let scenario = session.scenario();
        let surface = surface_choice(policy, &scenario.nodes[node], session.state(), scenario.lang);
        let choice = match (surface, planner.as_deref_mut()) {
            (Some(c), _) => c,
            (None, Some(p)) if policy.plans() => p.choose(node, session.state()).map_or(0, |v| v.reply),
            (None, _) => picker.pick(count),
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
    // A varied caller is a different call per draw: each draw gets its own planner.
    let draws: Vec<Arc<Scenario>> = (0..runs)
        .map(|i| scenario.draw(seed.wrapping_add(i as u64)).map_or_else(|| Arc::clone(scenario), Arc::new))
        .collect();
    let mut distinct: Vec<&Arc<Scenario>> = Vec::new();
    let key = |s: &Scenario| (s.caller.persona.id.clone(), s.caller.anger);
    for d in &draws {
        if !distinct.iter().any(|x| key(x) == key(d)) {
            distinct.push(d);
        }
    }
    let personas: Vec<String> = match &scenario.caller.varies {
        Some(v) if scenario.caller.varies() => v.personas.iter().map(|p| p.id.clone()).collect(),
        _ => Vec::new(),
    };
    for &policy in policies {
        let objective = if policy == Policy::Worst { Objective::Worst } else { Objective::Best };
        let mut planners: Vec<Planner> = distinct.iter().map(|d| Planner::new(d, objective)).collect();
        let mut outcomes = Outcomes::default();
        let mut scores = Vec::with_capacity(runs);
        let mut per_persona: Vec<(Outcomes, Vec<u8>)> = vec![(Outcomes::default(), Vec::new()); personas.len()];
        let mut turns = 0u64;
        for (i, drawn) in draws.iter().enumerate() {
            let s = seed.wrapping_add(i as u64);
            let mut session = Session::new(Arc::clone(drawn), s);
            let which = distinct.iter().position(|x| key(x) == key(drawn)).unwrap_or(0);
            let p = if policy.plans() { planners.get_mut(which) } else { None };
            let r = run(&mut session, s, policy, p, Some(&mut cov));
            outcomes.add(r.outcome);
            scores.push(r.score);
            if let Some(k) = personas.iter().position(|id| *id == drawn.caller.persona.id) {
                per_persona[k].0.add(r.outcome);
                per_persona[k].1.push(r.score);
            }
            turns += r.turns as u64;
        }
        if policy == Policy::Best {
            best_exact = planners.iter().all(|p| p.is_exact());
        }
        reports.push(PolicyReport {
            policy,
            runs,
            outcomes,
            score: Spread::of(&mut scores),
            turns: if runs == 0 { 0.0 } else { turns as f32 / runs as f32 },
            by_persona: personas
                .iter()
                .zip(per_persona)
                .map(|(persona, (outcomes, mut scores))| PersonaReport {
                    persona: persona.clone(),
                    runs: scores.len(),
                    outcomes,
                    score: Spread::of(&mut scores),
                })
                .collect(),
        });
    }

    // The best path, played for real with the first seed.
    let first = scenario.draw(seed).map_or_else(|| Arc::clone(scenario), Arc::new);
    let mut planner = Planner::new(&first, Objective::Best);
    let best = play_one(&first, seed, Policy::Best, Some(&mut planner));
    let best_path = path_of(&best);
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

    let method = policies.contains(&Policy::Method).then(|| method_run(scenario, seed));

    SimReport {
        scenario: scenario.id.clone(),
        runs,
        seed,
        policies: reports,
        best_outcome: best.outcome(),
        best_score: best.score().map(|s| s.total),
        best_path,
        best_exact: best_exact && planner.is_exact(),
        method,
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
