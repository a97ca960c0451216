//! The judge's promises, over generated callers and calls as well as the fixtures: the
//! method works as taught, repeating and looping pay nothing, a mistake never pays, and
//! the debrief never recommends a mistake.

use super::{calmline, fixture, load_ok, refund};
use calmline::engine::call::caller::{CallState, Expected, step_reply};
use calmline::engine::call::load::{ScenarioContext, parse_scenario};
use calmline::engine::call::persona::{Bound, Swing, bound};
use calmline::engine::call::testkit::synthetic_scenario;
use calmline::engine::judge::score::{PartKind, score_state};
use calmline::engine::judge::simulate::{Policy, simulate};
use calmline::engine::{EndingKind, Family, Judge, Mode, Note, Persona, PersonaSet, Scenario, Session, Technique};
use proptest::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// A caller the loader would accept: thresholds, hysteresis, volatility, relapse, patience
/// and every effect moved at random, mistakes never calming.
fn persona() -> impl Strategy<Value = Persona> {
    (
        (50u8..85, 10u8..40, 0u8..9, 0.6f32..1.6, 0.0f32..1.0, 3u8..9, 0u8..14),
        prop::collection::vec((-4i16..=4, -4i16..=4), Technique::ALL.len() * 3),
    )
        .prop_map(|((attack, emotion, hysteresis, volatility, relapse, patience, bonus), shifts)| {
            let mut p = Persona {
                attack_at: attack,
                emotion_at: emotion.min(attack - 5),
                hysteresis,
                volatility,
                relapse,
                patience,
                agreement_bonus: bonus,
                ..Persona::default()
            };
            for t in Technique::ALL {
                let e = &mut p.effects[t.index()];
                for (k, cell) in [&mut e.attack, &mut e.emotion, &mut e.reasoning].into_iter().enumerate() {
                    let (a, b) = shifts[t.index() * 3 + k];
                    let (mut lo, mut hi) = (cell.lo() + a, cell.hi() + b);
                    hi = hi.max(lo);
                    // Keep to the method's bounds, as the loader does.
                    match bound(t, Mode::ALL[k]) {
                        Bound::Calms => {
                            hi = hi.min(-1);
                            lo = lo.min(hi);
                        }
                        Bound::NeverCalms => {
                            lo = lo.max(0);
                            hi = hi.max(lo);
                        }
                        Bound::Free => {}
                    }
                    *cell = Swing(lo, hi);
                }
            }
            p
        })
}

/// A generated call whose caller is `persona`.
fn call(persona: Persona, nodes: usize, seed: u64) -> Scenario {
    let text = synthetic_scenario(nodes, seed);
    let (s, d) = parse_scenario(Path::new("generated.ron"), &text, &PersonaSet::default(), ScenarioContext::default());
    let mut s = s.unwrap_or_else(|| panic!("generated call is valid: {d:?}"));
    s.caller.persona = Arc::new(persona);
    s
}

/// Plays techniques with expected values; the outcome is resolved unless the caller broke
/// or ran out of patience.
fn play(s: &Scenario, techniques: &[Technique]) -> (CallState, EndingKind) {
    let p = s.persona();
    let mut state = CallState::start(p, s.caller.anger);
    for &t in techniques {
        let fx = step_reply(p, &mut state, t, None, &mut Expected);
        if fx.broke || fx.exhausted {
            return (state, EndingKind::HungUp);
        }
    }
    (state, EndingKind::Resolved)
}

fn total(s: &Scenario, techniques: &[Technique]) -> u8 {
    let (state, outcome) = play(s, techniques);
    score_state(s, &state, outcome, techniques.last().copied()).total
}

/// The final state and score, for failure messages.
fn explain(s: &Scenario, techniques: &[Technique]) -> (CallState, EndingKind, Vec<(PartKind, u8)>, u8) {
    let (state, outcome) = play(s, techniques);
    let score = score_state(s, &state, outcome, techniques.last().copied());
    (state, outcome, score.parts.iter().map(|p| (p.kind, p.points)).collect(), score.total)
}

