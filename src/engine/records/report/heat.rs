//! The trainees' calls laid over a call's map: how many calls (and trainees) reached each
//! box, how often each reply was picked, and where callers were lost. The report draws it.

use super::calls::{Lost, ScenarioKey};
use crate::engine::call::model::{Scenario, Target};
use crate::engine::call::persona::EndingKind;
use crate::engine::records::map::{self, CallMap};
use crate::engine::records::record::Record;
use std::collections::HashSet;
use std::sync::Arc;

/// One call's map with the trainees' records counted on it.
#[derive(Clone, Debug)]
pub struct ScenarioMap {
    pub key: ScenarioKey,
    /// The call as it is in the dialogues folder now.
    pub scenario: Arc<Scenario>,
    pub map: CallMap,
    pub heat: MapHeat,
}

/// Counts per box and per arrow of a [`CallMap`], in the map's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapHeat {
    /// Calls laid over the map: counted calls and calls interrupted by a crash.
    pub calls: usize,
    pub trainees: usize,
    /// Per box of the map.
    pub nodes: Vec<NodeHeat>,
    /// Per arrow of the map: how many times the reply was picked and the call went that way.
    pub edges: Vec<usize>,
    /// Turns that name a node or reply the call no longer has (records of an older
    /// version of the file), left out.
    pub unmatched: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeHeat {
    /// Calls that reached this box (once per call, however often it came back).
    pub calls: usize,
    /// Trainees whose calls reached it.
    pub trainees: usize,
    /// Calls lost on a turn at this node (escalated or hung up, by the reply or by the
    /// caller's anger or patience).
    pub lost: Lost,
}

impl MapHeat {
    /// The largest pick count of any arrow.
    pub fn max_picks(&self) -> usize {
        self.edges.iter().copied().max().unwrap_or(0)
    }
}

/// Counts `records` on `map`: those of `scenario` (by id and language), played for real
/// (counted, or interrupted by a crash; previews are left out).
pub fn heat(map: &CallMap, scenario: &Scenario, records: &[&Record]) -> MapHeat {
    let mut heat = MapHeat {
        nodes: vec![NodeHeat::default(); map.nodes.len()],
        edges: vec![0; map.edges.len()],
        ..MapHeat::default()
    };
    let mut trainees: Vec<HashSet<&str>> = vec![HashSet::new(); map.nodes.len()];
    let mut all: HashSet<&str> = HashSet::new();
    let box_of_node = |i: usize| map.nodes.iter().position(|n| n.index == Some(i));
    let box_of = |from: usize, t: Target| map.target_box(from, t);
    let ours = |r: &&&Record| {
        !r.adjusted && (r.counts() || !r.complete) && r.scenario.id == scenario.id && r.scenario.lang == scenario.lang
    };
    for r in records.iter().filter(ours) {
        heat.calls += 1;
        all.insert(r.trainee.as_str());
        let mut reached = vec![false; map.nodes.len()];
        let lost_call = r.counts() && matches!(r.outcome, Some(EndingKind::Escalated | EndingKind::HungUp));
        for (t, turn) in r.turns.iter().enumerate() {
            let Some(node) = scenario.node_index(&turn.node) else {
                heat.unmatched += 1;
                continue;
            };
            let Some(from) = box_of_node(node) else { continue };
            reached[from] = true;
            let last = t + 1 == r.turns.len();
            if last
                && lost_call
                && let Some(kind) = r.outcome
            {
                heat.nodes[from].lost.add(kind);
            }
            let reply = turn.choice.map(|c| (c, scenario.nodes[node].replies.get(c)));
            if let Some((_, None)) = reply {
                heat.unmatched += 1;
            }
            // Where the reply leads in the mode the caller was left in, and where the call
            // went: the next turn's node, else there (the engine may have ended the call).
            let wanted = match reply {
                Some((choice, Some(reply))) => {
                    let wanted = reply.next.for_mode(turn.mode_after);
                    let went = match r.turns.get(t + 1).and_then(|next| scenario.node_index(&next.node)) {
                        Some(n) => Target::Node(n),
                        None => wanted,
                    };
                    let of_reply = |to: Option<usize>| {
                        map.edges.iter().position(|e| e.node == node && e.reply == choice && Some(e.to) == to)
                    };
                    if let Some(k) = of_reply(box_of(node, went)).or_else(|| of_reply(box_of(node, wanted))) {
                        heat.edges[k] += 1;
                    }
                    Some(wanted)
                }
                _ => None,
            };
            // The ending's box: the one the last reply names when the call ended that way,
            // else the first of the outcome's kind, where the engine ends a call itself
            // (the caller's breaking point, patience run out, a silence too many).
            if last && let Some(outcome) = r.outcome.filter(|_| r.complete) {
                let named = match wanted {
                    Some(Target::Ending(e)) if scenario.endings.get(e).is_some_and(|x| x.kind == outcome) => Some(e),
                    _ => None,
                };
                let ending = named.or_else(|| scenario.endings.iter().position(|x| x.kind == outcome));
                if let Some(b) = ending.and_then(|e| box_of(node, Target::Ending(e))) {
                    reached[b] = true;
                }
            }
        }
        for (b, hit) in reached.iter().enumerate() {
            if *hit {
                heat.nodes[b].calls += 1;
                trainees[b].insert(r.trainee.as_str());
            }
        }
    }
    for (n, t) in heat.nodes.iter_mut().zip(&trainees) {
        n.trainees = t.len();
    }
    heat.trainees = all.len();
    heat
}

/// The map of each call in `keys` found among `scenarios` (by id and language), with
/// `records` counted on it. A call not found gets no map.
pub fn scenario_maps(keys: &[ScenarioKey], scenarios: &[Arc<Scenario>], records: &[&Record]) -> Vec<ScenarioMap> {
    keys.iter()
        .filter_map(|key| {
            let scenario = scenarios.iter().find(|s| s.id == key.id && s.lang == key.lang)?;
            let map = map::layout(scenario);
            let heat = heat(&map, scenario, records);
            Some(ScenarioMap { key: key.clone(), scenario: Arc::clone(scenario), map, heat })
        })
        .collect()
}
