//! What the map marks: boxes no path from the start reaches, boxes with no way to an
//! ending, and from a simulate report the bots' paths and what they never reached.

use super::{CallMap, MapEdge, MapNodeKind, NodeFlags};
use crate::engine::call::model::Scenario;
use crate::engine::judge::simulate::{PathStep, SimReport};
use std::collections::VecDeque;

/// Marks what no path from the start reaches and what has no way to an ending.
/// `engine_endings` are the endings the engine uses at the caller's breaking point and
/// when patience runs out.
pub(super) fn flag_graph(map: &mut CallMap, engine_endings: (usize, usize)) {
    let count = map.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); count];
    for e in &map.edges {
        out[e.from].push(e.to);
        into[e.to].push(e.from);
    }
    let mut reached = vec![false; count];
    if let Some(start) = map.nodes.iter().position(|n| n.start) {
        let mut queue = VecDeque::from([start]);
        reached[start] = true;
        while let Some(i) = queue.pop_front() {
            for &j in &out[i] {
                if !reached[j] {
                    reached[j] = true;
                    queue.push_back(j);
                }
            }
        }
    }
    let mut exits = vec![false; count];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for (i, n) in map.nodes.iter().enumerate() {
        if matches!(n.kind, MapNodeKind::Ending(_)) {
            exits[i] = true;
            queue.push_back(i);
        }
    }
    while let Some(j) = queue.pop_front() {
        for &i in &into[j] {
            if !exits[i] {
                exits[i] = true;
                queue.push_back(i);
            }
        }
    }
    for (i, n) in map.nodes.iter_mut().enumerate() {
        // The engine itself ends calls at the caller's breaking point and when patience
        // runs out: those endings are reached even when no reply names them.
        let engine_ends_here = n.ending.is_some_and(|e| e == engine_endings.0 || e == engine_endings.1);
        n.flags.unreachable = !reached[i] && !engine_ends_here;
        n.flags.no_way_out = n.kind == MapNodeKind::Node && !exits[i];
    }
}

/// Marks the best path, the method bot's path and what the bots never reached.
pub(super) fn flag_sim(s: &Scenario, map: &mut CallMap, sim: &SimReport) {
    for (i, n) in map.nodes.iter_mut().enumerate() {
        if n.kind == MapNodeKind::Node && sim.unvisited_nodes.contains(&n.id) {
            n.flags.never_visited = true;
            for e in map.edges.iter_mut().filter(|e| e.node == i) {
                e.never_visited = true;
            }
        }
    }
    for u in &sim.unvisited_replies {
        let Some(node) = s.node_index(&u.node) else { continue };
        for e in map.edges.iter_mut().filter(|e| e.node == node && e.reply == u.reply) {
            e.never_visited = true;
        }
    }
    for i in 0..map.nodes.len() {
        if matches!(map.nodes[i].kind, MapNodeKind::Ending(_)) {
            let mut incoming = map.edges.iter().filter(|e| e.to == i).peekable();
            let none = incoming.peek().is_none();
            map.nodes[i].flags.never_visited = !none && incoming.all(|e| e.never_visited);
        }
    }
    mark_path(s, map, &sim.best_path, |f| &mut f.best, |e| &mut e.best);
    if let Some(method) = &sim.method {
        mark_path(s, map, &method.path, |f| &mut f.method, |e| &mut e.method);
    }
}

fn mark_path(
    s: &Scenario,
    map: &mut CallMap,
    path: &[PathStep],
    node_flag: impl Fn(&mut NodeFlags) -> &mut bool,
    edge_flag: impl Fn(&mut MapEdge) -> &mut bool,
) {
    for step in path {
        let Some(node) = s.node_index(&step.node) else { continue };
        let Some(reply) = s.nodes[node].replies.get(step.reply) else { continue };
        let Some(from) = map.nodes.iter().position(|n| n.index == Some(node)) else { continue };
        *node_flag(&mut map.nodes[from].flags) = true;
        // The reply's destination in the mode the caller was left in; the engine may end
        // the call instead (anger at 100, patience gone), which no arrow shows.
        let target = reply.next.for_mode(step.mode_after);
        let single = reply.next.is_single();
        for e in map.edges.iter_mut().filter(|e| e.node == node && e.reply == step.reply) {
            if single || e.modes.contains(&step.mode_after) {
                *edge_flag(e) = true;
            }
        }
        if let Some(to) = map.target_box(node, target) {
            *node_flag(&mut map.nodes[to].flags) = true;
        }
    }
}
