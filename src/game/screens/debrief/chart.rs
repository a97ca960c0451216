//! The anger chart, drawn with UI nodes: the three mode bands of the caller's temperament,
//! a bar per turn (coloured by mode, its top the anger after the turn), and under each
//! bar a marker for the reply's technique family, by shape as well as colour.

use super::DebriefData;
use crate::engine::{Lang, Mode, Technique};
use crate::game::actions::{Action, OnPress};
use crate::game::theme::{self, Shape, size};
use crate::game::ui::focus::UiFocus;
use crate::game::ui::widgets;
use crate::text::{Strings, fill, mode_name};
use bevy::prelude::*;

/// The column of curve point `0` (0 is the start, `k + 1` the state after turn `k`).
#[derive(Component, Clone, Copy, Debug)]
pub struct ChartColumn(pub usize);

const PLOT_HEIGHT: f32 = 210.0;
const AXIS_WIDTH: f32 = 36.0;
const NAMES_WIDTH: f32 = 118.0;

pub(super) fn chart(data: &DebriefData, t: &Strings, lang: Lang) -> impl Bundle {
    let persona = data.scenario.persona();
    let emotion = persona.emotion_at as f32;
    let attack = persona.attack_at as f32;
    let curve = data.debrief.curve.clone();

    let band = |from: f32, to: f32, mode: Mode| {
        (
            Node {
                position_type: PositionType::Absolute,
                left: px(0),
                right: px(0),
                bottom: percent(from),
                height: percent(to - from),
                ..default()
            },
            BackgroundColor(theme::mode_band(mode)),
        )
    };
    let band_name = |from: f32, to: f32, mode: Mode| {
        (
            Node {
                position_type: PositionType::Absolute,
                left: px(8),
                bottom: percent(from),
                height: percent(to - from),
                align_items: AlignItems::Center,
                column_gap: px(6),
                ..default()
            },
            children![
                widgets::swatch(theme::mode_color(mode), 10.0, false),
                widgets::text(mode_name(mode, lang), size::SMALL, theme::mix(theme::mode_color(mode), theme::INK, 0.4)),
            ],
        )
    };
    let tick = |value: f32| {
        (
            Node {
                position_type: PositionType::Absolute,
                bottom: percent(value),
                right: px(6),
                margin: UiRect::bottom(px(-9)),
                ..default()
            },
            children![widgets::text(format!("{}", value as i32), size::SMALL, theme::INK_FAINT)],
        )
    };
    // The better path from where the trainee strayed, as the caller model expects it: a
    // ghost mark per turn, past the end of the real call when it is longer.
    let what_if = data.debrief.what_if.as_ref();
    let ghost_at =
        |i: usize| what_if.and_then(|w| i.checked_sub(w.from_turn).filter(|&j| j > 0).and_then(|j| w.curve.get(j)));
    let count = what_if.map_or(curve.len(), |w| curve.len().max(w.from_turn + w.curve.len()));
    let columns: Vec<_> = (0..count)
        .map(|i| {
            let bar = curve.get(i).map(|p| {
                let color = theme::mode_color(p.mode);
                (
                    Node {
                        width: percent(50),
                        max_width: px(28),
                        min_height: px(4),
                        height: percent(p.anger as f32),
                        border: UiRect::top(px(4)),
                        border_radius: BorderRadius::top(px(3)),
                        ..default()
                    },
                    BackgroundColor(theme::mix(color, Color::WHITE, 0.15)),
                    BorderColor::all(theme::mix(color, theme::INK, 0.5)),
                )
            });
            let ghost = ghost_at(i).map(|p| (WhatIfMark, ghost_mark(p.anger)));
            (
                ChartColumn(i),
                Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    height: percent(100),
                    justify_content: JustifyContent::End,
                    align_items: AlignItems::Center,
                    flex_direction: FlexDirection::Column,
                    border_radius: BorderRadius::all(px(4)),
                    ..default()
                },
                BackgroundColor(Color::NONE),
                Children::spawn((SpawnIter(bar.into_iter()), SpawnIter(ghost.into_iter()))),
            )
        })
        .collect();
    let markers: Vec<_> = (0..count)
        .map(|i| {
            let label = if i == 0 { t.debrief_chart_start.to_string() } else { i.to_string() };
            // Past the real call's end, the better path's technique, faded.
            let shape = match (curve.get(i), ghost_at(i)) {
                (Some(p), _) if i > 0 => Some(marker(theme::technique_marker(p.technique))),
                (None, Some(g)) => {
                    let (color, shape) = theme::technique_marker(g.technique);
                    Some(marker((theme::mix(color, Color::WHITE, 0.55), shape)))
                }
                _ => None,
            };
            (
                Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: px(3),
                    ..default()
                },
                Children::spawn((
                    SpawnIter(shape.into_iter()),
                    Spawn(widgets::text(label, size::SMALL, theme::INK_FAINT)),
                )),
            )
        })
        .collect();
    let what_if_legend = what_if.map(|w| {
        let text = fill(t.debrief_what_if, &[&(w.from_turn + 1), &crate::text::ending(w.outcome, lang), &w.score]);
        (
            WhatIfLegend,
            Node { column_gap: px(8), align_items: AlignItems::Center, ..default() },
            children![
                (Node { width: px(22), height: px(14), ..default() }, children![ghost_mark(50)]),
                widgets::text(text, size::SMALL, theme::INK)
            ],
        )
    });
    let legend: Vec<_> = [
        (Some(Technique::Paraphrase), t.legend_stage1),
        (Some(Technique::PointDirection), t.legend_stage2),
        (Some(Technique::Apologise), t.legend_service),
        (Some(Technique::Argue), t.legend_mistake),
        (Some(Technique::Other), t.legend_other),
        (None, t.legend_silence),
    ]
    .into_iter()
    .map(|(tech, label)| {
        (
            Node { column_gap: px(6), align_items: AlignItems::Center, ..default() },
            children![marker(theme::technique_marker(tech)), widgets::small(label)],
        )
    })
    .collect();

    (
        widgets::card(Node { flex_grow: 1.0, min_width: px(0), row_gap: px(10), ..widgets::panel_node() }),
        Children::spawn((
            Spawn(widgets::heading(t.debrief_chart, size::LARGE)),
            Spawn((
                Node { height: px(PLOT_HEIGHT), ..default() },
                children![
                    (
                        Node { width: px(AXIS_WIDTH), height: percent(100), flex_shrink: 0.0, ..default() },
                        children![tick(0.0), tick(emotion), tick(attack), tick(100.0)],
                    ),
                    (
                        Node {
                            flex_grow: 1.0,
                            height: percent(100),
                            border_radius: BorderRadius::all(px(4)),
                            overflow: Overflow::clip(),
                            ..default()
                        },
                        BackgroundColor(theme::PANEL_SOFT),
                        children![
                            band(0.0, emotion, Mode::Reasoning),
                            band(emotion, attack, Mode::Emotion),
                            band(attack, 100.0, Mode::Attack),
                            (
                                Node {
                                    position_type: PositionType::Absolute,
                                    left: px(0),
                                    right: px(0),
                                    top: px(0),
                                    bottom: px(0),
                                    ..default()
                                },
                                Children::spawn(SpawnIter(columns.into_iter())),
                            ),
                        ],
                    ),
                    (
                        Node { width: px(NAMES_WIDTH), height: percent(100), flex_shrink: 0.0, ..default() },
                        children![
                            band_name(0.0, emotion, Mode::Reasoning),
                            band_name(emotion, attack, Mode::Emotion),
                            band_name(attack, 100.0, Mode::Attack),
                        ],
                    ),
                ],
            )),
            Spawn((
                Node { padding: UiRect { left: px(AXIS_WIDTH), right: px(NAMES_WIDTH), ..default() }, ..default() },
                Children::spawn(SpawnIter(markers.into_iter())),
            )),
            Spawn((
                Node { flex_wrap: FlexWrap::Wrap, column_gap: px(16), row_gap: px(4), ..default() },
                Children::spawn(SpawnIter(legend.into_iter())),
            )),
            SpawnIter(what_if_legend.into_iter()),
        )),
    )
}

