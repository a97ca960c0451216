//! Sessions on the fixture call: exact outcomes, scores, events and records.

use super::refund;
use calmline::engine::Judge;
use calmline::engine::judge::score::PartKind;
use calmline::engine::{Choice, EndingKind, Event, Grade, Mode, Session, SessionError, Technique};

fn play(seed: u64, choices: &[usize]) -> Session {
    let mut s = Session::new(refund(), seed);
    for &c in choices {
        if s.is_over() {
            break;
        }
        s.choose(c, 2.0).expect("a valid choice");
    }
    s
}

fn curve(s: &Session) -> Vec<(u8, u8, Mode)> {
    s.turns().iter().map(|t| (t.before.anger, t.after.anger, t.after.mode)).collect()
}

#[test]
fn a_skilled_call_resolves_with_an_exact_score() {
    // let-vent, paraphrase, name the feeling, apologise, point a direction, record,
    // then an interrogation slip before the close.
    let s = play(7, &[0, 0, 0, 2, 0, 0, 2, 0]);
    assert_eq!(s.outcome(), Some(EndingKind::Resolved));
    use Mode::{Attack, Emotion, Reasoning};
    // Pointing a direction after the two agreements brings the caller into reasoning mode:
    // anger at most 24, below the emotion threshold (30) by the hysteresis (5).
    assert_eq!(
        curve(&s),
        vec![
            (80, 71, Attack),
            (71, 63, Attack),
            (63, 52, Emotion),
            (52, 48, Emotion),
            (48, 24, Reasoning),
            (24, 17, Reasoning),
            (17, 21, Reasoning),
            (21, 18, Reasoning),
        ]
    );
    assert!(s.turns()[4].effects.milestone);
    let score = s.score().unwrap();
    // The parts add up to 96 (the caller ends calm: full de-escalation), but a call with a
    // mistake in it is capped below an A.
    assert_eq!(score.total, 89);
    assert_eq!(score.grade, Grade::B);
    let parts: Vec<(PartKind, u8)> = score.parts.iter().map(|p| (p.kind, p.points)).collect();
    assert_eq!(
        parts,
        vec![
            (PartKind::Outcome, 30),
            (PartKind::DeEscalation, 20),
            (PartKind::Method, 20),
            (PartKind::Service, 15),
            (PartKind::Mistakes, 6),
            (PartKind::Efficiency, 5),
        ]
    );
    assert!(s.turns()[2].effects.two_agreements, "paraphrase then naming the feeling: two agreements");
}

#[test]
fn tone_policing_and_interrogation_escalate_the_complaint() {
    let s = play(7, &[2, 1, 2, 1]);
    assert_eq!(s.outcome(), Some(EndingKind::Escalated));
    assert_eq!(curve(&s), vec![(80, 93, Mode::Attack), (93, 100, Mode::Attack)]);
    assert_eq!(s.score().unwrap().total, 2);
    assert_eq!(s.ending().unwrap().line, "I want to make a formal complaint. Put me through to a manager.");
}

#[test]
fn events_come_in_the_order_a_front_end_shows_them() {
    let mut s = Session::new(refund(), 7);
    assert_eq!(
        s.opening(),
        vec![Event::CallerSpeaks {
            node: 0,
            text: "A month! A month and still no refund. Do you people ever do anything?".into()
        }]
    );
    let e = s.choose(0, 1.5).unwrap();
    assert_eq!(e[0], Event::AngerChanged { from: 80, to: 71 });
    assert!(matches!(&e[1], Event::CallerSpeaks { node: 1, .. }));
    s.choose(0, 1.0).unwrap();
    let e = s.choose(0, 1.0).unwrap();
    assert_eq!(e[0], Event::AngerChanged { from: 63, to: 52 });
    assert!(matches!(&e[1], Event::Agreement { text } if !text.is_empty()));
    assert_eq!(e[2], Event::TwoAgreements);
    assert_eq!(e[3], Event::ModeChanged { from: Mode::Attack, to: Mode::Emotion });
    assert!(matches!(&e[4], Event::CallerSpeaks { node: 3, .. }));
}

