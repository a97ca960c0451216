//! The caller's anger model: one function, [`step`], moves a call's state by one reply or
//! one silence. Sessions drive it with a seeded random generator; the planner drives it
//! with expected values. Documented in `docs/caller-model.md`.

use crate::engine::call::persona::{Mode, Persona, Swing};
use crate::engine::call::technique::{Family, Technique};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Everything about a call in progress that the model and the scoring need. Small and
/// `Copy`, so the planner can branch on it freely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CallState {
    /// 0 (calm) to 100 (breaking point).
    pub anger: u8,
    pub mode: Mode,
    /// Accepted agreements in a row, not yet cashed in.
    pub streak: u8,
    /// Two agreements in a row have happened: stage 2 is safe.
    pub agreed: bool,
    /// Anger-raising replies the caller still puts up with.
    pub patience_left: u8,
    /// Turns so far, silences included.
    pub turns: u16,
    pub silences: u8,
    /// Replies using a mistake technique, or a service move out of turn (checking identity
    /// before the caller is calm), or a neutral reply the caller took badly.
    pub mistakes: u8,
    /// The method moves made at the right time, one bit per technique
    /// ([`Technique::bit`]): repeating a move adds nothing.
    pub fitted: u32,
    /// Method moves made at the wrong time, counted each time.
    pub misfits: u8,
    /// The techniques that have calmed the caller once; used again, they no longer do.
    pub landed: u32,
    pub apologised: bool,
    pub recorded: bool,
    /// A calm warning about abusive language (`set-boundary`) has been given.
    pub boundary_set: bool,
    /// The last reply was a close-call.
    pub closed: bool,
    pub relapses: u8,
}

impl CallState {
    pub fn start(persona: &Persona, anger: u8) -> CallState {
        let anger = anger.min(100);
        CallState {
            anger,
            mode: persona.mode_for(anger),
            streak: 0,
            agreed: false,
            patience_left: persona.patience,
            turns: 0,
            silences: 0,
            mistakes: 0,
            fitted: 0,
            misfits: 0,
            landed: 0,
            apologised: false,
            recorded: false,
            boundary_set: false,
            closed: false,
            relapses: 0,
        }
    }
}

/// The source of chance in a step.
pub trait Dice {
    /// A value in the inclusive range.
    fn swing(&mut self, swing: Swing) -> i16;
    /// True with probability `p`.
    fn chance(&mut self, p: f32) -> bool;
    /// An index below `n` (n ≥ 1).
    fn pick(&mut self, n: usize) -> usize;
}

/// The call's random generator: ChaCha8 from one seed, so the same seed and choices
/// give the same call on every platform.
#[derive(Debug)]
pub struct CallRng(ChaCha8Rng);

impl CallRng {
    pub fn new(seed: u64) -> CallRng {
        CallRng(<ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed))
    }
}

impl Clone for CallRng {
    fn clone(&self) -> Self {
        let mut rng = <ChaCha8Rng as rand::SeedableRng>::from_seed(self.0.get_seed());
        rng.set_stream(self.0.get_stream());
        rng.set_word_pos(self.0.get_word_pos());
        CallRng(rng)
    }
}

impl Dice for CallRng {
    fn swing(&mut self, swing: Swing) -> i16 {
        self.0.swing(swing)
    }
    fn chance(&mut self, p: f32) -> bool {
        self.0.chance(p)
    }
    fn pick(&mut self, n: usize) -> usize {
        self.0.pick(n)
    }
}

impl Dice for ChaCha8Rng {
    fn swing(&mut self, swing: Swing) -> i16 {
        self.random_range(swing.lo()..=swing.hi())
    }
    fn chance(&mut self, p: f32) -> bool {
        if p <= 0.0 {
            false
        } else if p >= 1.0 {
            true
        } else {
            self.random_bool(p as f64)
        }
    }
    fn pick(&mut self, n: usize) -> usize {
        if n <= 1 { 0 } else { self.random_range(0..n) }
    }
}

