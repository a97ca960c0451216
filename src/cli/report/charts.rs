//! The report's charts, drawn with plotters into SVG strings that the page inlines.
//! Text in the charts uses the page's font stack (the page's style sheet overrides the
//! generic family plotters writes), so Chinese labels render wherever the page does.

use super::one_line;
use crate::engine::call::persona::EndingKind;
use crate::engine::records::report::{Attempt, NodeReport, ScenarioReport, TraineeReport};
use crate::text::Strings;
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use std::error::Error;

const INK: RGBColor = RGBColor(31, 41, 51);
const MUTED: RGBColor = RGBColor(95, 107, 122);
const GRID: RGBColor = RGBColor(227, 232, 238);
const ACCENT: RGBColor = RGBColor(47, 111, 143);
const GOOD: RGBColor = RGBColor(46, 139, 87);
const WARN: RGBColor = RGBColor(217, 140, 31);
const BAD: RGBColor = RGBColor(192, 57, 43);
/// Calls the agent ended: neither a success nor a caller lost until the score says so.
const ENDED: RGBColor = RGBColor(110, 110, 120);
const FONT: &str = "sans-serif";

type Drawn = Result<(), Box<dyn Error>>;

pub fn outcome_color(kind: EndingKind) -> RGBColor {
    match kind {
        EndingKind::Resolved => GOOD,
        EndingKind::Escalated => WARN,
        EndingKind::HungUp => BAD,
        EndingKind::AgentEnded => ENDED,
    }
}

/// Draws into a fresh SVG of `size` pixels; `None` if plotters reports a failure.
fn svg(size: (u32, u32), draw: impl for<'a> FnOnce(&DrawingArea<SVGBackend<'a>, Shift>) -> Drawn) -> Option<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).ok()?;
        draw(&root).ok()?;
        root.present().ok()?;
    }
    Some(buf)
}

/// How a legend entry is marked.
#[derive(Clone, Copy)]
enum Mark {
    Bar,
    Dot,
}

/// Rough width of `s` in pixels at 13 px: enough to space legend entries.
fn text_width(s: &str) -> i32 {
    s.chars().map(|c| if c.is_ascii() { 7 } else { 13 }).sum()
}

/// A legend drawn along a strip above the plot, entries side by side.
fn legend(area: &DrawingArea<SVGBackend<'_>, Shift>, left: i32, items: &[(&str, RGBColor, Mark)]) -> Drawn {
    let y = area.dim_in_pixel().1 as i32 / 2;
    let mut x = left;
    for &(label, color, mark) in items {
        match mark {
            Mark::Bar => area.draw(&Rectangle::new([(x, y - 6), (x + 12, y + 6)], color.mix(0.85).filled()))?,
            Mark::Dot => area.draw(&Circle::new((x + 6, y), 5, color.filled()))?,
        }
        area.draw(&Text::new(label.to_string(), (x + 18, y - 8), (FONT, 13).into_font().color(&INK)))?;
        x += 18 + text_width(label) + 24;
    }
    Ok(())
}

fn outcome_items(w: &Strings, mark: Mark) -> [(&str, RGBColor, Mark); 4] {
    [
        (w.report_resolved, GOOD, mark),
        (w.report_escalated, WARN, mark),
        (w.report_hung_up, BAD, mark),
        (w.report_agent_ended, ENDED, mark),
    ]
}

/// `n` bands for a segmented axis (the range's end is included).
fn bands(n: usize) -> std::ops::Range<i32> {
    0..(n.max(1) as i32 - 1)
}