fn method_part(s: &Scenario, techniques: &[Technique]) -> u8 {
    let (state, outcome) = play(s, techniques);
    let score = score_state(s, &state, outcome, techniques.last().copied());
    score.parts.iter().find(|p| p.kind == PartKind::Method).map_or(0, |p| p.points)
}

fn technique() -> impl Strategy<Value = Technique> {
    (0..Technique::ALL.len()).prop_map(|i| Technique::ALL[i])
}

const TEXTBOOK: [Technique; 8] = [
    Technique::LetVent,
    Technique::Paraphrase,
    Technique::NameTheFeeling,
    Technique::AcknowledgeUrgency,
    Technique::PointDirection,
    Technique::RecordAndFollowUp,
    Technique::PreventLoss,
    Technique::CloseCall,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_global_rejects: 100_000, ..ProptestConfig::default() })]

    /// Two accepted agreements in a row bring any caller at least into emotion mode, and a
    /// stage-2 move after them into reasoning.
    #[test]
    fn the_milestones_move_the_modes(p in persona(), anger in 60u8..=95) {
        let mut s = CallState::start(&p, anger);
        for t in [Technique::LetVent, Technique::Paraphrase, Technique::NameTheFeeling] {
            let fx = step_reply(&p, &mut s, t, None, &mut Expected);
            prop_assume!(!fx.broke && !fx.exhausted);
        }
        prop_assume!(s.agreed);
        prop_assert!(s.mode != Mode::Attack, "after two agreements: {:?}", s);
        step_reply(&p, &mut s, Technique::AcknowledgeUrgency, None, &mut Expected);
        prop_assert_eq!(s.mode, Mode::Reasoning);
    }

    /// A stage-2 move before two agreements never calms any caller, on average: the
    /// relapse chance counts too.
    #[test]
    fn a_premature_stage_two_move_never_calms_on_average(
        p in persona(), anger in 35u8..=95, t in prop::sample::select(vec![Technique::AcknowledgeUrgency, Technique::PointDirection, Technique::PreventLoss]),
        seed in any::<u64>(),
    ) {
        let mut rng = <rand::rngs::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
        let mut sum = 0i32;
        for _ in 0..50 {
            let mut s = CallState::start(&p, anger);
            let fx = step_reply(&p, &mut s, t, None, &mut rng);
            prop_assert!(fx.delta >= 0 || s.anger == 100 || anger == 100, "{:?}", fx);
            sum += fx.delta as i32;
        }
        prop_assert!(sum >= 0);
    }

    /// Repeating a method step never adds to the method part.
    #[test]
    fn repeating_a_method_step_adds_nothing(
        p in persona(), seed in 0u64..40, anger in 40u8..=95,
        moves in prop::collection::vec(technique(), 1..12), which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(),
    ) {
        let mut s = call(p, 8, seed);
        s.caller.anger = anger;
        let method: Vec<Technique> = moves.iter().copied().filter(|t| t.is_method()).collect();
        prop_assume!(!method.is_empty());
        let repeat = method[which.index(method.len())];
        let first = moves.iter().position(|t| *t == repeat).unwrap();
        let place = first + 1 + at.index(moves.len() - first);
        // A step already done right by then: doing a move right that came too early the
        // first time is progress, not a repeat.
        let (before, _) = play(&s, &moves[..place]);
        prop_assume!(before.fitted & repeat.bit() != 0);
        let mut repeated = moves.clone();
        repeated.insert(place, repeat);
        prop_assert!(method_part(&s, &repeated) <= method_part(&s, &moves), "{:?} then {:?}", moves, repeated);
    }

    /// Going round a loop (playing a stretch of the call again) never beats the straight
    /// path the loop returns to.
    #[test]
    fn a_loop_never_beats_the_straight_path(
        p in persona(), seed in 0u64..40, anger in 40u8..=95,
        prefix in prop::collection::vec(technique(), 1..8), suffix in prop::collection::vec(technique(), 0..6),
        from in any::<prop::sample::Index>(), len in 1usize..5,
    ) {
        let mut s = call(p, 8, seed);
        s.caller.anger = anger;
        let start = from.index(prefix.len());
        let end = (start + len).min(prefix.len());
        // The loop replays moves that had already worked: the padding the judge must not pay
        // for. (Moves that failed the first time may work later; mistakes on the way are
        // `a_mistake_never_pays`.)
        let (after, _) = play(&s, &prefix);
        prop_assume!(prefix[start..end].iter().all(|t| after.landed & t.bit() != 0));
        // Both calls end with the close, as a resolved call does.
        let close = [Technique::CloseCall];
        let straight: Vec<Technique> = prefix.iter().chain(&suffix).chain(&close).copied().collect();
        let looped: Vec<Technique> =
            prefix.iter().chain(&prefix[start..end]).chain(&suffix).chain(&close).copied().collect();
        // A call the straight path resolves: a lost call that ends sooner escapes the
        // replies it never gave, which says nothing about padding.
        prop_assume!(play(&s, &straight).1 == EndingKind::Resolved);
        prop_assert!(
            total(&s, &looped) <= total(&s, &straight),
            "{:?} against {:?}\n{:?}\n{:?}",
            looped, straight, explain(&s, &looped), explain(&s, &straight)
        );
    }

    /// A deliberate mistake never scores more than the best non-mistake reply in its place.
    #[test]
    fn a_mistake_never_pays(
        p in persona(), seed in 0u64..40, anger in 40u8..=95,
        moves in prop::collection::vec(technique(), 1..10), at in any::<prop::sample::Index>(),
        mistake in prop::sample::select(Technique::ALL.iter().copied().filter(|t| t.is_mistake()).collect::<Vec<_>>()),
    ) {
        let mut s = call(p, 8, seed);
        s.caller.anger = anger;
        let i = at.index(moves.len() + 1);
        let mut with_mistake = moves.clone();
        with_mistake.insert(i, mistake);
        with_mistake.push(Technique::CloseCall);
        // The best of the non-mistake replies that could stand in its place.
        let instead = [Technique::Other, Technique::LetVent, Technique::Apologise, Technique::Paraphrase].map(|t| {
            let mut moves = moves.clone();
            moves.insert(i, t);
            moves.push(Technique::CloseCall);
            moves
        });
        prop_assume!(instead.iter().any(|m| play(&s, m).1 == EndingKind::Resolved));
        let with_other = instead.iter().max_by_key(|m| total(&s, m)).unwrap().clone();
        prop_assert!(
            total(&s, &with_mistake) <= total(&s, &with_other),
            "{:?} against {:?}\n{:?}\n{:?}",
            with_mistake, with_other, explain(&s, &with_mistake), explain(&s, &with_other)
        );
    }

    /// The textbook path calms any generated caller and scores well when it resolves.
    #[test]
    fn the_textbook_path_works_for_any_caller(p in persona(), anger in 60u8..=90, seed in 0u64..40) {
        let mut s = call(p, 8, seed);
        s.caller.anger = anger;
        let (state, outcome) = play(&s, &TEXTBOOK);
        prop_assume!(outcome == EndingKind::Resolved);
        prop_assert_eq!(state.mode, Mode::Reasoning);
        prop_assert_eq!(state.mistakes, 0);
    }
}

