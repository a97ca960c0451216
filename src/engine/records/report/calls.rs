//! The report per call: how scores spread, where callers are lost, and which reply
//! trainees pick at each node.

use crate::engine::call::lang::Lang;
use crate::engine::call::persona::EndingKind;
use crate::engine::call::technique::Technique;
use crate::engine::judge::simulate::{Outcomes, Spread};
use crate::engine::records::record::Record;
use std::collections::{HashMap, HashSet};

/// A scenario as the report groups it: the same id in another language is another call.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScenarioKey {
    pub id: String,
    pub lang: Lang,
}

/// Callers lost: escalated or hung up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lost {
    pub escalated: usize,
    pub hung_up: usize,
}

impl Lost {
    pub fn total(&self) -> usize {
        self.escalated + self.hung_up
    }

    pub(super) fn add(&mut self, kind: EndingKind) {
        match kind {
            EndingKind::Escalated => self.escalated += 1,
            EndingKind::HungUp => self.hung_up += 1,
            // A call the agent ends is the agent's decision, not a caller lost.
            EndingKind::Resolved | EndingKind::AgentEnded => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioReport {
    pub key: ScenarioKey,
    /// The title in the latest record.
    pub title: String,
    /// How many versions of the scenario file the records were played on.
    pub versions: usize,
    pub sessions: usize,
    pub interrupted: usize,
    pub trainees: usize,
    /// Scores of the counted calls, sorted.
    pub scores: Vec<u8>,
    pub spread: Spread,
    /// Counted calls by score: 0–9, 10–19, …, 90–100.
    pub histogram: [usize; 10],
    pub outcomes: Outcomes,
    /// Nodes in the order calls reach them.
    pub nodes: Vec<NodeReport>,
    /// The last replies of lost calls, most frequent first.
    pub losses: Vec<Loss>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeReport {
    pub id: String,
    /// The caller's line as last recorded.
    pub line: String,
    /// Turns taken at this node.
    pub visits: usize,
    pub silences: usize,
    /// Calls that ended lost on a turn at this node.
    pub lost: Lost,
    /// Replies offered here (in the latest recorded order), with how often each was picked.
    pub replies: Vec<ReplyReport>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplyReport {
    pub text: String,
    pub technique: Technique,
    pub picked: usize,
    /// Mean change of anger after this reply.
    pub anger_change: Option<f32>,
    /// Calls this reply ended in an escalation or a hang-up.
    pub lost: Lost,
    /// Counted calls that picked this reply and ended lost, at this turn or later.
    pub in_lost_calls: usize,
}

/// Where lost calls ended: the node and the last reply (`None` for a silence).
#[derive(Clone, Debug, PartialEq)]
pub struct Loss {
    pub node: String,
    pub reply: Option<String>,
    pub technique: Option<Technique>,
    pub lost: Lost,
}

fn bin(score: u8) -> usize {
    (score as usize / 10).min(9)
}

#[derive(Default)]
struct NodeAcc {
    line: String,
    visits: usize,
    silences: usize,
    lost: Lost,
    /// Sum of the turn numbers it was visited at, to order nodes as calls reach them.
    position: usize,
    /// Reply text → accumulator; `order` keeps the latest recorded order of replies.
    replies: HashMap<String, ReplyAcc>,
    order: Vec<(String, Technique)>,
}

#[derive(Default)]
struct ReplyAcc {
    picked: usize,
    anger_change: i64,
    lost: Lost,
    in_lost_calls: usize,
}

pub(super) fn scenario(key: ScenarioKey, records: &[&Record]) -> ScenarioReport {
    let mut s = ScenarioReport {
        key,
        title: records.last().map(|r| r.scenario.title.clone()).unwrap_or_default(),
        versions: records.iter().map(|r| r.scenario.fingerprint.as_str()).collect::<HashSet<_>>().len(),
        sessions: 0,
        interrupted: 0,
        trainees: records.iter().map(|r| r.trainee.as_str()).collect::<HashSet<_>>().len(),
        scores: Vec::new(),
        spread: Spread::default(),
        histogram: [0; 10],
        outcomes: Outcomes::default(),
        nodes: Vec::new(),
        losses: Vec::new(),
    };
    let mut nodes: HashMap<String, NodeAcc> = HashMap::new();
    let mut node_order: Vec<String> = Vec::new();
    let mut losses: HashMap<(String, Option<String>), (Option<Technique>, Lost)> = HashMap::new();

    for r in records {
        let counted = r.counts();
        if counted {
            s.sessions += 1;
            if let Some(o) = r.outcome {
                s.outcomes.add(o);
            }
            if let Some(score) = &r.score {
                s.scores.push(score.total);
                s.histogram[bin(score.total)] += 1;
            }
        } else if !r.complete {
            s.interrupted += 1;
        } else {
            continue;
        }
        let lost_call = counted && matches!(r.outcome, Some(EndingKind::Escalated | EndingKind::HungUp));
        for (i, t) in r.turns.iter().enumerate() {
            if !nodes.contains_key(&t.node) {
                node_order.push(t.node.clone());
            }
            let node = nodes.entry(t.node.clone()).or_default();
            node.line = t.line.clone();
            node.visits += 1;
            node.position += i;
            // The latest offered list sets the order; replies no longer offered stay listed.
            let mut order: Vec<(String, Technique)> = t.offered.iter().map(|o| (o.text.clone(), o.technique)).collect();
            for old in &node.order {
                if !order.iter().any(|(text, _)| text == &old.0) {
                    order.push(old.clone());
                }
            }
            node.order = order;
            let chosen = t.chosen();
            match chosen {
                Some(o) => {
                    let acc = node.replies.entry(o.text.clone()).or_default();
                    acc.picked += 1;
                    acc.anger_change += t.anger_after as i64 - t.anger_before as i64;
                    if lost_call {
                        acc.in_lost_calls += 1;
                    }
                }
                None => node.silences += 1,
            }
            if counted && let Some(kind @ (EndingKind::Escalated | EndingKind::HungUp)) = t.ended {
                node.lost.add(kind);
                if let Some(o) = chosen {
                    node.replies.entry(o.text.clone()).or_default().lost.add(kind);
                }
                let entry = losses
                    .entry((t.node.clone(), chosen.map(|o| o.text.clone())))
                    .or_insert((chosen.map(|o| o.technique), Lost::default()));
                entry.1.add(kind);
            }
        }
    }

    s.scores.sort_unstable();
    s.spread = Spread::of(&mut s.scores.clone());
    let mut ordered: Vec<(f32, usize, String)> = node_order
        .iter()
        .enumerate()
        .map(|(first, id)| {
            let n = &nodes[id];
            (n.position as f32 / n.visits.max(1) as f32, first, id.clone())
        })
        .collect();
    ordered.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    s.nodes = ordered
        .into_iter()
        .filter_map(|(_, _, id)| nodes.remove(&id).map(|n| (id, n)))
        .map(|(id, mut n)| NodeReport {
            id,
            line: n.line,
            visits: n.visits,
            silences: n.silences,
            lost: n.lost,
            replies: n
                .order
                .iter()
                .map(|(text, technique)| {
                    let acc = n.replies.remove(text).unwrap_or_default();
                    ReplyReport {
                        text: text.clone(),
                        technique: *technique,
                        picked: acc.picked,
                        anger_change: (acc.picked > 0).then(|| acc.anger_change as f32 / acc.picked as f32),
                        lost: acc.lost,
                        in_lost_calls: acc.in_lost_calls,
                    }
                })
                .collect(),
        })
        .collect();
    let mut losses: Vec<Loss> =
        losses.into_iter().map(|((node, reply), (technique, lost))| Loss { node, reply, technique, lost }).collect();
    losses.sort_by(|a, b| {
        b.lost.total().cmp(&a.lost.total()).then_with(|| a.node.cmp(&b.node)).then(a.reply.cmp(&b.reply))
    });
    s.losses = losses;
    s
}
