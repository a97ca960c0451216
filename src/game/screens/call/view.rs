//! The call screen's layout: the header, the places for the transcript (`transcript.rs`),
//! the anger meter (`meter.rs`) and the replies (`replies.rs`), the latest cue, the caller
//! while the phone rings, and the footer's hint.

use super::meter::meter_card;
use super::replies::ReplyArea;
use super::transcript::{Transcript, ending_tone};
use super::{ActiveCall, CallPhase};
use crate::game::config::GameConfig;
use crate::game::runtime::Line;
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::scroll::{Scrollable, scroll_column};
use crate::game::ui::widgets::{self, Tone};
use crate::game::{GameSet, UiLang};
use crate::text::{Strings, fill, mode_name, strings};
use bevy::prelude::*;

#[derive(Component)]
struct CueCard {
    built: u64,
}

#[derive(Component)]
struct TurnText;

#[derive(Component)]
struct NodeText;

#[derive(Component)]
struct FooterHint;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Call), spawn.after(super::CallSetup));
    app.add_systems(OnEnter(CallPhase::Ringing), spawn_incoming);
    app.add_systems(Update, (cues, header, footer).in_set(GameSet::View).run_if(in_state(Screen::Call)));
}

fn spawn(mut commands: Commands, call: Option<Res<ActiveCall>>, lang: Res<UiLang>, config: Res<GameConfig>) {
    let Some(call) = call else { return };
    let t = strings(lang.0);
    let s = call.scenario();
    let persona = s.persona();
    let exam = call.run.session().is_exam();
    commands.spawn(widgets::screen_root(Screen::Call)).with_children(|root| {
        // Header: the call and the caller, the turn, badges.
        root.spawn(Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        })
        .with_children(|header| {
            header.spawn(Node { flex_direction: FlexDirection::Column, row_gap: px(2), ..default() }).with_children(
                |left| {
                    left.spawn(widgets::heading(s.title.clone(), size::TITLE));
                    left.spawn(widgets::small(format!(
                        "{} · {}",
                        fill(t.pair, &[&t.call_caller_label, &s.caller.name]),
                        fill(t.pair, &[&t.call_temperament, &persona.name.get(lang.0)])
                    )));
                },
            );
            header.spawn(Node { column_gap: px(10), align_items: AlignItems::Center, ..default() }).with_children(
                |right| {
                    if let Some(plan) = &config.autoplay {
                        right.spawn(widgets::pill(
                            fill(t.autoplay_badge, &[&plan.label(t)]),
                            theme::INK,
                            theme::ON_DARK,
                        ));
                    }
                    if config.trainer {
                        right.spawn((NodeText, widgets::text("", size::SMALL, theme::INK_SOFT)));
                        right.spawn(widgets::pill(t.trainer_badge, theme::INK, theme::ON_DARK));
                    }
                    right.spawn((TurnText, widgets::text("", size::SMALL, theme::INK_SOFT)));
                },
            );
        });
        // Body: transcript and replies on the left, meter, cue and caller on the right.
        root.spawn(Node { flex_grow: 1.0, min_height: px(0), column_gap: px(18), ..default() }).with_children(|body| {
            body.spawn(Node {
                flex_grow: 1.0,
                flex_basis: px(0),
                min_width: px(0),
                min_height: px(0),
                flex_direction: FlexDirection::Column,
                row_gap: px(12),
                ..default()
            })
            .with_children(|main| {
                main.spawn((
                    Transcript::empty(),
                    Scrollable,
                    Node {
                        flex_grow: 1.0,
                        min_height: px(48),
                        overflow: Overflow::scroll_y(),
                        padding: UiRect::all(px(16)),
                        row_gap: px(10),
                        ..widgets::panel_node()
                    },
                    BackgroundColor(theme::PANEL_SOFT),
                    BorderColor::all(theme::LINE),
                ));
                // The replies take what they need, up to most of the column; past that (very
                // long replies in large text) they scroll, and the focused one stays in view.
                main.spawn((
                    ReplyArea::empty(),
                    Scrollable,
                    widgets::card(Node {
                        flex_shrink: 0.0,
                        max_height: percent(85),
                        overflow: Overflow::scroll_y(),
                        padding: UiRect::all(px(14)),
                        ..widgets::panel_node()
                    }),
                ));
            });
            // The side column scrolls when large text needs more room than the window has;
            // the meter comes first, so it stays in view.
            body.spawn(scroll_column(Node {
                width: px(360),
                flex_shrink: 0.0,
                row_gap: px(12),
                min_height: px(0),
                ..default()
            }))
            .with_children(|side| {
                // An exam shows only the caller's words and the timer.
                if exam {
                    side.spawn(unsqueezed_panel()).with_children(|c| {
                        c.spawn(widgets::heading(t.exam_badge, size::LARGE));
                        c.spawn(widgets::small(t.exam_explain));
                    });
                } else {
                    side.spawn(unsqueezed_panel()).with_children(|m| meter_card(m, t, lang.0, persona));
                    side.spawn((CueCard { built: u64::MAX }, unsqueezed_panel()));
                    if !config.trainer {
                        side.spawn(super::coach::card());
                    }
                }
                // The trainer's controls take the caller's card's place (the header names the caller).
                if config.trainer {
                    side.spawn(super::trainer::panel(t, s));
                    return;
                }
                side.spawn(unsqueezed_panel()).with_children(|c| {
                    c.spawn(widgets::text(t.call_caller_label, size::SMALL, theme::INK_FAINT));
                    c.spawn(widgets::heading(s.caller.name.clone(), size::LARGE));
                    c.spawn(widgets::text(persona.name.get(lang.0).to_string(), size::BODY, theme::INK_SOFT));
                    let about = persona.about.get(lang.0);
                    if !about.is_empty() {
                        c.spawn(widgets::small(about.to_string()));
                    }
                });
            });
        });
        root.spawn((FooterHint, widgets::hint(if exam { t.call_hint_exam } else { t.call_hint })));
    });
}

