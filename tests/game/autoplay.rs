//! `--autoplay`: the bot plays at a readable pace through to the debrief.

use crate::support::*;
use calmline::engine::Judge;
use calmline::engine::Lang;
use calmline::engine::judge::planner::{Objective, Planner};
use calmline::engine::judge::simulate::{Policy, play_one};
use calmline::game::config::{AutoplayPlan, GameConfig};
use calmline::game::screens::call::RecordStatus;
use calmline::game::{CallPhase, Screen};

fn demo(ws: &Workspace, id: &str, plan: &str) -> GameConfig {
    let mut c = ws.config();
    c.lang = Some(Lang::En);
    c.scenario = Some(id.into());
    c.autoplay = Some(AutoplayPlan::parse(plan).unwrap());
    c
}

#[test]
fn plans_are_parsed() {
    assert_eq!(AutoplayPlan::parse("best"), Ok(AutoplayPlan::Best));
    assert_eq!(AutoplayPlan::parse(" Random "), Ok(AutoplayPlan::Random));
    assert_eq!(AutoplayPlan::parse("1,3,2"), Ok(AutoplayPlan::List(vec![0, 2, 1])));
    assert_eq!(AutoplayPlan::parse("1, 2"), Ok(AutoplayPlan::List(vec![0, 1])));
    for bad in ["", "0", "10", "1,x", "worst"] {
        assert!(AutoplayPlan::parse(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn the_best_policy_plays_a_demo_to_the_debrief() {
    let ws = Workspace::new();
    let mut app = game(demo(&ws, "refund", "best"));
    assert_eq!(screen(&app), Screen::Call);
    assert_eq!(phase(&app), Some(CallPhase::Ringing));
    assert!(shows(&mut app, "Autoplay: best replies"));
    // It waits before answering, so the brief can be read.
    settle(&mut app);
    assert_eq!(phase(&app), Some(CallPhase::Ringing));
    until(&mut app, 100, "the answer", |app| phase(app) == Some(CallPhase::Talking));
    until(&mut app, 3000, "the debrief", |app| screen(app) == Screen::Debrief);

    let ours = call(&app).run.session().clone();
    let scenario = ours.scenario_arc().clone();
    let mut planner = Planner::new(&scenario, Objective::Best);
    let engine = play_one(&scenario, 7, Policy::Best, Some(&mut planner));
    assert_eq!(
        ours.choices().iter().map(|c| c.reply).collect::<Vec<_>>(),
        engine.choices().iter().map(|c| c.reply).collect::<Vec<_>>()
    );
    assert_eq!(ours.score(), engine.score());
    assert_eq!(call(&app).record, RecordStatus::Off);
    assert!(ws.records_written().is_empty(), "demo calls are not recorded");
}

#[test]
fn a_reply_list_is_played_in_order() {
    let ws = Workspace::new();
    let mut app = game(demo(&ws, "timed", "2,1,1"));
    until(&mut app, 2000, "the debrief", |app| screen(app) == Screen::Debrief);
    let replies: Vec<Option<usize>> = call(&app).run.session().choices().iter().map(|c| c.reply).collect();
    assert_eq!(replies, vec![Some(1), Some(0), Some(0)]);
}

#[test]
fn a_list_asking_for_a_missing_reply_stops_with_a_message() {
    let ws = Workspace::new();
    let mut app = game(demo(&ws, "timed", "3"));
    until(&mut app, 200, "the message", |app| shows(app, "Autoplay stopped"));
    assert!(shows(&mut app, "turn 1 offers 2 replies; the list asks for reply 3"));
    assert_eq!(phase(&app), Some(CallPhase::Talking));
    assert!(
        call(&app).run.session().turns().is_empty()
            || call(&app).run.session().turns().iter().all(|t| t.choice.is_none())
    );
}
