//! What the call screen shows: the header, the transcript (newest at the bottom), the
//! anger meter with the mode named, the latest cue, the caller, the replies with their
//! countdown, and the ending.

use super::meter::meter_card;
use super::{ActiveCall, CallPhase, RecordStatus};
use crate::engine::{EndingKind, Lang};
use crate::game::actions::{Action, OnPress};
use crate::game::config::GameConfig;
use crate::game::runtime::{Line, reply_targets};
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::focus::{DefaultFocus, Focusable};
use crate::game::ui::scroll::{BOTTOM, Scrollable, scroll_column};
use crate::game::ui::widgets::{self, ButtonLook, Tone};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{Strings, fill, mode_name, strings};
use bevy::prelude::*;

/// The call's transcript: the caller's and the trainee's lines, oldest first.
#[derive(Component)]
pub struct Transcript {
    shown: usize,
}

#[derive(Component)]
struct ReplyArea {
    built: Option<(CallPhase, u64)>,
}

#[derive(Component)]
struct CueCard {
    built: u64,
}

#[derive(Component)]
struct TurnText;

#[derive(Component)]
struct NodeText;

#[derive(Component)]
struct CountdownText;

#[derive(Component)]
struct CountdownBar;

#[derive(Component)]
struct FooterHint;

/// A reply button: the index of its reply.
#[derive(Component, Clone, Copy, Debug)]
pub struct ReplyButton(pub usize);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Call), spawn.after(super::CallSetup));
    app.add_systems(OnEnter(CallPhase::Ringing), spawn_incoming);
    app.add_systems(
        Update,
        (sync_transcript, cues, header, footer, (replies, countdown_view).chain())
            .in_set(GameSet::View)
            .run_if(in_state(Screen::Call)),
    );
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
                    Transcript { shown: 0 },
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
                    ReplyArea { built: None },
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

fn sync_transcript(
    mut commands: Commands,
    call: Option<Res<ActiveCall>>,
    phase: Res<State<CallPhase>>,
    mut lists: Query<(Entity, &mut Transcript, &mut ScrollPosition)>,
    lang: Res<UiLang>,
    config: Res<GameConfig>,
    mut wake: ResMut<Wake>,
) {
    let Some(call) = call else { return };
    if *phase.get() == CallPhase::Ringing {
        return;
    }
    let lines = call.run.transcript();
    for (entity, mut list, mut scroll) in &mut lists {
        if list.shown >= lines.len() {
            continue;
        }
        let t = strings(lang.0);
        let name = call.scenario().caller.name.clone();
        let exam = call.run.session().is_exam();
        commands.entity(entity).with_children(|p| {
            for line in &lines[list.shown..] {
                spawn_line(p, line, &name, t, lang.0, config.trainer, exam);
            }
        });
        list.shown = lines.len();
        scroll.y = BOTTOM;
        wake.now();
    }
}

fn bubble(who: String, text: String, mine: bool, badge: Option<(Tone, String)>) -> impl Bundle {
    let (bg, border) = if mine { (theme::YOU_BUBBLE, theme::YOU_BUBBLE) } else { (theme::CALLER_BUBBLE, theme::LINE) };
    let badge_node = badge.map(|(tone, label)| {
        let (bg, ink) = tone.colors();
        widgets::pill(label, bg, ink)
    });
    (
        Node {
            flex_shrink: 0.0,
            justify_content: if mine { JustifyContent::End } else { JustifyContent::Start },
            ..default()
        },
        children![(
            Node {
                max_width: percent(80),
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                padding: UiRect::axes(px(14), px(10)),
                border: UiRect::all(px(1)),
                border_radius: BorderRadius::all(px(12)),
                align_items: AlignItems::Start,
                ..default()
            },
            BackgroundColor(bg),
            BorderColor::all(border),
            Children::spawn((
                Spawn(widgets::text(who, size::SMALL, theme::INK_FAINT)),
                SpawnIter(badge_node.into_iter()),
                Spawn(widgets::text(text, size::LARGE, theme::INK)),
            )),
        )],
    )
}

fn centered(content: impl Bundle) -> impl Bundle {
    (Node { flex_shrink: 0.0, justify_content: JustifyContent::Center, ..default() }, children![content])
}