fn label(i: &SegmentValue<i32>, names: &[String]) -> String {
    match i {
        SegmentValue::CenterOf(i) => names.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// Mean score as a bar and best score as a dot, per trainee.
pub fn trainees(list: &[TraineeReport], w: &Strings) -> Option<String> {
    let shown: Vec<&TraineeReport> = list.iter().filter(|t| t.mean.is_some()).collect();
    if shown.is_empty() {
        return None;
    }
    let names: Vec<String> = shown.iter().map(|t| one_line(&t.name, 14)).collect();
    let width = (200 + 110 * shown.len() as u32).clamp(560, 1040);
    svg((width, 320), |root| {
        let (top, body) = root.split_vertically(34);
        legend(&top, 66, &[(w.report_mean, ACCENT, Mark::Bar), (w.report_best, INK, Mark::Dot)])?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(34)
            .y_label_area_size(48)
            .build_cartesian_2d(bands(shown.len()).into_segmented(), 0f64..100f64)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style((FONT, 13).into_font().color(&INK))
            .x_labels(shown.len())
            .x_label_formatter(&|i| label(i, &names))
            .y_labels(6)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc(w.report_score)
            .axis_desc_style((FONT, 13).into_font().color(&MUTED))
            .draw()?;
        chart.draw_series(shown.iter().enumerate().map(|(i, t)| {
            let i = i as i32;
            let mut bar = Rectangle::new(
                [(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), t.mean.unwrap_or(0.0) as f64)],
                ACCENT.mix(0.85).filled(),
            );
            bar.set_margin(0, 0, 18, 18);
            bar
        }))?;
        chart.draw_series(shown.iter().enumerate().map(|(i, t)| {
            Circle::new((SegmentValue::CenterOf(i as i32), t.best.unwrap_or(0) as f64), 6, INK.filled())
        }))?;
        Ok(())
    })
}

/// Per call, the share of sessions resolved, escalated and hung up, as stacked bars.
pub fn outcomes(list: &[ScenarioReport], w: &Strings) -> Option<String> {
    let shown: Vec<&ScenarioReport> = list.iter().filter(|s| s.sessions > 0).collect();
    if shown.is_empty() {
        return None;
    }
    let names: Vec<String> =
        shown.iter().map(|s| format!("{} ({})", one_line(&s.title, 22), s.key.lang.id())).collect();
    svg((1040, 104 + 46 * shown.len() as u32), |root| {
        let (top, body) = root.split_vertically(34);
        legend(&top, 264, &outcome_items(w, Mark::Bar))?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(30)
            .y_label_area_size(250)
            .build_cartesian_2d(0f64..100f64, bands(shown.len()).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style((FONT, 13).into_font().color(&INK))
            .y_labels(shown.len())
            .y_label_formatter(&|i| label(i, &names))
            .x_labels(11)
            .x_label_formatter(&|x| format!("{x:.0}%"))
            .draw()?;
        for kind in EndingKind::ALL {
            let color = outcome_color(kind);
            chart.draw_series(shown.iter().enumerate().map(move |(i, s)| {
                let o = &s.outcomes;
                let total = s.sessions.max(1) as f64;
                let pct = |v: usize| v as f64 * 100.0 / total;
                let (from, to) = match kind {
                    EndingKind::Resolved => (0.0, pct(o.resolved)),
                    EndingKind::Escalated => (pct(o.resolved), pct(o.resolved + o.escalated)),
                    EndingKind::HungUp => (pct(o.resolved + o.escalated), pct(o.resolved + o.escalated + o.hung_up)),
                    EndingKind::AgentEnded => (
                        pct(o.resolved + o.escalated + o.hung_up),
                        pct(o.resolved + o.escalated + o.hung_up + o.agent_ended),
                    ),
                };
                let i = i as i32;
                let mut bar = Rectangle::new(
                    [(from, SegmentValue::Exact(i)), (to, SegmentValue::Exact(i + 1))],
                    color.mix(0.85).filled(),
                );
                bar.set_margin(8, 8, 0, 0);
                bar
            }))?;
        }
        Ok(())
    })
}

/// A trainee's scores in time order, each dot coloured by how the call ended, with the
/// pass line at 65.
pub fn progress(attempts: &[Attempt], w: &Strings) -> Option<String> {
    if attempts.is_empty() {
        return None;
    }
    let n = attempts.len();
    let width = (300 + 60 * n as u32).clamp(560, 1000);
    svg((width, 290), |root| {
        let (top, body) = root.split_vertically(34);
        legend(&top, 66, &outcome_items(w, Mark::Dot))?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(0.5f64..n as f64 + 0.5, 0f64..100f64)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style((FONT, 13).into_font().color(&INK))
            .x_labels(n.min(12) + 1)
            .x_label_formatter(&|x| if x.fract().abs() < 1e-9 && *x >= 1.0 { format!("{x:.0}") } else { String::new() })
            .y_labels(6)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc(w.report_progress_axis_x)
            .y_desc(w.report_score)
            .axis_desc_style((FONT, 13).into_font().color(&MUTED))
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            vec![(0.5, 65.0), (n as f64 + 0.5, 65.0)],
            6,
            4,
            MUTED.mix(0.7).stroke_width(1),
        ))?;
        chart.draw_series(LineSeries::new(
            attempts.iter().enumerate().map(|(i, a)| (i as f64 + 1.0, a.score as f64)),
            ACCENT.stroke_width(2),
        ))?;
        chart.draw_series(
            attempts
                .iter()
                .enumerate()
                .map(|(i, a)| Circle::new((i as f64 + 1.0, a.score as f64), 6, outcome_color(a.outcome).filled())),
        )?;
        Ok(())
    })
}

