//! The debrief of a finished call: what went well, what went wrong and why, the anger
//! curve, and per turn the feedback and the better reply the engine finds.

use crate::engine::call::model::Scenario;
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::session::Turn;
use crate::engine::call::technique::{Family, Technique};
use crate::engine::judge::planner::{Objective, Planner, ReplyValue};
use crate::engine::judge::score::{self, Score};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub outcome: EndingKind,
    pub score: Score,
    pub turns: Vec<TurnReview>,
    pub went_well: Vec<Note>,
    pub went_wrong: Vec<Note>,
    /// The anger at the start and after each turn.
    pub curve: Vec<CurvePoint>,
    /// The call the trainee could have had from the first turn where a better reply was
    /// on offer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_if: Option<WhatIf>,
    /// The trainee's own words, per turn where they typed some first ("say it first").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said: Vec<Said>,
    /// The turns (0-based) on which the coach gave a hint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<usize>,
}

/// The better path from the turn where the trainee strayed, as the caller model expects
/// it to go (expected values, no chance).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// The 0-based turn where the path leaves the trainee's: its first point is the anger
    /// before that turn, which is `curve[from_turn]` of the debrief.
    pub from_turn: usize,
    pub curve: Vec<CurvePoint>,
    /// How the better path ends, and the score it is expected to earn.
    pub outcome: EndingKind,
    pub score: u8,
}

/// What the trainee typed before the replies showed, beside what they chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub turn: usize,
    pub words: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub anger: u8,
    pub mode: Mode,
    /// The technique of the reply that led here (`None` at the start and after silence).
    pub technique: Option<Technique>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurnReview {
    /// 0-based.
    pub turn: usize,
    pub node: usize,
    pub choice: Option<usize>,
    pub technique: Option<Technique>,
    /// The chosen reply's feedback (empty for a silence).
    pub feedback: String,
    pub moved_forward: bool,
    pub anger_before: u8,
    pub anger_after: u8,
    pub mode_before: Mode,
    pub mode_after: Mode,
    /// The best reply at this turn, when it would have done better than the one chosen.
    pub better: Option<usize>,
    /// The final score the engine expects from the chosen reply and from the best one.
    pub chosen_value: Option<u8>,
    pub best_value: Option<u8>,
}

/// Why a stage-2 move came at the wrong time, in the numbers the trainee saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum TooEarly {
    /// The caller had not yet agreed twice in a row; `agreements` is how many in a row
    /// they had given (0 or 1).
    BeforeAgreements { agreements: u8 },
    /// The two agreements were in, but the caller was attacking again: anger `anger`,
    /// and attack mode lasts until anger falls below `below`.
    StillAttacking { anger: u8, below: u8 },
}

/// One point of the debrief. Front ends phrase it with `crate::text::note`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum Note {
    Resolved,
    /// The agent warned the abusive caller once, calmly, then ended the call.
    BoundaryThenEnded,
    /// The agent ended the call without a warning first: a mistake.
    EndedWithoutBoundary,
    /// Checking identity before the caller was calm: a mistake.
    IdentityTooEarly {
        turn: usize,
    },
    Calmed {
        from: u8,
        to: u8,
    },
    TwoAgreements {
        turn: usize,
    },
    ReachedReasoning {
        turn: usize,
    },
    Apologised {
        turn: usize,
    },
    Recorded {
        turn: usize,
    },
    ProperClose,
    Mistake {
        turn: usize,
        technique: Technique,
    },
    /// A neutral reply made the caller angrier.
    Provoked {
        turn: usize,
    },
    StageTwoTooEarly {
        turn: usize,
        technique: Technique,
        why: TooEarly,
    },
    Relapse {
        turn: usize,
    },
    Silence {
        turn: usize,
    },
    NoApology,
    NoRecord,
    NoClose,
    Lost {
        kind: EndingKind,
    },
}

