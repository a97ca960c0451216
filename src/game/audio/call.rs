//! The call's sounds: the ring while the phone waits to be answered, the pick-up, each of
//! the caller's lines as it appears (the trainer's clip, else speech in the persona's voice,
//! raised with anger), the cues when asked for, and the hang-up at the end (with the
//! engaged tone when the caller hung up). Replies are read aloud on focus when asked for.

use super::{Playlist, Sound, SoundPrefs};
use crate::engine::EndingKind;
use crate::engine::call::sound::Tone;
use crate::engine::call::voice::speech_style;
use crate::game::library::Dialogues;
use crate::game::runtime::Line;
use crate::game::screens::Screen;
use crate::game::screens::call::{ActiveCall, CallPhase, CallSetup, ReplyButton};
use crate::game::ui::focus::UiFocus;
use crate::game::{GameSet, Wake};
use bevy::prelude::*;

/// How far the transcript has been voiced.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallVoice {
    /// Lines before this index have been heard (or were replayed from an earlier attempt).
    pub voiced: usize,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CallVoice>();
    app.add_systems(OnEnter(CallPhase::Ringing), ring.after(CallSetup));
    app.add_systems(OnEnter(CallPhase::Talking), pick_up);
    app.add_systems(OnExit(Screen::Call), hang_up_quietly);
    app.add_systems(
        Update,
        (voice_lines, read_focused_reply)
            .chain()
            .after(GameSet::Logic)
            .before(super::read_reports)
            .run_if(in_state(Screen::Call)),
    );
}

fn ring(call: Option<Res<ActiveCall>>, prefs: Res<SoundPrefs>, mut playlist: ResMut<Playlist>, mut wake: ResMut<Wake>) {
    let Some(call) = call else { return };
    if call.answered_at_start {
        return;
    }
    playlist.clear();
    playlist.push(Sound::Tone(Tone::Ring(prefs.0.region(call.scenario().lang))));
    wake.now();
}

/// The trainee answers: the ring stops and the line opens. A retry starts without ringing;
/// a retry from a turn voices only the caller's last line.
fn pick_up(
    call: Option<Res<ActiveCall>>,
    mut playlist: ResMut<Playlist>,
    mut voice: ResMut<CallVoice>,
    mut wake: ResMut<Wake>,
) {
    let Some(call) = call else { return };
    playlist.stop_ring();
    if !call.answered_at_start {
        playlist.push(Sound::Tone(Tone::PickUp));
    }
    let lines = call.run.transcript();
    voice.voiced = if call.replayed > 0 {
        lines.iter().rposition(|l| matches!(l, Line::Caller { .. })).unwrap_or(lines.len())
    } else {
        0
    };
    wake.now();
}

fn hang_up_quietly(mut playlist: ResMut<Playlist>) {
    playlist.clear();
}

/// Queues each new line of the transcript.
fn voice_lines(
    call: Option<Res<ActiveCall>>,
    phase: Res<State<CallPhase>>,
    dialogues: Res<Dialogues>,
    prefs: Res<SoundPrefs>,
    mut playlist: ResMut<Playlist>,
    mut voice: ResMut<CallVoice>,
) {
    let Some(call) = call else { return };
    if *phase.get() == CallPhase::Ringing {
        return;
    }
    let lines = call.run.transcript();
    if voice.voiced >= lines.len() {
        return;
    }
    let scenario = call.scenario();
    let lang = scenario.lang;
    let style = speech_style(&scenario.caller.persona, call.run.session().state().anger);
    let spoken = |line: &str, text: &str, clip: Option<std::path::PathBuf>| Sound::Line {
        line: line.to_string(),
        text: text.to_string(),
        lang,
        clip,
        style,
    };
    for l in &lines[voice.voiced..] {
        match l {
            Line::Caller { text, node, variant } => {
                let Some(n) = scenario.nodes.get(*node) else { continue };
                let clip = dialogues.voices.clip(lang, &scenario.id, &n.id, *variant).map(|p| p.to_path_buf());
                playlist.push(spoken(&n.id, text, clip));
            }
            Line::Prompt { text } => playlist.push(spoken("prompt", text, None)),
            Line::Agreement { text } => {
                if prefs.0.cues {
                    playlist.push(Sound::Tone(Tone::Agreement));
                }
                playlist.push(spoken("agree", text, None));
            }
            Line::Relapse { text } => {
                if prefs.0.cues {
                    playlist.push(Sound::Tone(Tone::Relapse));
                }
                playlist.push(spoken("relapse", text, None));
            }
            Line::Ended { kind, text, ending } => {
                let id = scenario.endings.get(*ending).map_or("end", |e| e.id.as_str());
                let clip = dialogues.voices.clip(lang, &scenario.id, id, 0).map(|p| p.to_path_buf());
                if !text.is_empty() {
                    playlist.push(spoken(id, text, clip));
                }
                playlist.push(Sound::Tone(Tone::HangUp));
                if *kind == EndingKind::HungUp {
                    playlist.push(Sound::Tone(Tone::Engaged(prefs.0.region(lang))));
                }
            }
            Line::Trainee { .. }
            | Line::Silence
            | Line::TwoAgreements
            | Line::ModeChanged { .. }
            | Line::Jumped { .. }
            | Line::AngerSet { .. } => {}
        }
    }
    voice.voiced = lines.len();
}

/// With "read the replies" on, a reply is read aloud when it takes the focus.
fn read_focused_reply(
    focus: Res<UiFocus>,
    replies: Query<&ReplyButton>,
    call: Option<Res<ActiveCall>>,
    prefs: Res<SoundPrefs>,
    mut playlist: ResMut<Playlist>,
    mut last: Local<Option<Entity>>,
) {
    let now = focus.get();
    if now == *last {
        return;
    }
    *last = now;
    let (Some(call), Some(entity)) = (call, now) else { return };
    if !prefs.0.read_replies {
        return;
    }
    let Ok(ReplyButton(i)) = replies.get(entity) else { return };
    let Some(reply) = call.run.session().replies().get(*i) else { return };
    playlist.stop_replies();
    playlist.push(Sound::Reply { text: format!("{}. {}", i + 1, reply.text), lang: call.scenario().lang });
}
