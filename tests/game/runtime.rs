//! The Bevy-free call runtime behind the call screen.

use calmline::engine::{Choice, Library, Scenario};
use calmline::game::runtime::{CallRun, Line, reply_targets};
use std::sync::Arc;

fn scenario(id: &str) -> Arc<Scenario> {
    let lib = Library::load(&[crate::support::fixture_dialogues()], None);
    assert!(!lib.has_errors());
    lib.find(id, calmline::engine::Lang::En).unwrap().clone()
}

#[test]
fn the_transcript_follows_the_call() {
    let s = scenario("refund");
    let mut run = CallRun::new(s.clone(), 3, Default::default());
    assert_eq!(run.transcript(), &[Line::Caller { text: s.nodes[s.start].line.clone(), node: s.start, variant: 0 }]);
    let new = run.choose(0, 2.5).unwrap().to_vec();
    assert!(matches!(&new[0], Line::Trainee { reply: 0, .. }));
    assert!(matches!(new.last(), Some(Line::Caller { .. })));
    assert!(run.choose(7, 1.0).is_err(), "a reply that does not exist is refused");
    assert_eq!(run.session().turns().len(), 1);
}

#[test]
fn a_replay_rebuilds_the_same_transcript() {
    let s = scenario("timed");
    let mut run = CallRun::new(s.clone(), 11, Default::default());
    run.choose(0, 1.0).unwrap();
    run.silence().unwrap();
    run.choose(1, 2.0).unwrap();
    let choices: Vec<Choice> = run.session().choices();
    let again = CallRun::replay(s, 11, Default::default(), &choices).unwrap();
    assert_eq!(again.transcript(), run.transcript());
    assert_eq!(again.session().state(), run.session().state());
}

#[test]
fn reply_targets_name_nodes_and_endings() {
    let s = scenario("timed");
    let calmer = s.node_index("calmer").unwrap();
    assert_eq!(reply_targets(&s, calmer, 0), "done");
    assert_eq!(reply_targets(&s, calmer, 1), "calmer");
    assert_eq!(reply_targets(&s, 99, 0), "");
}
