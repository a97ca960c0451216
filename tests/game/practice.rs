//! Practising like a course, headless: an exam with no meter, the coach and its cost,
//! "say it first" choosing by typed words, a varied caller, and a whole course from locked
//! units to the completion screen.

use crate::flow::digit;
use crate::support::*;
use bevy::prelude::*;
use calmline::engine::Lang;
use calmline::engine::judge::score::HINT_COST;
use calmline::game::actions::Action;
use calmline::game::autoplay::best_reply;
use calmline::game::config::GameConfig;
use calmline::game::screens::call::{CoachCard, HintText, MeterTrack, ReplyButton, WordsText};
use calmline::game::screens::complete::CompletionDate;
use calmline::game::screens::debrief::DebriefData;
use calmline::game::ui::focus::UiFocus;
use calmline::game::{CallPhase, Screen};

fn straight_to(ws: &Workspace, id: &str) -> GameConfig {
    let mut c = ws.config();
    c.trainee = Some("Fay".into());
    c.lang = Some(Lang::En);
    c.scenario = Some(id.into());
    c
}

fn count<C: Component>(app: &mut App) -> usize {
    let world = app.world_mut();
    world.query::<&C>().iter(world).count()
}

/// Plays the call to its end with the engine's best replies, by number keys.
fn play_best(app: &mut App) {
    let mut turns = 0;
    while phase(app) == Some(CallPhase::Talking) {
        let reply = best_reply(call(app).run.session());
        press(app, digit(reply));
        turns += 1;
        assert!(turns < 40, "the call should end");
    }
}

#[test]
fn an_exam_shows_only_the_callers_words_and_the_timer() {
    let ws = Workspace::new();
    let mut config = straight_to(&ws, "timed");
    config.exam = true;
    let mut app = game(config);
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    assert!(call(&app).run.session().is_exam());
    assert_eq!(count::<MeterTrack>(&mut app), 0, "no anger meter");
    assert_eq!(count::<CoachCard>(&mut app), 0, "no coach");
    assert!(shows(&mut app, "No meter, no cues, no coach"));
    assert!(shows(&mut app, "5 s left"), "the timer stays: {:?}", texts(&mut app));
    // The fixture's relapse and agreement: the caller's words show, their labels do not.
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit2);
    assert!(shows(&mut app, "Don't fob me off with an engineer!"));
    assert!(shows(&mut app, "Yes, exactly."));
    for cue in ["Relapse", "The caller agrees", "attack mode", "emotion mode", "Anger"] {
        assert!(!shows(&mut app, cue), "an exam shows no `{cue}`: {:?}", texts(&mut app));
    }
    // H asks for nothing.
    press(&mut app, KeyCode::KeyH);
    assert_eq!(call(&app).run.session().hints_used(), 0);
    assert_eq!(count::<HintText>(&mut app), 0);
    play_best(&mut app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    // The debrief shows everything, and offers no retry from a turn.
    assert!(shows(&mut app, "Exam"));
    assert!(shows(&mut app, "Here is everything you did not see"));
    assert!(shows(&mut app, "Anger over the call"));
    let world = app.world_mut();
    let mut q = world.query::<&calmline::game::actions::OnPress>();
    assert!(q.iter(world).all(|p| !matches!(p.0, Action::RetryFrom(_))), "no retry from a turn in an exam");
    let records = ws.records_written();
    assert_eq!(records.len(), 1);
    assert!(records[0].attempt.exam, "the record marks the exam");
    // A retry is another exam.
    press(&mut app, KeyCode::KeyR);
    assert_eq!(screen(&app), Screen::Call);
    assert!(call(&app).run.session().is_exam());
}

#[test]
fn the_coach_names_the_stage_and_the_technique_and_costs_points() {
    let ws = Workspace::new();
    let mut app = game(straight_to(&ws, "refund"));
    press(&mut app, KeyCode::Enter);
    assert!(shows(&mut app, "3 of 3 hints left; each costs 3 points."), "{:?}", texts(&mut app));
    press(&mut app, KeyCode::KeyH);
    assert!(shows(&mut app, "The caller is in attack mode."), "{:?}", texts(&mut app));
    assert!(shows(&mut app, "The method calls for: Let them vent."));
    assert!(shows(&mut app, "2 hints left; this one costs 3 points."));
    // The button does the same on the next turn; a second ask on one turn costs nothing.
    let reply = best_reply(call(&app).run.session());
    press(&mut app, digit(reply));
    click(&mut app, |a| a == Action::Hint);
    press(&mut app, KeyCode::KeyH);
    assert_eq!(call(&app).run.session().hints_used(), 2);
    play_best(&mut app);
    let score = ws.records_written()[0].score.clone().unwrap();
    assert_eq!((score.hints, score.hint_cost), (2, 2 * HINT_COST));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(shows(&mut app, "Coach hints"));
    assert!(shows(&mut app, "2 × 3 = -6"), "{:?}", texts(&mut app));
    assert!(shows(&mut app, "coach hint"));
    assert!(shows(&mut app, "Coach: The caller is in attack mode."));
    let data = app.world().resource::<DebriefData>();
    assert_eq!(data.debrief.hints, [0, 1]);
}

