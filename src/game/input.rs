//! Keyboard input, read from the raw `KeyboardInput` messages so that headless tests can
//! inject key presses exactly as the window delivers them. Also Ctrl +/- for the text size.

use crate::game::notices::{Notice, Notices};
use crate::game::settings::{SaveSettings, Settings};
use crate::game::theme::BASE_TEXT_PX;
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, strings};
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::MouseWheel;
use bevy::prelude::*;
use bevy::text::RemSize;
use bevy::window::Ime;

/// The keys pressed this frame, the text typed, and the modifiers held.
#[derive(Resource, Default, Debug)]
pub struct Keys {
    /// Keys pressed without Ctrl.
    pub pressed: Vec<KeyCode>,
    /// Keys pressed while Ctrl was held (Ctrl +, Ctrl -, Ctrl 0).
    pub chords: Vec<KeyCode>,
    /// Printable text typed this frame (from the keyboard or an input method).
    pub text: String,
    pub ctrl: bool,
    pub shift: bool,
}

impl Keys {
    pub fn just(&self, key: KeyCode) -> bool {
        self.pressed.contains(&key)
    }

    pub fn any(&self) -> bool {
        !self.pressed.is_empty()
    }

    /// Whether `key` was pressed with Ctrl held.
    pub fn chord(&self, key: KeyCode) -> bool {
        self.chords.contains(&key)
    }

    /// A digit key 1-9 pressed without Ctrl, as an index 0-8.
    pub fn digit(&self) -> Option<usize> {
        self.pressed.iter().find_map(|k| digit_of(*k))
    }

    pub fn enter(&self) -> bool {
        self.just(KeyCode::Enter) || self.just(KeyCode::NumpadEnter)
    }

    pub fn escape(&self) -> bool {
        self.just(KeyCode::Escape)
    }
}

fn digit_of(key: KeyCode) -> Option<usize> {
    use KeyCode::*;
    let n = match key {
        Digit1 | Numpad1 => 1,
        Digit2 | Numpad2 => 2,
        Digit3 | Numpad3 => 3,
        Digit4 | Numpad4 => 4,
        Digit5 | Numpad5 => 5,
        Digit6 | Numpad6 => 6,
        Digit7 | Numpad7 => 7,
        Digit8 | Numpad8 => 8,
        Digit9 | Numpad9 => 9,
        _ => return None,
    };
    Some(n - 1)
}

/// True while a text field takes the typed keys (the name screen): arrows, digits and
/// Space then do not navigate.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typing(pub bool);

/// A key press as the window reports it, for tests and scripted input.
pub fn key_press(key: KeyCode) -> KeyboardInput {
    let (logical_key, text) = match key_text(key) {
        Some(t) => (Key::Character(t.into()), Some(t.into())),
        None => (named_key(key), None),
    };
    KeyboardInput {
        key_code: key,
        logical_key,
        state: ButtonState::Pressed,
        text,
        repeat: false,
        window: Entity::PLACEHOLDER,
    }
}

/// Text typed as one key press (a name, or what an input method delivers).
pub fn typed(text: &str) -> KeyboardInput {
    use bevy::input::keyboard::NativeKeyCode;
    KeyboardInput {
        key_code: KeyCode::Unidentified(NativeKeyCode::Unidentified),
        logical_key: Key::Character(text.into()),
        state: ButtonState::Pressed,
        text: Some(text.into()),
        repeat: false,
        window: Entity::PLACEHOLDER,
    }
}

/// The matching release.
pub fn key_release(key: KeyCode) -> KeyboardInput {
    KeyboardInput { state: ButtonState::Released, text: None, ..key_press(key) }
}

fn key_text(key: KeyCode) -> Option<&'static str> {
    use KeyCode::*;
    Some(match key {
        Digit0 => "0",
        Digit1 => "1",
        Digit2 => "2",
        Digit3 => "3",
        Digit4 => "4",
        Digit5 => "5",
        Digit6 => "6",
        Digit7 => "7",
        Digit8 => "8",
        Digit9 => "9",
        KeyA => "a",
        KeyR => "r",
        Space => " ",
        Minus => "-",
        Equal => "=",
        _ => return None,
    })
}