/// The reply to recommend at `node`: the highest expected score among the replies of the
/// best tier on offer (the first listed on ties). Never a mistake or `other` while a
/// method or service reply is there.
pub fn recommended(node: &crate::engine::call::model::Node, values: &[ReplyValue]) -> Option<ReplyValue> {
    let tier_of = |v: &ReplyValue| node.replies.get(v.reply).map_or(u8::MAX, |r| r.technique.tier());
    let top = values.iter().map(tier_of).min()?;
    values.iter().copied().filter(|v| tier_of(v) == top).fold(None, |acc: Option<ReplyValue>, v| match acc {
        Some(a) if a.score >= v.score => Some(a),
        _ => Some(v),
    })
}

/// The reply the trainee should have given at turn `t`, if it is not the one they gave,
/// with the expected final score of the chosen reply and of the recommended one.
pub fn better_reply(planner: &mut Planner, scenario: &Scenario, t: &Turn) -> (Option<usize>, Option<u8>, Option<u8>) {
    let node = &scenario.nodes[t.node];
    let values = planner.values(t.node, &t.before);
    let best = recommended(node, &values);
    let chosen_value = t.choice.and_then(|c| values.iter().find(|v| v.reply == c)).map(|v| v.score);
    let better = best.and_then(|b| {
        let chosen = t.choice.and_then(|c| node.replies.get(c).map(|r| (c, r)));
        match chosen {
            None => Some(b.reply),
            Some((c, _)) if c == b.reply => None,
            // A reply from a weaker tier (a mistake, or `other` beside the method) is never
            // the one to keep, whatever the planner makes of it.
            Some((_, r)) if r.technique.tier() > node.replies[b.reply].technique.tier() => Some(b.reply),
            Some(_) => chosen_value.is_some_and(|c| b.score > c).then_some(b.reply),
        }
    });
    (better, chosen_value, best.map(|b| b.score))
}