#[test]
fn bad_choices_are_errors_not_panics() {
    let mut s = Session::new(refund(), 1);
    assert_eq!(s.choose(3, 1.0), Err(SessionError::NoSuchReply { index: 3, count: 3 }));
    assert_eq!(s.choose(usize::MAX, f32::NAN), Err(SessionError::NoSuchReply { index: usize::MAX, count: 3 }));
    assert!(s.turns().is_empty(), "a refused choice changes nothing");
    let mut done = play(7, &[2, 1, 2, 1]);
    assert_eq!(done.choose(0, 1.0), Err(SessionError::CallOver));
    assert_eq!(done.silence(), Err(SessionError::CallOver));
    assert!(done.replies().is_empty());
    assert!(matches!(s.jump_to("nowhere"), Err(SessionError::NoSuchNode(_))));
}

#[test]
fn silence_raises_anger_and_keeps_the_caller_on_the_same_line() {
    let mut s = Session::new(refund(), 3);
    let line = s.line().to_string();
    let e = s.silence().unwrap();
    assert!(matches!(e[0], Event::AngerChanged { from: 80, to } if to > 80));
    assert!(matches!(&e[1], Event::CallerPrompts { text } if !text.is_empty()));
    assert_eq!(s.line(), line);
    assert_eq!(s.turns()[0].choice, None);
    assert_eq!(s.state().silences, 1);
}

#[test]
fn the_same_seed_and_choices_replay_the_same_call() {
    let a = play(11, &[0, 0, 1, 2, 0, 1, 0, 0]);
    let b = Session::replay(refund(), 11, &a.choices()).unwrap();
    assert_eq!(a.turns(), b.turns());
    assert_eq!(a.score(), b.score());
    let c = play(12, &[0, 0, 1, 2, 0, 1, 0, 0]);
    assert_ne!(curve(&a), curve(&c), "another seed varies the caller");
    let bad = Session::replay(refund(), 11, &[Choice::plain(Some(9), 0.0)]);
    assert!(matches!(bad, Err((0, SessionError::NoSuchReply { .. }))));
}

#[test]
fn the_debrief_names_mistakes_and_finds_the_better_reply() {
    let s = play(7, &[0, 0, 0, 2, 0, 0, 2, 0]);
    let d = s.debrief().unwrap();
    assert_eq!(d.turns.len(), 8);
    assert_eq!(d.curve.len(), 9);
    assert_eq!(d.curve[0].anger, 80);
    // The interrogation at turn 7 is a named mistake with its feedback...
    let slip = &d.turns[6];
    assert_eq!(slip.technique, Some(Technique::Interrogate));
    assert_eq!(slip.feedback, "More questions after he is satisfied only reopens the wound.");
    assert!(!slip.moved_forward);
    // ...and the engine points at the close as the better reply there.
    assert_eq!(slip.better, Some(0));
    assert!(
        d.went_wrong
            .iter()
            .any(|n| matches!(n, calmline::engine::Note::Mistake { turn: 6, technique: Technique::Interrogate }))
    );
    assert!(d.went_well.iter().any(|n| matches!(n, calmline::engine::Note::TwoAgreements { turn: 2 })));
    // The opening let-vent was already the best move.
    assert_eq!(d.turns[0].better, None);
    assert!(d.turns[0].moved_forward);
}

#[test]
fn a_stalling_call_ends_within_the_turn_cap() {
    // "other" at the last node loops back to itself without raising anger much.
    let mut s = Session::new(refund(), 5);
    for &c in &[0usize, 0, 0, 2, 0, 0] {
        s.choose(c, 1.0).unwrap();
    }
    let mut n = 0;
    while !s.is_over() {
        s.choose(1, 1.0).unwrap();
        n += 1;
        assert!(n < 100);
    }
    assert!(s.turns().len() <= s.scenario().max_turns as usize);
    assert_ne!(s.outcome(), Some(EndingKind::Resolved));
}
