//! The trainer preview (`--trainer`): the current node, a slider and steps for the
//! caller's anger, and a jump to any node, so a branch can be tried without replaying
//! the call. Each reply also shows its technique, expected anger change and next node
//! (see the reply buttons in `view.rs`).

use super::ActiveCall;
use crate::engine::Scenario;
use crate::game::GameSet;
use crate::game::actions::{Action, Activate, OnPress};
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::focus::Focusable;
use crate::game::ui::widgets::{self, ButtonLook};
use crate::text::Strings;
use bevy::prelude::*;
use bevy::ui::RelativeCursorPosition;

/// The anger track: pressing or dragging on it sets the anger.
#[derive(Component)]
struct AngerSlider;

/// A button that jumps to node `0`.
#[derive(Component)]
struct JumpButton(usize);

/// The focus order of the trainer's controls: after the replies.
const ORDER: u32 = 100;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (drag.in_set(GameSet::Actions), mark_current.in_set(GameSet::View)).run_if(in_state(Screen::Call)),
    );
}

/// The trainer's panel for `scenario`.
pub(super) fn panel(t: &Strings, scenario: &Scenario) -> impl Bundle {
    let steps: Vec<i8> = vec![-10, -5, 5, 10];
    let nodes: Vec<(usize, String)> = scenario.nodes.iter().enumerate().map(|(i, n)| (i, n.id.clone())).collect();
    (
        // Its full height: the side column scrolls when the window is short.
        Node { flex_shrink: 0.0, ..widgets::panel_node() },
        BackgroundColor(theme::PANEL),
        BorderColor::all(theme::INK),
        Children::spawn((
            Spawn((Node::default(), children![widgets::pill(t.trainer_badge, theme::INK, theme::ON_DARK)])),
            Spawn(widgets::text(t.trainer_anger, size::SMALL, theme::INK_FAINT)),
            Spawn((
                AngerSlider,
                Interaction::default(),
                RelativeCursorPosition::default(),
                super::meter::meter_track(scenario.persona(), true),
            )),
            Spawn((
                Node { column_gap: px(6), ..default() },
                Children::spawn(SpawnIter(
                    steps.into_iter().enumerate().map(|(k, d)| step_button(d, ORDER + k as u32)),
                )),
            )),
            Spawn((
                Node { justify_content: JustifyContent::SpaceBetween, align_items: AlignItems::Center, ..default() },
                children![
                    widgets::text(t.trainer_jump, size::SMALL, theme::INK_FAINT),
                    widgets::button(t.map_button, Action::ToggleMap, false, ORDER + 9),
                ],
            )),
            Spawn((
                Node { flex_wrap: FlexWrap::Wrap, column_gap: px(4), row_gap: px(4), flex_shrink: 0.0, ..default() },
                Children::spawn(SpawnIter(nodes.into_iter().map(|(i, id)| jump_button(i, id)))),
            )),
        )),
    )
}

fn step_button(delta: i8, order: u32) -> impl Bundle {
    let look = ButtonLook::secondary();
    (
        Button,
        OnPress(Action::AngerBy(delta)),
        Focusable(order),
        Node {
            padding: UiRect::axes(px(10), px(4)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(look.normal),
        BorderColor::all(theme::LINE),
        look,
        children![widgets::text(format!("{delta:+}"), size::SMALL, theme::INK)],
    )
}

fn jump_button(i: usize, id: String) -> impl Bundle {
    let look = ButtonLook::secondary();
    (
        Button,
        JumpButton(i),
        OnPress(Action::Jump(i)),
        Focusable(ORDER + 10 + i as u32),
        Node {
            padding: UiRect::axes(px(10), px(4)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(6)),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(look.normal),
        BorderColor::all(theme::LINE),
        look,
        children![widgets::text(id, size::SMALL, theme::INK)],
    )
}

fn drag(
    sliders: Query<(&Interaction, &RelativeCursorPosition), With<AngerSlider>>,
    call: Option<Res<ActiveCall>>,
    mut activate: MessageWriter<Activate>,
) {
    let Some(call) = call else { return };
    for (interaction, cursor) in &sliders {
        if *interaction != Interaction::Pressed {
            continue;
        }
        let Some(at) = cursor.normalized else { continue };
        let anger = ((at.x + 0.5) * 100.0).round().clamp(0.0, 100.0) as u8;
        if anger != call.run.session().state().anger {
            activate.write(Activate(Action::SetAnger(anger)));
        }
    }
}

fn mark_current(call: Option<Res<ActiveCall>>, mut buttons: Query<(&JumpButton, &mut ButtonLook)>) {
    let Some(call) = call else { return };
    if !call.is_changed() {
        return;
    }
    let current = call.run.session().node_index();
    for (button, mut look) in &mut buttons {
        let selected = button.0 == current;
        if look.is_selected != selected {
            look.is_selected = selected;
        }
    }
}
