//! Draws a [`CallMap`] as SVG: boxes for the caller's turns and shaped endings, arrows
//! coloured by the technique's family, the bots' paths over them, the graph's problems
//! marked, a legend from the text tables, and optionally the trainees' calls laid over it
//! (the report's map). Every box and arrow is a `<g>` with data attributes
//! (`data-node="open"`, `data-edge="open:2"`, the reply's number as on screen) and a
//! `<title>` that browsers show on hover.

use super::legend;
use crate::cli::report::html::esc;
use crate::engine::records::map::{CallMap, MapEdge};
use crate::engine::records::report::heat::MapHeat;
use crate::engine::{EndingKind, Family, Lang, Scenario};
use crate::text::{self, fill, strings};
use std::fmt::Write as _;

/// The Okabe-Ito colours of the game's theme, by technique family.
pub(super) const STAGE1: &str = "#56B4E9";
pub(super) const STAGE2: &str = "#009E73";
pub(super) const SERVICE: &str = "#CC79A7";
pub(super) const MISTAKE: &str = "#D55E00";
pub(super) const OTHER: &str = "#8C959D";
/// The bots' paths: a yellow highlighter under the best path, a blue band under the
/// method bot's.
pub(super) const BEST: &str = "#F0E442";
pub(super) const METHOD: &str = "#0072B2";
pub(super) const INK: &str = "#1E2A33";
pub(super) const FAINT: &str = "#7C8792";
pub(super) const LOST: &str = "#C0392B";

pub(super) const FAMILIES: [Family; 5] =
    [Family::Stage1, Family::Stage2, Family::Service, Family::Mistake, Family::Neutral];

pub(super) fn family_color(f: Family) -> &'static str {
    match f {
        Family::Stage1 => STAGE1,
        Family::Stage2 => STAGE2,
        Family::Service => SERVICE,
        Family::Mistake => MISTAKE,
        Family::Neutral => OTHER,
    }
}

pub(super) fn family_class(f: Family) -> &'static str {
    match f {
        Family::Stage1 => "stage1",
        Family::Stage2 => "stage2",
        Family::Service => "service",
        Family::Mistake => "mistake",
        Family::Neutral => "other",
    }
}

/// How an ending of each kind is filled and outlined.
pub(super) fn ending_colors(kind: EndingKind) -> (&'static str, &'static str) {
    match kind {
        EndingKind::Resolved => ("#E3F4EA", "#2E8B57"),
        EndingKind::Escalated => ("#FBE3DA", "#C0392B"),
        EndingKind::HungUp => ("#ECEEF0", "#7C8792"),
        EndingKind::AgentEnded => ("#E9E7F3", "#5A5A8C"),
    }
}

/// What to draw besides the graph.
pub struct Options<'a> {
    /// Prefixes the SVG's own ids (arrowheads), so several maps share a page.
    pub prefix: &'a str,
    /// The graph was laid out with a simulate report: show the bots' paths in the legend.
    pub sim: bool,
    /// The trainees' calls, laid over the map.
    pub heat: Option<&'a MapHeat>,
    /// Draw the legend above the map (a page draws it apart with [`legend`], so that it
    /// stays in view while the map scrolls).
    pub legend: bool,
}

const FONT: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans\", \"Segoe UI\", Roboto, Helvetica, Arial, \"Calmline Sans\", sans-serif";

