//! Hot reload: trainers edit the dialogues while the game runs. A changed file is read
//! again; a broken one shows its problems (file, line, column) and its last good version
//! stays playable.

use crate::support::*;
use bevy::prelude::*;
use calmline::engine::Lang;
use calmline::game::library::Dialogues;
use calmline::game::{CallPhase, Screen};
use std::time::Duration;

fn wait_for(app: &mut App, what: &str, done: impl Fn(&mut App) -> bool) {
    for _ in 0..300 {
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
        app.update();
    }
    panic!("gave up waiting for {what}: {:?}", texts(app));
}

#[test]
fn edited_and_broken_files_while_the_game_runs() {
    let ws = Workspace::new();
    let mut config = ws.config();
    config.trainee = Some("Kim".into());
    config.lang = Some(Lang::En);
    config.watch = Some(Duration::from_millis(40));
    let mut app = game(config);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "The missing refund"));
    let file = ws.dialogues().join("en/refund.ron");
    let good = std::fs::read_to_string(&file).unwrap();

    // A trainer renames the call.
    std::fs::write(&file, good.replace("The missing refund", "The refund that never came")).unwrap();
    wait_for(&mut app, "the new title", |app| shows(app, "The refund that never came"));
    assert!(!shows(&mut app, "The missing refund"));
    assert!(shows(&mut app, "Dialogues reloaded. Calls ready: 2."));

    // Then breaks it: a reply leads to a node that does not exist.
    let broken = good.replace("The missing refund", "The refund that never came").replacen(
        "next: \"vented\"",
        "next: \"nowhere\"",
        1,
    );
    std::fs::write(&file, &broken).unwrap();
    wait_for(&mut app, "the problem", |app| shows(app, "Problems in the dialogue files"));
    let line = broken.lines().position(|l| l.contains("\"nowhere\"")).unwrap() + 1;
    let problem = texts(&mut app).into_iter().find(|t| t.contains("refund.ron:")).expect("the located problem");
    assert!(problem.starts_with(&format!("dialogues/en/refund.ron:{line}:")), "{problem}");
    assert!(problem.contains(": error: "), "{problem}");
    assert!(shows(&mut app, "Problems in the dialogue files: 1."));
    // The last good version is still offered, marked as such, and plays.
    assert!(shows(&mut app, "The refund that never came"));
    assert!(shows(&mut app, "last good version"));
    let d = app.world().resource::<Dialogues>();
    assert_eq!(d.stale.len(), 1);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Call);
    assert_eq!(call(&app).scenario().title, "The refund that never came");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit1);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    assert!(shows(&mut app, "I sent it back on the first") || shows(&mut app, "Returned on the first"));

    // A file that is not even RON is reported the same way, and nothing crashes.
    std::fs::write(ws.dialogues().join("en/new.ron"), "Scenario( id: \"new\", title: ").unwrap();
    wait_for(&mut app, "the syntax problem", |app| {
        app.world().resource::<Dialogues>().problems.iter().any(|d| d.file.ends_with("new.ron"))
    });
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(texts(&mut app).iter().any(|t| t.starts_with("dialogues/en/new.ron:1:")));

    // Fixed again: the problems go away.
    std::fs::write(&file, &good).unwrap();
    std::fs::remove_file(ws.dialogues().join("en/new.ron")).unwrap();
    wait_for(&mut app, "the fix", |app| !shows(app, "Problems in the dialogue files"));
    assert!(shows(&mut app, "The missing refund"));
    assert!(!shows(&mut app, "last good version"));
}
