//! Widget helpers: each returns a bundle (with its children) for `commands.spawn(...)`.
//! Text sizes are in rem so that Ctrl +/- scales every text at once.

use crate::game::actions::{Action, OnPress};
use crate::game::theme::{self, size};
use crate::game::ui::focus::Focusable;
use bevy::prelude::*;

/// The feeling of a banner or badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Info,
    Good,
    Warning,
    Error,
}

impl Tone {
    pub fn colors(self) -> (Color, Color) {
        match self {
            Tone::Info => (theme::ACCENT_SOFT, theme::ACCENT_HOVER),
            Tone::Good => (theme::mix(theme::GREEN, Color::WHITE, 0.82), theme::mix(theme::GREEN, Color::BLACK, 0.45)),
            Tone::Warning => (theme::WARNING_BG, theme::WARNING_INK),
            Tone::Error => (theme::ERROR_BG, theme::ERROR_INK),
        }
    }
}

/// Text at `rem` times the root size.
pub fn text(value: impl Into<String>, rem: f32, color: Color) -> impl Bundle {
    (Text::new(value), TextFont { font_size: FontSize::Rem(rem), ..default() }, TextColor(color))
}

/// Body text in the main ink colour.
pub fn body(value: impl Into<String>) -> impl Bundle {
    text(value, size::BODY, theme::INK)
}

/// Small secondary text.
pub fn small(value: impl Into<String>) -> impl Bundle {
    text(value, size::SMALL, theme::INK_SOFT)
}

/// A heading: larger text in the main ink colour. (The shipped font has one weight;
/// asking for bold would fall back to a font without Chinese.)
pub fn heading(value: impl Into<String>, rem: f32) -> impl Bundle {
    text(value, rem, theme::INK)
}

/// A full-window screen that is removed when the game leaves `state`.
pub fn screen_root<S: States>(state: S) -> impl Bundle {
    (
        Name::new("screen"),
        DespawnOnExit(state),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(28), px(20)),
            row_gap: px(14),
            ..default()
        },
        BackgroundColor(theme::BACKGROUND),
    )
}

/// The layout of a card: a padded column with a rounded border.
pub fn panel_node() -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(16)),
        row_gap: px(8),
        border: UiRect::all(px(1)),
        border_radius: BorderRadius::all(px(10)),
        ..default()
    }
}

/// A white card with a soft border, laid out by `node` (start from [`panel_node`]).
pub fn card(node: Node) -> impl Bundle {
    (node, BackgroundColor(theme::PANEL), BorderColor::all(theme::LINE))
}

/// A white card with the default layout.
pub fn panel() -> impl Bundle {
    card(panel_node())
}

/// A coloured message box.
pub fn banner(tone: Tone, value: &str) -> impl Bundle {
    let (bg, ink) = tone.colors();
    (
        Node {
            padding: UiRect::axes(px(14), px(10)),
            border: UiRect::left(px(5)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(bg),
        BorderColor::all(ink),
        children![text(value.to_string(), size::SMALL, ink)],
    )
}

/// A small rounded label.
pub fn pill(value: impl Into<String>, bg: Color, ink: Color) -> impl Bundle {
    (
        Node { padding: UiRect::axes(px(10), px(3)), border_radius: BorderRadius::all(px(999)), ..default() },
        BackgroundColor(bg),
        children![text(value, size::SMALL, ink)],
    )
}

/// How a button looks in each state. `selected` marks a chosen row in a list.
#[derive(Component, Clone, Copy, Debug)]
pub struct ButtonLook {
    pub normal: Color,
    pub hover: Color,
    pub pressed: Color,
    pub selected: Option<Color>,
    pub is_selected: bool,
}

impl ButtonLook {
    pub fn primary() -> ButtonLook {
        ButtonLook {
            normal: theme::ACCENT,
            hover: theme::ACCENT_HOVER,
            pressed: theme::ACCENT_HOVER,
            selected: None,
            is_selected: false,
        }
    }

    pub fn secondary() -> ButtonLook {
        ButtonLook {
            normal: theme::BUTTON,
            hover: theme::BUTTON_HOVER,
            pressed: theme::BUTTON_PRESSED,
            selected: Some(theme::ACCENT_SOFT),
            is_selected: false,
        }
    }

    pub fn color(&self, interaction: Interaction) -> Color {
        match interaction {
            Interaction::Pressed => self.pressed,
            Interaction::Hovered => self.hover,
            Interaction::None => match (self.is_selected, self.selected) {
                (true, Some(c)) => c,
                _ => self.normal,
            },
        }
    }
}

/// A labelled button: `order` places it in the keyboard focus order.
pub fn button(label: impl Into<String>, action: Action, primary: bool, order: u32) -> impl Bundle {
    let look = if primary { ButtonLook::primary() } else { ButtonLook::secondary() };
    let ink = if primary { theme::ON_DARK } else { theme::INK };
    (
        Button,
        OnPress(action),
        Focusable(order),
        Node {
            padding: UiRect::axes(px(18), px(10)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(8)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(look.normal),
        BorderColor::all(if primary { theme::ACCENT } else { theme::LINE }),
        look,
        children![text(label, size::BODY, ink)],
    )
}

/// A key hint line at the bottom of a screen.
pub fn hint(value: impl Into<String>) -> impl Bundle {
    text(value, size::SMALL, theme::INK_FAINT)
}

/// A fixed-size coloured square or dot.
pub fn swatch(color: Color, side: f32, round: bool) -> impl Bundle {
    (
        Node {
            width: px(side),
            height: px(side),
            flex_shrink: 0.0,
            border_radius: BorderRadius::all(if round { px(side) } else { px(2) }),
            ..default()
        },
        BackgroundColor(color),
    )
}

pub(super) fn plugin(app: &mut App) {
    // After every `Update` system: a view that marks a button selected in the same frame
    // is painted in that frame (the window may not draw another one until the next input).
    app.add_systems(PostUpdate, paint_buttons);
}

fn paint_buttons(
    mut buttons: Query<
        (&Interaction, &ButtonLook, &mut BackgroundColor),
        Or<(Changed<Interaction>, Changed<ButtonLook>)>,
    >,
) {
    for (interaction, look, mut bg) in &mut buttons {
        let color = look.color(*interaction);
        if bg.0 != color {
            bg.0 = color;
        }
    }
}
