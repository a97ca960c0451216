//! Checking a record against the engine: the call is played again from its seed and
//! choices, and every turn, the outcome and the score must come out as recorded. When they
//! do not, [`verify`] says at which turn, what differs, and the likely cause: the scenario
//! file changed since the call (its fingerprint differs), or the record was altered.

use crate::engine::call::model::Drawn;
use crate::engine::call::model::Scenario;
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::session::{Session, SessionError};
use crate::engine::call::technique::Technique;
use crate::engine::judge::Judge;
use crate::engine::judge::score::{PartKind, Score};
use crate::engine::records::record::{Offered, Record, fingerprint_hex};
use std::sync::Arc;

/// The result of replaying a record.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The engine plays the same call.
    Same(Summary),
    /// The engine plays a different call.
    Diverges(Divergence),
    /// The record cannot be checked by replaying it.
    NotReplayable(NotReplayable),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub turns: usize,
    pub complete: bool,
    pub outcome: Option<EndingKind>,
    pub score: Option<Score>,
    /// For an interrupted record: how the engine's call stands after its turns.
    pub engine_over: bool,
    /// Choices the record kept without playing them (recovered without its scenario).
    pub unplayed: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NotReplayable {
    /// A trainer jumped between nodes or set the anger by hand during the call.
    Adjusted,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    /// The 0-based turn where the replay first differs; `None` when every turn matches
    /// and the end of the call differs.
    pub turn: Option<usize>,
    /// The node the record says the turn was at.
    pub node: Option<String>,
    pub difference: Difference,
    pub cause: Cause,
}

/// What the record says and what the engine does.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// The engine's call had already ended before this turn.
    EngineEnded {
        outcome: Option<EndingKind>,
    },
    Node {
        recorded: String,
        engine: String,
    },
    /// The caller drawn for a varied call: persona and starting anger.
    Caller {
        recorded: Option<Drawn>,
        engine: Option<Drawn>,
    },
    AngerBefore {
        recorded: u8,
        engine: u8,
    },
    ModeBefore {
        recorded: Mode,
        engine: Mode,
    },
    Line {
        recorded: String,
        engine: String,
    },
    /// The replies offered differ, first at `index` (0-based).
    Offered {
        index: usize,
        recorded: Option<Offered>,
        engine: Option<Offered>,
    },
    /// The recorded choice is not a reply the engine offers.
    NoSuchReply {
        index: usize,
        count: usize,
    },
    Technique {
        recorded: Option<Technique>,
        engine: Option<Technique>,
    },
    AngerAfter {
        recorded: u8,
        engine: u8,
    },
    ModeAfter {
        recorded: Mode,
        engine: Mode,
    },
    Agreement {
        recorded: bool,
        engine: bool,
    },
    Relapse {
        recorded: bool,
        engine: bool,
    },
    Ended {
        recorded: Option<EndingKind>,
        engine: Option<EndingKind>,
    },
    /// The record says the call ended; the engine's call goes on.
    CallGoesOn,
    Outcome {
        recorded: Option<EndingKind>,
        engine: Option<EndingKind>,
    },
    /// `part` is `None` for the total.
    Score {
        part: Option<PartKind>,
        recorded: Option<u8>,
        engine: Option<u8>,
    },
}

/// Why a record and the engine disagree.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    /// The scenario file is not the one the call was played on.
    ScenarioChanged { recorded: String, current: String },
    /// Same scenario file: the record was altered after it was written, or it was made by
    /// another Calmline version (`recorded_version` differs from this one).
    RecordAltered { recorded_version: String, this_version: String },
}