/// A card of the side column: it keeps its size and the column scrolls instead.
fn unsqueezed_panel() -> impl Bundle {
    widgets::card(Node { flex_shrink: 0.0, ..widgets::panel_node() })
}

fn spawn_incoming(
    mut commands: Commands,
    call: Option<Res<ActiveCall>>,
    lists: Query<Entity, With<Transcript>>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    if call.answered_at_start {
        return;
    }
    let t = strings(lang.0);
    let s = call.scenario();
    let persona = s.persona();
    for list in &lists {
        commands.entity(list).with_children(|p| {
            p.spawn((
                DespawnOnExit(CallPhase::Ringing),
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(12),
                    padding: UiRect::all(px(8)),
                    flex_shrink: 0.0,
                    ..default()
                },
            ))
            .with_children(|card| {
                card.spawn(Node { column_gap: px(12), align_items: AlignItems::Center, ..default() }).with_children(
                    |row| {
                        row.spawn(widgets::swatch(theme::ACCENT, 16.0, true));
                        row.spawn(widgets::text(t.call_incoming, size::LARGE, theme::ACCENT));
                    },
                );
                card.spawn(widgets::heading(s.caller.name.clone(), size::HUGE));
                card.spawn(widgets::text(
                    fill(t.pair, &[&t.call_temperament, &persona.name.get(lang.0)]),
                    size::BODY,
                    theme::INK_SOFT,
                ));
                card.spawn(widgets::text(t.call_brief, size::SMALL, theme::INK_FAINT));
                card.spawn(widgets::text(s.brief.clone(), size::LARGE, theme::INK));
                let limit = match s.time_limit {
                    Some(secs) => fill(t.list_time_limit, &[&secs.round()]),
                    None => t.list_no_time_limit.to_string(),
                };
                card.spawn(widgets::small(limit));
            });
        });
    }
}

fn cues(
    mut commands: Commands,
    call: Option<Res<ActiveCall>>,
    mut cards: Query<(Entity, &mut CueCard)>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    let t = strings(lang.0);
    for (entity, mut card) in &mut cards {
        if card.built == call.offer {
            continue;
        }
        card.built = call.offer;
        commands.entity(entity).despawn_children();
        let cues = call.last_cues();
        commands.entity(entity).with_children(|p| {
            if cues.is_empty() {
                p.spawn(widgets::small(t.cue_none));
            }
            for cue in cues {
                let (tone, text) = match cue {
                    Line::Agreement { text } => (Tone::Good, joined(t, t.cue_agreement, text)),
                    Line::TwoAgreements => (Tone::Good, t.cue_two_agreements.to_string()),
                    Line::Relapse { text } => (Tone::Error, joined(t, t.cue_relapse, text)),
                    Line::ModeChanged { to, .. } => (Tone::Info, fill(t.cue_mode, &[&mode_name(*to, lang.0)])),
                    Line::Silence => (Tone::Warning, t.cue_silence.to_string()),
                    Line::Ended { kind, .. } => {
                        (ending_tone(*kind), fill(t.call_over, &[&crate::text::ending(*kind, lang.0)]))
                    }
                    _ => continue,
                };
                p.spawn(widgets::banner(tone, &text));
            }
        });
    }
}

fn joined(t: &Strings, label: &str, said: &str) -> String {
    if said.is_empty() { label.to_string() } else { fill(t.quoted, &[&label, &said]) }
}

fn header(
    call: Option<Res<ActiveCall>>,
    mut turns: Query<&mut Text, (With<TurnText>, Without<NodeText>)>,
    mut nodes: Query<&mut Text, (With<NodeText>, Without<TurnText>)>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    if !call.is_changed() {
        return;
    }
    let session = call.run.session();
    let t = strings(lang.0);
    let turn = (session.turns().len() + 1).min(call.scenario().max_turns as usize);
    let value = fill(t.call_turn, &[&turn, &call.scenario().max_turns]);
    for mut text in &mut turns {
        if text.0 != value {
            text.0 = value.clone();
        }
    }
    let node = fill(t.trainer_node, &[&session.node().id]);
    for mut text in &mut nodes {
        if text.0 != node {
            text.0 = node.clone();
        }
    }
}

fn footer(
    call: Option<Res<ActiveCall>>,
    mut hints: Query<(&mut Text, &mut TextColor), With<FooterHint>>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    if !call.is_changed() {
        return;
    }
    let t = strings(lang.0);
    let (text, color) = if call.leave_armed {
        (t.call_leave_confirm, theme::ERROR_INK)
    } else if !call.replies_shown() {
        (t.say_hint, theme::INK_FAINT)
    } else if call.run.session().is_exam() {
        (t.call_hint_exam, theme::INK_FAINT)
    } else {
        (t.call_hint, theme::INK_FAINT)
    };
    for (mut hint, mut ink) in &mut hints {
        if hint.0 != text {
            hint.0 = text.to_string();
            ink.0 = color;
        }
    }
}
