//! The map's geometry after layout-rs: Bézier routes as polylines, lanes for replies that
//! share a route, labels kept clear of boxes, straight arrows and rows for the fallback,
//! and the frame around everything.

use super::shapes::{HALO, LABEL_GAP, MARGIN, Pair, SAMPLES};
use super::{CallMap, LANE_GAP};
use layout::core::geometry::Point;

/// Where each pair's mode label goes: where layout-rs kept room for it, else the first
/// point along its line (from the middle outwards) where it covers no box and no label
/// placed before it.
pub(super) fn settle_labels(
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

/// The point `share` of the way along a polyline (the map's labels and the SVG's pick
/// counts are placed with it).
pub fn point_along(points: &[(f32, f32)], share: f32) -> (f32, f32) {
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

/// layout-rs's route as a polyline: `M p0 C c1 c2 p1 S c2 p2 S …`, where each `S` takes
/// its first control point as the mirror of the previous second one.
pub(super) fn polyline(path: &[(Point, Point)]) -> Vec<(f32, f32)> {
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
pub(super) fn lane_shift(lane: usize, lanes: usize) -> f32 {
    (lane as f32 - (lanes.max(1) - 1) as f32 / 2.0) * LANE_GAP
}

/// `line` moved `by` to its left (perpendicular to its direction at each point).
pub(super) fn offset(line: &[(f32, f32)], by: f32) -> Vec<(f32, f32)> {
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
pub(super) fn straight(map: &CallMap, from: usize, to: usize) -> Vec<(f32, f32)> {
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
pub(super) fn grid(map: &mut CallMap) {
    let per_row = 5;
    for (i, n) in map.nodes.iter_mut().enumerate() {
        n.x = (i % per_row) as f32 * (super::NODE_SIZE.0 + HALO.0 as f32) + super::NODE_SIZE.0 / 2.0;
        n.y = (i / per_row) as f32 * (super::NODE_SIZE.1 + HALO.1 as f32) + super::NODE_SIZE.1 / 2.0;
    }
}

/// Moves everything so the top-left of what is drawn sits at the margin, and sets the
/// map's size.
pub(super) fn frame(map: &mut CallMap) {
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
