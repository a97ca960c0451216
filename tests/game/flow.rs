//! A whole session by keyboard: name, language, the list, the call, the debrief, retry.

use crate::support::*;
use bevy::prelude::*;
use calmline::engine::Judge;
use calmline::engine::{EndingKind, Lang};
use calmline::game::autoplay::best_reply;
use calmline::game::runtime::Line;
use calmline::game::screens::call::MeterEase;
use calmline::game::screens::debrief::DebriefData;
use calmline::game::screens::scenarios::ScenarioRow;
use calmline::game::settings::Settings;
use calmline::game::ui::widgets::ButtonLook;
use calmline::game::{CallPhase, Screen, UiLang};

#[test]
fn a_trainee_takes_a_whole_call_by_keyboard() {
    let ws = Workspace::new();
    let mut app = game(ws.config());
    assert_eq!(screen(&app), Screen::Name);

    // Name: typed, then Enter.
    type_text(&mut app, "Anna Lee");
    assert!(shows(&mut app, "Anna Lee|"), "the typed name is shown with a caret: {:?}", texts(&mut app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Language);

    // Language: 3 is English (1 Simplified, 2 Traditional Chinese).
    press(&mut app, KeyCode::Digit3);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert_eq!(app.world().resource::<UiLang>().0, Lang::En);
    let saved = Settings::load(&ws.settings()).0;
    assert_eq!(saved.trainee, "Anna Lee");
    assert_eq!(saved.lang, Some(Lang::En));

    // The list: easiest first; Down selects the refund call, Enter takes it.
    assert!(shows(&mut app, "A caller in a hurry"));
    assert!(shows(&mut app, "The missing refund"));
    assert!(shows(&mut app, "Trainee: Anna Lee"));
    press(&mut app, KeyCode::ArrowDown);
    assert!(shows(&mut app, "Mr Gray returned a kettle"), "the brief of the selected call is shown");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Call);
    assert_eq!(phase(&app), Some(CallPhase::Ringing));
    assert!(shows(&mut app, "Incoming call"));
    assert_eq!(call(&app).scenario().id, "refund");

    // Answer with Enter: the caller's first line opens the transcript.
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    assert!(shows(&mut app, "A month! A month and still no refund."));
    assert!(matches!(call(&app).run.transcript(), [Line::Caller { .. }]));

    // Reply with the number keys, following the method.
    let mut presses = 0;
    while phase(&app) == Some(CallPhase::Talking) {
        let reply = best_reply(call(&app).run.session());
        let lines_before = call(&app).run.transcript().len();
        press(&mut app, digit(reply));
        presses += 1;
        let c = call(&app);
        assert_eq!(c.run.session().turns().len(), presses, "one key press, one turn");
        assert!(c.run.transcript().len() > lines_before);
        match &c.run.transcript()[lines_before] {
            Line::Trainee { reply: r, .. } => assert_eq!(*r, reply),
            other => panic!("the reply should follow in the transcript, not {other:?}"),
        }
        // The meter eases to the caller's anger and shows it.
        let anger = c.run.session().state().anger;
        assert_eq!(app.world().resource::<MeterEase>().to, anger as f32);
        for _ in 0..10 {
            app.update();
        }
        assert!(shows(&mut app, &anger.to_string()), "the meter shows {anger}");
        assert!(presses < 30, "the call should end");
    }
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    let session = call(&app).run.session().clone();
    assert_eq!(session.outcome(), Some(EndingKind::Resolved));
    assert!(shows(&mut app, "The call is over: resolved"));
    assert!(shows(&mut app, "Record saved"));

    // The record: complete, this trainee, every turn.
    let records = ws.records_written();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert!(r.complete);
    assert_eq!(r.trainee, "Anna Lee");
    assert_eq!(r.scenario.id, "refund");
    assert_eq!(r.seed, 7);
    assert_eq!(r.turns.len(), presses);
    assert_eq!(r.outcome, Some(EndingKind::Resolved));
    assert_eq!(r.score, session.score());
    assert_eq!(r.choices(), session.choices());
    assert!(!ws.records().read_dir().unwrap().any(|e| e.unwrap().path().extension().is_some_and(|x| x == "journal")));

    // The debrief.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    let data = app.world().resource::<DebriefData>().clone();
    assert_eq!(Some(data.debrief.score.clone()), session.score());
    assert!(shows(&mut app, &data.debrief.score.total.to_string()));
    assert!(shows(&mut app, "Anger over the call"));
    assert!(shows(&mut app, "Turn 1"));
    assert!(shows(&mut app, "Outcome"));

    // R retries the same call (same seed), skipping the ringing phone.
    press(&mut app, KeyCode::KeyR);
    assert_eq!(screen(&app), Screen::Call);
    settle(&mut app);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    assert_eq!(call(&app).run.session().turns().len(), 0);
    assert_eq!(call(&app).seed, 7);

    // Esc once asks, Esc again leaves; the call is saved as unfinished.
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Call);
    assert!(shows(&mut app, "Leave this call?"));
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    let records = ws.records_written();
    assert_eq!(records.len(), 2);
    let unfinished = records.iter().find(|r| !r.complete).expect("an unfinished record");
    assert_eq!(unfinished.turns.len(), 1);
    // The list now shows the best score of the finished call.
    assert!(shows(&mut app, &format!("Your best: {}", session.score().unwrap().total)));
}

