//! Places a map's boxes and routes its arrows with layout-rs (a layered, Graphviz-like
//! layout in pure Rust), top to bottom: the call flows down the page.
//!
//! layout-rs lays out one arrow per pair of boxes; the replies that join the same two
//! boxes share it and are then moved apart into lanes. It hands back arrows as Bézier
//! curves through a drawing interface; [`Capture`] keeps them, and they become polylines.

use super::geometry::{frame, grid, lane_shift, offset, polyline, settle_labels, straight};
use super::order::{deepest, estimated_size, orient};
use super::shapes::{CallMap, HALO, Pair};
use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// The font size the room kept for a mode label is measured at, and the padding
/// layout-rs adds around a label.
const LABEL_FONT: usize = 11;
const LABEL_PADDING: f32 = 10.0;
/// How many boxes, arrow bends and labels layout-rs is given at most with its crossing
/// reduction on, and at all: its placement takes seconds past a few thousand (a generated
/// 120-node call with arrows back and forth everywhere), where a written call of 30 nodes
/// has about a hundred. A call too large is drawn in rows of boxes with straight arrows.
const OPTIMIZE_UP_TO: usize = 1_200;
const LAYOUT_UP_TO: usize = 2_500;

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
        let mut modes: Vec<crate::engine::call::persona::Mode> = Vec::new();
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
