//! The call screen's rules: the countdown and silence, the relapse and agreement cues,
//! ending on the spot, and the trainer preview.

use crate::support::*;
use bevy::prelude::*;
use calmline::engine::{EndingKind, Lang, Mode};
use calmline::game::actions::Action;
use calmline::game::config::GameConfig;
use calmline::game::runtime::Line;
use calmline::game::screens::call::ReplyButton;
use calmline::game::{CallPhase, Screen};

fn straight_to(ws: &Workspace, id: &str) -> GameConfig {
    let mut c = ws.config();
    c.trainee = Some("Fay".into());
    c.lang = Some(Lang::En);
    c.scenario = Some(id.into());
    c
}

#[test]
fn silence_when_the_time_runs_out() {
    let ws = Workspace::new();
    let mut app = game(straight_to(&ws, "timed"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    assert!(shows(&mut app, "5 s left"), "{:?}", texts(&mut app));
    for _ in 0..20 {
        app.update();
    }
    assert!(shows(&mut app, "3 s left"), "{:?}", texts(&mut app));
    let anger = call(&app).run.session().state().anger;
    until(&mut app, 60, "a silence", |app| call(app).run.session().turns().len() == 1);
    let c = call(&app);
    assert_eq!(c.run.session().turns()[0].choice, None);
    assert_eq!(c.run.session().state().anger, anger + 6, "the persona's silence adds 6");
    let lines = c.run.transcript();
    assert!(lines.contains(&Line::Silence));
    assert!(lines.contains(&Line::Prompt { text: "Hello? Is anyone there?".into() }));
    assert!(shows(&mut app, "Silence: the caller is getting angrier."));
    assert!(shows(&mut app, "Hello? Is anyone there?"));
    // The countdown starts again for the repeated line.
    assert!(shows(&mut app, "5 s left"));
    // The silence is journalled at once.
    let journal = std::fs::read_dir(ws.records())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "journal"));
    let text = std::fs::read_to_string(journal.expect("a journal while the call runs")).unwrap();
    assert_eq!(text.lines().count(), 2, "the header and one turn");
    assert!(text.lines().nth(1).unwrap().contains("\"reply\":null"));
}

#[test]
fn relapse_and_agreement_are_cued() {
    let ws = Workspace::new();
    let mut app = game(straight_to(&ws, "timed"));
    press(&mut app, KeyCode::Enter);
    // A fix before the caller feels heard: this persona always relapses.
    press(&mut app, KeyCode::Digit1);
    let lines = call(&app).run.transcript().to_vec();
    assert!(lines.contains(&Line::Relapse { text: "Don't fob me off with an engineer!".into() }), "{lines:?}");
    assert_eq!(call(&app).run.session().state().mode, Mode::Attack);
    assert!(shows(&mut app, "Relapse: the caller is back in attack mode."));
    // A paraphrase: "Yes, exactly."
    press(&mut app, KeyCode::Digit2);
    assert!(call(&app).run.transcript().contains(&Line::Agreement { text: "Yes, exactly.".into() }));
    assert!(shows(&mut app, "The caller agrees"));
    assert!(shows(&mut app, "Yes, exactly."));
    // Naming the feeling: the second agreement in a row.
    press(&mut app, KeyCode::Digit1);
    assert!(call(&app).run.transcript().contains(&Line::TwoAgreements));
    assert!(shows(&mut app, "Two agreements in a row: the hostility drops."));
}

#[test]
fn a_call_ends_on_the_spot_when_the_caller_gives_up() {
    let ws = Workspace::new();
    let mut app = game(straight_to(&ws, "refund"));
    press(&mut app, KeyCode::Enter);
    // Tone policing, interrogating, passing the buck, brushing off...
    for key in [KeyCode::Digit3, KeyCode::Digit2, KeyCode::Digit3, KeyCode::Digit2, KeyCode::Digit3, KeyCode::Digit3] {
        if phase(&app) != Some(CallPhase::Talking) {
            break;
        }
        press(&mut app, key);
    }
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    let outcome = call(&app).run.session().outcome().unwrap();
    assert_ne!(outcome, EndingKind::Resolved);
    let world = app.world_mut();
    assert_eq!(world.query::<&ReplyButton>().iter(world).count(), 0, "no replies are offered after the end");
    assert!(shows(&mut app, &format!("The call is over: {}", calmline::text::ending(outcome, Lang::En))));
    // Number keys do nothing now.
    press(&mut app, KeyCode::Digit1);
    assert_eq!(phase(&app), Some(CallPhase::Ended));
    let records = ws.records_written();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].outcome, Some(outcome));
}