#[test]
fn another_key_after_esc_keeps_the_call_going() {
    let ws = Workspace::new();
    let mut config = ws.config();
    config.trainee = Some("Bo".into());
    config.lang = Some(Lang::En);
    config.scenario = Some("refund".into());
    let mut app = game(config);
    assert_eq!(screen(&app), Screen::Call, "--trainee, --lang and --scenario go straight to the call");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(screen(&app), Screen::Call);
    assert_eq!(call(&app).run.session().turns().len(), 0, "the key only cancelled leaving");
    assert!(!call(&app).leave_armed);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(call(&app).run.session().turns().len(), 1);
}

#[test]
fn esc_walks_back_through_the_screens() {
    let ws = Workspace::new();
    let mut app = game(ws.config());
    type_text(&mut app, "Cy");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert_eq!(app.world().resource::<UiLang>().0, Lang::ZhHans, "简体中文 is focused first");
    assert!(shows(&mut app, "迟迟不到的退款"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Ringing));
    assert!(shows(&mut app, "来电"));
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Language);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Name);
    assert!(ws.records_written().is_empty(), "a call that was never answered leaves no record");
}

#[test]
fn an_empty_name_is_refused() {
    let ws = Workspace::new();
    let mut app = game(ws.config());
    type_text(&mut app, "   ");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Name);
    assert!(shows(&mut app, "请先输入你的名字"));
    type_text(&mut app, "王小明");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "红");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Language);
    assert_eq!(app.world().resource::<calmline::game::screens::Trainee>().0, "王红");
}

pub fn digit(reply: usize) -> KeyCode {
    [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ][reply]
}

#[test]
fn a_row_is_painted_in_the_frame_that_selects_it() {
    // The window may draw no further frame until the next input, so a selection must be
    // painted in the very frame that makes it.
    let ws = Workspace::new();
    let mut config = ws.config();
    config.trainee = Some("Cy".into());
    config.lang = Some(Lang::En);
    let mut app = game(config);
    assert_eq!(screen(&app), Screen::Scenarios);
    for (key, row) in [(KeyCode::Digit2, 1), (KeyCode::Digit1, 0)] {
        send_key(&mut app, key);
        app.update();
        let mut rows = app.world_mut().query::<(&ScenarioRow, &ButtonLook, &Interaction, &BackgroundColor)>();
        let mut seen = 0;
        for (r, look, interaction, bg) in rows.iter(app.world()) {
            assert_eq!(look.is_selected, r.0 == row, "row {} after {key:?}", r.0);
            assert_eq!(bg.0, look.color(*interaction), "row {} is painted after {key:?}", r.0);
            seen += 1;
        }
        assert_eq!(seen, 2, "the fixture offers two English calls");
    }
}

/// The screen's text holds no Simplified-only character (the trainee's name aside).
fn all_traditional(app: &mut App, what: &str) {
    let shown = texts(app);
    assert!(!shown.is_empty(), "{what}: nothing shown");
    for text in shown {
        let found = calmline::engine::call::script::foreign_chars(&text, Lang::ZhHant);
        assert!(found.is_empty(), "{what} shows Simplified characters {found:?} in {text:?}");
    }
}

/// Every screen in Traditional Chinese: the language screen's key 2, the list, the
/// ringing phone, the call, the debrief, and the name screen on the way back, in
/// Taiwan's words and characters only.
#[test]
fn every_screen_speaks_traditional_chinese() {
    let ws = Workspace::new();
    let mut app = game(ws.config());
    type_text(&mut app, "Lin");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Language);
    for name in ["简体中文", "繁體中文", "English"] {
        assert!(shows(&mut app, name), "the language screen offers {name}");
    }
    press(&mut app, KeyCode::Digit2);
    assert_eq!(app.world().resource::<UiLang>().0, Lang::ZhHant);
    assert_eq!(app.world().resource::<Settings>().lang, Some(Lang::ZhHant), "the choice is remembered");

    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "選擇一通電話"));
    assert!(shows(&mut app, "遲遲不到的退款"), "the zh-Hant calls are listed: {:?}", texts(&mut app));
    all_traditional(&mut app, "the list");

    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Ringing));
    assert!(shows(&mut app, "來電"));
    all_traditional(&mut app, "the ringing phone");
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    all_traditional(&mut app, "the call");
    while phase(&app) == Some(CallPhase::Talking) {
        let reply = best_reply(call(&app).run.session());
        press(&mut app, digit(reply));
        all_traditional(&mut app, "the call");
    }
    assert!(shows(&mut app, "通話結束："), "{:?}", texts(&mut app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(shows(&mut app, "覆盤"));
    assert!(shows(&mut app, "做得好的地方"));
    all_traditional(&mut app, "the debrief");
    let record = &ws.records_written()[0];
    assert_eq!(record.scenario.lang, Lang::ZhHant, "the record keeps the language");

    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Name);
    assert!(shows(&mut app, "今天由誰接聽電話？"));
    all_traditional(&mut app, "the name screen");
}
