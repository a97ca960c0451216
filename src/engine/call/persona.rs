//! Caller temperaments: how anger moves a caller through the three modes and how each
//! technique lands in each mode. Personas live in `dialogues/personas.ron`; anything a
//! persona leaves out comes from [`Persona::default`], which encodes the method.

use crate::engine::call::lang::Localized;
pub use crate::engine::call::mode::{EndingKind, Mode};
use crate::engine::call::technique::Technique;
use serde::{Deserialize, Serialize};

/// An inclusive range of anger change; negative values calm the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Swing(pub i16, pub i16);

impl Swing {
    pub fn lo(self) -> i16 {
        self.0.min(self.1)
    }
    pub fn hi(self) -> i16 {
        self.0.max(self.1)
    }
    /// The middle of the range, rounded away from zero.
    pub fn mean(self) -> i16 {
        let sum = self.lo() + self.hi();
        if sum >= 0 { (sum + 1) / 2 } else { (sum - 1) / 2 }
    }
}

/// A technique's effect in each mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effect {
    pub attack: Swing,
    pub emotion: Swing,
    pub reasoning: Swing,
}

impl Effect {
    pub fn in_mode(&self, mode: Mode) -> Swing {
        match mode {
            Mode::Attack => self.attack,
            Mode::Emotion => self.emotion,
            Mode::Reasoning => self.reasoning,
        }
    }
}

const fn e(a: (i16, i16), m: (i16, i16), r: (i16, i16)) -> Effect {
    Effect { attack: Swing(a.0, a.1), emotion: Swing(m.0, m.1), reasoning: Swing(r.0, r.1) }
}

/// The method as numbers: how much each technique moves anger in each mode
/// (attack, emotion, reasoning). Documented in `docs/caller-model.md`.
pub const DEFAULT_EFFECTS: [Effect; Technique::COUNT] = {
    use Technique as T;
    let mut table = [e((0, 0), (0, 0), (0, 0)); Technique::COUNT];
    table[T::LetVent as usize] = e((-9, -5), (-5, -2), (-2, 0));
    table[T::Paraphrase as usize] = e((-8, -4), (-7, -4), (-3, 0));
    table[T::SeekAgreement as usize] = e((-6, -3), (-6, -3), (-3, -1));
    table[T::NameTheFeeling as usize] = e((-4, -1), (-12, -7), (-3, 0));
    table[T::AcknowledgeUrgency as usize] = e((3, 7), (-8, -4), (-9, -5));
    table[T::PointDirection as usize] = e((5, 9), (-9, -5), (-12, -7));
    table[T::PreventLoss as usize] = e((4, 8), (-7, -3), (-9, -5));
    table[T::DeclineWithOption as usize] = e((6, 10), (-6, -2), (-9, -5));
    table[T::Apologise as usize] = e((-6, -3), (-4, -2), (-2, 0));
    table[T::RecordAndFollowUp as usize] = e((1, 4), (-4, -1), (-7, -4));
    table[T::WarmTransfer as usize] = e((3, 7), (-3, -1), (-7, -4));
    table[T::VerifyIdentity as usize] = e((6, 10), (3, 6), (-3, -1));
    table[T::SetBoundary as usize] = e((-4, 0), (-1, 3), (2, 5));
    table[T::CloseCall as usize] = e((8, 12), (4, 8), (-6, -3));
    table[T::ReasonTooEarly as usize] = e((7, 11), (3, 6), (0, 2));
    table[T::TonePolicing as usize] = e((13, 18), (10, 14), (6, 9));
    table[T::Interrogate as usize] = e((8, 12), (6, 9), (2, 5));
    table[T::Argue as usize] = e((13, 18), (10, 14), (6, 9));
    table[T::JudgePerson as usize] = e((10, 14), (8, 11), (5, 8));
    table[T::PassTheBuck as usize] = e((8, 12), (7, 10), (5, 8));
    table[T::CasualTransfer as usize] = e((8, 12), (6, 10), (4, 7));
    table[T::BrushOff as usize] = e((6, 10), (5, 8), (3, 6));
    table[T::ForbiddenWords as usize] = e((15, 20), (12, 16), (10, 14));
    table[T::OverPromise as usize] = e((0, 3), (0, 2), (0, 2));
    table[T::Other as usize] = e((-1, 2), (-1, 1), (-1, 1));
    table
};