/// A mark of the what-if path (the chart tests find them by this).
#[derive(Component, Clone, Copy, Debug)]
pub struct WhatIfMark;

/// The what-if path's line in the legend.
#[derive(Component, Clone, Copy, Debug)]
pub struct WhatIfLegend;

/// The what-if path's mark at `anger`: a dark outlined bar across the column, so it reads
/// over any band and apart from the real call's bars.
fn ghost_mark(anger: u8) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            bottom: percent(anger as f32),
            width: percent(70),
            max_width: px(40),
            height: px(6),
            margin: UiRect::bottom(px(-3)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(3)),
            ..default()
        },
        BackgroundColor(theme::mix(theme::REASONING, Color::WHITE, 0.5)),
        BorderColor::all(theme::INK),
    )
}

/// A 14-pixel marker of `shape` in `color`.
pub fn marker((color, shape): (Color, Shape)) -> impl Bundle {
    let (side, fill, border, round, angle) = match shape {
        Shape::Circle => (14.0, color, 0.0, true, 0.0),
        Shape::Square => (13.0, color, 0.0, false, 0.0),
        Shape::Diamond => (11.0, color, 0.0, false, 45.0),
        Shape::Cross => (14.0, Color::NONE, 0.0, false, 0.0),
        Shape::Ring => (13.0, Color::NONE, 2.5, true, 0.0),
        Shape::Dot => (8.0, color, 0.0, true, 0.0),
    };
    let bars: Vec<_> = if shape == Shape::Cross {
        [45.0_f32, -45.0]
            .into_iter()
            .map(|a| {
                (
                    Node { position_type: PositionType::Absolute, width: px(17), height: px(3.5), ..default() },
                    BackgroundColor(color),
                    UiTransform { rotation: Rot2::degrees(a), ..default() },
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    (
        Node {
            width: px(side),
            height: px(side),
            flex_shrink: 0.0,
            margin: UiRect::all(px((14.0 - side) / 2.0)),
            border: UiRect::all(px(border)),
            border_radius: BorderRadius::all(if round { px(side) } else { px(2) }),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(fill),
        BorderColor::all(color),
        UiTransform { rotation: Rot2::degrees(angle), ..default() },
        Children::spawn(SpawnIter(bars.into_iter())),
    )
}

/// Tints the chart column of the turn whose "retry from here" button has the focus.
pub(super) fn follow_focus(
    focus: Res<UiFocus>,
    presses: Query<&OnPress>,
    mut columns: Query<(&ChartColumn, &mut BackgroundColor)>,
) {
    if !focus.is_changed() {
        return;
    }
    let turn = focus.get().and_then(|e| presses.get(e).ok()).and_then(|p| match p.0 {
        Action::RetryFrom(k) => Some(k + 1),
        _ => None,
    });
    for (column, mut bg) in &mut columns {
        let color = if Some(column.0) == turn { theme::mix(theme::FOCUS_RING, Color::WHITE, 0.8) } else { Color::NONE };
        if bg.0 != color {
            bg.0 = color;
        }
    }
}