/// One line of the transcript. In an exam the caller's words stay and the cues go: no
/// agreement or relapse badges, no mode changes.
fn spawn_line(
    p: &mut ChildSpawnerCommands,
    line: &Line,
    caller: &str,
    t: &Strings,
    lang: Lang,
    trainer: bool,
    exam: bool,
) {
    if exam {
        match line {
            Line::Agreement { text } | Line::Relapse { text } => {
                if !text.is_empty() {
                    p.spawn(bubble(caller.to_string(), text.clone(), false, None));
                }
                return;
            }
            Line::TwoAgreements | Line::ModeChanged { .. } => return,
            _ => {}
        }
    }
    match line {
        Line::Caller { text, .. } | Line::Prompt { text } => {
            p.spawn(bubble(caller.to_string(), text.clone(), false, None));
        }
        Line::Trainee { text, technique, .. } => {
            let who = if trainer {
                format!("{} · {}", t.call_you, crate::text::technique(*technique, lang))
            } else {
                t.call_you.to_string()
            };
            p.spawn(bubble(who, text.clone(), true, None));
        }
        Line::Silence => {
            p.spawn(centered(widgets::banner(Tone::Warning, &format!("{} {}", t.call_silence, t.cue_silence))));
        }
        Line::Agreement { text } => {
            if text.is_empty() {
                p.spawn(centered(widgets::pill(t.cue_agreement, Tone::Good.colors().0, Tone::Good.colors().1)));
            } else {
                p.spawn(bubble(
                    caller.to_string(),
                    text.clone(),
                    false,
                    Some((Tone::Good, t.cue_agreement.to_string())),
                ));
            }
        }
        Line::TwoAgreements => {
            p.spawn(centered(widgets::banner(Tone::Good, t.cue_two_agreements)));
        }
        Line::Relapse { text } => {
            if text.is_empty() {
                p.spawn(centered(widgets::banner(Tone::Error, t.cue_relapse)));
            } else {
                p.spawn(bubble(
                    caller.to_string(),
                    text.clone(),
                    false,
                    Some((Tone::Error, t.cue_relapse.to_string())),
                ));
            }
        }
        Line::ModeChanged { to, .. } => {
            p.spawn(centered((
                Node { column_gap: px(8), align_items: AlignItems::Center, ..default() },
                children![
                    widgets::swatch(theme::mode_color(*to), 12.0, false),
                    widgets::text(fill(t.cue_mode, &[&mode_name(*to, lang)]), size::SMALL, theme::INK_SOFT),
                ],
            )));
        }
        Line::Ended { kind, text, .. } => {
            p.spawn(bubble(caller.to_string(), text.clone(), false, None));
            p.spawn(centered(widgets::banner(
                ending_tone(*kind),
                &fill(t.call_over, &[&crate::text::ending(*kind, lang)]),
            )));
        }
        Line::Jumped { node } => {
            p.spawn(centered(widgets::small(fill(t.trainer_jumped, &[node]))));
        }
        Line::AngerSet { from, to } => {
            p.spawn(centered(widgets::small(fill(t.trainer_anger_set, &[from, to]))));
        }
    }
}

pub fn ending_tone(kind: EndingKind) -> Tone {
    match kind {
        EndingKind::Resolved => Tone::Good,
        EndingKind::Escalated => Tone::Error,
        EndingKind::HungUp => Tone::Error,
        // Whether ending the call was right depends on the warning before it: the debrief says.
        EndingKind::AgentEnded => Tone::Info,
    }
}

#[allow(clippy::too_many_arguments)]
fn replies(
    mut commands: Commands,
    call: Option<Res<ActiveCall>>,
    phase: Res<State<CallPhase>>,
    mut areas: Query<(Entity, &mut ReplyArea)>,
    lang: Res<UiLang>,
    config: Res<GameConfig>,
) {
    let Some(call) = call else { return };
    let key = (*phase.get(), call.offer);
    let t = strings(lang.0);
    for (entity, mut area) in &mut areas {
        if area.built == Some(key) {
            continue;
        }
        area.built = Some(key);
        commands.entity(entity).despawn_children();
        commands.entity(entity).with_children(|p| match phase.get() {
            CallPhase::Ringing => {
                p.spawn(Node {
                    justify_content: JustifyContent::SpaceBetween,
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(widgets::small(t.call_ringing_hint));
                    row.spawn((widgets::button(t.call_answer, Action::Answer, true, 0), DefaultFocus));
                });
            }
            CallPhase::Talking if !call.replies_shown() => {
                super::say::field(p, call.composing.as_deref().unwrap_or(""), t);
            }
            CallPhase::Talking => {
                p.spawn(Node {
                    justify_content: JustifyContent::SpaceBetween,
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(widgets::text(t.call_reply_title, size::SMALL, theme::INK_FAINT));
                    row.spawn((CountdownText, widgets::text("", size::SMALL, theme::INK_SOFT)));
                });
                if call.run.session().time_limit().is_some() {
                    p.spawn((
                        Node {
                            height: px(4),
                            width: percent(100),
                            border_radius: BorderRadius::all(px(2)),
                            ..default()
                        },
                        BackgroundColor(theme::LINE),
                        children![(
                            CountdownBar,
                            Node {
                                height: percent(100),
                                width: percent(0),
                                border_radius: BorderRadius::all(px(2)),
                                ..default()
                            },
                            BackgroundColor(theme::ACCENT),
                        )],
                    ));
                }
                let session = call.run.session();
                if session.said_now().is_some() && call.closest.is_none() {
                    p.spawn(widgets::small(t.say_no_match));
                }
                for (i, reply) in session.replies().iter().enumerate() {
                    let closest = (call.closest == Some(i)).then(|| t.say_closest.to_string());
                    let detail = config.trainer.then(|| {
                        let expected = session.expected_change(i).map_or("?".to_string(), |d| format!("{d:+}"));
                        format!(
                            "{} · {} · {}",
                            crate::text::technique(reply.technique, lang.0),
                            fill(t.trainer_expected, &[&expected]),
                            fill(t.trainer_next, &[&reply_targets(call.scenario(), session.node_index(), i)])
                        )
                    });
                    let mut button = p.spawn(reply_button(i, reply.text.clone(), closest.or(detail)));
                    if call.closest == Some(i) {
                        button.insert(DefaultFocus);
                    }
                }
            }
            CallPhase::Ended => {
                let kind = call.run.session().outcome().unwrap_or(EndingKind::HungUp);
                p.spawn(widgets::banner(ending_tone(kind), &fill(t.call_over, &[&crate::text::ending(kind, lang.0)])));
                let status = match &call.record {
                    RecordStatus::Off => t.call_record_off.to_string(),
                    RecordStatus::Journalling => String::new(),
                    RecordStatus::Saved(path) => fill(t.call_record_saved, &[&path.display()]),
                    RecordStatus::Failed(problem) => fill(t.call_record_failed, &[problem]),
                };
                p.spawn(Node {
                    justify_content: JustifyContent::SpaceBetween,
                    align_items: AlignItems::Center,
                    column_gap: px(16),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn((widgets::small(status), Node { flex_shrink: 1.0, ..default() }));
                    row.spawn((widgets::button(t.call_to_debrief, Action::ToDebrief, true, 0), DefaultFocus));
                });
            }
        });
    }
}