/// What the method fixes about a technique's effect in a mode, whatever the persona.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// It always calms: the whole range is below zero.
    Calms,
    /// It never calms: the whole range is zero or above.
    NeverCalms,
    /// The persona decides.
    Free,
}

/// The method's bounds on personas: mistakes never calm (nor does checking identity
/// before the caller is calm); stage-1 moves calm an attacking or emotional caller;
/// stage-2 moves calm a caller in emotion or reasoning mode; the service basics calm a
/// caller in reasoning mode, except the apology and the boundary, whose effect the
/// persona decides.
pub fn bound(technique: Technique, mode: Mode) -> Bound {
    use crate::engine::call::technique::Family;
    if technique.is_mistake_in(mode) {
        return Bound::NeverCalms;
    }
    match (technique.family(), mode) {
        (Family::Stage1, Mode::Attack | Mode::Emotion) => Bound::Calms,
        (Family::Stage2, Mode::Emotion | Mode::Reasoning) => Bound::Calms,
        (Family::Service, Mode::Reasoning) if !matches!(technique, Technique::Apologise | Technique::SetBoundary) => {
            Bound::Calms
        }
        _ => Bound::Free,
    }
}

impl Bound {
    /// Whether `swing` keeps to this bound.
    pub fn allows(self, swing: Swing) -> bool {
        match self {
            Bound::Calms => swing.hi() < 0,
            Bound::NeverCalms => swing.lo() >= 0,
            Bound::Free => true,
        }
    }
}

/// A caller temperament.
#[derive(Clone, Debug, PartialEq)]
pub struct Persona {
    pub id: String,
    pub name: Localized,
    pub about: Localized,
    /// At or above this anger the caller is in attack mode.
    pub attack_at: u8,
    /// At or above this anger (and below `attack_at`) the caller is in emotion mode;
    /// below it, reasoning.
    pub emotion_at: u8,
    /// How far below a threshold anger must fall before the caller calms into the next
    /// mode, so the mode does not flicker at a boundary.
    pub hysteresis: u8,
    /// Multiplies every anger increase (1.0 = as the table says).
    pub volatility: f32,
    /// The chance (0 to 1) that a stage-2 move made before two agreements throws the
    /// caller back into attack mode.
    pub relapse: f32,
    /// How many replies that make the caller angrier they put up with before hanging up.
    pub patience: u8,
    /// The extra calm that two agreements in a row bring.
    pub agreement_bonus: u8,
    /// The anger added when the trainee lets the reply time run out.
    pub silence: Swing,
    /// What the caller does when anger reaches 100.
    pub breaking_point: EndingKind,
    /// Per technique, the anger change in each mode.
    pub effects: [Effect; Technique::COUNT],
    /// How the speech engine says the caller's lines when they are calm; anger raises
    /// both (`crate::engine::call::voice::speech_style`).
    pub voice: VoiceStyle,
}

/// A caller's voice for the speech engine: `rate` (speed) and `pitch`, each from -1.0 to
/// 1.0, 0 being the speech engine's normal. In persona files: `voice: (rate: 0.2, pitch: -0.1)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct VoiceStyle {
    pub rate: f32,
    pub pitch: f32,
}

impl Default for Persona {
    fn default() -> Self {
        Persona {
            id: "default".into(),
            name: crate::engine::call::builtin::default_persona_name(),
            about: Localized::default(),
            attack_at: 60,
            emotion_at: 30,
            hysteresis: 5,
            volatility: 1.0,
            relapse: 0.5,
            patience: 5,
            agreement_bonus: 8,
            silence: Swing(5, 9),
            breaking_point: EndingKind::HungUp,
            effects: DEFAULT_EFFECTS,
            voice: VoiceStyle::default(),
        }
    }
}

impl Persona {
    /// The mode for `anger` by the thresholds alone, with no hysteresis.
    pub fn mode_for(&self, anger: u8) -> Mode {
        if anger >= self.attack_at {
            Mode::Attack
        } else if anger >= self.emotion_at {
            Mode::Emotion
        } else {
            Mode::Reasoning
        }
    }

