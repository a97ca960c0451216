//! "Say it first": before the replies show, the trainee types what they would say, in
//! their own words (an input method works for Chinese). Enter shows the replies with the
//! closest one to their words selected ([`crate::engine::call::closeness`]); the trainee confirms
//! it or picks another. The debrief shows their words beside the reply they chose.

use super::ActiveCall;
use crate::game::actions::{Action, Activate};
use crate::game::input::{Keys, Typing};
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::widgets;
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{Strings, strings};
use bevy::prelude::*;

/// The longest answer kept, in characters.
pub const MAX_WORDS: usize = 400;

/// The text of the field (tests read it).
#[derive(Component)]
pub struct WordsText;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnExit(Screen::Call), stop_typing);
    app.add_systems(
        Update,
        ((follow_typing, type_words).chain().in_set(GameSet::Actions), show_words.in_set(GameSet::View))
            .run_if(in_state(Screen::Call)),
    );
}

/// The field in the reply area while the trainee types.
pub(super) fn field(p: &mut ChildSpawnerCommands, words: &str, t: &Strings) {
    p.spawn(widgets::text(t.say_title, size::SMALL, theme::INK_FAINT));
    p.spawn(widgets::small(t.say_prompt));
    p.spawn((
        Node {
            padding: UiRect::axes(px(14), px(12)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(8)),
            min_height: px(52),
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(theme::PANEL_SOFT),
        BorderColor::all(theme::ACCENT),
    ))
    .with_children(|b| {
        b.spawn((WordsText, widgets::text(shown(words, t.say_placeholder), size::LARGE, theme::INK)));
    });
    p.spawn(Node { justify_content: JustifyContent::End, ..default() }).with_children(|row| {
        row.spawn(widgets::button(t.say_submit, Action::SubmitWords, true, 0));
    });
}

/// The field's text: the words with a caret, or the placeholder.
fn shown(words: &str, placeholder: &str) -> String {
    if words.is_empty() { format!("|  {placeholder}") } else { format!("{words}|") }
}

/// The keys go to the field while it is open, and the input method is on.
fn follow_typing(call: Option<Res<ActiveCall>>, mut typing: ResMut<Typing>, mut windows: Query<&mut Window>) {
    let Some(call) = call else { return };
    let composing = call.composing.is_some();
    if typing.0 != composing {
        typing.0 = composing;
        for mut w in &mut windows {
            w.ime_enabled = composing;
        }
    }
}

fn stop_typing(mut typing: ResMut<Typing>, mut windows: Query<&mut Window>) {
    if typing.0 {
        typing.0 = false;
        for mut w in &mut windows {
            w.ime_enabled = false;
        }
    }
}

fn type_words(
    keys: Res<Keys>,
    call: Option<ResMut<ActiveCall>>,
    mut activate: MessageWriter<Activate>,
    mut wake: ResMut<Wake>,
) {
    let Some(mut call) = call else { return };
    if call.composing.is_none() || !keys.any() || keys.ctrl || keys.escape() || call.leave_armed {
        return;
    }
    let Some(words) = call.composing.as_mut() else { return };
    if keys.just(KeyCode::Backspace) {
        words.pop();
    }
    for c in keys.text.chars() {
        if words.chars().count() < MAX_WORDS {
            words.push(c);
        }
    }
    if keys.enter() {
        activate.write(Activate(Action::SubmitWords));
    }
    wake.now();
}

fn show_words(call: Option<Res<ActiveCall>>, lang: Res<UiLang>, mut texts: Query<&mut Text, With<WordsText>>) {
    let Some(call) = call else { return };
    if !call.is_changed() {
        return;
    }
    let Some(words) = &call.composing else { return };
    let value = shown(words, strings(lang.0).say_placeholder);
    for mut text in &mut texts {
        if text.0 != value {
            text.0 = value.clone();
        }
    }
}
