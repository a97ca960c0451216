//! A box of the map: its outline by kind (a caller's turn, or an ending's shape), its marks
//! (start, problems, the bots' paths, the trainees' heat), and its id and first words.

use super::svg::{BEST, FAINT, INK, LOST, METHOD, Options, ending_colors};
use crate::cli::report::html::esc;
use crate::engine::records::map::{MapNode, MapNodeKind};
use crate::engine::{EndingKind, Lang};
use crate::text::{self, fill, strings};
use std::fmt::Write as _;

/// The heat colour of a box reached by `share` of the calls: pale yellow to orange.
fn heat_fill(share: f32) -> String {
    let stops = [(255.0, 250.0, 228.0), (253.0, 214.0, 130.0), (240.0, 150.0, 70.0)];
    let t = share.clamp(0.0, 1.0) * 2.0;
    let (a, b, f) = if t <= 1.0 { (stops[0], stops[1], t) } else { (stops[1], stops[2], t - 1.0) };
    let mix = |x: f32, y: f32| (x + (y - x) * f).round() as u8;
    format!("#{:02X}{:02X}{:02X}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

pub(super) fn node(out: &mut String, lang: Lang, opt: &Options, k: usize, n: &MapNode) {
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
        MapNodeKind::Node => crate::engine::records::map::SNIPPET_UNITS / 2,
        MapNodeKind::Ending(_) => crate::engine::records::map::SNIPPET_UNITS / 2 - 4,
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
    use crate::engine::records::map::{char_units, text_units};
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
