//! What a screen reader is told. Bevy hands the [`AccessibilityNode`]s to the system's
//! accessibility service (AccessKit); this plugin gives them their names and roles:
//! - every button is named by its text, and renamed when the text changes;
//! - on the call screen, the anger meter is a meter named in words ("Anger 64, attack
//!   mode"), the transcript is a log, and each line in it is named "who: words";
//! - an announcer (a polite live region) says each new caller line, cue and the call's end.

use crate::engine::Mode;
use crate::game::runtime::Line;
use crate::game::screens::Screen;
use crate::game::screens::call::{ActiveCall, MeterTrack, Transcript};
use crate::game::{UiLang, Wake};
use crate::text::{Strings, fill, strings};
use accesskit::{Live, Node as A11y, Role};
use bevy::a11y::{AccessibilityNode, AccessibilitySystems};
use bevy::prelude::*;
use bevy::ui::UiSystems;

/// The call screen's announcer: its label is the latest thing said.
#[derive(Component, Clone, Debug, Default)]
pub struct Announcer {
    /// Transcript lines already announced.
    announced: usize,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Call), spawn_announcer.after(crate::game::screens::call::CallSetup));
    // After Bevy's own button naming (which reads only a button's direct text children) and
    // before the tree goes to the screen reader.
    app.add_systems(
        PostUpdate,
        (name_buttons, (name_meter, name_transcript, announce).run_if(in_state(Screen::Call)))
            .after(UiSystems::PostLayout)
            .before(AccessibilitySystems::Update),
    );
}

/// The text under an entity, its parts joined by spaces.
fn text_under(entity: Entity, children: &Query<&Children>, texts: &Query<&Text>) -> String {
    let mut parts = Vec::new();
    let mut stack = vec![entity];
    while let Some(e) = stack.pop() {
        if let Ok(t) = texts.get(e)
            && !t.0.trim().is_empty()
        {
            parts.push(t.0.trim().to_string());
        }
        if let Ok(c) = children.get(e) {
            stack.extend(c.iter().rev());
        }
    }
    parts.join(" ")
}

/// Buttons are named by their text: when they appear and whenever a text changes.
fn name_buttons(
    mut commands: Commands,
    buttons: Query<(Entity, Option<&mut AccessibilityNode>), With<Button>>,
    added: Query<(), Added<Button>>,
    changed: Query<(), Changed<Text>>,
    children: Query<&Children>,
    texts: Query<&Text>,
) {
    if added.is_empty() && changed.is_empty() {
        return;
    }
    let mut buttons = buttons;
    for (entity, node) in &mut buttons {
        let label = text_under(entity, &children, &texts);
        match node {
            Some(mut n) => {
                if n.role() != Role::Button || n.label() != Some(label.as_str()) {
                    n.set_role(Role::Button);
                    n.set_label(label);
                }
            }
            None => {
                let mut n = A11y::new(Role::Button);
                n.set_label(label);
                commands.entity(entity).try_insert(AccessibilityNode(n));
            }
        }
    }
}

/// "Anger 64, attack mode", the meter's value and range.
pub fn meter_label(t: &Strings, anger: u8, mode: Mode, lang: crate::engine::Lang) -> String {
    fill(t.a11y_meter, &[&anger, &crate::text::mode(mode, lang)])
}

fn name_meter(
    mut commands: Commands,
    call: Option<Res<ActiveCall>>,
    meters: Query<(Entity, Option<&AccessibilityNode>), With<MeterTrack>>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    let state = call.run.session().state();
    let label = meter_label(strings(lang.0), state.anger, state.mode, lang.0);
    for (entity, node) in &meters {
        if node.is_some_and(|n| n.label() == Some(label.as_str())) {
            continue;
        }
        let mut n = A11y::new(Role::Meter);
        n.set_label(label.clone());
        n.set_min_numeric_value(0.0);
        n.set_max_numeric_value(100.0);
        n.set_numeric_value(f64::from(state.anger));
        commands.entity(entity).try_insert(AccessibilityNode(n));
    }
}

/// The transcript is a log; each of its lines is named "who: words".
fn name_transcript(
    mut commands: Commands,
    logs: Query<(Entity, Option<&AccessibilityNode>), With<Transcript>>,
    changed: Query<(), Changed<Children>>,
    children: Query<&Children>,
    texts: Query<&Text>,
    lang: Res<UiLang>,
) {
    for (entity, node) in &logs {
        if node.is_none() {
            let mut n = A11y::new(Role::Log);
            n.set_label(strings(lang.0).a11y_transcript);
            n.set_live(Live::Polite);
            commands.entity(entity).try_insert(AccessibilityNode(n));
        }
        if node.is_some() && !changed.contains(entity) {
            continue;
        }
        let Ok(lines) = children.get(entity) else { continue };
        for line in lines.iter() {
            let mut n = A11y::new(Role::Paragraph);
            n.set_label(text_under(line, &children, &texts));
            commands.entity(line).try_insert(AccessibilityNode(n));
        }
    }
}

fn spawn_announcer(mut commands: Commands) {
    let mut n = A11y::new(Role::Status);
    n.set_live(Live::Polite);
    commands.spawn((
        Name::new("announcer"),
        Announcer::default(),
        DespawnOnExit(Screen::Call),
        // Heard, not seen.
        Node { position_type: PositionType::Absolute, width: px(0), height: px(0), ..default() },
        AccessibilityNode(n),
    ));
}

/// What the announcer says about a line, if anything.
pub fn announcement(t: &Strings, lang: crate::engine::Lang, line: &Line) -> Option<String> {
    match line {
        Line::Caller { text, .. } | Line::Prompt { text } => Some(fill(t.a11y_caller_says, &[text])),
        Line::Agreement { text } => Some(fill(t.a11y_caller_agrees, &[text])),
        Line::Relapse { text } => Some(fill(t.a11y_caller_relapses, &[text])),
        Line::ModeChanged { to, .. } => Some(fill(t.a11y_mode_now, &[&crate::text::mode(*to, lang)])),
        Line::Ended { text, kind, .. } => {
            let how = crate::text::ending(*kind, lang);
            Some(if text.is_empty() {
                fill(t.a11y_call_ended, &[&how])
            } else {
                fill(t.a11y_call_ended_with, &[&how, text])
            })
        }
        Line::Silence => Some(t.a11y_silence.to_string()),
        Line::Trainee { .. } | Line::TwoAgreements | Line::Jumped { .. } | Line::AngerSet { .. } => None,
    }
}

fn announce(
    call: Option<Res<ActiveCall>>,
    mut announcers: Query<(&mut Announcer, &mut AccessibilityNode)>,
    lang: Res<UiLang>,
    mut wake: ResMut<Wake>,
) {
    let Some(call) = call else { return };
    let lines = call.run.transcript();
    let exam = call.run.session().is_exam();
    for (mut announcer, mut node) in &mut announcers {
        if announcer.announced >= lines.len() {
            continue;
        }
        let t = strings(lang.0);
        let said: Vec<String> = lines[announcer.announced..]
            .iter()
            // An exam shows no mode, so it announces none.
            .filter(|l| !(exam && matches!(l, Line::ModeChanged { .. })))
            .filter_map(|l| announcement(t, lang.0, l))
            .collect();
        announcer.announced = lines.len();
        if !said.is_empty() {
            node.set_label(said.join(" "));
            wake.now();
        }
    }
}
