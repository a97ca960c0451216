//! The records folder: reported on the first screen when it cannot be written, and
//! interrupted calls recovered at the next start.

use crate::support::*;
use bevy::prelude::*;
use calmline::engine::Lang;
use calmline::game::records::Records;
use calmline::game::{CallPhase, Screen};

#[test]
fn a_records_folder_that_cannot_be_written_is_reported_first() {
    let ws = Workspace::new();
    // A file where the folder should be: nothing can be saved there.
    std::fs::write(ws.records(), "not a folder").unwrap();
    let mut app = game(ws.config());
    assert_eq!(screen(&app), Screen::Name);
    assert!(app.world().resource::<Records>().store.is_err());
    assert!(shows(&mut app, "通话记录无法保存到"), "{:?}", texts(&mut app));

    // The trainee can still practise; the end of the call says the record was not saved.
    type_text(&mut app, "Gus");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    while phase(&app) == Some(CallPhase::Talking) {
        press(&mut app, KeyCode::Digit1);
    }
    assert!(shows(&mut app, "The record could not be saved"));
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "Call records cannot be saved in"), "the list repeats the problem");
}

#[test]
fn an_interrupted_call_is_recovered_at_the_next_start() {
    let ws = Workspace::new();
    let mut config = ws.config();
    config.trainee = Some("Hal".into());
    config.lang = Some(Lang::En);
    config.scenario = Some("refund".into());
    {
        let mut app = game(config.clone());
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Digit1);
        press(&mut app, KeyCode::Digit1);
        assert_eq!(call(&app).run.session().turns().len(), 2);
        // The game stops here without finishing: a crash, or the power going off.
    }
    assert!(ws.records_written().is_empty());
    let mut app = game(config);
    assert_eq!(app.world().resource::<Records>().recovered.len(), 1);
    assert!(shows(&mut app, "Calls interrupted last time, now saved as unfinished records: 1."));
    let records = ws.records_written();
    assert_eq!(records.len(), 1);
    assert!(!records[0].complete);
    assert_eq!(records[0].trainee, "Hal");
    assert_eq!(records[0].turns.len(), 2);
    assert_eq!(records[0].turns[0].node, "open");
}