/// Expected values instead of chance: the middle of each range, and an event happens
/// when its chance is at least one half. The planner reasons with this.
#[derive(Clone, Copy, Debug, Default)]
pub struct Expected;

impl Dice for Expected {
    fn swing(&mut self, swing: Swing) -> i16 {
        swing.mean()
    }
    fn chance(&mut self, p: f32) -> bool {
        p >= 0.5
    }
    fn pick(&mut self, _n: usize) -> usize {
        0
    }
}

/// What one step did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEffects {
    /// The anger change actually applied (after clamping to 0..=100).
    pub delta: i16,
    /// The caller accepted a paraphrase or a named feeling.
    pub agreement: bool,
    /// This agreement was the second in a row: hostility dropped further.
    pub two_agreements: bool,
    /// The caller slid back into attack mode.
    pub relapse: bool,
    /// The technique had already calmed the caller earlier in the call, so this time it
    /// changed nothing.
    pub repeated: bool,
    /// A milestone of the method moved the caller into a calmer mode: two agreements
    /// into emotion, a stage-2 move after them into reasoning.
    pub milestone: bool,
    /// A neutral reply (`other`) made the caller angrier: counted as a slip.
    pub provoked: bool,
    /// A service move made before its time (checking identity before the caller is calm):
    /// counted as a mistake, and it never calms.
    pub out_of_turn: bool,
    /// The method move fitted the caller's mode (`Some(true)`), did not (`Some(false)`),
    /// or the technique is not a method move (`None`).
    pub fit: Option<bool>,
    /// Anger reached 100.
    pub broke: bool,
    /// Patience ran out.
    pub exhausted: bool,
}

/// Whether a method move suits the caller's mode, as the scoring counts it: stage 1 always
/// does (listening is never wrong); stage 2 suits reasoning, or emotion once two
/// agreements are in. A stage-2 move before two agreements never fits.
pub fn fits(technique: Technique, mode: Mode, agreed: bool) -> Option<bool> {
    match technique.family() {
        Family::Stage1 => Some(true),
        Family::Stage2 => Some(agreed && mode != Mode::Attack),
        _ => None,
    }
}

