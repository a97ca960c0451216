//! The same session with the mouse: every step is a button press.

use crate::support::*;
use calmline::engine::Lang;
use calmline::game::actions::Action;
use calmline::game::autoplay::best_reply;
use calmline::game::{CallPhase, Screen};

#[test]
fn a_trainee_takes_a_whole_call_by_mouse() {
    let ws = Workspace::new();
    let mut app = game(ws.config());
    type_text(&mut app, "Dee");
    click(&mut app, |a| a == Action::SubmitName);
    assert_eq!(screen(&app), Screen::Language);
    click(&mut app, |a| a == Action::PickLang(Lang::En));
    assert_eq!(screen(&app), Screen::Scenarios);

    // A click on a row selects it; the button starts it.
    click(&mut app, |a| a == Action::SelectScenario(0));
    assert!(shows(&mut app, "Ms Park's line dropped twice"));
    click(&mut app, |a| a == Action::StartSelected);
    assert_eq!(screen(&app), Screen::Call);
    assert_eq!(call(&app).scenario().id, "timed");
    click(&mut app, |a| a == Action::Answer);
    assert_eq!(phase(&app), Some(CallPhase::Talking));

    while phase(&app) == Some(CallPhase::Talking) {
        let reply = best_reply(call(&app).run.session());
        click(&mut app, |a| a == Action::Reply(reply));
    }
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    let turns = call(&app).run.session().turns().len();
    click(&mut app, |a| a == Action::ToDebrief);
    assert_eq!(screen(&app), Screen::Debrief);

    // Retry from turn 2: the first reply is replayed with the same seed.
    let first = call(&app).run.session().choices()[0].clone();
    click(&mut app, |a| a == Action::RetryFrom(1));
    assert_eq!(screen(&app), Screen::Call);
    settle(&mut app);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    let c = call(&app);
    assert_eq!(c.run.session().turns().len(), 1);
    assert_eq!(c.run.session().choices()[0], first);
    assert_eq!(c.replayed, 1);
    assert!(turns > 1);
    // The replayed turn is in the transcript and in the new journal.
    assert!(shows(&mut app, "So the line went dead twice this morning"));

    click(&mut app, |a| a == Action::Reply(0));
    click(&mut app, |a| a == Action::Reply(0));
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    click(&mut app, |a| a == Action::ToDebrief);
    click(&mut app, |a| a == Action::ToList);
    assert_eq!(screen(&app), Screen::Scenarios);
    let records = ws.records_written();
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|r| r.complete && r.trainee == "Dee"));
    let retried = records.iter().find(|r| r.turns.len() == 3).expect("the retried call");
    assert_eq!(retried.turns[0].choice, first.reply);
}

#[test]
fn the_list_buttons_change_trainee_and_language() {
    let ws = Workspace::new();
    let mut app = game(ws.config());
    type_text(&mut app, "Eve");
    press(&mut app, bevy::prelude::KeyCode::Enter);
    click(&mut app, |a| a == Action::PickLang(Lang::ZhHans));
    click(&mut app, |a| a == Action::ChangeLanguage);
    assert_eq!(screen(&app), Screen::Language);
    click(&mut app, |a| a == Action::PickLang(Lang::En));
    click(&mut app, |a| a == Action::ChangeName);
    assert_eq!(screen(&app), Screen::Name);
    assert!(shows(&mut app, "Eve|"), "the name field starts with the current name");
}