#[test]
fn the_trainer_preview_shows_jumps_and_sets_the_anger() {
    let ws = Workspace::new();
    let mut config = straight_to(&ws, "refund");
    config.trainer = true;
    let mut app = game(config);
    press(&mut app, KeyCode::Enter);
    assert!(shows(&mut app, "Trainer preview"));
    assert!(shows(&mut app, "Node: open"));
    // Each reply: technique, the anger change the engine expects, and where it leads.
    assert!(shows(&mut app, "Let them vent · expected -7 · next: vented"), "{:?}", texts(&mut app));
    assert!(shows(&mut app, "Tone policing · expected +"));

    let felt = call(&app).scenario().node_index("felt").unwrap();
    click(&mut app, |a| a == Action::Jump(felt));
    assert!(shows(&mut app, "Node: felt"));
    assert!(call(&app).run.transcript().contains(&Line::Jumped { node: "felt".into() }));
    assert!(shows(&mut app, "Exactly. Fed up. So what are you going to do about it?"));

    click(&mut app, |a| a == Action::AngerBy(-10));
    assert_eq!(call(&app).run.session().state().anger, 70);
    app.world_mut().write_message(calmline::game::actions::Activate(Action::SetAnger(20)));
    settle(&mut app);
    let state = *call(&app).run.session().state();
    assert_eq!(state.anger, 20);
    assert_eq!(state.mode, Mode::Reasoning);
    assert!(shows(&mut app, "Trainer set the anger from 70 to 20."));

    // Finish the call: the record is marked as adjusted, and it is no best score.
    while phase(&app) == Some(CallPhase::Talking) {
        let reply = calmline::game::autoplay::best_reply(call(&app).run.session());
        press(&mut app, crate::flow::digit(reply));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(shows(&mut app, "The trainer adjusted this call"));
    let records = ws.records_written();
    assert!(records[0].adjusted);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Scenarios);
    assert!(!shows(&mut app, "Your best"), "an adjusted call is not a best score");
}

#[test]
fn the_countdown_counts_in_fives_then_in_seconds() {
    use calmline::game::screens::call::countdown_step;
    assert_eq!(countdown_step(40.0), (40.0, 5.0));
    assert_eq!(countdown_step(37.5), (40.0, 2.5));
    assert_eq!(countdown_step(11.0), (15.0, 1.0));
    assert_eq!(countdown_step(10.0), (10.0, 1.0));
    assert_eq!(countdown_step(9.25), (10.0, 0.25));
    assert_eq!(countdown_step(0.5), (1.0, 0.5));
}

#[test]
fn the_trainer_preview_opens_the_calls_map_and_jumps_from_it() {
    use calmline::game::screens::call::{MapNodeButton, MapOpen, MapOverlay};
    let ws = Workspace::new();
    let mut config = straight_to(&ws, "refund");
    config.trainer = true;
    let mut app = game(config);
    press(&mut app, KeyCode::Enter);
    // G opens the map: every node of the call is a button on it.
    press(&mut app, KeyCode::KeyG);
    assert!(app.world().resource::<MapOpen>().0);
    let world = app.world_mut();
    assert_eq!(world.query::<&MapOverlay>().iter(world).count(), 1);
    let mut on_map: Vec<usize> = world.query::<&MapNodeButton>().iter(world).map(|b| b.0).collect();
    on_map.sort_unstable();
    let nodes = call(&app).scenario().nodes.len();
    assert_eq!(on_map, (0..nodes).collect::<Vec<_>>(), "one button per node");
    assert!(shows(&mut app, "Click a node to jump there"));
    // Number keys do not reply while the map is open.
    press(&mut app, KeyCode::Digit1);
    assert_eq!(call(&app).run.session().turns().len(), 0);
    // Clicking a node jumps there and closes the map.
    let felt = call(&app).scenario().node_index("felt").unwrap();
    let world = app.world_mut();
    let target =
        world.query::<(Entity, &MapNodeButton)>().iter(world).find(|(_, b)| b.0 == felt).map(|(e, _)| e).unwrap();
    *world.get_mut::<Interaction>(target).unwrap() = Interaction::Pressed;
    settle(&mut app);
    assert_eq!(call(&app).run.session().node().id, "felt");
    assert!(!app.world().resource::<MapOpen>().0);
    let world = app.world_mut();
    assert_eq!(world.query::<&MapOverlay>().iter(world).count(), 0);
    // Esc closes it too, without arming "leave the call".
    press(&mut app, KeyCode::KeyG);
    press(&mut app, KeyCode::Escape);
    assert!(!app.world().resource::<MapOpen>().0);
    assert!(!call(&app).leave_armed);
    // Without --trainer there is no map.
    let ws = Workspace::new();
    let mut app = game(straight_to(&ws, "refund"));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::KeyG);
    assert!(!app.world().resource::<MapOpen>().0);
}
