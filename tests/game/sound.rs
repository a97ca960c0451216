//! What the trainee hears and what a screen reader is told, headless: the sounds and the
//! spoken lines a whole call asks for, in order; a recorded clip over speech; mute (key M),
//! remembered; the replies read on focus; and the accessibility tree of the call screen.
//! (`window.rs` plays a voiced call in a real window with the real device and speech engine.)

use crate::support::*;
use accesskit::Role;
use bevy::a11y::AccessibilityNode;
use bevy::prelude::*;
use calmline::engine::Lang;
use calmline::engine::call::sound::ToneRegion;
use calmline::game::CallPhase;
use calmline::game::audio::{Heard, SoundLog, SoundPrefs};
use calmline::game::config::GameConfig;
use calmline::game::screens::call::{MeterTrack, Transcript};
use std::path::PathBuf;

/// The sound fixtures: the call `voiced`, with clips for `heard` and the ending `gone`.
pub fn sound_dialogues() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sound/dialogues")
}

fn voiced(ws: &Workspace) -> GameConfig {
    let mut c = ws.config();
    c.dialogues = sound_dialogues();
    c.trainee = Some("Ade".into());
    c.lang = Some(Lang::En);
    c.scenario = Some("voiced".into());
    c
}

fn log(app: &App) -> Vec<String> {
    app.world().resource::<SoundLog>().0.iter().map(|h| h.to_string()).collect()
}

fn clip(id: &str) -> String {
    let path = sound_dialogues().join("voices/en/voiced").join(format!("{id}.ogg"));
    format!("clip {id} {}", path.display())
}

/// The log lines with the speech style left out, which `style_rises_with_anger` checks.
fn plain(log: &[String]) -> Vec<String> {
    log.iter()
        .map(|l| match l.strip_prefix("speech ") {
            Some(rest) => {
                let mut words = rest.splitn(6, ' ');
                let id = words.next().unwrap_or("");
                let text = words.nth(4).unwrap_or("");
                format!("speech {id} {text}")
            }
            None => l.clone(),
        })
        .collect()
}

#[test]
fn a_whole_call_is_heard_in_order_with_the_clip_over_speech() {
    let ws = Workspace::new();
    let mut app = game(voiced(&ws));
    assert_eq!(phase(&app), Some(CallPhase::Ringing));
    assert_eq!(log(&app), ["tone ring north_america"], "the phone rings until it is answered");
    for _ in 0..10 {
        app.update();
    }
    assert_eq!(log(&app).len(), 1, "one ring, looping");
    press(&mut app, KeyCode::Enter);
    for key in [KeyCode::Digit1, KeyCode::Digit1, KeyCode::Digit1] {
        press(&mut app, key);
    }
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    settle(&mut app);
    assert_eq!(
        plain(&log(&app)),
        [
            "tone ring north_america".to_string(),
            "tone pick-up".into(),
            "speech open My parcel went to the wrong address. Again.".into(),
            // The persona's agreement line (the call has none of its own), then the clip.
            "speech agree Yes, exactly.".into(),
            clip("heard"),
            "speech agree Yes, exactly.".into(),
            "speech calmer It is. So what now?".into(),
            "speech done By six. Thank you.".into(),
            "tone hang-up".into(),
        ],
        "{:#?}",
        log(&app)
    );
}

#[test]
fn a_caller_who_hangs_up_leaves_the_engaged_tone() {
    let ws = Workspace::new();
    let mut app = game(voiced(&ws));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    settle(&mut app);
    assert_eq!(
        plain(&log(&app)),
        [
            "tone ring north_america".to_string(),
            "tone pick-up".into(),
            "speech open My parcel went to the wrong address. Again.".into(),
            clip("gone"),
            "tone hang-up".into(),
            "tone engaged north_america".into(),
        ]
    );
}

#[test]
fn style_rises_with_anger() {
    let ws = Workspace::new();
    let mut app = game(voiced(&ws));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit1);
    let rates: Vec<f32> = app
        .world()
        .resource::<SoundLog>()
        .0
        .iter()
        .filter_map(|h| match h {
            Heard::Speech { rate, .. } => Some(*rate),
            _ => None,
        })
        .collect();
    assert_eq!(rates.len(), 4, "open, agree, agree and calmer are spoken: {:?}", log(&app));
    assert!(rates.windows(2).all(|w| w[1] <= w[0]), "a calming caller slows down: {rates:?}");
    assert!(rates[3] < rates[0], "{rates:?}");
}

#[test]
fn chinese_calls_ring_with_their_own_network_and_the_setting_wins() {
    let ws = Workspace::new();
    let mut c = ws.config();
    c.trainee = Some("Ade".into());
    c.lang = Some(Lang::ZhHans);
    c.scenario = Some("refund".into());
    let app = game(c.clone());
    assert_eq!(log(&app), ["tone ring china"]);
    c.lang = Some(Lang::ZhHant);
    let app = game(c.clone());
    assert_eq!(log(&app), ["tone ring taiwan"]);
    c.sound.overrides.tones = Some(ToneRegion::NorthAmerica);
    let app = game(c);
    assert_eq!(log(&app), ["tone ring north_america"]);
}

