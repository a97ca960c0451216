//! The map's legend, drawn above it: what each colour, dash, band and shape means, in the
//! chosen language. Items flow in rows and wrap at the map's width.

use super::svg::{self, BEST, FAINT, INK, LOST, METHOD, Options, family_class, family_color};
use crate::cli::report::html::esc;
use crate::engine::records::map::{MapNode, MapNodeKind, NodeFlags, text_units};
use crate::engine::{EndingKind, Family, Lang};
use crate::text::{self, strings};
use std::fmt::Write as _;

const ROW: f32 = 24.0;
const SAMPLE: f32 = 34.0;
/// Pixels per width unit of 12 px text (a CJK character is two units).
const UNIT: f32 = 6.4;
/// The narrowest legend: wrap at this width even on a narrow map.
const MIN_WIDTH: f32 = 960.0;

enum Sample {
    Heading,
    Arrow(Family),
    Dashed,
    Best,
    Method,
    Never,
    Start,
    Box(NodeFlags),
    Ending(EndingKind),
    Heat,
    Width,
    Lost,
}

/// The legend as SVG, its height and the width it needs, wrapped at `width` (at least
/// [`MIN_WIDTH`]).
pub(super) fn legend(width: f32, lang: Lang, opt: &Options) -> (String, f32, f32) {
    let t = strings(lang);
    let legend = |f| match f {
        Family::Stage1 => t.legend_stage1,
        Family::Stage2 => t.legend_stage2,
        Family::Service => t.legend_service,
        Family::Mistake => t.legend_mistake,
        Family::Neutral => t.legend_other,
    };
    let mut groups: Vec<Vec<(Sample, &str)>> = Vec::new();
    let mut replies = vec![(Sample::Heading, t.map_replies)];
    replies.extend(svg::FAMILIES.map(|f| (Sample::Arrow(f), legend(f))));
    replies.push((Sample::Dashed, t.map_by_mode));
    groups.push(replies);
    let mut marks = Vec::new();
    if opt.sim {
        marks.extend([(Sample::Best, t.map_best), (Sample::Method, t.map_method), (Sample::Never, t.map_never)]);
    }
    marks.push((Sample::Start, t.map_start));
    marks.push((Sample::Box(NodeFlags { unreachable: true, ..NodeFlags::default() }), t.map_unreachable));
    marks.push((Sample::Box(NodeFlags { no_way_out: true, ..NodeFlags::default() }), t.map_no_way_out));
    if opt.sim {
        marks.push((Sample::Box(NodeFlags { never_visited: true, ..NodeFlags::default() }), t.map_never_reached));
    }
    groups.push(marks);
    let mut endings = vec![(Sample::Heading, t.map_endings)];
    endings.extend(EndingKind::ALL.map(|k| (Sample::Ending(k), text::ending(k, lang))));
    groups.push(endings);
    if opt.heat.is_some() {
        groups.push(vec![
            (Sample::Heat, t.map_heat_reached),
            (Sample::Width, t.map_heat_picked),
            (Sample::Lost, t.map_heat_lost),
        ]);
    }

    let limit = width.max(MIN_WIDTH) - 16.0;
    let mut out = String::from("<g class=\"legend\">");
    let (mut x, mut y) = (16.0_f32, 18.0_f32);
    let mut widest = 0.0_f32;
    for group in &groups {
        for (sample, label) in group {
            let text_w = text_units(label) as f32 * UNIT;
            let w = match sample {
                Sample::Heading => text_w + 16.0,
                _ => SAMPLE + 6.0 + text_w + 20.0,
            };
            if x > 16.0 && x + w > limit {
                x = 16.0;
                y += ROW;
            }
            let text_x = match sample {
                Sample::Heading => x,
                _ => {
                    draw(&mut out, sample, x, y, opt.prefix);
                    x + SAMPLE + 6.0
                }
            };
            let weight = if matches!(sample, Sample::Heading) { " font-weight=\"bold\"" } else { "" };
            let _ = write!(
                out,
                "<text x=\"{text_x:.1}\" y=\"{:.1}\" font-size=\"12\"{weight}>{}</text>",
                y + 4.0,
                esc(label)
            );
            x += w;
            widest = widest.max(x);
        }
        x = 16.0;
        y += ROW;
    }
    out.push_str("</g>");
    (out, y + 4.0, widest + 16.0)
}

