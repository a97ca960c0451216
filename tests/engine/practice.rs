//! Varied callers, the coach, exam attempts, the trainee's own words and the what-if path,
//! on fixture files: exact draws, costs and curves.

use super::{fixture, load_ok, refund};
use calmline::engine::call::model::Drawn;
use calmline::engine::call::session::{Attempt, CourseAttempt, HINTS_PER_CALL};
use calmline::engine::judge::coach;
use calmline::engine::judge::score::{HINT_COST, NOT_CLEAN_CAP};
use calmline::engine::records::record::{Record, TurnRecord};
use calmline::engine::records::replay::{Difference, Verdict, verify};
use calmline::engine::{EndingKind, Judge, Library, Mode, Scenario, Session, SessionError, Technique};
use std::sync::Arc;

fn varied() -> Arc<Scenario> {
    load_ok(&[fixture("vary/en/refund-varied.ron")]).scenarios[0].clone()
}

/// The resolving path of the refund fixture (see `session.rs`).
const SKILLED: [usize; 8] = [0, 0, 0, 2, 0, 0, 2, 0];

fn play(scenario: Arc<Scenario>, seed: u64, choices: &[usize]) -> Session {
    let mut s = Session::new(scenario, seed);
    for &c in choices {
        if s.is_over() {
            break;
        }
        s.choose(c, 2.0).expect("a valid choice");
    }
    s
}

#[test]
fn a_varied_caller_is_read_with_its_personas_and_range() {
    let s = varied();
    assert!(s.caller.varies());
    let v = s.caller.varies.as_ref().unwrap();
    let ids: Vec<&str> = v.personas.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["steady", "touchy"]);
    assert_eq!(v.anger, (70, 90));
    // Planned and checked with the first persona and the middle of the range.
    assert_eq!(s.caller.persona.id, "steady");
    assert_eq!(s.caller.anger, 80);
    assert!(s.caller.drawn.is_none());
    // A call with one persona and one number does not vary.
    assert!(!refund().caller.varies());
    assert!(refund().draw(5).is_none());
}

#[test]
fn each_seed_draws_one_caller_and_always_the_same() {
    let s = varied();
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..200u64 {
        let a = Session::new(Arc::clone(&s), seed);
        let b = Session::new(Arc::clone(&s), seed);
        let drawn = a.scenario().caller.drawn.clone().expect("a varied call records its draw");
        assert_eq!(Some(&drawn), b.scenario().caller.drawn.as_ref());
        assert!((70..=90).contains(&drawn.anger));
        assert_eq!(a.state().anger, drawn.anger);
        assert_eq!(a.scenario().caller.persona.id, drawn.persona);
        seen.insert((drawn.persona, drawn.anger));
    }
    let personas: std::collections::BTreeSet<_> = seen.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(personas.len(), 2, "both personas are drawn over 200 seeds");
    assert!(seen.len() > 20, "the anger spreads over the range: {seen:?}");
    // Seed 1's draw, pinned: a change to the draw breaks replays of old records.
    let one = Session::new(Arc::clone(&s), 1);
    assert_eq!(one.scenario().caller.drawn, Some(Drawn { persona: "steady".into(), anger: 81 }));
}

#[test]
fn a_varied_call_replays_exactly_from_its_record() {
    let s = varied();
    let session = play(Arc::clone(&s), 1, &SKILLED);
    assert!(session.is_over());
    let record = Record::from_session(&session, "r1", "Ana", "2026-12-02T08:00:00Z");
    assert_eq!(record.caller, Some(Drawn { persona: "steady".into(), anger: 81 }));
    let json = serde_json::to_string(&record).unwrap();
    let back: Record = serde_json::from_str(&json).unwrap();
    assert_eq!(back, record);
    match verify(&back, Arc::clone(&s)) {
        Verdict::Same(summary) => assert_eq!(summary.turns, session.turns().len()),
        other => panic!("expected the same call, got {other:?}"),
    }
    // A record claiming another draw is caught before the first turn.
    let mut forged = back.clone();
    forged.caller = Some(Drawn { persona: "touchy".into(), anger: 81 });
    match verify(&forged, s) {
        Verdict::Diverges(d) => {
            assert_eq!(d.turn, None);
            assert!(matches!(d.difference, Difference::Caller { .. }));
        }
        other => panic!("expected a divergence, got {other:?}"),
    }
}

#[test]
fn simulate_reports_each_persona_drawn() {
    use calmline::engine::judge::simulate::{Policy, simulate};
    let report = simulate(&varied(), 60, 1, &[Policy::Random, Policy::Best]);
    for p in &report.policies {
        let ids: Vec<&str> = p.by_persona.iter().map(|q| q.persona.as_str()).collect();
        assert_eq!(ids, ["steady", "touchy"]);
        assert_eq!(p.by_persona.iter().map(|q| q.runs).sum::<usize>(), 60);
        let resolved: usize = p.by_persona.iter().map(|q| q.outcomes.resolved).sum();
        assert_eq!(resolved, p.outcomes.resolved);
    }
    // A call that does not vary has no per-persona rows.
    let plain = simulate(&refund(), 10, 1, &[Policy::Random]);
    assert!(plain.policies[0].by_persona.is_empty());
}

#[test]
fn varied_callers_written_wrong_are_all_reported_at_their_place() {
    let lib = Library::load(&[fixture("vary/bad/en/varied-bad.ron")], None);
    let found: Vec<(&str, usize, usize)> = lib.errors().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(found, [("unknown-persona", 6, 50), ("duplicate-id", 6, 60), ("out-of-range", 6, 78)]);
    let help = lib
        .errors()
        .next()
        .and_then(|d| d.help.clone())
        .map(|m| calmline::text::message(&m, calmline::engine::Lang::En));
    assert_eq!(help.as_deref(), Some("did you mean `touchy`?"));
}

