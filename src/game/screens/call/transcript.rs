//! The call's transcript: the caller's and the trainee's lines as bubbles, oldest first
//! and newest at the bottom, with the cues and mode changes between them (none of those
//! in an exam).

use super::{ActiveCall, CallPhase};
use crate::engine::{EndingKind, Lang};
use crate::game::config::GameConfig;
use crate::game::runtime::Line;
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::scroll::BOTTOM;
use crate::game::ui::widgets::{self, Tone};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{Strings, fill, mode_name, strings};
use bevy::prelude::*;

/// The call's transcript: the caller's and the trainee's lines, oldest first.
#[derive(Component)]
pub struct Transcript {
    shown: usize,
}

impl Transcript {
    pub(super) fn empty() -> Transcript {
        Transcript { shown: 0 }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, sync_transcript.in_set(GameSet::View).run_if(in_state(Screen::Call)));
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
