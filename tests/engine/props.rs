//! Property tests: the invariants of the caller model and the loader, on any input.

use super::refund;
use calmline::engine::Judge;
use calmline::engine::call::load::{ScenarioContext, decode, parse_personas, parse_scenario};
use calmline::engine::call::testkit::synthetic_scenario;
use calmline::engine::judge::score::{NOT_CLEAN_CAP, is_clean};
use calmline::engine::{Mode, PersonaSet, Scenario, Session};
use proptest::prelude::*;
use std::path::Path;
use std::sync::Arc;

fn synthetic(nodes: usize, seed: u64) -> Arc<Scenario> {
    let text = synthetic_scenario(nodes, seed);
    let (s, d) = parse_scenario(Path::new("synthetic.ron"), &text, &PersonaSet::default(), ScenarioContext::default());
    Arc::new(s.unwrap_or_else(|| panic!("generated scenario is valid: {d:?}")))
}

/// Plays `picks` (None = silence) until the call ends; returns the session.
fn play(scenario: Arc<Scenario>, seed: u64, picks: &[Option<usize>]) -> Session {
    let mut s = Session::new(scenario, seed);
    let mut i = 0;
    while !s.is_over() {
        let pick = picks.get(i % picks.len().max(1)).copied().flatten();
        i += 1;
        let r = match pick {
            Some(p) => {
                let n = s.replies().len();
                s.choose(p % n, 1.0)
            }
            None => s.silence(),
        };
        r.expect("valid choices are accepted");
        assert!(i <= 1000, "the call did not end");
    }
    s
}

/// A quick-tempered persona beside the built-in `default`, for varied generated callers.
const QUICK: &str =
    r#"[(id: "quick", thresholds: (attack: 55, emotion: 25), volatility: 1.5, relapse: 0.8, patience: 3)]"#;