/// A sample of the mark, `SAMPLE` wide, centred on the row at `y`.
fn draw(out: &mut String, sample: &Sample, x: f32, y: f32, prefix: &str) {
    let line = |out: &mut String, color: &str, width: f32, extra: &str| {
        let _ = write!(
            out,
            "<path d=\"M{x:.1},{y:.1} L{:.1},{y:.1}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\"{extra}/>",
            x + SAMPLE
        );
    };
    let mini = |kind, flags| MapNode {
        id: String::new(),
        kind,
        x: x + SAMPLE / 2.0,
        y,
        w: SAMPLE,
        h: 16.0,
        snippet: String::new(),
        line: String::new(),
        index: None,
        ending: None,
        copy: 0,
        start: false,
        flags,
    };
    match sample {
        Sample::Heading => {}
        Sample::Arrow(f) => {
            line(out, family_color(*f), 2.0, &format!(" marker-end=\"url(#{prefix}ah-{})\"", family_class(*f)))
        }
        Sample::Dashed => line(out, INK, 1.6, " stroke-dasharray=\"7 4\""),
        Sample::Best => line(out, BEST, 11.0, " stroke-linecap=\"round\""),
        Sample::Method => line(out, METHOD, 5.0, " opacity=\"0.45\" stroke-linecap=\"round\""),
        Sample::Never => line(out, FAINT, 1.6, " stroke-dasharray=\"2 3\" opacity=\"0.6\""),
        Sample::Start => {
            let _ = write!(
                out,
                "<path d=\"M{:.1},{:.1} l10,7 l-10,7 z\" fill=\"{INK}\"/><rect x=\"{:.1}\" y=\"{:.1}\" width=\"20\" height=\"16\" rx=\"3\" fill=\"#FFFFFF\" stroke=\"{INK}\" stroke-width=\"2.6\"/>",
                x,
                y - 7.0,
                x + 13.0,
                y - 8.0
            );
        }
        Sample::Box(flags) => {
            let style = if flags.unreachable {
                "fill=\"#FBE3DA\" stroke=\"#7A2A0C\" stroke-width=\"2\" stroke-dasharray=\"6 3\""
            } else if flags.no_way_out {
                "fill=\"#FFF1D6\" stroke=\"#7A2A0C\" stroke-width=\"3.2\""
            } else {
                "fill=\"#F1F2F3\" stroke=\"#7C8792\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\""
            };
            super::node::shape(out, &mini(MapNodeKind::Node, *flags), style);
        }
        Sample::Ending(kind) => {
            let (fill, stroke) = svg::ending_colors(*kind);
            let node = mini(MapNodeKind::Ending(*kind), NodeFlags::default());
            let node = MapNode { h: 18.0, ..node };
            super::node::shape(out, &node, &format!("fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.6\""));
        }
        Sample::Heat => {
            for (i, color) in ["#FFFAE4", "#FDD682", "#F09646"].iter().enumerate() {
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"11\" height=\"16\" fill=\"{color}\" stroke=\"#4A5864\" stroke-width=\"0.6\"/>",
                    x + 11.0 * i as f32,
                    y - 8.0
                );
            }
        }
        Sample::Width => {
            for (dy, width) in [(-4.0, 1.2), (3.0, 6.0)] {
                let _ = write!(
                    out,
                    "<path d=\"M{x:.1},{:.1} L{:.1},{:.1}\" stroke=\"{INK}\" stroke-width=\"{width}\"/>",
                    y + dy,
                    x + SAMPLE,
                    y + dy
                );
            }
        }
        Sample::Lost => {
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" rx=\"5\" fill=\"#FFFFFF\" stroke=\"{LOST}\" stroke-width=\"3\"/>",
                x + 2.0,
                y - 8.0,
                SAMPLE - 4.0
            );
        }
    }
}