/// The map as one SVG element.
pub fn svg(map: &CallMap, scenario: &Scenario, lang: Lang, opt: &Options) -> String {
    let (legend, legend_h, legend_w) =
        if opt.legend { legend::legend(map.width, lang, opt) } else { (String::new(), 0.0, 0.0) };
    let width = map.width.max(legend_w).ceil();
    let height = (map.height + legend_h).ceil();
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"call-map\" data-call=\"{}\" data-lang=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title>",
        esc(&scenario.id),
        scenario.lang.id(),
        esc(&fill(strings(lang).map_title, &[&scenario.title]))
    );
    let _ = write!(
        out,
        "<style>.call-map text {{ font-family: {FONT}; fill: {INK}; }} .call-map .edge:hover .line {{ stroke-width: 4; }} .call-map .node:hover .shape {{ stroke-width: 3; }} .call-map .hit {{ stroke: transparent; fill: none; stroke-width: 10; pointer-events: stroke; }}</style>"
    );
    defs(&mut out, opt.prefix);
    out.push_str("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>");
    out.push_str(&legend);
    let _ = write!(out, "<g class=\"graph\" transform=\"translate(0 {legend_h})\">");
    let max_picks = opt.heat.map_or(0, MapHeat::max_picks);
    // Under everything: the bots' paths.
    for e in map.edges.iter().filter(|e| e.best) {
        let _ = write!(
            out,
            "<path class=\"best-path\" d=\"{}\" fill=\"none\" stroke=\"{BEST}\" stroke-width=\"11\" stroke-linecap=\"round\" stroke-linejoin=\"round\" opacity=\"0.9\"/>",
            path_d(&e.points)
        );
    }
    for e in map.edges.iter().filter(|e| e.method) {
        let _ = write!(
            out,
            "<path class=\"method-path\" d=\"{}\" fill=\"none\" stroke=\"{METHOD}\" stroke-width=\"5\" stroke-linecap=\"round\" stroke-linejoin=\"round\" opacity=\"0.45\"/>",
            path_d(&e.points)
        );
    }
    for (k, e) in map.edges.iter().enumerate() {
        edge(&mut out, map, scenario, lang, opt, k, e, max_picks);
    }
    for (k, n) in map.nodes.iter().enumerate() {
        super::node::node(&mut out, lang, opt, k, n);
    }
    labels(&mut out, map, lang, opt);
    out.push_str("</g></svg>");
    out
}

/// The legend alone, as an SVG element wrapped at `width` pixels.
pub fn legend(width: f32, lang: Lang, opt: &Options) -> String {
    let (body, height, needed) = legend::legend(width, lang, opt);
    let w = needed.min(width.max(needed)).ceil();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"call-map-legend\" width=\"{w}\" height=\"{:.0}\" viewBox=\"0 0 {w} {:.0}\"><style>.call-map-legend text {{ font-family: {FONT}; fill: {INK}; }}</style>",
        height.ceil(),
        height.ceil()
    );
    defs(&mut out, opt.prefix);
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

fn defs(out: &mut String, prefix: &str) {
    out.push_str("<defs>");
    for f in FAMILIES {
        let _ = write!(
            out,
            "<marker id=\"{prefix}ah-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\" markerUnits=\"userSpaceOnUse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            family_class(f),
            family_color(f)
        );
    }
    out.push_str("</defs>");
}

pub(super) fn path_d(points: &[(f32, f32)]) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x, y);
    }
    d
}

#[allow(clippy::too_many_arguments)]
fn edge(
    out: &mut String,
    map: &CallMap,
    s: &Scenario,
    lang: Lang,
    opt: &Options,
    k: usize,
    e: &MapEdge,
    max_picks: usize,
) {
    let t = strings(lang);
    let (from, to) = (&map.nodes[e.from], &map.nodes[e.to]);
    let reply = &s.nodes[e.node].replies[e.reply];
    let mut title = fill(
        t.map_reply_title,
        &[&from.id, &to.id, &(e.reply + 1), &reply.text, &text::technique(reply.technique, lang)],
    );
    if !e.modes.is_empty() {
        let modes: Vec<&str> = e.modes.iter().map(|m| text::mode(*m, lang)).collect();
        title.push_str(t.report_comma);
        title.push_str(&fill(t.map_if_mode, &[&modes.join("/")]));
    }
    let picks = opt.heat.and_then(|h| h.edges.get(k)).copied();
    let mut classes = vec!["edge", family_class(e.family)];
    if e.mode.is_some() {
        classes.push("by-mode");
    }
    if e.best {
        classes.push("best");
    }
    if e.method {
        classes.push("method");
    }
    let faded = match picks {
        Some(p) => p == 0,
        None => e.never_visited,
    };
    if e.never_visited {
        classes.push("never");
        title.push_str(" · ");
        title.push_str(t.map_never);
    }
    if let Some(p) = picks {
        title.push_str(" · ");
        title.push_str(&fill(t.map_heat_picks, &[&p]));
    }
    let width = match picks {
        Some(p) if max_picks > 0 => 1.2 + 6.0 * p as f32 / max_picks as f32,
        _ => 1.6,
    };
    let dash = if e.mode.is_some() {
        " stroke-dasharray=\"7 4\""
    } else if faded && opt.heat.is_none() {
        " stroke-dasharray=\"2 3\""
    } else {
        ""
    };
    let modes: Vec<&str> = e.modes.iter().map(|m| m.id()).collect();
    let d = path_d(&e.points);
    let _ = write!(
        out,
        "<g class=\"{}\" data-edge=\"{}:{}\" data-from=\"{}\" data-to=\"{}\" data-technique=\"{}\" data-modes=\"{}\"{}><title>{}</title><path class=\"hit\" d=\"{d}\"/><path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width:.1}\"{dash} opacity=\"{}\" marker-end=\"url(#{}ah-{})\"/></g>",
        classes.join(" "),
        esc(&from.id),
        e.reply + 1,
        esc(&from.id),
        esc(&to.id),
        reply.technique.id(),
        modes.join(" "),
        picks.map_or(String::new(), |p| format!(" data-picks=\"{p}\"")),
        esc(&title),
        family_color(e.family),
        if faded { "0.35" } else { "0.95" },
        opt.prefix,
        family_class(e.family)
    );
}

