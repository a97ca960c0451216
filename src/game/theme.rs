//! Colours and text sizes. The meter and chart colours come from the Okabe-Ito palette,
//! which stays distinguishable with the common forms of colour blindness; the mode is
//! always written out as well, never shown by colour alone.

use crate::engine::{Family, Mode, Technique};
use bevy::prelude::*;

const fn hex(rgb: u32) -> Color {
    Color::srgb(((rgb >> 16) & 0xff) as f32 / 255.0, ((rgb >> 8) & 0xff) as f32 / 255.0, (rgb & 0xff) as f32 / 255.0)
}

pub const BACKGROUND: Color = hex(0xF3F0E8);
pub const PANEL: Color = hex(0xFFFFFF);
pub const PANEL_SOFT: Color = hex(0xF8F6F1);
pub const LINE: Color = hex(0xDAD4C6);
pub const INK: Color = hex(0x1E2A33);
pub const INK_SOFT: Color = hex(0x4A5864);
pub const INK_FAINT: Color = hex(0x7C8792);
pub const ON_DARK: Color = hex(0xFFFFFF);

pub const ACCENT: Color = hex(0x0E6B63);
pub const ACCENT_HOVER: Color = hex(0x0B5751);
pub const ACCENT_SOFT: Color = hex(0xDDEFEB);
pub const FOCUS_RING: Color = hex(0x1B3A8C);

pub const BUTTON: Color = hex(0xFFFFFF);
pub const BUTTON_HOVER: Color = hex(0xEEF5F3);
pub const BUTTON_PRESSED: Color = hex(0xD6EAE5);

pub const CALLER_BUBBLE: Color = hex(0xFFFFFF);
pub const YOU_BUBBLE: Color = hex(0xDDEFEB);

pub const WARNING_BG: Color = hex(0xFFF1D6);
pub const WARNING_INK: Color = hex(0x6B4400);
pub const ERROR_BG: Color = hex(0xFBE3DA);
pub const ERROR_INK: Color = hex(0x7A2A0C);

/// Okabe-Ito: blue, orange, vermillion for reasoning, emotion, attack.
pub const REASONING: Color = hex(0x0072B2);
pub const EMOTION: Color = hex(0xE69F00);
pub const ATTACK: Color = hex(0xD55E00);
/// Okabe-Ito sky blue, bluish green, reddish purple for the chart markers.
pub const SKY: Color = hex(0x56B4E9);
pub const GREEN: Color = hex(0x009E73);
pub const PURPLE: Color = hex(0xCC79A7);
pub const GREY: Color = hex(0x8C959D);

pub fn mode_color(mode: Mode) -> Color {
    match mode {
        Mode::Attack => ATTACK,
        Mode::Emotion => EMOTION,
        Mode::Reasoning => REASONING,
    }
}

/// The mode's colour mixed with white, for bands behind text.
pub fn mode_band(mode: Mode) -> Color {
    mix(mode_color(mode), Color::WHITE, 0.78)
}

/// `a` moved `t` of the way towards `b`.
pub fn mix(a: Color, b: Color, t: f32) -> Color {
    let a = a.to_srgba();
    let b = b.to_srgba();
    Color::srgba(
        a.red + (b.red - a.red) * t,
        a.green + (b.green - a.green) * t,
        a.blue + (b.blue - a.blue) * t,
        a.alpha + (b.alpha - a.alpha) * t,
    )
}

/// A marker's shape, so the chart does not depend on colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Cross,
    Ring,
    Dot,
}

/// How a reply's technique is marked on the debrief chart; `None` is a silence.
pub fn technique_marker(technique: Option<Technique>) -> (Color, Shape) {
    match technique.map(Technique::family) {
        Some(Family::Stage1) => (SKY, Shape::Circle),
        Some(Family::Stage2) => (GREEN, Shape::Square),
        Some(Family::Service) => (PURPLE, Shape::Diamond),
        Some(Family::Mistake) => (ATTACK, Shape::Cross),
        Some(Family::Neutral) => (GREY, Shape::Dot),
        None => (INK_FAINT, Shape::Ring),
    }
}

/// Text sizes, in multiples of the root size that Ctrl +/- changes.
pub mod size {
    pub const SMALL: f32 = 0.82;
    pub const BODY: f32 = 1.0;
    pub const LARGE: f32 = 1.2;
    pub const TITLE: f32 = 1.6;
    pub const HUGE: f32 = 2.6;
}

/// The root text size in pixels at 100%.
pub const BASE_TEXT_PX: f32 = 17.0;
