//! The order the layout is handed the graph in: which arrows close a cycle (turned around
//! for layout-rs), a topological order, how much layout-rs would have to place, and the
//! box furthest from the start.

use super::CallMap;
use super::shapes::Pair;

/// A depth-first walk from the start (then from any box it missed, in order): each box's
/// place in reverse post-order, and per pair whether it closes a cycle (leads back to a box
/// on the walk's path). With those pairs turned around the graph has no cycle, and every
/// arrow goes from an earlier box to a later one in that order. A box's arrow to itself is
/// left to layout-rs.
pub(super) fn orient(map: &CallMap, pairs: &[Pair]) -> (Vec<usize>, Vec<bool>) {
    let n = map.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, p) in pairs.iter().enumerate() {
        out[p.from].push(k);
    }
    // 0: not seen, 1: on the path, 2: done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; pairs.len()];
    let mut post: Vec<usize> = Vec::with_capacity(n);
    let start = map.nodes.iter().position(|x| x.start);
    for root in start.into_iter().chain(0..n) {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            if let Some(&k) = out[i].get(*next) {
                *next += 1;
                let j = pairs[k].to;
                match state[j] {
                    0 => {
                        state[j] = 1;
                        stack.push((j, 0));
                    }
                    1 if j != i => back[k] = true,
                    _ => {}
                }
            } else {
                state[i] = 2;
                post.push(i);
                stack.pop();
            }
        }
    }
    let mut order = vec![0; n];
    for (place, &i) in post.iter().rev().enumerate() {
        order[i] = place;
    }
    (order, back)
}

/// About how many things layout-rs will place: the boxes, a bend for each layer an arrow
/// crosses (by longest-path layers over the oriented arrows) and the labels.
pub(super) fn estimated_size(map: &CallMap, pairs: &[Pair], order: &[usize], back: &[bool]) -> usize {
    let n = map.nodes.len();
    let oriented: Vec<(usize, usize, bool)> = pairs
        .iter()
        .zip(back)
        .filter(|(p, _)| p.from != p.to)
        .map(|(p, &b)| if b { (p.to, p.from, p.label > 0) } else { (p.from, p.to, p.label > 0) })
        .collect();
    let mut out: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    for &(a, b, label) in &oriented {
        out[a].push((b, label));
    }
    let mut by_order: Vec<usize> = (0..n).collect();
    by_order.sort_by_key(|&i| order[i]);
    let mut layer = vec![0usize; n];
    for &i in &by_order {
        for &(j, label) in &out[i] {
            layer[j] = layer[j].max(layer[i] + 1 + usize::from(label));
        }
    }
    let bends: usize = oriented.iter().map(|&(a, b, _)| layer[b].saturating_sub(layer[a] + 1)).sum();
    n + bends + oriented.iter().filter(|o| o.2).count()
}

/// The box furthest (in arrows) from the start.
pub(super) fn deepest(map: &CallMap, pairs: &[Pair]) -> Option<usize> {
    let start = map.nodes.iter().position(|n| n.start)?;
    let mut depth: Vec<Option<usize>> = vec![None; map.nodes.len()];
    depth[start] = Some(0);
    let mut queue = std::collections::VecDeque::from([start]);
    let mut last = start;
    while let Some(i) = queue.pop_front() {
        last = i;
        let d = depth[i].unwrap_or(0);
        for p in pairs.iter().filter(|p| p.from == i) {
            if depth[p.to].is_none() {
                depth[p.to] = Some(d + 1);
                queue.push_back(p.to);
            }
        }
    }
    Some(last)
}