#[test]
fn the_coach_names_the_mode_and_the_technique_not_the_reply() {
    let s = refund();
    let session = Session::new(Arc::clone(&s), 7);
    let hint = coach::hint(&s, session.node_index(), session.state());
    assert_eq!(hint.mode, Mode::Attack);
    assert_eq!(hint.technique, Some(Technique::LetVent));
}

#[test]
fn hints_are_counted_capped_and_cost_points() {
    let clean = play(refund(), 7, &SKILLED).score().unwrap();
    let mut s = Session::new(refund(), 7);
    assert_eq!(s.use_hint(), Ok(2));
    // Asking twice on one turn costs once.
    assert_eq!(s.use_hint(), Ok(2));
    s.choose(SKILLED[0], 2.0).unwrap();
    assert_eq!(s.use_hint(), Ok(1));
    s.choose(SKILLED[1], 2.0).unwrap();
    assert_eq!(s.use_hint(), Ok(0));
    s.choose(SKILLED[2], 2.0).unwrap();
    assert_eq!(s.use_hint(), Err(SessionError::NoHintsLeft(HINTS_PER_CALL)));
    for &c in &SKILLED[3..] {
        s.choose(c, 2.0).unwrap();
    }
    let score = s.score().unwrap();
    assert_eq!(score.hints, 3);
    assert_eq!(score.hint_cost, 3 * HINT_COST);
    assert_eq!(score.total, clean.total - 3 * HINT_COST);
    assert_eq!(score.parts, clean.parts, "hints cost points without changing the parts");
    let debrief = s.debrief().unwrap();
    assert_eq!(debrief.hints, [0, 1, 2]);
    // The hints travel in the record and replay to the same score.
    let record = Record::from_session(&s, "h", "Ana", "2026-12-02T08:00:00Z");
    assert_eq!(record.hints(), 3);
    let again = Session::replay(refund(), 7, &record.choices()).unwrap();
    assert_eq!(again.score(), Some(score));
    assert!(matches!(verify(&record, refund()), Verdict::Same(_)));
}

#[test]
fn an_exam_has_no_coach_and_is_marked_in_its_record() {
    let attempt = Attempt {
        exam: true,
        course: Some(CourseAttempt { id: "onboarding".into(), unit: "exam".into(), completed: false }),
    };
    let mut s = Session::with_attempt(refund(), 7, attempt.clone());
    assert_eq!(s.use_hint(), Err(SessionError::NoCoachInExam));
    for &c in &SKILLED {
        s.choose(c, 2.0).unwrap();
    }
    let record = Record::from_session(&s, "e", "Ana", "2026-12-02T08:00:00Z");
    assert!(record.attempt.exam);
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["exam"], true);
    assert_eq!(json["course"]["id"], "onboarding");
    assert_eq!(json["course"]["unit"], "exam");
    // Free practice writes neither field.
    let plain = Record::from_session(&play(refund(), 7, &SKILLED), "p", "Ana", "2026-12-02T08:00:00Z");
    let json = serde_json::to_value(&plain).unwrap();
    assert!(json.get("exam").is_none() && json.get("course").is_none());
}

#[test]
fn the_trainees_own_words_are_kept_beside_the_reply() {
    let mut s = Session::new(refund(), 7);
    s.say("  Tell me what happened, I'm listening ");
    assert_eq!(s.said_now(), Some("Tell me what happened, I'm listening"));
    s.choose(0, 4.0).unwrap();
    s.say("   ");
    s.choose(0, 4.0).unwrap();
    assert_eq!(s.turns()[0].said.as_deref(), Some("Tell me what happened, I'm listening"));
    assert_eq!(s.turns()[1].said, None);
    let record = Record::from_session(&s, "w", "Ana", "2026-12-02T08:00:00Z");
    let turn: &TurnRecord = &record.turns[0];
    assert_eq!(turn.said.as_deref(), Some("Tell me what happened, I'm listening"));
    for &c in &SKILLED[2..] {
        s.choose(c, 2.0).unwrap();
    }
    let d = s.debrief().unwrap();
    assert_eq!(d.said.len(), 1);
    assert_eq!((d.said[0].turn, d.said[0].words.as_str()), (0, "Tell me what happened, I'm listening"));
}

#[test]
fn the_what_if_path_starts_where_the_trainee_strayed() {
    // Reply 2 at the opening is a classic mistake; the rest follows the skilled path.
    let s = play(refund(), 7, &[1, 0, 0, 0, 2, 0, 0, 2, 0]);
    let d = s.debrief().unwrap();
    let first = d.turns.iter().position(|t| t.better.is_some()).unwrap();
    let w = d.what_if.clone().expect("a better path exists");
    assert_eq!(w.from_turn, first);
    assert_eq!(w.curve[0].anger, d.curve[first].anger, "it starts from the anger the trainee faced");
    assert_eq!(w.outcome, EndingKind::Resolved);
    assert!(w.score > d.score.total, "the better path scores more: {} vs {}", w.score, d.score.total);
    assert!(w.curve.last().unwrap().anger < d.curve[first].anger);
    assert!(d.score.total <= NOT_CLEAN_CAP);
    // A call played as the engine recommends has no what-if.
    let best = calmline::engine::judge::planner::best_path(&refund());
    let choices: Vec<usize> = best.iter().map(|&(_, r)| r).collect();
    let d = play(refund(), 7, &choices).debrief().unwrap();
    assert!(d.turns.iter().all(|t| t.better.is_none()) == d.what_if.is_none());
}
