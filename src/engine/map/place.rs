//! Places a map's boxes and routes its arrows with layout-rs (a layered, Graphviz-like
//! layout in pure Rust), top to bottom: the call flows down the page.
//!
//! layout-rs lays out one arrow per pair of boxes; the replies that join the same two
//! boxes share it and are then moved apart into lanes. It hands back arrows as Bézier
//! curves through a drawing interface; [`Capture`] keeps them, and they become polylines.

use super::{CallMap, LANE_GAP};
use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// Blank space around everything drawn.
const MARGIN: f32 = 24.0;
/// The space layout-rs keeps around each box: across a row, and between rows.
const HALO: (f64, f64) = (44.0, 60.0);
/// The font size the room kept for a mode label is measured at, and the padding
/// layout-rs adds around a label.
const LABEL_FONT: usize = 11;
const LABEL_PADDING: f32 = 10.0;
/// The least space between a mode label and a box.
const LABEL_GAP: f32 = 3.0;
/// Points per Bézier segment in a polyline.
const SAMPLES: usize = 10;
/// How many boxes, arrow bends and labels layout-rs is given at most with its crossing
/// reduction on, and at all: its placement takes seconds past a few thousand (a generated
/// 120-node call with arrows back and forth everywhere), where a written call of 30 nodes
/// has about a hundred. A call too large is drawn in rows of boxes with straight arrows.
const OPTIMIZE_UP_TO: usize = 1_200;
const LAYOUT_UP_TO: usize = 2_500;

/// The replies between two boxes, which share one arrow in the layout.
struct Pair {
    from: usize,
    to: usize,
    edges: Vec<usize>,
    /// Room for a mode label, in characters.
    label: usize,
}

/// An arrow's route as layout-rs gives it (Bézier points), and whether layout-rs turned
/// it around to keep its graph acyclic.
type Route = (Vec<(Point, Point)>, bool);

/// What layout-rs placed: each box's centre, and per pair its route (a list of Bézier
/// points as layout-rs gives them) and whether layout-rs turned it around.
struct Placed {
    centres: Vec<(f64, f64)>,
    routes: Vec<Option<Route>>,
}

pub(super) fn place(map: &mut CallMap) {
    let mut pairs: Vec<Pair> = Vec::new();
    for (k, e) in map.edges.iter().enumerate() {
        match pairs.iter_mut().find(|p| p.from == e.from && p.to == e.to) {
            Some(p) => p.edges.push(k),
            None => pairs.push(Pair { from: e.from, to: e.to, edges: vec![k], label: 0 }),
        }
    }
    // A pair's label names every mode any of its replies is marked with.
    for p in &mut pairs {
        let mut modes: Vec<crate::engine::persona::Mode> = Vec::new();
        for &k in &p.edges {
            for m in &map.edges[k].modes {
                if !modes.contains(m) {
                    modes.push(*m);
                }
            }
        }
        p.label = super::label_chars(&modes);
    }
    for p in &pairs {
        for (lane, &k) in p.edges.iter().enumerate() {
            map.edges[k].lane = lane;
            map.edges[k].lanes = p.edges.len();
        }
    }
    // layout-rs checks its own invariants with assertions; a failure there must not take
    // the caller down, so it falls back to rows of boxes with straight arrows.
    let placed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(map, &pairs))).ok().flatten();
    let mut lines: Vec<Vec<(f32, f32)>> = Vec::with_capacity(pairs.len());
    let mut wanted: Vec<Option<(f32, f32)>> = Vec::with_capacity(pairs.len());
    match placed {
        Some(placed) if placed.centres.len() == map.nodes.len() => {
            for (n, &(x, y)) in map.nodes.iter_mut().zip(&placed.centres) {
                n.x = x as f32;
                n.y = y as f32;
            }
            for (p, route) in pairs.iter().zip(&placed.routes) {
                let line = match route {
                    Some((path, reversed)) => {
                        let mut line = polyline(path);
                        if *reversed {
                            line.reverse();
                        }
                        line
                    }
                    None => straight(map, p.from, p.to),
                };
                // The room layout-rs kept for the label: the route passes the bottom of
                // it (its second point), and the label sits above that.
                wanted.push(match route {
                    Some((path, _)) if p.label > 0 && path.len() > 1 => {
                        let h = (LABEL_FONT as f32) + LABEL_PADDING;
                        Some((path[1].1.x as f32, path[1].1.y as f32 - h / 2.0))
                    }
                    _ => None,
                });
                lines.push(line);
            }
        }
        _ => {
            grid(map);
            for p in &pairs {
                lines.push(straight(map, p.from, p.to));
                wanted.push(None);
            }
        }
    }
    let labels = settle_labels(map, &pairs, &lines, &wanted);
    for ((p, line), label) in pairs.iter().zip(&lines).zip(labels) {
        for &k in &p.edges {
            let e = &mut map.edges[k];
            e.points = offset(line, lane_shift(e.lane, e.lanes));
            e.label = label;
        }
    }
    frame(map);
}