/// Builds the debrief of a finished call.
pub fn debrief(scenario: &Scenario, turns: &[Turn], outcome: EndingKind) -> Debrief {
    let start = crate::engine::call::caller::CallState::start(scenario.persona(), scenario.caller.anger);
    let end = turns.last().map_or(start, |t| t.after);
    let score: Score = score::score(scenario, &end, outcome, turns);

    let mut planner = Planner::new(scenario, Objective::Best);
    let mut reviews = Vec::with_capacity(turns.len());
    let mut well = Vec::new();
    let mut wrong = Vec::new();
    let mut curve = vec![CurvePoint { anger: start.anger, mode: start.mode, technique: None }];

    for (i, t) in turns.iter().enumerate() {
        let node = &scenario.nodes[t.node];
        let reply = t.choice.and_then(|c| node.replies.get(c));
        let technique = reply.map(|r| r.technique);
        let (better, chosen_value, best_value) = better_reply(&mut planner, scenario, t);
        reviews.push(TurnReview {
            turn: i,
            node: t.node,
            choice: t.choice,
            technique,
            feedback: reply.map(|r| r.feedback.clone()).unwrap_or_default(),
            moved_forward: t.moved_forward(),
            anger_before: t.before.anger,
            anger_after: t.after.anger,
            mode_before: t.before.mode,
            mode_after: t.after.mode,
            better,
            chosen_value,
            best_value,
        });
        curve.push(CurvePoint { anger: t.after.anger, mode: t.after.mode, technique });

        if t.effects.two_agreements {
            well.push(Note::TwoAgreements { turn: i });
        }
        if t.after.mode == Mode::Reasoning
            && t.before.mode != Mode::Reasoning
            && !well.iter().any(|n| matches!(n, Note::ReachedReasoning { .. }))
        {
            well.push(Note::ReachedReasoning { turn: i });
        }
        match technique {
            Some(Technique::Apologise) if !well.iter().any(|n| matches!(n, Note::Apologised { .. })) => {
                well.push(Note::Apologised { turn: i })
            }
            Some(Technique::RecordAndFollowUp) if !well.iter().any(|n| matches!(n, Note::Recorded { .. })) => {
                well.push(Note::Recorded { turn: i })
            }
            Some(tech) if tech.is_mistake() => wrong.push(Note::Mistake { turn: i, technique: tech }),
            Some(_) if t.effects.out_of_turn => wrong.push(Note::IdentityTooEarly { turn: i }),
            Some(_) if t.effects.provoked => wrong.push(Note::Provoked { turn: i }),
            Some(tech) if tech.family() == Family::Stage2 && t.effects.fit == Some(false) => {
                let persona = scenario.persona();
                let why = if t.before.agreed {
                    TooEarly::StillAttacking {
                        anger: t.before.anger,
                        below: persona.attack_at.saturating_sub(persona.hysteresis),
                    }
                } else {
                    TooEarly::BeforeAgreements { agreements: t.before.streak }
                };
                wrong.push(Note::StageTwoTooEarly { turn: i, technique: tech, why })
            }
            _ => {}
        }
        if t.effects.relapse {
            wrong.push(Note::Relapse { turn: i });
        }
        if t.choice.is_none() {
            wrong.push(Note::Silence { turn: i });
        }
    }

    let resolved = score::ended_well(outcome, &end);
    match outcome {
        EndingKind::Resolved => well.insert(0, Note::Resolved),
        EndingKind::AgentEnded if resolved => well.insert(0, Note::BoundaryThenEnded),
        EndingKind::AgentEnded => wrong.insert(0, Note::EndedWithoutBoundary),
        EndingKind::Escalated | EndingKind::HungUp => wrong.insert(0, Note::Lost { kind: outcome }),
    }
    if end.anger < start.anger {
        well.insert(usize::from(resolved), Note::Calmed { from: start.anger, to: end.anger });
    }
    if scenario.apology_due() && !end.apologised {
        wrong.push(Note::NoApology);
    }
    if scenario.offers(Technique::RecordAndFollowUp) && !end.recorded {
        wrong.push(Note::NoRecord);
    }
    let last = turns.last().and_then(|t| t.technique(scenario));
    if resolved && scenario.offers(Technique::CloseCall) {
        if last == Some(Technique::CloseCall) {
            well.push(Note::ProperClose);
        } else {
            wrong.push(Note::NoClose);
        }
    }

    let what_if = reviews.iter().find(|r| r.better.is_some()).and_then(|r| {
        let t = &turns[r.turn];
        what_if(&mut planner, scenario, r.turn, t.node, &t.before)
    });
    let said =
        turns.iter().enumerate().filter_map(|(turn, t)| t.said.clone().map(|words| Said { turn, words })).collect();
    let hints = turns.iter().enumerate().filter(|(_, t)| t.hint).map(|(i, _)| i).collect();
    Debrief { outcome, score, turns: reviews, went_well: well, went_wrong: wrong, curve, what_if, said, hints }
}

/// The recommended replies played from `node` with the caller in `state`, under expected
/// values, to the end of the call (or `max_turns`).
pub fn what_if(
    planner: &mut Planner,
    scenario: &Scenario,
    from_turn: usize,
    node: usize,
    state: &crate::engine::call::caller::CallState,
) -> Option<WhatIf> {
    use crate::engine::call::caller::{self, Expected};
    use crate::engine::call::model::Target;
    let mut state = *state;
    let mut node = node;
    let mut curve = vec![CurvePoint { anger: state.anger, mode: state.mode, technique: None }];
    for _ in 0..=scenario.max_turns {
        let n = scenario.nodes.get(node)?;
        let values = planner.values(node, &state);
        let best = recommended(n, &values)?;
        let r = n.replies.get(best.reply)?;
        let fx = caller::step_reply(scenario.persona(), &mut state, r.technique, r.anger, &mut Expected);
        curve.push(CurvePoint { anger: state.anger, mode: state.mode, technique: Some(r.technique) });
        match scenario.destination(r.next.for_mode(state.mode), &state, &fx) {
            Target::Node(next) => node = next,
            Target::Ending(e) => {
                let outcome = scenario.endings.get(e).map_or(EndingKind::HungUp, |e| e.kind);
                let score = score::total(scenario, &state, outcome, Some(r.technique));
                return Some(WhatIf { from_turn, curve, outcome, score });
            }
        }
    }
    None
}
