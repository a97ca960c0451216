//! The score side of the debrief: the grade's colour, the rubric's parts with the coach's
//! cost, and the lists of what went well and what to work on.

use crate::engine::{Debrief, PartKind};
use crate::game::theme::{self, size};
use crate::game::ui::widgets::{self, Tone};
use crate::text::{Strings, fill};
use bevy::prelude::*;

pub(super) fn grade_color(total: u8) -> Color {
    match total {
        80.. => theme::REASONING,
        65..=79 => theme::GREEN,
        50..=64 => theme::mix(theme::EMOTION, theme::INK, 0.25),
        _ => theme::ATTACK,
    }
}

pub(super) fn rubric(d: &Debrief, t: &Strings, lang: crate::engine::Lang) -> impl Bundle {
    let rows: Vec<_> = PartKind::ALL
        .iter()
        .map(|kind| {
            let points = d.score.part(*kind);
            let max = kind.max();
            let share = if max == 0 { 0.0 } else { points as f32 / max as f32 * 100.0 };
            (
                Node { flex_direction: FlexDirection::Column, row_gap: px(3), ..default() },
                children![
                    (
                        Node { justify_content: JustifyContent::SpaceBetween, ..default() },
                        children![
                            widgets::body(crate::text::part(*kind, lang)),
                            widgets::text(format!("{points} / {max}"), size::BODY, theme::INK_SOFT)
                        ],
                    ),
                    (
                        Node { height: px(8), border_radius: BorderRadius::all(px(4)), ..default() },
                        BackgroundColor(theme::LINE),
                        children![(
                            Node {
                                width: percent(share),
                                height: percent(100),
                                border_radius: BorderRadius::all(px(4)),
                                ..default()
                            },
                            BackgroundColor(theme::ACCENT),
                        )],
                    ),
                ],
            )
        })
        .collect();
    (
        widgets::card(Node { width: px(360), flex_shrink: 0.0, row_gap: px(10), ..widgets::panel_node() }),
        Children::spawn((
            Spawn(widgets::heading(t.debrief_rubric, size::LARGE)),
            Spawn(widgets::heading(fill(t.debrief_grade, &[&d.score.grade]), size::BODY)),
            SpawnIter(rows.into_iter()),
            SpawnIter(hints(d, t).into_iter()),
        )),
    )
}

pub(super) fn notes(title: &str, items: Vec<String>, tone: Tone, t: &Strings) -> impl Bundle {
    let (_, ink) = tone.colors();
    let empty = items.is_empty().then(|| widgets::small(t.debrief_nothing));
    (
        widgets::card(Node { flex_grow: 1.0, flex_basis: px(0), ..widgets::panel_node() }),
        Children::spawn((
            Spawn((
                Node { column_gap: px(8), align_items: AlignItems::Center, ..default() },
                children![widgets::swatch(ink, 12.0, true), widgets::heading(title.to_string(), size::LARGE)],
            )),
            SpawnIter(empty.into_iter()),
            SpawnIter(items.into_iter().map(|i| widgets::body(format!("· {i}")))),
        )),
    )
}

/// The coach's cost under the parts: "Coach hints: 2 × 3 = -6".
fn hints(d: &Debrief, t: &Strings) -> Option<impl Bundle> {
    (d.score.hint_cost > 0).then(|| {
        let per = crate::engine::judge::score::HINT_COST;
        (
            Node { justify_content: JustifyContent::SpaceBetween, ..default() },
            children![
                widgets::body(t.debrief_hints),
                widgets::text(
                    fill(t.debrief_hint_cost, &[&d.score.hints, &per, &d.score.hint_cost]),
                    size::BODY,
                    theme::ERROR_INK
                )
            ],
        )
    })
}