/// The calls in tests/fixtures/trainer were written from docs/scenario-format.md alone, as
/// a trainer would, with the textbook reply first at every step.
#[test]
fn calls_written_from_the_docs_reward_the_textbook_path() {
    let lib = load_ok(&[fixture("trainer")]);
    assert_eq!(lib.scenarios.len(), 2);
    for s in &lib.scenarios {
        let mut session = Session::new(s.clone(), 1);
        for _ in 0..8 {
            session.choose(0, 3.0).expect("reply 1 is on offer");
        }
        assert_eq!(session.outcome(), Some(EndingKind::Resolved), "{}", s.id);
        let score = session.score().unwrap();
        assert!(score.total >= 80, "{}: the textbook path scores {}", s.id, score.total);

        let r = simulate(s, 100, 1, &Policy::ALL);
        let mistakes: Vec<&str> =
            r.best_path.iter().filter(|p| p.technique.is_mistake()).map(|p| p.node.as_str()).collect();
        assert!(mistakes.is_empty(), "{}: best play uses a mistake at {mistakes:?}", s.id);
        let mut nodes: Vec<&str> = r.best_path.iter().map(|p| p.node.as_str()).collect();
        nodes.dedup();
        let count = nodes.len();
        nodes.sort();
        nodes.dedup();
        assert_eq!(nodes.len(), count, "{}: best play repeats a node", s.id);
        let method = r.policies.iter().find(|p| p.policy == Policy::Method).unwrap();
        assert_eq!(method.outcomes.resolved, 100, "{}: the method bot resolves every run", s.id);
        for surface in [Policy::Longest, Policy::Polite] {
            let p = r.policies.iter().find(|p| p.policy == surface).unwrap();
            assert!(p.score.median <= 50.0, "{}: {} scores {}", s.id, surface.id(), p.score.median);
        }
    }
}