/// Applies one reply with `technique` (and an optional explicit anger change) to `state`.
/// The rules, in order, are those of `docs/caller-model.md`.
pub fn step_reply(
    persona: &Persona,
    state: &mut CallState,
    technique: Technique,
    explicit: Option<i16>,
    dice: &mut impl Dice,
) -> StepEffects {
    let mut fx = StepEffects { fit: fits(technique, state.mode, state.agreed), ..Default::default() };
    let mode = state.mode;
    fx.out_of_turn = !technique.is_mistake() && technique.is_mistake_in(mode);
    let premature = technique.family() == Family::Stage2 && fx.fit == Some(false);
    let mut delta = match explicit {
        Some(d) => d,
        None => {
            // A stage-2 move at the wrong time lands as it would on an attacking caller.
            let cell = persona.effect(technique, if premature { Mode::Attack } else { mode });
            let raw = dice.swing(cell);
            if raw > 0 { ((raw as f32) * persona.volatility).round() as i16 } else { raw }
        }
    };
    // Rule 2: a move at the wrong time never calms, whatever the persona says.
    if premature || fx.out_of_turn {
        delta = delta.max(0);
    }
    // Rule 3: a technique calms once; used again, the caller has heard it before and it
    // changes nothing.
    if explicit.is_none() && !technique.is_mistake() {
        if state.landed & technique.bit() != 0 {
            fx.repeated = true;
            delta = 0;
        } else if delta < 0 {
            state.landed |= technique.bit();
        }
    }

    // Rule 4: the two-agreement rule.
    let mut two_agreements = false;
    if technique.seeks_agreement() && delta < 0 {
        fx.agreement = true;
        state.streak = state.streak.saturating_add(1);
        if state.streak >= 2 {
            fx.two_agreements = true;
            two_agreements = true;
            state.streak = 0;
            state.agreed = true;
            delta -= persona.agreement_bonus as i16;
        }
    } else if delta > 0 {
        state.streak = 0;
    }

    let mut anger = (state.anger as i16 + delta).clamp(0, 100) as u8;
    // Rule 5: stage 2 before the agreements risks a relapse into attack mode.
    if technique.family() == Family::Stage2 && !state.agreed && dice.chance(persona.relapse) {
        fx.relapse = true;
        anger = anger.max(persona.relapse_anger());
        state.streak = 0;
        state.relapses = state.relapses.saturating_add(1);
    }
    // Rule 6: the mode follows anger, and the method's milestones move it on.
    let mut next = if fx.relapse { Mode::Attack } else { persona.next_mode(mode, anger) };
    // A milestone brings anger down to where the caller would have calmed into the next
    // mode anyway: below the threshold by the hysteresis.
    let calmed_below = |threshold: u8| threshold.saturating_sub(persona.hysteresis).saturating_sub(1);
    if two_agreements && next == Mode::Attack {
        next = Mode::Emotion;
        anger = anger.min(calmed_below(persona.attack_at));
        fx.milestone = true;
    } else if technique.family() == Family::Stage2
        && fx.fit == Some(true)
        && state.fitted & technique.bit() == 0
        && next == Mode::Emotion
        && persona.emotion_at > persona.hysteresis
    {
        next = Mode::Reasoning;
        anger = anger.min(calmed_below(persona.emotion_at));
        fx.milestone = true;
    }
    fx.delta = anger as i16 - state.anger as i16;
    state.anger = anger;
    state.mode = next;

    match fx.fit {
        Some(true) => state.fitted |= technique.bit(),
        Some(false) => state.misfits = state.misfits.saturating_add(1),
        None => {}
    }
    // A neutral reply the caller takes badly is a slip, counted with the mistakes: a
    // free detour through an upsell is not free.
    fx.provoked = technique.family() == Family::Neutral && fx.delta > 0;
    if technique.is_mistake() || fx.out_of_turn || fx.provoked {
        state.mistakes = state.mistakes.saturating_add(1);
    }
    match technique {
        Technique::Apologise => state.apologised = true,
        Technique::RecordAndFollowUp => state.recorded = true,
        Technique::SetBoundary => state.boundary_set = true,
        _ => {}
    }
    state.closed = technique == Technique::CloseCall;
    state.turns = state.turns.saturating_add(1);
    finish(state, &mut fx);
    fx
}

/// Applies a silence: the reply time ran out and the trainee said nothing.
pub fn step_silence(persona: &Persona, state: &mut CallState, dice: &mut impl Dice) -> StepEffects {
    let raw = dice.swing(persona.silence).max(0);
    let delta = ((raw as f32) * persona.volatility).round() as i16;
    let anger = (state.anger as i16 + delta).clamp(0, 100) as u8;
    let mut fx = StepEffects { delta: anger as i16 - state.anger as i16, ..Default::default() };
    state.anger = anger;
    state.mode = persona.next_mode(state.mode, anger);
    state.streak = 0;
    state.closed = false;
    state.turns = state.turns.saturating_add(1);
    state.silences = state.silences.saturating_add(1);
    finish(state, &mut fx);
    fx
}