#[test]
fn m_mutes_at_once_and_is_remembered() {
    let ws = Workspace::new();
    let mut app = game(voiced(&ws));
    press(&mut app, KeyCode::KeyM);
    assert!(app.world().resource::<SoundPrefs>().0.muted);
    assert!(shows(&mut app, "Sound off"), "{:?}", texts(&mut app));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(log(&app), ["tone ring north_america"], "nothing plays while muted");
    let saved = std::fs::read_to_string(ws.settings()).unwrap();
    assert!(saved.contains("muted: true"), "{saved}");
    // The next session starts muted; M turns the sound back on.
    let mut app = game(voiced(&ws));
    assert!(app.world().resource::<SoundPrefs>().0.muted);
    assert!(log(&app).is_empty(), "{:?}", log(&app));
    press(&mut app, KeyCode::KeyM);
    assert!(!app.world().resource::<SoundPrefs>().0.muted);
    assert!(std::fs::read_to_string(ws.settings()).unwrap().contains("muted: false"));
}

#[test]
fn without_the_voice_the_lines_are_shown_and_the_phone_still_rings() {
    let ws = Workspace::new();
    let mut c = voiced(&ws);
    c.sound.overrides.voice = Some(false);
    let mut app = game(c);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit2);
    assert!(shows(&mut app, "Don't tell me to calm down."));
    assert_eq!(log(&app), ["tone ring north_america", "tone pick-up", "tone hang-up", "tone engaged north_america"]);
}

#[test]
fn replies_are_read_aloud_on_focus_when_asked() {
    let ws = Workspace::new();
    let mut c = voiced(&ws);
    c.sound.overrides.read_replies = Some(true);
    let mut app = game(c);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::ArrowDown);
    let replies: Vec<String> = log(&app).into_iter().filter(|l| l.starts_with("reply ")).collect();
    assert_eq!(
        replies,
        [
            "reply 1. So your parcel was delivered to the wrong address, and not for the first time. Is that right?",
            "reply 2. Calm down, sir.",
        ]
    );
}

fn node_of(app: &mut App, entity: Entity) -> Option<(Role, String)> {
    let n = app.world().get::<AccessibilityNode>(entity)?;
    Some((n.role(), n.label().unwrap_or_default().to_string()))
}

#[test]
fn the_call_screen_names_every_control_for_a_screen_reader() {
    let ws = Workspace::new();
    let mut app = game(voiced(&ws));
    press(&mut app, KeyCode::Enter);
    settle(&mut app);
    let world = app.world_mut();
    let buttons: Vec<Entity> = world.query_filtered::<Entity, With<Button>>().iter(world).collect();
    assert!(buttons.len() >= 2, "the replies at least");
    for b in &buttons {
        let (role, label) = node_of(&mut app, *b).unwrap_or_else(|| panic!("button {b} has no accessibility node"));
        assert_eq!(role, Role::Button);
        assert!(!label.trim().is_empty(), "button {b} has no name");
    }
    let world = app.world_mut();
    let labels: Vec<String> = buttons
        .iter()
        .filter_map(|b| world.get::<AccessibilityNode>(*b).and_then(|n| n.label().map(str::to_string)))
        .collect();
    assert!(labels.contains(&"2 Calm down, sir.".to_string()), "{labels:?}");
    let meter = app.world_mut().query_filtered::<Entity, With<MeterTrack>>().single(app.world()).unwrap();
    assert_eq!(node_of(&mut app, meter), Some((Role::Meter, "Anger 70, attack mode".into())));
    assert_eq!(app.world().get::<AccessibilityNode>(meter).unwrap().numeric_value(), Some(70.0));
    let log_node = app.world_mut().query_filtered::<Entity, With<Transcript>>().single(app.world()).unwrap();
    assert_eq!(node_of(&mut app, log_node), Some((Role::Log, "Conversation".into())));
    let lines: Vec<Entity> = app.world().get::<Children>(log_node).unwrap().iter().collect();
    assert!(!lines.is_empty());
    for l in lines {
        let (role, label) = node_of(&mut app, l).expect("each transcript line is named");
        assert_eq!(role, Role::Paragraph);
        assert!(label.contains("My parcel went to the wrong address."), "{label}");
    }
    assert_eq!(announcer(&mut app), "Caller: My parcel went to the wrong address. Again.");
    press(&mut app, KeyCode::Digit2);
    assert_eq!(announcer(&mut app), "The call has ended: caller hung up. Don't tell me to calm down.");
}

fn announcer(app: &mut App) -> String {
    let world = app.world_mut();
    let mut q = world.query::<(&Name, &AccessibilityNode)>();
    let found: Vec<(Role, String)> = q
        .iter(world)
        .filter(|(n, _)| n.as_str() == "announcer")
        .map(|(_, a)| (a.role(), a.label().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(found.len(), 1, "one announcer");
    assert_eq!(found[0].0, Role::Status);
    found[0].1.clone()
}
