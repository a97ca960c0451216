//! The debrief: outcome, score and grade, the rubric's parts, the anger chart, what went
//! well and what to work on, and per turn the feedback and the better reply. From here
//! the trainee retries the call, retries from any turn, or goes back to the list.

mod chart;

use crate::engine::Judge;
use crate::engine::{Debrief, PartKind, Scenario, Turn};
use crate::game::actions::{Action, Activate, OnPress};
use crate::game::input::Keys;
use crate::game::library::Dialogues;
use crate::game::screens::call::ActiveCall;
use crate::game::screens::call::ending_tone;
use crate::game::screens::{PendingCall, Screen, open_call};
use crate::game::theme::{self, size};
use crate::game::ui::focus::{DefaultFocus, Focusable, UiFocus};
use crate::game::ui::scroll::scroll_column;
use crate::game::ui::widgets::{self, Tone};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{Strings, capitalized, fill, strings};
use bevy::prelude::*;
use std::sync::Arc;

/// The finished call the debrief shows.
#[derive(Resource, Clone, Debug)]
pub struct DebriefData {
    pub debrief: Debrief,
    pub scenario: Arc<Scenario>,
    pub turns: Vec<Turn>,
    pub seed: u64,
    pub adjusted: bool,
}

/// A turn's card: the turn index (0-based).
#[derive(Component, Clone, Copy, Debug)]
pub struct TurnCard(pub usize);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), (prepare, spawn).chain());
    app.add_systems(
        Update,
        (shortcuts.in_set(GameSet::Actions), handle.in_set(GameSet::Logic), chart::follow_focus.in_set(GameSet::View))
            .run_if(in_state(Screen::Debrief)),
    );
}

fn prepare(mut commands: Commands, call: Option<Res<ActiveCall>>, mut next: ResMut<NextState<Screen>>) {
    let Some(call) = call else {
        next.set(Screen::Scenarios);
        return;
    };
    let session = call.run.session();
    let Some(debrief) = session.debrief() else {
        next.set(Screen::Scenarios);
        return;
    };
    commands.insert_resource(DebriefData {
        debrief,
        scenario: Arc::clone(call.scenario()),
        turns: session.turns().to_vec(),
        seed: call.seed,
        adjusted: session.was_adjusted(),
    });
}

fn spawn(mut commands: Commands, data: Option<Res<DebriefData>>, lang: Res<UiLang>) {
    let Some(data) = data else { return };
    let t = strings(lang.0);
    let d = &data.debrief;
    let s = &data.scenario;
    commands.spawn(widgets::screen_root(Screen::Debrief)).with_children(|root| {
        // Header: outcome, title, score and grade.
        root.spawn(Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        })
        .with_children(|header| {
            header.spawn(Node { flex_direction: FlexDirection::Column, row_gap: px(6), ..default() }).with_children(
                |left| {
                    let (bg, ink) = ending_tone(d.outcome).colors();
                    left.spawn(Node { column_gap: px(12), align_items: AlignItems::Center, ..default() })
                        .with_children(|row| {
                            row.spawn(widgets::heading(t.debrief_title, size::TITLE));
                            row.spawn(widgets::pill(capitalized(crate::text::ending(d.outcome, lang.0)), bg, ink));
                        });
                    left.spawn(widgets::text(s.title.clone(), size::LARGE, theme::INK_SOFT));
                },
            );
            header.spawn(Node { column_gap: px(16), align_items: AlignItems::End, ..default() }).with_children(
                |right| {
                    right
                        .spawn(Node {
                            flex_direction: FlexDirection::Column,
                            align_items: AlignItems::End,
                            ..default()
                        })
                        .with_children(|score| {
                            score.spawn(widgets::text(t.debrief_score, size::SMALL, theme::INK_FAINT));
                            score
                                .spawn(Node { align_items: AlignItems::End, column_gap: px(4), ..default() })
                                .with_children(|n| {
                                    n.spawn(widgets::heading(d.score.total.to_string(), size::HUGE));
                                    n.spawn(widgets::text("/ 100", size::LARGE, theme::INK_FAINT));
                                });
                        });
                    right.spawn((
                        Node {
                            width: px(64),
                            height: px(64),
                            justify_content: JustifyContent::Center,
                            align_items: AlignItems::Center,
                            border_radius: BorderRadius::all(px(12)),
                            ..default()
                        },
                        BackgroundColor(grade_color(d.score.total)),
                        children![widgets::text(d.score.grade.letter(), size::HUGE, theme::ON_DARK)],
                    ));
                },
            );
        });
        // The scrolling body.
        root.spawn(scroll_column(Node { flex_grow: 1.0, min_height: px(0), row_gap: px(14), ..default() }))
            .with_children(|body| {
                if data.adjusted {
                    body.spawn(widgets::banner(Tone::Warning, t.trainer_adjusted));
                }
                body.spawn(Node { column_gap: px(14), flex_shrink: 0.0, ..default() }).with_children(|row| {
                    row.spawn(chart::chart(&data, t, lang.0));
                    row.spawn(rubric(d, t, lang.0));
                });
                body.spawn(Node { column_gap: px(14), flex_shrink: 0.0, ..default() }).with_children(|row| {
                    row.spawn(notes(
                        t.debrief_well,
                        d.went_well.iter().map(|n| crate::text::note(n, lang.0)).collect(),
                        Tone::Good,
                        t,
                    ));
                    row.spawn(notes(
                        t.debrief_wrong,
                        d.went_wrong.iter().map(|n| crate::text::note(n, lang.0)).collect(),
                        Tone::Error,
                        t,
                    ));
                });
                body.spawn((widgets::heading(t.debrief_turns, size::LARGE), Node { flex_shrink: 0.0, ..default() }));
                for (k, review) in d.turns.iter().enumerate() {
                    body.spawn(turn_card(k, review, &data, t, lang.0));
                }
            });
        // Footer: what next.
        // Footer: what next.
        root.spawn(Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        })
        .with_children(|footer| {
            footer.spawn(widgets::hint(t.debrief_hint));
            footer.spawn(Node { column_gap: px(10), ..default() }).with_children(|buttons| {
                buttons.spawn((widgets::button(t.debrief_retry, Action::Retry, true, 0), DefaultFocus));
                buttons.spawn(widgets::button(t.debrief_back, Action::ToList, false, 1));
            });
        });
    });
}

