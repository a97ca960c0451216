//! The techniques of calls that say no, hand over and end abusive calls: a warning given
//! once before the agent ends the call, and ending without it, on the fixture
//! `tests/fixtures/vocabulary/en/boundary.ron`.

use crate::{fixture, load_ok};
use calmline::engine::judge::Judge;
use calmline::engine::{EndingKind, Note, PartKind, Session};
use std::sync::Arc;

fn play(path: &[usize]) -> Session {
    let lib = load_ok(&[fixture("vocabulary/en/boundary.ron")]);
    let mut s = Session::new(Arc::clone(&lib.scenarios[0]), 1);
    for &reply in path {
        s.choose(reply, 2.0).unwrap();
    }
    assert!(s.is_over());
    s
}

#[test]
fn ending_an_abusive_call_after_one_warning_ends_well() {
    // Listen, warn once, then end the call.
    let s = play(&[0, 0, 0]);
    assert_eq!(s.outcome(), Some(EndingKind::AgentEnded));
    let d = s.debrief().unwrap();
    assert_eq!(d.score.part(PartKind::Outcome), 30, "resolved-like");
    assert_eq!(d.score.part(PartKind::Mistakes), 10);
    assert!(d.went_well.contains(&Note::BoundaryThenEnded), "{:?}", d.went_well);
    assert!(!d.went_wrong.contains(&Note::EndedWithoutBoundary));
}

#[test]
fn ending_it_without_a_warning_is_a_mistake() {
    let s = play(&[2]);
    assert_eq!(s.outcome(), Some(EndingKind::AgentEnded));
    let d = s.debrief().unwrap();
    assert_eq!(d.score.part(PartKind::Outcome), 0);
    assert_eq!(d.score.part(PartKind::Mistakes), 6, "one mistake");
    assert!(d.went_wrong.first() == Some(&Note::EndedWithoutBoundary), "{:?}", d.went_wrong);
    assert!(d.score.total <= 89);
}

#[test]
fn checking_identity_before_the_caller_is_calm_is_a_mistake() {
    let s = play(&[1, 0, 0]);
    let d = s.debrief().unwrap();
    assert!(d.went_wrong.contains(&Note::IdentityTooEarly { turn: 0 }), "{:?}", d.went_wrong);
    assert_eq!(d.score.part(PartKind::Mistakes), 6);
    assert!(d.score.total <= 89, "no A with a mistake");
}