/// The mode labels of next-by-mode arrows, and the pick counts of the report's map: one
/// label per pair of boxes, where the layout kept room for it.
fn labels(out: &mut String, map: &CallMap, lang: Lang, opt: &Options) {
    let mut done: Vec<(usize, usize)> = Vec::new();
    for e in &map.edges {
        if done.contains(&(e.from, e.to)) {
            continue;
        }
        let pair: Vec<(usize, &MapEdge)> =
            map.edges.iter().enumerate().filter(|(_, x)| x.from == e.from && x.to == e.to).collect();
        done.push((e.from, e.to));
        let mut modes: Vec<crate::engine::Mode> = Vec::new();
        for (_, x) in &pair {
            for m in &x.modes {
                if !modes.contains(m) {
                    modes.push(*m);
                }
            }
        }
        if let Some((x, y)) = e.label.filter(|_| !modes.is_empty()) {
            modes.sort_by_key(|m| crate::engine::Mode::ALL.iter().position(|a| a == m));
            let words: Vec<&str> = modes.iter().map(|m| text::mode(*m, lang)).collect();
            halo_text(out, x, y + 4.0, "mode-label", &words.join("/"), 11.0, "middle");
        }
        if let Some(h) = opt.heat {
            let counts: Vec<String> =
                pair.iter().map(|(k, _)| h.edges.get(*k).copied().unwrap_or(0).to_string()).collect();
            if pair.iter().any(|(k, _)| h.edges.get(*k).copied().unwrap_or(0) > 0) {
                // Beside the arrow, at the first place along it that covers no box.
                let words = counts.join("·");
                let w = crate::engine::records::map::text_units(&words) as f32 * 6.2;
                let clear = |&(x, y): &(f32, f32)| {
                    !map.nodes.iter().any(|n| {
                        x + 6.0 < n.x + n.w / 2.0 + 2.0
                            && x + 6.0 + w > n.x - n.w / 2.0 - 2.0
                            && y - 8.0 < n.y + n.h / 2.0 + 2.0
                            && y + 6.0 > n.y - n.h / 2.0 - 2.0
                    })
                };
                let spots: Vec<(f32, f32)> = [0.62, 0.5, 0.75, 0.4, 0.3, 0.85]
                    .iter()
                    .map(|&f| crate::engine::records::map::point_along(&e.points, f))
                    .collect();
                let (x, y) = spots.iter().copied().find(clear).unwrap_or(spots[0]);
                halo_text(out, x + 6.0, y + 4.0, "picks-label", &words, 11.0, "start");
            }
        }
    }
}

pub(super) fn halo_text(out: &mut String, x: f32, y: f32, class: &str, s: &str, size: f32, anchor: &str) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" stroke=\"#FFFFFF\" stroke-width=\"3.5\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        esc(s)
    );
}
