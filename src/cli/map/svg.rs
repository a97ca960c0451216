//! Draws a [`CallMap`] as SVG: boxes for the caller's turns and shaped endings, arrows
//! coloured by the technique's family, the bots' paths over them, the graph's problems
//! marked, a legend from the text tables, and optionally the trainees' calls laid over it
//! (the report's map). Every box and arrow is a `<g>` with data attributes
//! (`data-node="open"`, `data-edge="open:2"`, the reply's number as on screen) and a
//! `<title>` that browsers show on hover.

use super::legend;
use crate::cli::report::html::esc;
use crate::engine::map::{CallMap, MapEdge, MapNode, MapNodeKind};
use crate::engine::report::heat::MapHeat;
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
        node(&mut out, lang, opt, k, n);
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
                let (x, y) = along(&e.points, 0.62);
                halo_text(out, x + 6.0, y + 4.0, "picks-label", &counts.join("·"), 11.0, "start");
            }
        }
    }
}

/// The point `share` of the way along a polyline.
fn along(points: &[(f32, f32)], share: f32) -> (f32, f32) {
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

pub(super) fn halo_text(out: &mut String, x: f32, y: f32, class: &str, s: &str, size: f32, anchor: &str) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" stroke=\"#FFFFFF\" stroke-width=\"3.5\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        esc(s)
    );
}

