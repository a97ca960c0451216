//! What the trainee can do, whichever way they do it: a click, Enter on the focused
//! button, or a shortcut key all become one [`Activate`] message that the screens handle.

use crate::engine::Lang;
use crate::game::GameSet;
use crate::game::ui::focus::UiFocus;
use bevy::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    // The name screen.
    SubmitName,
    // The language screen.
    PickLang(Lang),
    // The scenario list.
    SelectScenario(usize),
    StartScenario(usize),
    StartSelected,
    ChangeName,
    ChangeLanguage,
    /// Switch the list between the course and all calls.
    ToggleCourseView,
    // The completion screen (its own action: the debrief's `ToList` that opened it is still
    // readable in the next frame).
    LeaveCompletion,
    // The call.
    Answer,
    Reply(usize),
    LeaveCall,
    ToDebrief,
    /// Ask the coach for a hint (practice only).
    Hint,
    /// Turn "say it first" on or off (practice only).
    ToggleSayFirst,
    /// The trainee's own words are typed: show the replies.
    SubmitWords,
    // The trainer preview.
    Jump(usize),
    SetAnger(u8),
    /// Raise (or lower) the anger by this much.
    AngerBy(i8),
    /// Open or close the call's map.
    ToggleMap,
    // The debrief.
    Retry,
    /// Replay the first `n` turns, then play on.
    RetryFrom(usize),
    ToList,
}

/// The trainee did `0`.
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activate(pub Action);

/// What a click (and Enter, when focused) on this node does.
#[derive(Component, Clone, Copy, Debug)]
pub struct OnPress(pub Action);

/// What Enter does on this focused node, when it differs from a click.
#[derive(Component, Clone, Copy, Debug)]
pub struct OnEnterKey(pub Action);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Activate>();
    app.add_systems(Update, pressed_buttons.in_set(GameSet::Actions));
}

fn pressed_buttons(
    buttons: Query<(Entity, &Interaction, &OnPress), Changed<Interaction>>,
    mut activate: MessageWriter<Activate>,
    mut focus: ResMut<UiFocus>,
) {
    for (entity, interaction, on_press) in &buttons {
        if *interaction == Interaction::Pressed {
            focus.set(entity);
            activate.write(Activate(on_press.0));
        }
    }
}