fn run(map: &CallMap, pairs: &[Pair]) -> Option<Placed> {
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let handles: Vec<NodeHandle> = map
        .nodes
        .iter()
        .map(|n| {
            let size = Point::new(n.w as f64, n.h as f64);
            let mut e =
                Element::create(ShapeKind::Box(String::new()), StyleAttr::simple(), Orientation::TopToBottom, size);
            e.pos = Position::new(Point::zero(), size, Point::zero(), Point::new(HALO.0, HALO.1));
            vg.add_node(e)
        })
        .collect();
    // layout-rs turns arrows that close a cycle around, and checks each arrow it adds by a
    // search whose cost grows with the number of paths below it. Handing it the arrows
    // already turned, in an order where nothing lies below an arrow's target yet, keeps
    // every check instant; its own consistency checks are skipped for the same reason.
    let (order, back) = orient(map, pairs);
    let size = estimated_size(map, pairs, &order, &back);
    if size > LAYOUT_UP_TO {
        return None;
    }
    let mut added: Vec<usize> = (0..pairs.len()).collect();
    let source = |k: usize| if back[k] { pairs[k].to } else { pairs[k].from };
    added.sort_by_key(|&k| order[source(k)]);
    for k in added {
        let p = &pairs[k];
        let mut arrow = Arrow::simple_with_properties(&"m".repeat(p.label), k.to_string());
        arrow.look.font_size = LABEL_FONT;
        if back[k] {
            vg.add_edge(arrow.reverse(), handles[p.to], handles[p.from]);
        } else {
            vg.add_edge(arrow, handles[p.from], handles[p.to]);
        }
    }
    // A box no arrow touches (an ending only the engine uses, at the caller's breaking
    // point or when patience runs out) hangs below the deepest box by an unseen arrow,
    // rather than floating at the top.
    if let Some(deepest) = deepest(map, pairs) {
        for (i, _) in map.nodes.iter().enumerate().filter(|(i, _)| !pairs.iter().any(|p| p.from == *i || p.to == *i)) {
            if i != deepest {
                vg.add_edge(Arrow::invisible(), handles[deepest], handles[i]);
            }
        }
    }
    vg.dag.set_validate(false);
    let mut capture = Capture { routes: (0..pairs.len()).map(|_| None).collect() };
    vg.do_it(false, size > OPTIMIZE_UP_TO, false, &mut capture);
    let centres = handles
        .iter()
        .map(|&h| {
            let c = vg.pos(h).center();
            (c.x, c.y)
        })
        .collect();
    Some(Placed { centres, routes: capture.routes })
}