/// The heat colour of a box reached by `share` of the calls: pale yellow to orange.
fn heat_fill(share: f32) -> String {
    let stops = [(255.0, 250.0, 228.0), (253.0, 214.0, 130.0), (240.0, 150.0, 70.0)];
    let t = share.clamp(0.0, 1.0) * 2.0;
    let (a, b, f) = if t <= 1.0 { (stops[0], stops[1], t) } else { (stops[1], stops[2], t - 1.0) };
    let mix = |x: f32, y: f32| (x + (y - x) * f).round() as u8;
    format!("#{:02X}{:02X}{:02X}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn node(out: &mut String, lang: Lang, opt: &Options, k: usize, n: &MapNode) {
    let t = strings(lang);
    let (left, top) = (n.x - n.w / 2.0, n.y - n.h / 2.0);
    let f = n.flags;
    let mut classes = vec!["node"];
    let mut notes: Vec<&str> = Vec::new();
    let kind = match n.kind {
        MapNodeKind::Node => "node",
        MapNodeKind::Ending(k) => k.id(),
    };
    if n.start {
        classes.push("start");
        notes.push(t.map_start);
    }
    for (on, class, words) in [
        (f.unreachable, "unreachable", t.map_unreachable),
        (f.no_way_out, "no-way-out", t.map_no_way_out),
        (f.never_visited, "never", t.map_never_reached),
        (f.best, "best", t.map_best),
        (f.method, "method", t.map_method),
    ] {
        if on {
            classes.push(class);
            notes.push(words);
        }
    }
    let name = match n.kind {
        MapNodeKind::Node => n.id.clone(),
        MapNodeKind::Ending(k) => format!("{} · {}", n.id, text::ending(k, lang)),
    };
    let mut title = fill(t.pair, &[&name, &n.line]);
    if !notes.is_empty() {
        title.push_str(" · ");
        title.push_str(&notes.join(t.report_comma));
    }
    let heat = opt.heat.and_then(|h| h.nodes.get(k).map(|x| (h, x)));
    if let Some((h, x)) = heat {
        title.push_str(" · ");
        title.push_str(&fill(t.map_heat_node, &[&x.calls, &h.calls, &x.trainees]));
        if x.lost.total() > 0 {
            title.push_str(" · ");
            title.push_str(&fill(t.map_heat_lost_here, &[&x.lost.escalated, &x.lost.hung_up]));
        }
    }
    let _ = write!(
        out,
        "<g class=\"{}\" data-node=\"{}\" data-kind=\"{kind}\"{}{}><title>{}</title>",
        classes.join(" "),
        esc(&n.id),
        if n.copy > 0 { format!(" data-copy=\"{}\"", n.copy) } else { String::new() },
        heat.map_or(String::new(), |(_, x)| format!(" data-calls=\"{}\" data-lost=\"{}\"", x.calls, x.lost.total())),
        esc(&title)
    );
    // The bots' paths through the box: a highlighter and a band around it.
    if f.best {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"10\" fill=\"{BEST}\"/>",
            left - 6.0,
            top - 6.0,
            n.w + 12.0,
            n.h + 12.0
        );
    }
    if f.method {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"none\" stroke=\"{METHOD}\" stroke-width=\"3\" opacity=\"0.6\"/>",
            left - 3.0,
            top - 3.0,
            n.w + 6.0,
            n.h + 6.0
        );
    }
    let (mut fill_color, mut stroke, mut width, mut dash) = match n.kind {
        MapNodeKind::Node => ("#FFFFFF".to_string(), "#4A5864", 1.2, ""),
        MapNodeKind::Ending(kind) => {
            let (fc, sc) = ending_colors(kind);
            (fc.to_string(), sc, 1.6, "")
        }
    };
    if n.start {
        width = 2.6;
        stroke = INK;
    }
    if f.never_visited && opt.heat.is_none() {
        fill_color = "#F1F2F3".into();
        dash = " stroke-dasharray=\"2 3\"";
        stroke = FAINT;
    }
    if let Some((h, x)) = heat
        && (n.kind == MapNodeKind::Node || x.calls > 0)
    {
        fill_color = heat_fill(if h.calls == 0 { 0.0 } else { x.calls as f32 / h.calls as f32 });
    }
    if f.no_way_out {
        fill_color = "#FFF1D6".into();
        stroke = "#7A2A0C";
        width = 3.2;
        dash = "";
    }
    if f.unreachable {
        fill_color = "#FBE3DA".into();
        stroke = "#7A2A0C";
        width = 2.0;
        dash = " stroke-dasharray=\"6 3\"";
    }
    let style = format!("fill=\"{fill_color}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}");
    shape(out, n, &style);
    if let Some((_, x)) = heat.filter(|(_, x)| x.lost.total() > 0) {
        // A red ring, and the count lost here in a badge at the top right.
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"9\" fill=\"none\" stroke=\"{LOST}\" stroke-width=\"3\"/>",
            left - 4.0,
            top - 4.0,
            n.w + 8.0,
            n.h + 8.0
        );
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"10\" fill=\"{LOST}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" style=\"fill:#FFFFFF\">{}</text>",
            left + n.w,
            top,
            left + n.w,
            top + 4.0,
            x.lost.total()
        );
    }
    if n.start {
        let _ = write!(out, "<path d=\"M{:.1},{:.1} l10,7 l-10,7 z\" fill=\"{INK}\"/>", left - 14.0, n.y - 7.0);
    }
    // The id, then the caller's first words on up to two lines.
    let ink = if f.never_visited && opt.heat.is_none() { FAINT } else { INK };
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" style=\"fill:{ink}\">{}</text>",
        n.x,
        top + 17.0,
        esc(&n.id)
    );
    // An ending's pointed or cut corners leave less room on each line.
    let units = match n.kind {
        MapNodeKind::Node => crate::engine::map::SNIPPET_UNITS / 2,
        MapNodeKind::Ending(_) => crate::engine::map::SNIPPET_UNITS / 2 - 4,
    };
    for (i, line) in wrap(&n.snippet, units, 2).iter().enumerate() {
        let _ = write!(
            out,
            "<text class=\"snippet\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" style=\"fill:{ink}\">{}</text>",
            n.x,
            top + 33.0 + 14.0 * i as f32,
            esc(line)
        );
    }
    out.push_str("</g>");
}