/// Sessions per score band: 0–9, 10–19, …, 90–100.
pub fn histogram(bins: &[usize; 10], w: &Strings) -> Option<String> {
    let top = bins.iter().copied().max().unwrap_or(0);
    if top == 0 {
        return None;
    }
    let y_max = top as u32 + 1;
    svg((500, 290), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(14)
            .margin_top(38)
            .x_label_area_size(44)
            .y_label_area_size(44)
            .build_cartesian_2d((0u32..9u32).into_segmented(), 0u32..y_max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style((FONT, 12).into_font().color(&INK))
            .x_labels(10)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(9) => "90+".to_string(),
                SegmentValue::CenterOf(b) => format!("{}", b * 10),
                _ => String::new(),
            })
            .y_labels((y_max as usize + 1).min(8))
            .y_label_formatter(&|v| format!("{v}"))
            .x_desc(w.report_score)
            .y_desc(w.report_count)
            .axis_desc_style((FONT, 13).into_font().color(&MUTED))
            .draw()?;
        chart.draw_series(
            Histogram::vertical(&chart)
                .style(ACCENT.mix(0.85).filled())
                .margin(4)
                .data(bins.iter().enumerate().map(|(b, &c)| (b as u32, c as u32))),
        )?;
        Ok(())
    })
}

/// Calls lost at each node (escalated and hung up, stacked), the worst first.
pub fn losses(nodes: &[NodeReport], w: &Strings) -> Option<String> {
    let mut shown: Vec<&NodeReport> = nodes.iter().filter(|n| n.lost.total() > 0).collect();
    if shown.is_empty() {
        return None;
    }
    shown.sort_by_key(|n| std::cmp::Reverse(n.lost.total()));
    shown.truncate(10);
    // plotters counts segments from the bottom: the worst node goes on top.
    shown.reverse();
    let names: Vec<String> = shown.iter().map(|n| one_line(&n.id, 18)).collect();
    let x_max = shown.iter().map(|n| n.lost.total()).max().unwrap_or(1) as u32 + 1;
    svg((500, 130 + 40 * shown.len() as u32), |root| {
        let (top, body) = root.split_vertically(34);
        legend(&top, 154, &[(w.report_escalated, WARN, Mark::Bar), (w.report_hung_up, BAD, Mark::Bar)])?;
        let mut chart = ChartBuilder::on(&body)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(140)
            .build_cartesian_2d(0u32..x_max, bands(shown.len()).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style((FONT, 12).into_font().color(&INK))
            .y_labels(shown.len())
            .y_label_formatter(&|i| label(i, &names))
            .x_labels((x_max as usize + 1).min(8))
            .x_label_formatter(&|v| format!("{v}"))
            .x_desc(w.report_count)
            .axis_desc_style((FONT, 13).into_font().color(&MUTED))
            .draw()?;
        for kind in [EndingKind::Escalated, EndingKind::HungUp] {
            let color = outcome_color(kind);
            chart.draw_series(shown.iter().enumerate().map(move |(i, node)| {
                let (from, to) = match kind {
                    EndingKind::HungUp => (node.lost.escalated, node.lost.total()),
                    _ => (0, node.lost.escalated),
                };
                let i = i as i32;
                let mut bar = Rectangle::new(
                    [(from as u32, SegmentValue::Exact(i)), (to as u32, SegmentValue::Exact(i + 1))],
                    color.mix(0.85).filled(),
                );
                bar.set_margin(7, 7, 0, 0);
                bar
            }))?;
        }
        Ok(())
    })
}
