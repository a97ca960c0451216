//! A turn of the debrief: what the caller said, what the trainee said (their own words
//! first, when they typed some), the feedback, the better reply, and "retry from here".

use super::DebriefData;
use crate::game::actions::{Action, OnPress};
use crate::game::screens::call::hint_text;
use crate::game::theme::{self, size};
use crate::game::ui::focus::Focusable;
use crate::game::ui::widgets;
use crate::text::{Strings, fill};
use bevy::prelude::*;

/// A turn's card: the turn index (0-based).
#[derive(Component, Clone, Copy, Debug)]
pub struct TurnCard(pub usize);

pub(super) fn turn_card(
    k: usize,
    review: &crate::engine::TurnReview,
    data: &DebriefData,
    t: &Strings,
    lang: crate::engine::Lang,
) -> impl Bundle {
    let s = &data.scenario;
    let turn = &data.turns[k];
    let node = &s.nodes[turn.node];
    let said = node.text(turn.variant).to_string();
    let (technique_label, you) = match review.choice.and_then(|c| node.replies.get(c)) {
        Some(r) => (crate::text::technique(r.technique, lang).to_string(), r.text.clone()),
        None => (t.legend_silence.to_string(), t.debrief_silence.to_string()),
    };
    let (marker_color, _) = theme::technique_marker(review.technique);
    let forward = if review.moved_forward { t.debrief_forward } else { t.debrief_not_forward };
    let forward_color = if review.moved_forward { theme::GREEN } else { theme::INK_FAINT };
    let better: Option<String> = match review.better.and_then(|b| node.replies.get(b)) {
        Some(r) if Some(review.better.unwrap_or(usize::MAX)) != review.choice => {
            Some(fill(t.debrief_better, &[&r.text, &crate::text::technique(r.technique, lang)]))
        }
        _ => None,
    };
    let best_note = (better.is_none() && review.choice.is_some()).then(|| t.debrief_best_choice.to_string());
    let feedback = (!review.feedback.is_empty()).then(|| fill(t.pair, &[&t.debrief_feedback, &review.feedback]));
    let mut lines: Vec<(String, Color)> = vec![(fill(t.pair, &[&t.debrief_caller, &said]), theme::INK_SOFT)];
    if let Some(words) = &turn.said {
        lines.push((fill(t.pair, &[&t.debrief_your_words, words]), theme::ACCENT));
    }
    lines.push((fill(t.pair, &[&t.debrief_you, &you]), theme::INK));
    if turn.hint {
        let hint = crate::engine::judge::coach::hint(s, turn.node, &turn.before);
        lines.push((fill(t.pair, &[&t.coach_title, &hint_text(&hint, t, lang)]), theme::INK_SOFT));
    }
    if let Some(f) = feedback {
        lines.push((f, theme::INK_SOFT));
    }
    if let Some(b) = better {
        lines.push((b, theme::ACCENT_HOVER));
    }
    if let Some(b) = best_note {
        lines.push((b, theme::GREEN));
    }
    (
        TurnCard(k),
        widgets::card(Node { flex_shrink: 0.0, ..widgets::panel_node() }),
        Children::spawn((
            Spawn((
                Node { column_gap: px(12), align_items: AlignItems::Center, flex_wrap: FlexWrap::Wrap, ..default() },
                Children::spawn((
                    Spawn(widgets::heading(fill(t.debrief_turn, &[&(k + 1)]), size::BODY)),
                    Spawn(widgets::pill(technique_label, theme::mix(marker_color, Color::WHITE, 0.75), theme::INK)),
                    Spawn(widgets::text(
                        fill(t.debrief_anger_change, &[&review.anger_before, &review.anger_after]),
                        size::SMALL,
                        theme::INK_SOFT,
                    )),
                    Spawn((
                        Node { column_gap: px(6), align_items: AlignItems::Center, ..default() },
                        children![
                            widgets::swatch(forward_color, 10.0, true),
                            widgets::text(forward, size::SMALL, forward_color)
                        ],
                    )),
                    SpawnIter(hint_pill(turn.hint, t).into_iter()),
                    Spawn(Node { flex_grow: 1.0, ..default() }),
                    // An exam is taken whole: no retry from a turn.
                    SpawnIter((!data.attempt.exam).then(|| retry_from(k, t)).into_iter()),
                )),
            )),
            SpawnIter(lines.into_iter().map(|(text, color)| widgets::text(text, size::BODY, color))),
        )),
    )
}

/// The pills after a turn's heading: the coach's hint, if one was asked for.
fn hint_pill(hinted: bool, t: &Strings) -> Option<impl Bundle> {
    hinted.then(|| widgets::pill(t.debrief_hint_used, theme::mix(theme::EMOTION, Color::WHITE, 0.6), theme::INK))
}

fn retry_from(k: usize, t: &Strings) -> impl Bundle {
    let look = widgets::ButtonLook::secondary();
    (
        Button,
        OnPress(Action::RetryFrom(k)),
        Focusable(10 + k as u32),
        Node {
            padding: UiRect::axes(px(12), px(5)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(look.normal),
        BorderColor::all(theme::LINE),
        look,
        children![widgets::text(t.debrief_retry_from, size::SMALL, theme::INK)],
    )
}