#[test]
fn say_it_first_preselects_the_reply_closest_to_the_typed_words() {
    let ws = Workspace::new();
    let mut app = game(straight_to(&ws, "refund"));
    press(&mut app, KeyCode::Enter);
    // S turns it on: the replies give way to the field.
    press(&mut app, KeyCode::KeyS);
    assert_eq!(count::<ReplyButton>(&mut app), 0, "no replies while the trainee types");
    assert_eq!(count::<WordsText>(&mut app), 1);
    let replies: Vec<String> = call(&app).run.session().replies().iter().map(|r| r.text.clone()).collect();
    // Digits and H are the trainee's words now, not shortcuts.
    type_text(&mut app, "ok so tell me what happened with the refund");
    assert_eq!(call(&app).run.session().turns().len(), 0);
    assert!(shows(&mut app, "ok so tell me what happened with the refund|"));
    press(&mut app, KeyCode::Enter);
    let closest = call(&app).closest.expect("a reply is close to those words");
    assert_eq!(
        Some(closest),
        calmline::engine::call::closeness::closest(
            "ok so tell me what happened with the refund",
            &replies.iter().map(String::as_str).collect::<Vec<_>>()
        )
    );
    assert!(shows(&mut app, "Closest to your words"));
    // The preselected reply has the focus: Enter confirms it.
    let focused = app.world().resource::<UiFocus>().get().unwrap();
    assert_eq!(app.world().get::<ReplyButton>(focused).map(|b| b.0), Some(closest));
    press(&mut app, KeyCode::Enter);
    let turn = &call(&app).run.session().turns()[0];
    assert_eq!(turn.choice, Some(closest));
    assert_eq!(turn.said.as_deref(), Some("ok so tell me what happened with the refund"));
    // Next turn: the field again; the trainee may pick another reply than the closest.
    assert_eq!(count::<WordsText>(&mut app), 1);
    type_text(&mut app, "you sound fed up");
    press(&mut app, KeyCode::Enter);
    let other = (call(&app).closest.unwrap_or(0) + 1) % call(&app).run.session().replies().len();
    press(&mut app, digit(other));
    assert_eq!(call(&app).run.session().turns()[1].choice, Some(other));
    // While the field is open, S is a letter of the trainee's words.
    press(&mut app, KeyCode::KeyS);
    assert!(call(&app).composing.is_some());
    // Enter with nothing typed shows the replies, none selected.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    assert!(call(&app).composing.is_none(), "Enter with nothing typed shows the replies");
    assert!(call(&app).closest.is_none());
    // With the replies up, S turns it off: the next turns show the replies at once.
    press(&mut app, KeyCode::KeyS);
    assert!(!call(&app).say_first);
    let reply = best_reply(call(&app).run.session());
    press(&mut app, digit(reply));
    assert!(call(&app).composing.is_none());
    play_best(&mut app);
    let record = &ws.records_written()[0];
    assert_eq!(record.turns[0].said.as_deref(), Some("ok so tell me what happened with the refund"));
    press(&mut app, KeyCode::Enter);
    assert!(shows(&mut app, "Your own words: ok so tell me what happened with the refund"), "{:?}", texts(&mut app));
}

/// A varied copy of the fixture refund call, added to a workspace.
fn add_varied_call(ws: &Workspace) {
    let text = std::fs::read_to_string(ws.dialogues().join("en/refund.ron")).unwrap();
    let varied = text
        .replace("id: \"refund\"", "id: \"refund-varied\"")
        .replace("title: \"The missing refund\"", "title: \"The missing refund, varied\"")
        .replace("persona: \"steady\", anger: 80", "persona: [\"steady\", \"jumpy\"], anger: (70, 90)");
    assert_ne!(varied, text);
    std::fs::write(ws.dialogues().join("en/refund-varied.ron"), varied).unwrap();
}

