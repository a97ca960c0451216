//! Scoring a finished call, 0 to 100, from six rubric parts. The rules are documented in
//! `docs/scoring.md`; keep the two in step.

use crate::engine::call::caller::CallState;
use crate::engine::call::model::Scenario;
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::session::Turn;
use crate::engine::call::technique::Technique;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    F,
}

impl Grade {
    pub fn from_total(total: u8) -> Grade {
        match total {
            90.. => Grade::A,
            80..=89 => Grade::B,
            65..=79 => Grade::C,
            50..=64 => Grade::D,
            _ => Grade::F,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::F => "F",
        }
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.letter())
    }
}

/// The rubric's parts, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Outcome,
    DeEscalation,
    Method,
    Service,
    Mistakes,
    Efficiency,
}

impl PartKind {
    pub const ALL: [PartKind; 6] = [
        PartKind::Outcome,
        PartKind::DeEscalation,
        PartKind::Method,
        PartKind::Service,
        PartKind::Mistakes,
        PartKind::Efficiency,
    ];

    pub fn max(self) -> u8 {
        match self {
            PartKind::Outcome => 30,
            PartKind::DeEscalation => 20,
            PartKind::Method => 20,
            PartKind::Service => 15,
            PartKind::Mistakes => 10,
            PartKind::Efficiency => 5,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            PartKind::Outcome => "outcome",
            PartKind::DeEscalation => "de_escalation",
            PartKind::Method => "method",
            PartKind::Service => "service",
            PartKind::Mistakes => "mistakes",
            PartKind::Efficiency => "efficiency",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub kind: PartKind,
    pub points: u8,
    pub max: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub total: u8,
    pub grade: Grade,
    pub parts: Vec<Part>,
    /// Coach hints used, and the points they cost (already taken off `total`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hints: u8,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hint_cost: u8,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// Points each coach hint costs.
pub const HINT_COST: u8 = 3;

impl Score {
    pub fn part(&self, kind: PartKind) -> u8 {
        self.parts.iter().find(|p| p.kind == kind).map_or(0, |p| p.points)
    }
}

/// Points for each part from the final state, less [`HINT_COST`] for each coach hint.
/// `turns` is read for the last reply and the hints.
pub fn score(scenario: &Scenario, state: &CallState, outcome: EndingKind, turns: &[Turn]) -> Score {
    let last = turns.last().and_then(|t| t.technique(scenario));
    let mut score = score_state(scenario, state, outcome, last);
    let hints = turns.iter().filter(|t| t.hint).count().min(u8::MAX as usize) as u8;
    if hints > 0 {
        score.hints = hints;
        score.hint_cost = hints.saturating_mul(HINT_COST).min(score.total);
        score.total -= score.hint_cost;
        score.grade = Grade::from_total(score.total);
    }
    score
}

/// The same rules, from the state alone (the planner scores hypothetical calls with it).
pub fn score_state(scenario: &Scenario, state: &CallState, outcome: EndingKind, last: Option<Technique>) -> Score {
    let parts = parts(scenario, state, outcome, last);
    let total = total_of(scenario, state, outcome, &parts);
    Score {
        total,
        grade: Grade::from_total(total),
        parts: parts.iter().map(|&(kind, points)| Part { kind, points, max: kind.max() }).collect(),
        hints: 0,
        hint_cost: 0,
    }
}

/// The total alone, without allocating.
pub fn total(scenario: &Scenario, state: &CallState, outcome: EndingKind, last: Option<Technique>) -> u8 {
    total_of(scenario, state, outcome, &parts(scenario, state, outcome, last))
}

/// The anger at which the scenario's caller is calm: below the emotion threshold by the
/// hysteresis, where anger alone (or the reasoning milestone) brings reasoning mode.
fn persona_calm(scenario: &Scenario) -> u8 {
    let p = scenario.persona();
    p.emotion_at.saturating_sub(p.hysteresis).saturating_sub(1)
}

/// The highest total a call that is not clean can get: one point below an A. A call with
/// a classic mistake in it, or one that owed the caller an apology and made none, cannot
/// be graded A, however well the rest went.
pub const NOT_CLEAN_CAP: u8 = 89;

/// Whether the call ended well: resolved, or ended by the agent after a calm warning
/// about abuse. Ending an abusive call without that warning is a mistake.
pub fn ended_well(outcome: EndingKind, state: &CallState) -> bool {
    match outcome {
        EndingKind::Resolved => true,
        EndingKind::AgentEnded => state.boundary_set,
        EndingKind::Escalated | EndingKind::HungUp => false,
    }
}

/// The mistakes of the call: those made in replies, plus ending it without a warning.
pub fn mistakes(state: &CallState, outcome: EndingKind) -> u8 {
    let unwarned = outcome == EndingKind::AgentEnded && !state.boundary_set;
    state.mistakes.saturating_add(u8::from(unwarned))
}

/// Whether the call can be graded A: no mistake, and the apology where one was due.
pub fn is_clean(scenario: &Scenario, state: &CallState, outcome: EndingKind) -> bool {
    mistakes(state, outcome) == 0 && (state.apologised || !scenario.apology_due())
}

/// The sum of the parts, capped at [`NOT_CLEAN_CAP`] for a call that is not clean.
fn total_of(scenario: &Scenario, state: &CallState, outcome: EndingKind, parts: &[(PartKind, u8); 6]) -> u8 {
    let sum = parts.iter().map(|&(_, p)| p as u32).sum::<u32>().min(100) as u8;
    if is_clean(scenario, state, outcome) { sum } else { sum.min(NOT_CLEAN_CAP) }
}

fn parts(scenario: &Scenario, s: &CallState, outcome: EndingKind, last: Option<Technique>) -> [(PartKind, u8); 6] {
    let resolved = ended_well(outcome, s);
    let start = scenario.caller.anger.min(100) as i32;

    let outcome_points = if resolved { 30 } else { 0 };

    // Full points for a caller who ends calm (reasoning mode); otherwise the share of the
    // way from the starting anger down to the anger at which this caller is calm.
    let calm = persona_calm(scenario) as i32;
    let de_escalation = if s.mode == Mode::Reasoning {
        20
    } else if start <= calm {
        0
    } else {
        let calmed = (start - s.anger as i32).max(0);
        let way = start - calm;
        ((20 * calmed + way / 2) / way).clamp(0, 19)
    } as u8;

    // Each method move counts once, however often it is repeated.
    let fitted = s.fitted.count_ones() as i32;
    let moves = fitted + s.misfits as i32;
    let method = if moves == 0 {
        0
    } else {
        let share = (20 * fitted + moves / 2) / moves;
        (share - 3 * s.misfits as i32).clamp(0, 20) as u8
    };

    let apology = if !scenario.apology_due() || s.apologised { 6 } else { 0 };
    let record = if !scenario.offers(Technique::RecordAndFollowUp) || s.recorded { 4 } else { 0 };
    let close =
        if resolved && (!scenario.offers(Technique::CloseCall) || last == Some(Technique::CloseCall)) { 5 } else { 0 };
    let service = apology + record + close;

    let mistakes = (10 - 4 * mistakes(s, outcome) as i32).max(0) as u8;

    let efficiency = if resolved {
        let par = scenario.facts.shortest_resolution.unwrap_or(0) as i32 + 2;
        let replies = s.turns as i32 - s.silences as i32;
        (5 - (replies - par).max(0) - s.silences as i32).max(0) as u8
    } else {
        0
    };

    [
        (PartKind::Outcome, outcome_points),
        (PartKind::DeEscalation, de_escalation),
        (PartKind::Method, method),
        (PartKind::Service, service),
        (PartKind::Mistakes, mistakes),
        (PartKind::Efficiency, efficiency),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_have_fixed_bands() {
        assert_eq!(Grade::from_total(100), Grade::A);
        assert_eq!(Grade::from_total(90), Grade::A);
        assert_eq!(Grade::from_total(89), Grade::B);
        assert_eq!(Grade::from_total(80), Grade::B);
        assert_eq!(Grade::from_total(79), Grade::C);
        assert_eq!(Grade::from_total(65), Grade::C);
        assert_eq!(Grade::from_total(64), Grade::D);
        assert_eq!(Grade::from_total(50), Grade::D);
        assert_eq!(Grade::from_total(49), Grade::F);
        assert_eq!(Grade::from_total(0), Grade::F);
    }

    #[test]
    fn the_parts_add_up_to_100() {
        assert_eq!(PartKind::ALL.iter().map(|p| p.max() as u32).sum::<u32>(), 100);
    }
}