/// Where each pair's mode label goes: where layout-rs kept room for it, else the first
/// point along its line (from the middle outwards) where it covers no box and no label
/// placed before it.
fn settle_labels(
    map: &CallMap,
    pairs: &[Pair],
    lines: &[Vec<(f32, f32)>],
    wanted: &[Option<(f32, f32)>],
) -> Vec<Option<(f32, f32)>> {
    let mut placed: Vec<(f32, f32, f32, f32)> = Vec::new();
    let covers = |(x, y): (f32, f32), (w, h): (f32, f32), placed: &[(f32, f32, f32, f32)]| {
        let boxes = map
            .nodes
            .iter()
            .any(|n| (x - n.x).abs() < (w + n.w) / 2.0 + LABEL_GAP && (y - n.y).abs() < (h + n.h) / 2.0 + LABEL_GAP);
        boxes
            || placed.iter().any(|&(px, py, pw, ph)| (x - px).abs() < (w + pw) / 2.0 && (y - py).abs() < (h + ph) / 2.0)
    };
    pairs
        .iter()
        .zip(lines.iter().zip(wanted))
        .map(|(p, (line, first))| {
            if p.label == 0 || line.is_empty() {
                return None;
            }
            let size = super::label_size(p.label);
            let along = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85];
            let spot = first
                .iter()
                .copied()
                .chain(along.iter().map(|&f| point_along(line, f)))
                .find(|&at| !covers(at, size, &placed))
                .or(*first)
                .unwrap_or_else(|| point_along(line, 0.5));
            placed.push((spot.0, spot.1, size.0, size.1));
            Some(spot)
        })
        .collect()
}

/// The point `share` of the way along a polyline.
fn point_along(points: &[(f32, f32)], share: f32) -> (f32, f32) {
    let seg = |i: usize| {
        let (a, b) = (points[i], points[i + 1]);
        ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
    };
    let total: f32 = (0..points.len().saturating_sub(1)).map(seg).sum();
    let mut left = total * share;
    for i in 0..points.len().saturating_sub(1) {
        let l = seg(i);
        if left <= l && l > 0.0 {
            let t = left / l;
            return (
                points[i].0 + (points[i + 1].0 - points[i].0) * t,
                points[i].1 + (points[i + 1].1 - points[i].1) * t,
            );
        }
        left -= l;
    }
    points.last().copied().unwrap_or((0.0, 0.0))
}