#[test]
fn a_varied_caller_is_drawn_recorded_and_replayed_exactly() {
    let ws = Workspace::new();
    add_varied_call(&ws);
    let mut config = straight_to(&ws, "refund-varied");
    config.seed = Some(11);
    let mut app = game(config);
    press(&mut app, KeyCode::Enter);
    let drawn = call(&app).scenario().caller.drawn.clone().expect("the draw is kept");
    assert_eq!(call(&app).run.session().state().anger, drawn.anger);
    play_best(&mut app);
    let record = ws.records_written().remove(0);
    assert_eq!(record.caller.as_ref(), Some(&drawn));
    let library = calmline::engine::Library::load(&[ws.dialogues()], None);
    let scenario = library.find("refund-varied", Lang::En).unwrap().clone();
    assert!(matches!(
        calmline::engine::records::replay::verify(&record, scenario),
        calmline::engine::records::replay::Verdict::Same(_)
    ));
    // The list says the caller varies.
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "The caller varies"));
}

/// A two-unit course over the fixture calls: practice on `refund`, then an exam on `timed`.
fn add_course(ws: &Workspace) {
    let dir = ws.dialogues().join("courses");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("basics.ron"),
        r#"Course(
    id: "basics",
    title: (en: "Basics", zh: "基础", zh_hant: "基礎"),
    units: [
        Unit(id: "practice", title: (en: "Practice", zh: "练习", zh_hant: "練習"), mode: practice,
             calls: [(id: "refund", pass: 70)], unlock: all),
        Unit(id: "final", title: (en: "Final", zh: "考核", zh_hant: "考核"), mode: exam,
             calls: [(id: "timed", pass: 50)], unlock: all),
    ],
)
"#,
    )
    .unwrap();
}

#[test]
fn a_course_is_taken_unit_by_unit_to_its_completion_screen() {
    let ws = Workspace::new();
    add_course(&ws);
    let mut config = ws.config();
    config.trainee = Some("Fay".into());
    config.lang = Some(Lang::En);
    config.course = Some("basics".into());
    let mut app = game(config);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "Basics"));
    assert!(shows(&mut app, "0 of 2 calls passed"));
    assert!(shows(&mut app, "Next: The missing refund"));
    assert!(shows(&mut app, "Unit 1: Practice"));
    assert!(shows(&mut app, "Unit 2: Final"));
    assert!(shows(&mut app, "locked"));

    // The locked exam cannot be started.
    press(&mut app, KeyCode::Digit2);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Scenarios, "a locked call stays on the list");
    assert!(shows(&mut app, "is locked"), "{:?}", texts(&mut app));

    // A failed attempt keeps the exam locked.
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Call);
    let taken = call(&app).run.session().attempt().clone();
    assert!(!taken.exam);
    assert_eq!(taken.course.as_ref().map(|c| (c.id.as_str(), c.unit.as_str())), Some(("basics", "practice")));
    press(&mut app, KeyCode::Enter);
    for key in [KeyCode::Digit3, KeyCode::Digit2, KeyCode::Digit3, KeyCode::Digit2, KeyCode::Digit3, KeyCode::Digit3] {
        if phase(&app) != Some(CallPhase::Talking) {
            break;
        }
        press(&mut app, key);
    }
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "0 of 2 calls passed"));
    assert!(shows(&mut app, "locked"));

    // Passing the practice unit opens the exam; the list then selects it.
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    play_best(&mut app);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "1 of 2 calls passed"), "{:?}", texts(&mut app));
    assert!(shows(&mut app, "Next: A caller in a hurry"));
    assert!(!shows(&mut app, "locked"));

    // The exam: taken as an exam, and passing it completes the course.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Call);
    assert!(call(&app).run.session().is_exam());
    press(&mut app, KeyCode::Enter);
    play_best(&mut app);
    assert!(call(&app).completed_course);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(shows(&mut app, "You have passed the final unit: the course is complete."));
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Completed);
    assert!(shows(&mut app, "Course complete"));
    assert!(shows(&mut app, "Fay"));
    assert!(shows(&mut app, "Basics"));
    assert!(shows(&mut app, "Ready for the floor."));
    let records = ws.records_written();
    let last = records.iter().max_by_key(|r| r.ended_at.clone()).unwrap();
    let course = last.attempt.course.as_ref().unwrap();
    assert!(course.completed && last.attempt.exam, "the completing record says so: {:?}", last.attempt);
    let date = calmline::text::date(last.ended_at.as_deref().unwrap(), Lang::En);
    let world = app.world_mut();
    let shown: Vec<String> =
        world.query_filtered::<&Text, With<CompletionDate>>().iter(world).map(|t| t.0.clone()).collect();
    assert_eq!(shown, [format!("on {date}")]);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(shows(&mut app, "Course finished: you are ready for the floor."));
    // C shows every call, and back.
    press(&mut app, KeyCode::KeyC);
    assert!(!shows(&mut app, "Unit 1: Practice"));
    press(&mut app, KeyCode::KeyC);
    assert!(shows(&mut app, "Unit 1: Practice"));
}