fn finish(state: &mut CallState, fx: &mut StepEffects) {
    if fx.delta > 0 {
        state.patience_left = state.patience_left.saturating_sub(1);
    }
    fx.broke = state.anger >= 100;
    fx.exhausted = state.patience_left == 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn start(anger: u8) -> (Persona, CallState) {
        let p = Persona::default();
        let s = CallState::start(&p, anger);
        (p, s)
    }

    #[test]
    fn identity_is_a_mistake_until_the_caller_is_calm() {
        let (p, mut s) = start(80);
        let early = step_reply(&p, &mut s, Technique::VerifyIdentity, None, &mut Expected);
        assert!(early.out_of_turn && early.delta > 0);
        assert_eq!(s.mistakes, 1);
        let (p, mut s) = start(10);
        assert_eq!(s.mode, Mode::Reasoning);
        let calm = step_reply(&p, &mut s, Technique::VerifyIdentity, None, &mut Expected);
        assert!(!calm.out_of_turn && calm.delta < 0);
        assert_eq!(s.mistakes, 0);
    }

    #[test]
    fn a_boundary_is_remembered_and_given_once() {
        let (p, mut s) = start(80);
        assert!(!s.boundary_set);
        let first = step_reply(&p, &mut s, Technique::SetBoundary, None, &mut Expected);
        assert!(s.boundary_set);
        assert_eq!(first.delta, -2, "a calm warning checks an attacking caller a little");
        let again = step_reply(&p, &mut s, Technique::SetBoundary, None, &mut Expected);
        assert!(again.repeated && again.delta == 0, "a second warning changes nothing");
        assert_eq!(s.mistakes, 0);
    }

    #[test]
    fn over_promising_is_a_mistake_that_never_calms() {
        let (p, mut s) = start(40);
        let fx = step_reply(&p, &mut s, Technique::OverPromise, None, &mut Expected);
        assert!(fx.delta >= 0);
        assert_eq!(s.mistakes, 1);
    }

    #[test]
    fn expected_dice_use_the_middle_of_the_range() {
        let (p, mut s) = start(80);
        let fx = step_reply(&p, &mut s, Technique::LetVent, None, &mut Expected);
        assert_eq!(fx.delta, -7);
        assert_eq!(s.anger, 73);
        assert_eq!(s.mode, Mode::Attack);
        assert_eq!(fx.fit, Some(true));
    }

    #[test]
    fn two_agreements_in_a_row_bring_the_bonus() {
        let (p, mut s) = start(80);
        let a = step_reply(&p, &mut s, Technique::Paraphrase, None, &mut Expected);
        assert!(a.agreement && !a.two_agreements);
        assert_eq!(s.anger, 74);
        let b = step_reply(&p, &mut s, Technique::SeekAgreement, None, &mut Expected);
        assert!(b.agreement && b.two_agreements);
        // -5 for getting a yes in attack mode, -8 for the second agreement in a row: 61,
        // still attack by the thresholds; the milestone brings the caller into emotion
        // mode, below the attack threshold (60) by the hysteresis (5).
        assert!(b.milestone);
        assert_eq!(b.delta, -20);
        assert_eq!(s.anger, 54);
        assert_eq!(s.mode, Mode::Emotion);
        assert!(s.agreed);
    }

    #[test]
    fn a_stage_two_move_after_the_agreements_brings_reasoning() {
        let (p, mut s) = start(80);
        step_reply(&p, &mut s, Technique::Paraphrase, None, &mut Expected);
        step_reply(&p, &mut s, Technique::NameTheFeeling, None, &mut Expected);
        assert_eq!(s.mode, Mode::Emotion);
        let fx = step_reply(&p, &mut s, Technique::AcknowledgeUrgency, None, &mut Expected);
        assert_eq!(fx.fit, Some(true));
        assert!(fx.milestone);
        assert_eq!(s.mode, Mode::Reasoning);
        assert_eq!(s.anger, p.emotion_at - p.hysteresis - 1);
    }

    #[test]
    fn a_technique_calms_only_once() {
        let (p, mut s) = start(80);
        let first = step_reply(&p, &mut s, Technique::LetVent, None, &mut Expected);
        assert!(first.delta < 0 && !first.repeated);
        let again = step_reply(&p, &mut s, Technique::LetVent, None, &mut Expected);
        assert!(again.repeated);
        assert_eq!(again.delta, 0);
        assert_eq!(s.patience_left, p.patience, "a repeat does not anger");
    }

    #[test]
    fn a_premature_stage_two_move_never_calms_on_average() {
        // Whatever the persona says about stage 2 in emotion mode, a move before the
        // agreements is judged as if the caller were attacking, and never below zero.
        let mut p = Persona::default();
        p.effects[Technique::PointDirection.index()].emotion = Swing(-20, -10);
        p.effects[Technique::PointDirection.index()].attack = Swing(-20, -10);
        p.relapse = 0.0;
        let mut rng = <ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3);
        for _ in 0..200 {
            let mut s = CallState::start(&p, 45);
            assert_eq!(s.mode, Mode::Emotion);
            let fx = step_reply(&p, &mut s, Technique::PointDirection, None, &mut rng);
            assert!(fx.delta >= 0);
            assert_eq!(fx.fit, Some(false));
        }
    }

    #[test]
    fn a_mistake_breaks_the_run_of_agreements() {
        let (p, mut s) = start(80);
        step_reply(&p, &mut s, Technique::Paraphrase, None, &mut Expected);
        step_reply(&p, &mut s, Technique::TonePolicing, None, &mut Expected);
        let c = step_reply(&p, &mut s, Technique::SeekAgreement, None, &mut Expected);
        assert!(c.agreement && !c.two_agreements);
        assert!(!s.agreed);
        assert_eq!(s.mistakes, 1);
    }

    #[test]
    fn stage_two_before_agreement_relapses_with_expected_dice() {
        let (p, mut s) = start(45);
        assert_eq!(s.mode, Mode::Emotion);
        let fx = step_reply(&p, &mut s, Technique::PointDirection, None, &mut Expected);
        assert!(fx.relapse);
        assert_eq!(s.mode, Mode::Attack);
        assert_eq!(s.anger, p.relapse_anger());
        assert_eq!(fx.fit, Some(false));
        assert_eq!(s.misfits, 1);
    }

    #[test]
    fn reasoning_in_attack_mode_provokes() {
        let (p, mut s) = start(80);
        let fx = step_reply(&p, &mut s, Technique::AcknowledgeUrgency, None, &mut Expected);
        assert!(fx.delta > 0);
        assert_eq!(s.patience_left, p.patience - 1);
    }

    #[test]
    fn explicit_changes_override_the_persona() {
        let (p, mut s) = start(50);
        let fx = step_reply(&p, &mut s, Technique::Argue, Some(-10), &mut Expected);
        assert_eq!(fx.delta, -10);
        assert_eq!(s.anger, 40);
    }

    #[test]
    fn anger_stays_in_range_and_breaks_at_100() {
        let (p, mut s) = start(95);
        let fx = step_reply(&p, &mut s, Technique::ForbiddenWords, None, &mut Expected);
        assert_eq!(s.anger, 100);
        assert!(fx.broke);
        let (p, mut s) = start(2);
        step_reply(&p, &mut s, Technique::LetVent, Some(-50), &mut Expected);
        assert_eq!(s.anger, 0);
    }

    #[test]
    fn silence_raises_anger_and_costs_patience() {
        let (p, mut s) = start(50);
        let fx = step_silence(&p, &mut s, &mut Expected);
        assert_eq!(fx.delta, 7);
        assert_eq!(s.silences, 1);
        assert_eq!(s.patience_left, p.patience - 1);
    }

    #[test]
    fn patience_runs_out() {
        let (p, mut s) = start(10);
        let mut last = StepEffects::default();
        for _ in 0..p.patience {
            last = step_reply(&p, &mut s, Technique::BrushOff, Some(1), &mut Expected);
        }
        assert!(last.exhausted);
    }

    #[test]
    fn a_cloned_generator_continues_identically() {
        let mut a = CallRng::new(99);
        for _ in 0..37 {
            a.swing(Swing(0, 100));
        }
        let mut b = a.clone();
        for _ in 0..100 {
            assert_eq!(a.swing(Swing(-50, 50)), b.swing(Swing(-50, 50)));
        }
    }

    #[test]
    fn random_dice_stay_within_the_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..1000 {
            let v = rng.swing(Swing(-9, -5));
            assert!((-9..=-5).contains(&v));
        }
        assert!(!rng.chance(0.0));
        assert!(rng.chance(1.0));
        assert_eq!(rng.pick(1), 0);
    }
}