fn grade_color(total: u8) -> Color {
    match total {
        80.. => theme::REASONING,
        65..=79 => theme::GREEN,
        50..=64 => theme::mix(theme::EMOTION, theme::INK, 0.25),
        _ => theme::ATTACK,
    }
}

fn rubric(d: &Debrief, t: &Strings, lang: crate::engine::Lang) -> impl Bundle {
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
        )),
    )
}

fn notes(title: &str, items: Vec<String>, tone: Tone, t: &Strings) -> impl Bundle {
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

fn turn_card(
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
    let mut lines: Vec<(String, Color)> = vec![
        (fill(t.pair, &[&t.debrief_caller, &said]), theme::INK_SOFT),
        (fill(t.pair, &[&t.debrief_you, &you]), theme::INK),
    ];
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
                children![
                    widgets::heading(fill(t.debrief_turn, &[&(k + 1)]), size::BODY),
                    widgets::pill(technique_label, theme::mix(marker_color, Color::WHITE, 0.75), theme::INK),
                    widgets::text(
                        fill(t.debrief_anger_change, &[&review.anger_before, &review.anger_after]),
                        size::SMALL,
                        theme::INK_SOFT,
                    ),
                    (
                        Node { column_gap: px(6), align_items: AlignItems::Center, ..default() },
                        children![
                            widgets::swatch(forward_color, 10.0, true),
                            widgets::text(forward, size::SMALL, forward_color)
                        ],
                    ),
                    (Node { flex_grow: 1.0, ..default() }),
                    retry_from(k, t),
                ],
            )),
            SpawnIter(lines.into_iter().map(|(text, color)| widgets::text(text, size::BODY, color))),
        )),
    )
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

fn shortcuts(keys: Res<Keys>, mut activate: MessageWriter<Activate>, mut focus: ResMut<UiFocus>) {
    if keys.ctrl {
        return;
    }
    if keys.just(KeyCode::KeyR) {
        activate.write(Activate(Action::Retry));
    }
    if keys.escape() {
        activate.write(Activate(Action::ToList));
        focus.clear();
    }
}

fn handle(
    mut activate: MessageReader<Activate>,
    data: Option<Res<DebriefData>>,
    dialogues: Res<Dialogues>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut wake: ResMut<Wake>,
) {
    let Some(data) = data else { return };
    for a in activate.read() {
        let call = match a.0 {
            Action::Retry => {
                // The newest version of the call, if a trainer changed it meanwhile.
                let scenario =
                    dialogues.find(&data.scenario.id, data.scenario.lang).unwrap_or_else(|| Arc::clone(&data.scenario));
                PendingCall { scenario, seed: data.seed, replay: Vec::new(), answered: true }
            }
            Action::RetryFrom(k) => PendingCall {
                scenario: Arc::clone(&data.scenario),
                seed: data.seed,
                replay: data.turns.iter().take(k).map(crate::engine::Turn::as_choice).collect(),
                answered: true,
            },
            Action::ToList => {
                next.set(Screen::Scenarios);
                wake.now();
                return;
            }
            _ => continue,
        };
        open_call(&mut commands, &mut next, call);
        wake.now();
        return;
    }
}