/// The box's outline: a rectangle for a caller's turn, and by kind for an ending: rounded
/// (resolved), an octagon (escalated), square corners (hung up), a hexagon (ended by the
/// agent).
pub(super) fn shape(out: &mut String, n: &MapNode, style: &str) {
    let (l, t, r, b) = (n.x - n.w / 2.0, n.y - n.h / 2.0, n.x + n.w / 2.0, n.y + n.h / 2.0);
    let poly = |out: &mut String, pts: &[(f32, f32)]| {
        let p: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(out, "<polygon class=\"shape\" points=\"{}\" {style}/>", p.join(" "));
    };
    match n.kind {
        MapNodeKind::Node => {
            let _ = write!(
                out,
                "<rect class=\"shape\" x=\"{l:.1}\" y=\"{t:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"5\" {style}/>",
                n.w, n.h
            );
        }
        MapNodeKind::Ending(EndingKind::Resolved) => {
            let _ = write!(
                out,
                "<rect class=\"shape\" x=\"{l:.1}\" y=\"{t:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{:.1}\" {style}/>",
                n.w,
                n.h,
                n.h / 2.0
            );
        }
        MapNodeKind::Ending(EndingKind::HungUp) => {
            let _ = write!(
                out,
                "<rect class=\"shape\" x=\"{l:.1}\" y=\"{t:.1}\" width=\"{:.1}\" height=\"{:.1}\" {style}/>",
                n.w, n.h
            );
        }
        MapNodeKind::Ending(EndingKind::Escalated) => {
            let c = (n.h * 0.25).min(14.0);
            poly(
                out,
                &[(l + c, t), (r - c, t), (r, t + c), (r, b - c), (r - c, b), (l + c, b), (l, b - c), (l, t + c)],
            );
        }
        MapNodeKind::Ending(EndingKind::AgentEnded) => {
            let c = (n.h * 0.32).min(18.0);
            poly(out, &[(l, n.y), (l + c, t), (r - c, t), (r, n.y), (r - c, b), (l + c, b)]);
        }
    }
}

/// `text` on at most `lines` lines of `units` width units: at spaces where it has them,
/// else between characters; "…" when it does not fit.
pub(super) fn wrap(text: &str, units: usize, lines: usize) -> Vec<String> {
    use crate::engine::map::{char_units, text_units};
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        // The next piece: a word with its space, or one wide character.
        let first = rest.chars().next().unwrap_or(' ');
        let piece_len = if char_units(first) == 2 {
            first.len_utf8()
        } else {
            rest.char_indices()
                .find(|(_, c)| *c == ' ' || char_units(*c) == 2)
                .map_or(rest.len(), |(i, c)| if c == ' ' { i + 1 } else { i.max(1) })
        };
        let piece = &rest[..piece_len];
        // Chinese punctuation that closes something never starts a line: it stays on the
        // line before, a little past the width.
        let closing = "\u{FF0C}\u{3002}\u{3001}\u{FF1B}\u{FF1A}\u{FF1F}\u{FF01}\u{FF09}\u{300D}\u{300F}\u{201D}\u{2019}\u{300B}\u{3009}\u{3011}\u{2026}";
        let keep_with_line = !line.is_empty() && closing.contains(first);
        if !keep_with_line && !line.is_empty() && text_units(line.trim_end()) + text_units(piece.trim_end()) > units {
            out.push(line.trim_end().to_string());
            line = String::new();
            if out.len() == lines {
                break;
            }
        }
        if line.is_empty() && text_units(piece.trim_end()) > units {
            // A word longer than a line: cut it.
            let mut cut = String::new();
            for c in piece.chars() {
                if text_units(&cut) + char_units(c) > units.saturating_sub(1) {
                    break;
                }
                cut.push(c);
            }
            out.push(format!("{cut}…"));
            line.clear();
            rest = &rest[piece_len..];
            if out.len() == lines {
                break;
            }
            continue;
        }
        line.push_str(piece);
        rest = &rest[piece_len..];
    }
    if out.len() < lines && !line.trim().is_empty() {
        out.push(line.trim_end().to_string());
    } else if !rest.trim().is_empty()
        && let Some(last) = out.last_mut()
        && !last.ends_with('…')
    {
        while text_units(last) + 1 > units && last.pop().is_some() {}
        last.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_words_or_characters() {
        assert_eq!(wrap("one two three", 8, 2), ["one two", "three"]);
        assert_eq!(wrap("one two three four five", 8, 2), ["one two", "three…"]);
        assert_eq!(wrap("你们又扣了我两次钱", 8, 2), ["你们又扣", "了我两…"]);
        assert_eq!(wrap("short", 8, 2), ["short"]);
        // A comma never starts a line.
        assert_eq!(
            wrap("\u{884c}\u{884c}\u{884c}\u{884c}\u{ff0c}\u{6211}", 8, 2),
            ["\u{884c}\u{884c}\u{884c}\u{884c}\u{ff0c}", "\u{6211}"]
        );
        assert_eq!(heat_fill(0.0), "#FFFAE4");
        assert_eq!(heat_fill(1.0), "#F09646");
    }
}