/// A generated call whose caller varies: `default` or `quick`, anger from `lo` to `hi`.
fn varied(nodes: usize, seed: u64, lo: u8, hi: u8) -> Arc<Scenario> {
    let text = synthetic_scenario(nodes, seed).replace(
        "caller: (name: \"Caller\", anger: 85)",
        &format!("caller: (name: \"Caller\", persona: [\"default\", \"quick\"], anger: ({lo}, {hi}))"),
    );
    let mut personas = PersonaSet::default();
    let (quick, diags) = parse_personas(Path::new("personas.ron"), QUICK);
    assert!(diags.is_empty(), "{diags:?}");
    quick.into_iter().for_each(|p| personas.insert(p));
    let (s, d) = parse_scenario(Path::new("varied.ron"), &text, &personas, ScenarioContext::default());
    let s = s.unwrap_or_else(|| panic!("generated varied scenario is valid: {d:?}"));
    assert!(s.caller.varies());
    Arc::new(s)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_varied_caller_is_drawn_in_range_and_replays_with_its_hints(
        seed in any::<u64>(),
        variant in 0u64..30,
        lo in 40u8..90,
        width in 0u8..10,
        picks in prop::collection::vec(prop::option::weighted(0.9, 0usize..8), 1..30),
        hints in prop::collection::vec(any::<bool>(), 1..30),
    ) {
        let hi = lo + width;
        let scenario = varied(10, variant, lo, hi);
        let mut s = Session::new(Arc::clone(&scenario), seed);
        let drawn = s.scenario().caller.drawn.clone().expect("a varied call keeps its draw");
        prop_assert!((lo..=hi).contains(&drawn.anger));
        prop_assert!(drawn.persona == "default" || drawn.persona == "quick");
        prop_assert_eq!(&s.scenario().caller.persona.id, &drawn.persona);
        prop_assert_eq!(s.state().anger, drawn.anger);
        let mut i = 0;
        while !s.is_over() {
            if hints[i % hints.len()] {
                // Never more than three hints, whatever is asked.
                let _ = s.use_hint();
            }
            let r = match picks[i % picks.len()] {
                Some(p) => { let n = s.replies().len(); s.choose(p % n, 1.0) }
                None => s.silence(),
            };
            r.expect("valid choices are accepted");
            i += 1;
            prop_assert!(i <= 1000, "the call did not end");
        }
        prop_assert!(s.hints_used() <= 3);
        let score = s.score().unwrap();
        let sum = score.parts.iter().map(|p| p.points as u32).sum::<u32>();
        let cap = if is_clean(s.scenario(), s.state(), s.outcome().unwrap()) { 100 } else { NOT_CLEAN_CAP as u32 };
        let before = sum.min(cap) as u8;
        prop_assert_eq!(score.hint_cost, (3 * score.hints).min(before));
        prop_assert_eq!(score.total, before - score.hint_cost);
        // The seed draws the same caller again, and the choices with their hints give the same call.
        let again = Session::replay(Arc::clone(&scenario), seed, &s.choices()).expect("replays");
        prop_assert_eq!(again.scenario().caller.drawn.clone(), Some(drawn));
        prop_assert_eq!(again.turns(), s.turns());
        prop_assert_eq!(again.score(), s.score());
    }

    #[test]
    fn anger_stays_in_range_and_every_call_ends(seed in any::<u64>(), variant in 0u64..50, picks in prop::collection::vec(prop::option::weighted(0.9, 0usize..8), 1..40)) {
        for scenario in [refund(), synthetic(12, variant)] {
            let s = play(scenario.clone(), seed, &picks);
            prop_assert!(s.is_over());
            prop_assert!(s.turns().len() <= scenario.max_turns as usize);
            for t in s.turns() {
                prop_assert!(t.before.anger <= 100 && t.after.anger <= 100);
                let p = scenario.persona();
                // The mode lies between the plain thresholds and the hysteresis band.
                prop_assert!(t.after.mode.heat() >= p.mode_for(t.after.anger).heat());
                prop_assert!(t.after.mode.heat() <= p.mode_for(t.after.anger.saturating_add(p.hysteresis)).heat());
                if t.effects.relapse {
                    prop_assert_eq!(t.after.mode, Mode::Attack);
                }
            }
            let score = s.score().unwrap();
            prop_assert!(score.total <= 100);
            // The total is the sum of the parts, capped below an A for a call with a
            // mistake or a missing apology that was due.
            let sum = score.parts.iter().map(|p| p.points as u32).sum::<u32>();
            let cap = if is_clean(&scenario, s.state(), s.outcome().unwrap()) { 100 } else { NOT_CLEAN_CAP as u32 };
            prop_assert_eq!(score.total as u32, sum.min(cap));
        }
    }

    #[test]
    fn the_same_seed_and_choices_give_the_same_call(seed in any::<u64>(), picks in prop::collection::vec(prop::option::weighted(0.9, 0usize..3), 1..30)) {
        let a = play(refund(), seed, &picks);
        let b = Session::replay(refund(), seed, &a.choices()).expect("replays");
        prop_assert_eq!(a.turns(), b.turns());
        prop_assert_eq!(a.score(), b.score());
        let events_a: Vec<_> = (0..a.turns().len()).map(|i| calmline::engine::call::session::turn_events(a.scenario(), &a.turns()[i])).collect();
        let events_b: Vec<_> = (0..b.turns().len()).map(|i| calmline::engine::call::session::turn_events(b.scenario(), &b.turns()[i])).collect();
        prop_assert_eq!(events_a, events_b);
    }

    #[test]
    fn the_loader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let path = Path::new("fuzz.ron");
        match decode(path, bytes) {
            Ok(text) => {
                let _ = parse_scenario(path, &text, &PersonaSet::default(), ScenarioContext::default());
                let _ = parse_personas(path, &text);
            }
            Err(d) => prop_assert_eq!(d.code, "not-utf8"),
        }
    }

    #[test]
    fn the_loader_survives_any_edit_of_a_valid_file(cuts in prop::collection::vec((0usize..5000, 0usize..40, ".{0,6}"), 1..6)) {
        let mut text = std::fs::read_to_string(super::fixture("good/en/refund.ron")).unwrap();
        for (at, len, insert) in cuts {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(at..end.max(at), &insert);
        }
        let personas = super::load_ok(&[super::fixture("good/personas.ron")]).personas;
        let (s, d) = parse_scenario(Path::new("edited.ron"), &text, &personas, ScenarioContext::default());
        // Either it is still a valid call, or every problem has a place.
        if s.is_none() {
            prop_assert!(!d.is_empty());
            for diag in d {
                prop_assert!(diag.line >= 1 && diag.column >= 1, "{:?}", diag);
            }
        }
    }
}

#[test]
fn deep_nesting_and_huge_input_are_errors_not_crashes() {
    let path = Path::new("deep.ron");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (s, d) = parse_scenario(path, &deep, &PersonaSet::default(), ScenarioContext::default());
    assert!(s.is_none());
    assert_eq!((d[0].line, d[0].column), (1, 1));
    let (_, d) = parse_personas(path, &deep);
    assert_eq!(d.len(), 1);
    // Nesting that the format allows is cut off by the recursion limit.
    let nested_lists =
        format!("[(id: \"p\", effects: {{\"other\": (attack: {}1, 2{})}})]", "(".repeat(5000), ")".repeat(5000));
    let (_, d) = parse_personas(path, &nested_lists);
    assert_eq!(d.len(), 1, "{d:?}");
    let long_string = format!("Scenario(id: \"{}\"", "x".repeat(5_000_000));
    let (s, d) = parse_scenario(path, &long_string, &PersonaSet::default(), ScenarioContext::default());
    assert!(s.is_none() && !d.is_empty());
}

#[test]
fn a_large_generated_scenario_loads_and_plays() {
    let s = synthetic(2_000, 3);
    assert_eq!(s.nodes.len(), 2_000);
    let r = calmline::engine::judge::simulate::simulate(&s, 20, 1, &calmline::engine::judge::simulate::Policy::ALL);
    assert_eq!(r.policies.len(), calmline::engine::judge::simulate::Policy::ALL.len());
}
