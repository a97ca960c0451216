//! What the game remembers: the name, the language, the text size.

use crate::support::*;
use bevy::prelude::*;
use bevy::text::RemSize;
use calmline::engine::Lang;
use calmline::game::settings::Settings;
use calmline::game::theme::BASE_TEXT_PX;
use calmline::game::{Screen, UiLang};

#[test]
fn name_language_and_text_size_are_remembered() {
    let ws = Workspace::new();
    {
        let mut app = game(ws.config());
        type_text(&mut app, "Ivy");
        press(&mut app, KeyCode::Enter);
        // From 简体中文 past 繁體中文 to English.
        press(&mut app, KeyCode::ArrowRight);
        press(&mut app, KeyCode::ArrowRight);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.world().resource::<UiLang>().0, Lang::En);
        chord(&mut app, KeyCode::ControlLeft, KeyCode::Equal);
        chord(&mut app, KeyCode::ControlLeft, KeyCode::Equal);
        assert_eq!(app.world().resource::<RemSize>().0, BASE_TEXT_PX * 1.25);
        assert!(shows(&mut app, "Text size 125%"));
        // Ctrl with a digit changes nothing on the list.
        assert_eq!(screen(&app), Screen::Scenarios);
    }
    let saved = Settings::load(&ws.settings()).0;
    assert_eq!(
        saved,
        Settings { trainee: "Ivy".into(), lang: Some(Lang::En), text_scale: 1.25, ..Settings::default() }
    );

    // Next time: the name is filled in, English is chosen, the text is as large.
    let mut app = game(ws.config());
    assert_eq!(screen(&app), Screen::Name);
    assert!(shows(&mut app, "Ivy|"));
    assert_eq!(app.world().resource::<UiLang>().0, Lang::En);
    assert!(shows(&mut app, "Who is taking calls today?"));
    assert_eq!(app.world().resource::<RemSize>().0, BASE_TEXT_PX * 1.25);
    chord(&mut app, KeyCode::ControlLeft, KeyCode::Minus);
    chord(&mut app, KeyCode::ControlLeft, KeyCode::Minus);
    chord(&mut app, KeyCode::ControlLeft, KeyCode::Minus);
    assert_eq!(app.world().resource::<RemSize>().0, BASE_TEXT_PX * 0.9);
    chord(&mut app, KeyCode::ControlLeft, KeyCode::Digit0);
    assert_eq!(app.world().resource::<RemSize>().0, BASE_TEXT_PX);
    assert!(!shows(&mut app, "Ivy0"), "Ctrl+0 is not typed into the name");
}

#[test]
fn command_line_choices_are_not_remembered() {
    let ws = Workspace::new();
    let mut config = ws.config();
    config.trainee = Some("Jo".into());
    config.lang = Some(Lang::En);
    let app = game(config);
    assert_eq!(screen(&app), Screen::Scenarios);
    drop(app);
    assert!(!ws.settings().exists(), "nothing chosen on screen, nothing saved");
}

#[test]
fn a_broken_settings_file_gives_the_defaults() {
    let ws = Workspace::new();
    std::fs::create_dir_all(ws.settings().parent().unwrap()).unwrap();
    std::fs::write(ws.settings(), "(trainee: \"unterminated").unwrap();
    let mut app = game(ws.config());
    assert_eq!(screen(&app), Screen::Name);
    assert!(shows(&mut app, "无法读取或保存你的设置"));
    assert_eq!(app.world().resource::<Settings>(), &Settings::default());
}