/// Replays `record` on `scenario` (the scenario with the record's id and language).
pub fn verify(record: &Record, scenario: Arc<Scenario>) -> Verdict {
    if record.adjusted {
        return Verdict::NotReplayable(NotReplayable::Adjusted);
    }
    let current = fingerprint_hex(scenario.fingerprint);
    let cause = if current != record.scenario.fingerprint {
        Cause::ScenarioChanged { recorded: record.scenario.fingerprint.clone(), current }
    } else {
        Cause::RecordAltered {
            recorded_version: record.app_version.clone(),
            this_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    };
    let diverge = |turn: Option<usize>, difference: Difference| {
        let node = turn.and_then(|i| record.turns.get(i)).map(|t| t.node.clone());
        Verdict::Diverges(Divergence { turn, node, difference, cause: cause.clone() })
    };

    let mut session = Session::with_attempt(scenario, record.seed, record.attempt.clone());
    if record.caller != session.scenario().caller.drawn {
        let engine = session.scenario().caller.drawn.clone();
        return diverge(None, Difference::Caller { recorded: record.caller.clone(), engine });
    }
    for (i, t) in record.turns.iter().enumerate() {
        if session.is_over() {
            return diverge(Some(i), Difference::EngineEnded { outcome: session.outcome() });
        }
        let node = session.node();
        if node.id != t.node {
            return diverge(Some(i), Difference::Node { recorded: t.node.clone(), engine: node.id.clone() });
        }
        let before = *session.state();
        if before.anger != t.anger_before {
            return diverge(Some(i), Difference::AngerBefore { recorded: t.anger_before, engine: before.anger });
        }
        if before.mode != t.mode_before {
            return diverge(Some(i), Difference::ModeBefore { recorded: t.mode_before, engine: before.mode });
        }
        if session.line() != t.line {
            return diverge(Some(i), Difference::Line { recorded: t.line.clone(), engine: session.line().to_string() });
        }
        let offered: Vec<Offered> =
            node.replies.iter().map(|r| Offered { text: r.text.clone(), technique: r.technique }).collect();
        if offered != t.offered {
            let index =
                (0..offered.len().max(t.offered.len())).find(|&k| offered.get(k) != t.offered.get(k)).unwrap_or(0);
            return diverge(
                Some(i),
                Difference::Offered {
                    index,
                    recorded: t.offered.get(index).cloned(),
                    engine: offered.get(index).cloned(),
                },
            );
        }
        let choice = crate::engine::call::session::Choice {
            reply: t.choice,
            seconds: t.seconds,
            hint: t.hint,
            said: t.said.clone(),
        };
        let turn = match session.play(&choice) {
            Ok(turn) => turn.clone(),
            Err(SessionError::NoSuchReply { index, count }) => {
                return diverge(Some(i), Difference::NoSuchReply { index, count });
            }
            Err(_) => return diverge(Some(i), Difference::EngineEnded { outcome: session.outcome() }),
        };
        let s = session.scenario();
        let technique = turn.technique(s);
        if technique != t.technique {
            return diverge(Some(i), Difference::Technique { recorded: t.technique, engine: technique });
        }
        if turn.after.anger != t.anger_after {
            return diverge(Some(i), Difference::AngerAfter { recorded: t.anger_after, engine: turn.after.anger });
        }
        if turn.after.mode != t.mode_after {
            return diverge(Some(i), Difference::ModeAfter { recorded: t.mode_after, engine: turn.after.mode });
        }
        if turn.effects.agreement != t.agreement {
            return diverge(Some(i), Difference::Agreement { recorded: t.agreement, engine: turn.effects.agreement });
        }
        if turn.effects.relapse != t.relapse {
            return diverge(Some(i), Difference::Relapse { recorded: t.relapse, engine: turn.effects.relapse });
        }
        let ended = match turn.next {
            crate::engine::call::model::Target::Ending(e) => s.endings.get(e).map(|e| e.kind),
            crate::engine::call::model::Target::Node(_) => None,
        };
        if ended != t.ended {
            return diverge(Some(i), Difference::Ended { recorded: t.ended, engine: ended });
        }
    }

    if record.complete {
        if !session.is_over() {
            return diverge(None, Difference::CallGoesOn);
        }
        if session.outcome() != record.outcome {
            return diverge(None, Difference::Outcome { recorded: record.outcome, engine: session.outcome() });
        }
        let engine = session.score();
        let total = |s: &Option<Score>| s.as_ref().map(|s| s.total);
        if total(&engine) != total(&record.score) {
            return diverge(
                None,
                Difference::Score { part: None, recorded: total(&record.score), engine: total(&engine) },
            );
        }
        for kind in PartKind::ALL {
            let part = |s: &Option<Score>| s.as_ref().map(|s| s.part(kind));
            if part(&engine) != part(&record.score) {
                return diverge(
                    None,
                    Difference::Score { part: Some(kind), recorded: part(&record.score), engine: part(&engine) },
                );
            }
        }
    }

    Verdict::Same(Summary {
        turns: record.turns.len(),
        complete: record.complete,
        outcome: session.outcome(),
        score: session.score(),
        engine_over: session.is_over(),
        unplayed: record.unplayed.len(),
    })
}
