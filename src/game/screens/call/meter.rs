//! The anger meter of the call screen: a 0-100 track with the caller's three mode bands,
//! the fill and marker easing to the anger, the value, and the mode in words. An exam
//! shows none of it.

use super::ActiveCall;
use crate::engine::{Lang, Mode};
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::widgets;
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{Strings, mode_name};
use bevy::prelude::*;

#[derive(Component)]
struct MeterFill;

#[derive(Component)]
struct MeterMarker;

#[derive(Component)]
struct MeterValue;

#[derive(Component)]
struct ModeText;

#[derive(Component)]
struct ModeSwatch;

/// The call's anger meter track (the layout tests find it by this).
#[derive(Component, Clone, Copy, Debug)]
pub struct MeterTrack;

/// The meter's eased value: it moves from `from` to `to` over [`EASE_SECONDS`].
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct MeterEase {
    pub from: f32,
    pub to: f32,
    pub started: f64,
}

const EASE_SECONDS: f64 = 0.6;

impl MeterEase {
    /// The value to draw at `now`, and whether the meter is still moving.
    pub fn at(&self, now: f64) -> (f32, bool) {
        let t = ((now - self.started) / EASE_SECONDS).clamp(0.0, 1.0) as f32;
        let eased = 1.0 - (1.0 - t).powi(3);
        (self.from + (self.to - self.from) * eased, t < 1.0)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MeterEase>();
    app.add_systems(OnEnter(Screen::Call), reset.after(super::CallSetup));
    app.add_systems(Update, meter.in_set(GameSet::View).run_if(in_state(Screen::Call)));
}

/// The meter: a track with the three mode bands, the fill and marker at the anger, the
/// value, and the mode in words.
/// The meter starts at the caller's anger, without easing in from the last call's.
fn reset(call: Option<Res<ActiveCall>>, time: Res<Time<Real>>, mut ease: ResMut<MeterEase>) {
    let Some(call) = call else { return };
    let anger = call.run.session().state().anger as f32;
    *ease = MeterEase { from: anger, to: anger, started: time.elapsed_secs_f64() };
}

pub(super) fn meter_card(m: &mut ChildSpawnerCommands, t: &Strings, lang: Lang, persona: &crate::engine::Persona) {
    m.spawn(Node { justify_content: JustifyContent::SpaceBetween, align_items: AlignItems::End, ..default() })
        .with_children(|row| {
            row.spawn(widgets::text(t.call_anger, size::BODY, theme::INK_SOFT));
            row.spawn((MeterValue, widgets::heading("", size::HUGE)));
        });
    m.spawn((MeterTrack, meter_track(persona, true)));
    m.spawn(band_labels(persona, lang));
    m.spawn(Node { column_gap: px(10), align_items: AlignItems::Center, margin: UiRect::top(px(4)), ..default() })
        .with_children(|row| {
            row.spawn((ModeSwatch, widgets::swatch(theme::ATTACK, 18.0, false)));
            row.spawn((ModeText, widgets::heading("", size::LARGE)));
        });
}

/// A 0-100 track with the persona's mode bands. With `live`, the fill and marker that
/// the meter moves.
pub fn meter_track(persona: &crate::engine::Persona, live: bool) -> impl Bundle {
    let emotion = persona.emotion_at as f32;
    let attack = persona.attack_at as f32;
    let band = |from: f32, to: f32, mode: Mode| {
        (
            Node {
                position_type: PositionType::Absolute,
                left: percent(from),
                width: percent(to - from),
                top: px(0),
                bottom: px(0),
                ..default()
            },
            BackgroundColor(theme::mode_band(mode)),
        )
    };
    let fill_node = (
        MeterFill,
        Node {
            position_type: PositionType::Absolute,
            left: px(0),
            top: px(7),
            bottom: px(7),
            width: percent(0),
            ..default()
        },
        BackgroundColor(if live { theme::ATTACK } else { Color::NONE }),
    );
    let marker = (
        MeterMarker,
        Node {
            position_type: PositionType::Absolute,
            left: percent(0),
            top: px(-3),
            bottom: px(-3),
            width: px(if live { 4.0 } else { 0.0 }),
            margin: UiRect::left(px(-2)),
            ..default()
        },
        BackgroundColor(theme::INK),
    );
    (
        Node { height: px(30), border_radius: BorderRadius::all(px(4)), overflow: Overflow::visible(), ..default() },
        children![
            band(0.0, emotion, Mode::Reasoning),
            band(emotion, attack, Mode::Emotion),
            band(attack, 100.0, Mode::Attack),
            fill_node,
            marker,
        ],
    )
}

/// The mode names under the track, each centred on its band; in large text, where a name
/// is wider than its band, the names wrap onto lines of their own.
fn band_labels(persona: &crate::engine::Persona, lang: Lang) -> impl Bundle {
    let emotion = persona.emotion_at as f32;
    let attack = persona.attack_at as f32;
    let label = |from: f32, to: f32, mode: Mode| {
        (
            Node { flex_grow: to - from, flex_basis: px(0), justify_content: JustifyContent::Center, ..default() },
            children![widgets::text(
                crate::text::mode(mode, lang),
                size::SMALL,
                theme::mix(theme::mode_color(mode), theme::INK, 0.35)
            )],
        )
    };
    (
        Node { width: percent(100), flex_wrap: FlexWrap::Wrap, column_gap: px(6), ..default() },
        children![
            label(0.0, emotion, Mode::Reasoning),
            label(emotion, attack, Mode::Emotion),
            label(attack, 100.0, Mode::Attack),
        ],
    )
}

fn meter(
    call: Option<Res<ActiveCall>>,
    mut ease: ResMut<MeterEase>,
    time: Res<Time<Real>>,
    mut fills: Query<(&mut Node, &mut BackgroundColor), (With<MeterFill>, Without<MeterMarker>)>,
    mut markers: Query<&mut Node, (With<MeterMarker>, Without<MeterFill>)>,
    mut values: Query<&mut Text, (With<MeterValue>, Without<ModeText>)>,
    mut modes: Query<(&mut Text, &mut TextColor), (With<ModeText>, Without<MeterValue>)>,
    mut swatches: Query<&mut BackgroundColor, (With<ModeSwatch>, Without<MeterFill>)>,
    lang: Res<UiLang>,
    mut wake: ResMut<Wake>,
    mut was_moving: Local<bool>,
) {
    let Some(call) = call else { return };
    let now = time.elapsed_secs_f64();
    let state = call.run.session().state();
    let target = state.anger as f32;
    if (ease.to - target).abs() > f32::EPSILON {
        let (current, _) = ease.at(now);
        *ease = MeterEase { from: current, to: target, started: now };
    }
    let (value, moving) = ease.at(now);
    if moving {
        wake.now();
    } else if !call.is_changed() && !ease.is_changed() && !*was_moving {
        return;
    }
    *was_moving = moving;
    let color = theme::mode_color(state.mode);
    for (mut node, mut bg) in &mut fills {
        node.width = percent(value);
        if bg.0 != color {
            bg.0 = color;
        }
    }
    for mut node in &mut markers {
        node.left = percent(value);
    }
    let shown = format!("{}", value.round() as i32);
    for mut text in &mut values {
        if text.0 != shown {
            text.0 = shown.clone();
        }
    }
    let mode = mode_name(state.mode, lang.0);
    for (mut text, mut ink) in &mut modes {
        if text.0 != mode {
            text.0 = mode.clone();
        }
        let c = theme::mix(color, theme::INK, 0.35);
        if ink.0 != c {
            ink.0 = c;
        }
    }
    for mut bg in &mut swatches {
        if bg.0 != color {
            bg.0 = color;
        }
    }
}