    /// The caller's next mode, from `current` and the new anger. Anger rising across a
    /// threshold switches at once; falling, it must go `hysteresis` below it.
    pub fn next_mode(&self, current: Mode, anger: u8) -> Mode {
        let plain = self.mode_for(anger);
        if plain.heat() > current.heat() {
            return plain;
        }
        let calmer = self.mode_for(anger.saturating_add(self.hysteresis));
        if calmer.heat() < current.heat() { calmer } else { current }
    }

    pub fn effect(&self, technique: Technique, mode: Mode) -> Swing {
        self.effects[technique.index()].in_mode(mode)
    }

    /// The anger a relapse throws the caller back to (at least).
    pub fn relapse_anger(&self) -> u8 {
        self.attack_at.saturating_add(self.hysteresis).min(99)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_pick_the_mode() {
        let p = Persona::default();
        assert_eq!(p.mode_for(100), Mode::Attack);
        assert_eq!(p.mode_for(60), Mode::Attack);
        assert_eq!(p.mode_for(59), Mode::Emotion);
        assert_eq!(p.mode_for(30), Mode::Emotion);
        assert_eq!(p.mode_for(29), Mode::Reasoning);
        assert_eq!(p.mode_for(0), Mode::Reasoning);
    }

    #[test]
    fn hysteresis_keeps_the_mode_near_a_boundary() {
        let p = Persona::default(); // attack at 60, emotion at 30, hysteresis 5
        assert_eq!(p.next_mode(Mode::Attack, 58), Mode::Attack);
        assert_eq!(p.next_mode(Mode::Attack, 55), Mode::Attack);
        assert_eq!(p.next_mode(Mode::Attack, 54), Mode::Emotion);
        assert_eq!(p.next_mode(Mode::Attack, 20), Mode::Reasoning);
        assert_eq!(p.next_mode(Mode::Emotion, 60), Mode::Attack);
        assert_eq!(p.next_mode(Mode::Emotion, 27), Mode::Emotion);
        assert_eq!(p.next_mode(Mode::Emotion, 24), Mode::Reasoning);
        assert_eq!(p.next_mode(Mode::Reasoning, 29), Mode::Reasoning);
        assert_eq!(p.next_mode(Mode::Reasoning, 30), Mode::Emotion);
        assert_eq!(p.next_mode(Mode::Reasoning, 75), Mode::Attack);
    }

    #[test]
    fn swing_mean_rounds_away_from_zero() {
        assert_eq!(Swing(-9, -5).mean(), -7);
        assert_eq!(Swing(-4, -1).mean(), -3);
        assert_eq!(Swing(3, 7).mean(), 5);
        assert_eq!(Swing(0, 1).mean(), 1);
        assert_eq!(Swing(8, 3).lo(), 3);
    }

    #[test]
    fn the_default_table_encodes_the_method() {
        let p = Persona::default();
        use Technique as T;
        // Reasoning with a caller in attack mode provokes.
        for t in [T::AcknowledgeUrgency, T::PointDirection, T::PreventLoss, T::ReasonTooEarly] {
            assert!(p.effect(t, Mode::Attack).lo() > 0, "{t}");
        }
        // Naming the feeling works best in emotion mode.
        let nf = |m| p.effect(T::NameTheFeeling, m).mean();
        assert!(nf(Mode::Emotion) < nf(Mode::Attack) && nf(Mode::Emotion) < nf(Mode::Reasoning));
        // Stage 2 moves the caller on from emotion mode and works best in reasoning mode.
        for t in [T::AcknowledgeUrgency, T::PointDirection, T::PreventLoss] {
            assert!(p.effect(t, Mode::Emotion).hi() < 0, "{t}");
            assert!(p.effect(t, Mode::Reasoning).mean() <= p.effect(t, Mode::Emotion).mean(), "{t}");
        }
        // Every mistake raises anger in every mode; tone policing and arguing most.
        for t in T::ALL.iter().filter(|t| t.is_mistake()) {
            for m in Mode::ALL {
                assert!(p.effect(*t, m).lo() >= 0, "{t} in {m}");
            }
        }
        for t in T::ALL.iter().filter(|t| t.is_mistake()) {
            if !matches!(t, T::TonePolicing | T::Argue | T::ForbiddenWords) {
                assert!(p.effect(*t, Mode::Attack).mean() < p.effect(T::TonePolicing, Mode::Attack).mean());
            }
        }
    }
}