fn named_key(key: KeyCode) -> Key {
    use bevy::input::keyboard::NativeKey;
    match key {
        KeyCode::Enter | KeyCode::NumpadEnter => Key::Enter,
        KeyCode::Escape => Key::Escape,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::ArrowUp => Key::ArrowUp,
        KeyCode::ArrowDown => Key::ArrowDown,
        KeyCode::ArrowLeft => Key::ArrowLeft,
        KeyCode::ArrowRight => Key::ArrowRight,
        KeyCode::Tab => Key::Tab,
        KeyCode::ControlLeft | KeyCode::ControlRight => Key::Control,
        KeyCode::ShiftLeft | KeyCode::ShiftRight => Key::Shift,
        _ => Key::Unidentified(NativeKey::Unidentified),
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<KeyboardInput>();
    app.add_message::<MouseWheel>();
    app.add_message::<Ime>();
    app.init_resource::<Keys>();
    app.init_resource::<Typing>();
    let scale = app.world().resource::<Settings>().text_scale;
    app.insert_resource(RemSize(BASE_TEXT_PX * scale));
    app.add_systems(Update, (collect_keys, text_size).chain().in_set(GameSet::Input));
}

fn collect_keys(mut keys: ResMut<Keys>, mut input: MessageReader<KeyboardInput>, mut ime: MessageReader<Ime>) {
    keys.pressed.clear();
    keys.chords.clear();
    keys.text.clear();
    for k in input.read() {
        let down = k.state == ButtonState::Pressed;
        match k.key_code {
            KeyCode::ControlLeft | KeyCode::ControlRight | KeyCode::SuperLeft | KeyCode::SuperRight => keys.ctrl = down,
            KeyCode::ShiftLeft | KeyCode::ShiftRight => keys.shift = down,
            _ => {}
        }
        if !down {
            continue;
        }
        // Held keys repeat only for editing and moving, never for choices.
        let repeatable = matches!(
            k.key_code,
            KeyCode::Backspace | KeyCode::ArrowUp | KeyCode::ArrowDown | KeyCode::ArrowLeft | KeyCode::ArrowRight
        );
        if k.repeat && !repeatable {
            continue;
        }
        let modifier = matches!(
            k.key_code,
            KeyCode::ControlLeft | KeyCode::ControlRight | KeyCode::SuperLeft | KeyCode::SuperRight
        );
        if keys.ctrl && !modifier {
            keys.chords.push(k.key_code);
            continue;
        }
        keys.pressed.push(k.key_code);
        if let Some(text) = &k.text {
            keys.text.extend(text.chars().filter(|c| !c.is_control()));
        }
    }
    for event in ime.read() {
        if let Ime::Commit { value, .. } = event {
            keys.text.extend(value.chars().filter(|c| !c.is_control()));
        }
    }
}

fn text_size(
    keys: Res<Keys>,
    mut settings: ResMut<Settings>,
    mut rem: ResMut<RemSize>,
    mut save: MessageWriter<SaveSettings>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    if keys.chords.is_empty() {
        return;
    }
    let before = settings.text_scale;
    if keys.chord(KeyCode::Equal) || keys.chord(KeyCode::NumpadAdd) {
        settings.step_text(1);
    } else if keys.chord(KeyCode::Minus) || keys.chord(KeyCode::NumpadSubtract) {
        settings.step_text(-1);
    } else if keys.chord(KeyCode::Digit0) || keys.chord(KeyCode::Numpad0) {
        settings.text_scale = 1.0;
    } else {
        return;
    }
    rem.0 = BASE_TEXT_PX * settings.text_scale;
    if settings.text_scale != before {
        save.write(SaveSettings);
    }
    let percent = (settings.text_scale * 100.0).round() as i32;
    notices.toast(Notice::info(fill(strings(lang.0).text_size, &[&percent])), time.elapsed_secs_f64(), 2.0);
    wake.now();
}