fn reply_button(i: usize, text: String, detail: Option<String>) -> impl Bundle {
    let look = ButtonLook::secondary();
    (
        Button,
        ReplyButton(i),
        OnPress(Action::Reply(i)),
        Focusable(i as u32),
        Node {
            column_gap: px(12),
            padding: UiRect::axes(px(12), px(9)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(8)),
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(look.normal),
        BorderColor::all(theme::LINE),
        look,
        children![
            (
                Node {
                    width: px(30),
                    height: px(30),
                    flex_shrink: 0.0,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(6)),
                    ..default()
                },
                BackgroundColor(theme::ACCENT),
                children![widgets::text(format!("{}", i + 1), size::BODY, theme::ON_DARK)],
            ),
            (
                Node { flex_direction: FlexDirection::Column, row_gap: px(2), flex_shrink: 1.0, ..default() },
                Children::spawn((
                    Spawn(widgets::body(text)),
                    SpawnIter(detail.into_iter().map(|d| widgets::text(d, size::SMALL, theme::ACCENT_HOVER))),
                )),
            ),
        ],
    )
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

/// The seconds the countdown shows for `remaining`, and the seconds until that changes.
/// Above ten seconds it counts in fives (each redraw of the window costs an old PC more
/// than the few pixels that change); the last ten seconds tick one by one.
pub fn countdown_step(remaining: f64) -> (f64, f64) {
    let step = if remaining > 10.0 { 5.0 } else { 1.0 };
    let shown = (remaining / step).ceil() * step;
    let next = remaining - (shown - step);
    (shown, next)
}

#[allow(clippy::type_complexity)]
fn countdown_view(
    call: Option<Res<ActiveCall>>,
    phase: Res<State<CallPhase>>,
    time: Res<Time<Real>>,
    mut texts: Query<&mut Text, With<CountdownText>>,
    mut bars: Query<(&mut Node, &mut BackgroundColor), With<CountdownBar>>,
    lang: Res<UiLang>,
    mut wake: ResMut<Wake>,
) {
    let Some(call) = call else { return };
    if *phase.get() != CallPhase::Talking {
        return;
    }
    let limit = call.run.session().time_limit();
    let now = time.elapsed_secs_f64();
    let (label, share) = match limit {
        Some(limit) => {
            let remaining = (call.turn_started + limit as f64 - now).max(0.0);
            let (shown, next) = countdown_step(remaining);
            if remaining > 0.0 {
                wake.at(now + next.max(0.02));
            }
            (fill(strings(lang.0).call_time_left, &[&(shown as i64)]), (shown / limit as f64).clamp(0.0, 1.0) as f32)
        }
        None => (String::new(), 0.0),
    };
    for mut text in &mut texts {
        if text.0 != label {
            text.0 = label.clone();
        }
    }
    let color = if share > 0.5 {
        theme::ACCENT
    } else if share > 0.25 {
        theme::EMOTION
    } else {
        theme::ATTACK
    };
    for (mut node, mut bg) in &mut bars {
        let width = percent(share * 100.0);
        if node.width != width {
            node.width = width;
        }
        if bg.0 != color {
            bg.0 = color;
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