#[test]
fn the_debrief_never_recommends_a_mistake_and_says_why_a_move_was_early() {
    let scenario = refund();
    // Go to a node that offers a stage-2 move and make it before any agreement.
    let (node, premature) = scenario
        .nodes
        .iter()
        .find_map(|n| n.replies.iter().position(|r| r.technique.family() == Family::Stage2).map(|i| (n, i)))
        .expect("the refund call offers a stage-2 reply");
    let mut s = Session::new(scenario.clone(), 7);
    s.jump_to(&node.id).unwrap();
    s.choose(premature, 2.0).unwrap();
    while !s.is_over() {
        s.choose(0, 2.0).unwrap();
    }
    let d = s.debrief().unwrap();
    let early = d.went_wrong.iter().find_map(|n| match n {
        Note::StageTwoTooEarly { turn: 0, why, .. } => Some(*why),
        _ => None,
    });
    assert_eq!(early, Some(calmline::engine::judge::debrief::TooEarly::BeforeAgreements { agreements: 0 }));
    for t in &d.turns {
        if let Some(b) = t.better {
            let better = scenario.nodes[t.node].replies[b].technique;
            assert!(!better.is_mistake() && better != Technique::Other, "turn {}: {better:?}", t.turn);
        }
    }
}

#[test]
fn simulate_path_plays_exact_replies() {
    let o = calmline(&[
        "simulate",
        "tests/fixtures/good/en/refund.ron",
        "--path",
        "1,1,1",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["outcome"].is_null(), "three replies do not finish the call");
    let turns = v["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 3);
    for key in ["node", "reply", "technique", "anger_before", "anger_after", "mode_after", "better"] {
        assert!(turns[0].get(key).is_some(), "{key}");
    }
    assert_eq!(turns[0]["reply"], 1);
    assert_eq!(turns[0]["node"], "open");

    let o = calmline(&[
        "simulate",
        "tests/fixtures/good/en/refund.ron",
        "--path",
        "1,1,1,3,1,1,3,1",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["outcome"], "resolved");
    assert_eq!(v["score"]["total"], 89);
    assert_eq!(v["score"]["grade"], "B");
    assert_eq!(v["score"]["parts"].as_array().unwrap().len(), 6);

    let o = calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--path", "1,9"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("turn 2") && err.contains("9 is not one of them"), "{err}");
}

#[test]
fn simulate_reports_the_method_and_surface_bots() {
    let o = calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--runs", "30", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for name in ["random", "best", "worst", "method", "longest", "polite"] {
        assert_eq!(v["policies"][name]["runs"], 30, "{name}");
    }
    assert!(v["method"]["path"].as_array().is_some_and(|p| !p.is_empty()));
    let o = calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--runs", "30", "--policy", "method"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("method          30"), "{text}");
    assert!(text.contains("Method bot (seed 1): resolved"), "{text}");
}
