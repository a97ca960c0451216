//! A call seen as a map, for trainers: every caller node and every ending as a box placed
//! by a layered graph layout, every reply as an arrow, with what is wrong with the graph
//! (nodes no path reaches, nodes with no way to an ending) and, from a simulate report,
//! the best path, the method bot's path and the replies no bot ever picked.
//!
//! The engine only places things; `calmline map`, the report and the game draw them. The
//! layout is [`layout-rs`](https://crates.io/crates/layout-rs), a Graphviz-like layered
//! layout in pure Rust: nothing to install on a training-room PC.

mod flags;
mod geometry;
mod order;
mod place;
mod shapes;

pub use geometry::point_along;
pub use shapes::{
    CallMap, ENDING_SIZE, LANE_GAP, MapEdge, MapNode, MapNodeKind, NODE_SIZE, NodeFlags, SNIPPET_UNITS,
    SPLIT_ENDING_AT, char_units, label_chars, label_size, snippet, text_units,
};

use crate::engine::call::model::{Scenario, Target};
use crate::engine::call::persona::Mode;
use crate::engine::judge::simulate::SimReport;

/// The call's graph, laid out.
pub fn layout(scenario: &Scenario) -> CallMap {
    layout_with(scenario, None)
}

/// The call's graph laid out, with the best path, the method bot's path and the replies
/// and nodes no bot reached, from a simulate report of this call.
pub fn layout_with(scenario: &Scenario, sim: Option<&SimReport>) -> CallMap {
    let mut map = graph(scenario);
    flags::flag_graph(&mut map, (scenario.facts.breaking_ending, scenario.facts.patience_ending));
    if let Some(sim) = sim {
        flags::flag_sim(scenario, &mut map, sim);
    }
    place::place(&mut map);
    map
}

/// The boxes and arrows, unplaced.
fn graph(s: &Scenario) -> CallMap {
    let mut nodes: Vec<MapNode> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| MapNode {
            id: n.id.clone(),
            kind: MapNodeKind::Node,
            x: 0.0,
            y: 0.0,
            w: NODE_SIZE.0,
            h: NODE_SIZE.1,
            snippet: snippet(&n.line, SNIPPET_UNITS),
            line: n.line.clone(),
            index: Some(i),
            ending: None,
            copy: 0,
            start: i == s.start,
            flags: NodeFlags::default(),
        })
        .collect();
    let targeted = |e: usize| {
        s.nodes.iter().flat_map(|n| &n.replies).flat_map(|r| r.next.targets()).any(|t| t == Target::Ending(e))
    };
    // The endings written in the call, and any built-in one a reply names.
    let mut ending_box = vec![None; s.endings.len()];
    for (e, ending) in s.endings.iter().enumerate() {
        if ending.builtin && !targeted(e) {
            continue;
        }
        ending_box[e] = Some(nodes.len());
        nodes.push(MapNode {
            id: ending.id.clone(),
            kind: MapNodeKind::Ending(ending.kind),
            x: 0.0,
            y: 0.0,
            w: ENDING_SIZE.0,
            h: ENDING_SIZE.1,
            snippet: snippet(&ending.line, SNIPPET_UNITS),
            line: ending.line.clone(),
            index: None,
            ending: Some(e),
            copy: 0,
            start: false,
            flags: NodeFlags::default(),
        });
    }
    let box_of = |t: Target| match t {
        Target::Node(i) if i < s.nodes.len() => Some(i),
        Target::Ending(e) => ending_box.get(e).copied().flatten(),
        Target::Node(_) => None,
    };
    let mut edges = Vec::new();
    for (i, node) in s.nodes.iter().enumerate() {
        for (r, reply) in node.replies.iter().enumerate() {
            let single = reply.next.is_single();
            let mut targets: Vec<(Target, Vec<Mode>)> = Vec::new();
            for mode in [Mode::Attack, Mode::Emotion, Mode::Reasoning] {
                let t = reply.next.for_mode(mode);
                match targets.iter_mut().find(|(x, _)| *x == t) {
                    Some((_, modes)) => modes.push(mode),
                    None => targets.push((t, vec![mode])),
                }
            }
            for (t, modes) in targets {
                let Some(to) = box_of(t) else { continue };
                let modes = if single { Vec::new() } else { modes };
                edges.push(MapEdge {
                    from: i,
                    to,
                    node: i,
                    reply: r,
                    technique: reply.technique,
                    family: reply.technique.family(),
                    mode: modes.first().copied(),
                    modes,
                    points: Vec::new(),
                    lane: 0,
                    lanes: 1,
                    label: None,
                    best: false,
                    method: false,
                    never_visited: false,
                });
            }
        }
    }
    split_endings(&mut nodes, &mut edges);
    CallMap { width: 0.0, height: 0.0, nodes, edges }
}

/// Gives an ending that replies of [`SPLIT_ENDING_AT`] nodes or more lead to a box of its
/// own beside each of those nodes: the first node keeps the ending's box, the others get
/// copies (added after every other box).
fn split_endings(nodes: &mut Vec<MapNode>, edges: &mut [MapEdge]) {
    for b in 0..nodes.len() {
        if nodes[b].ending.is_none() {
            continue;
        }
        let mut sources: Vec<usize> = Vec::new();
        for e in edges.iter().filter(|e| e.to == b) {
            if !sources.contains(&e.from) {
                sources.push(e.from);
            }
        }
        if sources.len() < SPLIT_ENDING_AT {
            continue;
        }
        for (copy, &source) in sources.iter().enumerate().skip(1) {
            let mut twin = nodes[b].clone();
            twin.copy = copy;
            nodes.push(twin);
            let to = nodes.len() - 1;
            for e in edges.iter_mut().filter(|e| e.to == b && e.from == source) {
                e.to = to;
            }
        }
    }
}

#[cfg(test)]
mod tests;
