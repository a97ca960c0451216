//! Checking a record against the engine: the call is played again from its seed and
//! choices, and every turn, the outcome and the score must come out as recorded. When they
//! do not, [`verify`] says at which turn, what differs, and the likely cause: the scenario
//! file changed since the call (its fingerprint differs), or the record was altered.

use crate::engine::judge::Judge;
use crate::engine::judge::score::{PartKind, Score};
use crate::engine::lang::Lang;
use crate::engine::model::Scenario;
use crate::engine::persona::{EndingKind, Mode};
use crate::engine::record::{Offered, Record, fingerprint_hex};
use crate::engine::session::{Session, SessionError};
use crate::engine::technique::Technique;
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

impl Cause {
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Cause::ScenarioChanged { recorded, current } => {
                if zh {
                    format!("剧本文件在这次通话之后被修改过（记录中的指纹 {recorded}，现在是 {current}）。")
                } else {
                    format!(
                        "the scenario file changed after this call was played (fingerprint {recorded} in the record, {current} now)."
                    )
                }
            }
            Cause::RecordAltered { recorded_version, this_version } => {
                let same_version = recorded_version == this_version || recorded_version.is_empty();
                match (zh, same_version) {
                    (true, true) => "剧本文件没有变化（指纹相同），所以是记录在写入后被改动过。".into(),
                    (true, false) => format!(
                        "剧本文件没有变化（指纹相同）：记录在写入后被改动过，或者它由 Calmline {recorded_version} 写入，而那个版本的引擎玩法可能不同（当前版本 {this_version}）。"
                    ),
                    (false, true) => {
                        "the scenario file is unchanged (same fingerprint), so the record was altered after it was written."
                            .into()
                    }
                    (false, false) => format!(
                        "the scenario file is unchanged (same fingerprint): the record was altered after it was written, or it was made by Calmline {recorded_version}, whose engine may play differently (this is {this_version})."
                    ),
                }
            }
        }
    }
}

fn mode_name(m: Mode, lang: Lang) -> &'static str {
    m.label(lang)
}

fn ending_name(e: Option<EndingKind>, lang: Lang) -> String {
    match e {
        Some(k) => k.label(lang).to_string(),
        None => if lang == Lang::Zh { "未结束" } else { "not ended" }.to_string(),
    }
}

fn technique_name(t: Option<Technique>, lang: Lang) -> String {
    match t {
        Some(t) => format!("{} ({})", t.label(lang), t.id()),
        None => if lang == Lang::Zh { "沉默" } else { "silence" }.to_string(),
    }
}

fn offered_text(o: &Option<Offered>, lang: Lang) -> String {
    match o {
        Some(o) => format!("\"{}\" [{}]", o.text, o.technique.id()),
        None => if lang == Lang::Zh { "（无）" } else { "(none)" }.to_string(),
    }
}

fn number(n: Option<u8>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

impl Difference {
    /// What differs, as "what: record …, engine …".
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let pair = |what: &str, rec: String, eng: String| {
            if zh {
                format!("{what}：记录为 {rec}，引擎为 {eng}")
            } else {
                format!("{what}: the record says {rec}, the engine {eng}")
            }
        };
        match self {
            Difference::EngineEnded { outcome } => {
                if zh {
                    format!("引擎的通话在这一轮之前已经结束（{}），记录却还有后续", ending_name(*outcome, lang))
                } else {
                    format!(
                        "the engine's call had already ended ({}) but the record goes on",
                        ending_name(*outcome, lang)
                    )
                }
            }
            Difference::Node { recorded, engine } => {
                pair(if zh { "节点" } else { "node" }, format!("`{recorded}`"), format!("`{engine}`"))
            }
            Difference::AngerBefore { recorded, engine } => pair(
                if zh { "本轮开始时的怒气" } else { "anger before the reply" },
                recorded.to_string(),
                engine.to_string(),
            ),
            Difference::ModeBefore { recorded, engine } => pair(
                if zh { "本轮开始时的模式" } else { "mode before the reply" },
                mode_name(*recorded, lang).into(),
                mode_name(*engine, lang).into(),
            ),
            Difference::Line { recorded, engine } => {
                pair(if zh { "客户的话" } else { "caller's line" }, format!("\"{recorded}\""), format!("\"{engine}\""))
            }
            Difference::Offered { index, recorded, engine } => pair(
                &if zh {
                    format!("第 {} 个回复选项", index + 1)
                } else {
                    format!("reply {} on offer", index + 1)
                },
                offered_text(recorded, lang),
                offered_text(engine, lang),
            ),
            Difference::NoSuchReply { index, count } => {
                if zh {
                    format!("记录选择了第 {} 个回复，但这一轮只有 {count} 个", index + 1)
                } else {
                    format!("the record chose reply {}, but this turn offers {count}", index + 1)
                }
            }
            Difference::Technique { recorded, engine } => pair(
                if zh { "所选回复的技巧" } else { "technique of the reply" },
                technique_name(*recorded, lang),
                technique_name(*engine, lang),
            ),
            Difference::AngerAfter { recorded, engine } => pair(
                if zh { "回复后的怒气" } else { "anger after the reply" },
                recorded.to_string(),
                engine.to_string(),
            ),
            Difference::ModeAfter { recorded, engine } => pair(
                if zh { "回复后的模式" } else { "mode after the reply" },
                mode_name(*recorded, lang).into(),
                mode_name(*engine, lang).into(),
            ),
            Difference::Agreement { recorded, engine } => {
                pair(if zh { "客户认同" } else { "caller agreed" }, recorded.to_string(), engine.to_string())
            }
            Difference::Relapse { recorded, engine } => {
                pair(if zh { "客户回到攻击模式" } else { "relapse" }, recorded.to_string(), engine.to_string())
            }
            Difference::Ended { recorded, engine } => pair(
                if zh { "这一轮的结局" } else { "ending after this turn" },
                ending_name(*recorded, lang),
                ending_name(*engine, lang),
            ),
            Difference::CallGoesOn => {
                if zh {
                    "记录在这里结束，但引擎的通话还在继续".into()
                } else {
                    "the record ends here, but the engine's call goes on".into()
                }
            }
            Difference::Outcome { recorded, engine } => {
                pair(if zh { "通话结果" } else { "outcome" }, ending_name(*recorded, lang), ending_name(*engine, lang))
            }
            Difference::Score { part, recorded, engine } => {
                let what = match part {
                    Some(p) => {
                        if zh {
                            format!("得分项“{}”", p.label(lang))
                        } else {
                            format!("score part \"{}\"", p.label(lang))
                        }
                    }
                    None => (if zh { "总分" } else { "total score" }).to_string(),
                };
                pair(&what, number(*recorded), number(*engine))
            }
        }
    }
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

    let mut session = Session::new(scenario, record.seed);
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
        let turn = match session.take(t.choice, t.seconds) {
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
            crate::engine::model::Target::Ending(e) => s.endings.get(e).map(|e| e.kind),
            crate::engine::model::Target::Node(_) => None,
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