/// A depth-first walk from the start (then from any box it missed, in order): each box's
/// place in reverse post-order, and per pair whether it closes a cycle (leads back to a box
/// on the walk's path). With those pairs turned around the graph has no cycle, and every
/// arrow goes from an earlier box to a later one in that order. A box's arrow to itself is
/// left to layout-rs.
fn orient(map: &CallMap, pairs: &[Pair]) -> (Vec<usize>, Vec<bool>) {
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
fn estimated_size(map: &CallMap, pairs: &[Pair], order: &[usize], back: &[bool]) -> usize {
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
fn deepest(map: &CallMap, pairs: &[Pair]) -> Option<usize> {
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

/// Keeps the arrows layout-rs draws; ignores everything else.
struct Capture {
    routes: Vec<Option<Route>>,
}

impl RenderBackend for Capture {
    fn draw_rect(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>, _: Option<ClipHandle>) {}
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        let Some(k) = properties.and_then(|p| p.parse::<usize>().ok()) else { return };
        if let Some(slot) = self.routes.get_mut(k)
            && path.len() >= 2
        {
            // An arrow layout-rs turned around to keep its graph acyclic has its head at
            // the start.
            *slot = Some((path.to_vec(), head.0 && !head.1));
        }
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// layout-rs's route as a polyline: `M p0 C c1 c2 p1 S c2 p2 S …`, where each `S` takes
/// its first control point as the mirror of the previous second one.
fn polyline(path: &[(Point, Point)]) -> Vec<(f32, f32)> {
    let mut out = vec![(path[0].0.x as f32, path[0].0.y as f32)];
    let mut from = path[0].0;
    let mut c1 = path[0].1;
    for (k, &(c2, to)) in path.iter().enumerate().skip(1) {
        if k > 1 {
            // Mirror of the previous second control point around the previous end.
            let prev = path[k - 1].0;
            c1 = Point::new(2.0 * from.x - prev.x, 2.0 * from.y - prev.y);
        }
        for step in 1..=SAMPLES {
            let t = step as f64 / SAMPLES as f64;
            let u = 1.0 - t;
            let x = u * u * u * from.x + 3.0 * u * u * t * c1.x + 3.0 * u * t * t * c2.x + t * t * t * to.x;
            let y = u * u * u * from.y + 3.0 * u * u * t * c1.y + 3.0 * u * t * t * c2.y + t * t * t * to.y;
            out.push((x as f32, y as f32));
        }
        from = to;
    }
    out
}

/// How far lane `lane` of `lanes` moves aside from the shared route.
fn lane_shift(lane: usize, lanes: usize) -> f32 {
    (lane as f32 - (lanes.max(1) - 1) as f32 / 2.0) * LANE_GAP
}

/// `line` moved `by` to its left (perpendicular to its direction at each point).
fn offset(line: &[(f32, f32)], by: f32) -> Vec<(f32, f32)> {
    if by == 0.0 || line.len() < 2 {
        return line.to_vec();
    }
    let n = line.len();
    (0..n)
        .map(|i| {
            let (a, b) = (line[i.saturating_sub(1)], line[(i + 1).min(n - 1)]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = (dx * dx + dy * dy).sqrt();
            if len < 1e-3 {
                return line[i];
            }
            (line[i].0 - dy / len * by, line[i].1 + dx / len * by)
        })
        .collect()
}

/// A straight arrow between the borders of two boxes.
fn straight(map: &CallMap, from: usize, to: usize) -> Vec<(f32, f32)> {
    let (a, b) = (&map.nodes[from], &map.nodes[to]);
    let border = |n: &super::MapNode, towards: (f32, f32)| {
        let (dx, dy) = (towards.0 - n.x, towards.1 - n.y);
        if dx == 0.0 && dy == 0.0 {
            return (n.x, n.y);
        }
        let sx = if dx != 0.0 { (n.w / 2.0) / dx.abs() } else { f32::INFINITY };
        let sy = if dy != 0.0 { (n.h / 2.0) / dy.abs() } else { f32::INFINITY };
        let s = sx.min(sy).min(1.0);
        (n.x + dx * s, n.y + dy * s)
    };
    let start = border(a, (b.x, b.y));
    let end = border(b, (a.x, a.y));
    let mid = ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0);
    vec![start, mid, end]
}

/// Rows of boxes in file order: the fallback when the layout failed.
fn grid(map: &mut CallMap) {
    let per_row = 5;
    for (i, n) in map.nodes.iter_mut().enumerate() {
        n.x = (i % per_row) as f32 * (super::NODE_SIZE.0 + HALO.0 as f32) + super::NODE_SIZE.0 / 2.0;
        n.y = (i / per_row) as f32 * (super::NODE_SIZE.1 + HALO.1 as f32) + super::NODE_SIZE.1 / 2.0;
    }
}

/// Moves everything so the top-left of what is drawn sits at the margin, and sets the
/// map's size.
fn frame(map: &mut CallMap) {
    let mut min = (f32::INFINITY, f32::INFINITY);
    let mut max = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    let mut grow = |x: f32, y: f32| {
        if x.is_finite() && y.is_finite() {
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
    };
    for n in &map.nodes {
        grow(n.x - n.w / 2.0, n.y - n.h / 2.0);
        grow(n.x + n.w / 2.0, n.y + n.h / 2.0);
    }
    for e in &map.edges {
        for &(x, y) in &e.points {
            grow(x, y);
        }
        if let Some((x, y)) = e.label {
            // Room for the label around its centre.
            let (w, h) = super::label_size(super::label_chars(&e.modes));
            grow(x - w / 2.0, y - h / 2.0);
            grow(x + w / 2.0, y + h / 2.0);
        }
    }
    if !min.0.is_finite() {
        map.width = 2.0 * MARGIN;
        map.height = 2.0 * MARGIN;
        return;
    }
    let (dx, dy) = (MARGIN - min.0, MARGIN - min.1);
    for n in &mut map.nodes {
        n.x += dx;
        n.y += dy;
    }
    for e in &mut map.edges {
        for p in &mut e.points {
            *p = (p.0 + dx, p.1 + dy);
        }
        if let Some(l) = &mut e.label {
            *l = (l.0 + dx, l.1 + dy);
        }
    }
    map.width = max.0 - min.0 + 2.0 * MARGIN;
    map.height = max.1 - min.1 + 2.0 * MARGIN;
}
