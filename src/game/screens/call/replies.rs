//! The replies of the call screen: the answer button while the phone rings, the "say it
//! first" field, the numbered replies with the countdown above them, and the way to the
//! debrief once the call is over.

use super::transcript::ending_tone;
use super::{ActiveCall, CallPhase, RecordStatus};
use crate::engine::EndingKind;
use crate::game::actions::{Action, OnPress};
use crate::game::config::GameConfig;
use crate::game::runtime::reply_targets;
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::focus::{DefaultFocus, Focusable};
use crate::game::ui::widgets::{self, ButtonLook};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, strings};
use bevy::prelude::*;

/// Where the replies go; rebuilt when the phase or the offer changes.
#[derive(Component)]
pub(super) struct ReplyArea {
    built: Option<(CallPhase, u64)>,
}

impl ReplyArea {
    pub(super) fn empty() -> ReplyArea {
        ReplyArea { built: None }
    }
}

#[derive(Component)]
struct CountdownText;

#[derive(Component)]
struct CountdownBar;

/// A reply button: the index of its reply.
#[derive(Component, Clone, Copy, Debug)]
pub struct ReplyButton(pub usize);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (replies, countdown_view).chain().in_set(GameSet::View).run_if(in_state(Screen::Call)));
}

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

/// The seconds the countdown shows for `remaining`, and the seconds until that changes.
/// Above ten seconds it counts in fives (each redraw of the window costs an old PC more
/// than the few pixels that change); the last ten seconds tick one by one.
pub fn countdown_step(remaining: f64) -> (f64, f64) {
    let step = if remaining > 10.0 { 5.0 } else { 1.0 };
    let shown = (remaining / step).ceil() * step;
    let next = remaining - (shown - step);
    (shown, next)
}

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
