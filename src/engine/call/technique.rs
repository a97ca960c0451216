//! The technique vocabulary: every reply in a call is tagged with one of these, and the
//! caller model, the scoring and the debrief all judge a reply by its technique.

use serde::{Deserialize, Serialize};

/// Where a technique sits in the method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Stage 1, attack → emotion: listen, mirror, get a yes, name the feeling.
    Stage1,
    /// Stage 2, emotion → reasoning: urgency, direction, preventing further loss, and a
    /// "no" to what policy forbids with a real alternative.
    Stage2,
    /// Service basics: apology, record and follow up, a warm transfer, checking identity,
    /// a boundary against abuse, a proper close.
    Service,
    /// The classic mistakes.
    Mistake,
    /// Anything else.
    Neutral,
}

impl Family {
    /// Stage 1 or stage 2: the method itself.
    pub fn is_method(self) -> bool {
        matches!(self, Family::Stage1 | Family::Stage2)
    }
}

macro_rules! techniques {
    ($($variant:ident => $id:literal, $family:ident;)*) => {
        /// A technique, written in scenario files by its identifier (`"let-vent"`, …).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Technique {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl Technique {
            /// Every technique, in the order of the method.
            pub const ALL: [Technique; Technique::COUNT] = [$(Technique::$variant,)*];

            /// The stable identifier used in files, JSON and records.
            pub fn id(self) -> &'static str {
                match self { $(Technique::$variant => $id,)* }
            }

            pub fn from_id(id: &str) -> Option<Technique> {
                match id { $($id => Some(Technique::$variant),)* _ => None }
            }

            pub fn family(self) -> Family {
                match self { $(Technique::$variant => Family::$family,)* }
            }
        }
    };
}

techniques! {
    LetVent => "let-vent", Stage1;
    Paraphrase => "paraphrase", Stage1;
    SeekAgreement => "seek-agreement", Stage1;
    NameTheFeeling => "name-the-feeling", Stage1;
    AcknowledgeUrgency => "acknowledge-urgency", Stage2;
    PointDirection => "point-direction", Stage2;
    PreventLoss => "prevent-loss", Stage2;
    DeclineWithOption => "decline-with-option", Stage2;
    Apologise => "apologise", Service;
    RecordAndFollowUp => "record-and-follow-up", Service;
    WarmTransfer => "warm-transfer", Service;
    VerifyIdentity => "verify-identity", Service;
    SetBoundary => "set-boundary", Service;
    CloseCall => "close-call", Service;
    ReasonTooEarly => "reason-too-early", Mistake;
    TonePolicing => "tone-policing", Mistake;
    Interrogate => "interrogate", Mistake;
    Argue => "argue", Mistake;
    JudgePerson => "judge-person", Mistake;
    PassTheBuck => "pass-the-buck", Mistake;
    CasualTransfer => "casual-transfer", Mistake;
    BrushOff => "brush-off", Mistake;
    ForbiddenWords => "forbidden-words", Mistake;
    OverPromise => "over-promise", Mistake;
    Other => "other", Neutral;
}

impl Technique {
    /// How many techniques there are.
    pub const COUNT: usize = 25;

    /// Whether this reply is a mistake when the caller is in `mode`: the classic mistakes
    /// always, and checking the caller's identity before they are calm (reasoning mode).
    pub fn is_mistake_in(self, mode: crate::engine::call::mode::Mode) -> bool {
        self.is_mistake() || (self == Technique::VerifyIdentity && mode != crate::engine::call::mode::Mode::Reasoning)
    }

    /// Paraphrasing, getting a yes and naming the feeling: when the caller accepts one,
    /// it counts as an agreement.
    pub fn seeks_agreement(self) -> bool {
        matches!(self, Technique::Paraphrase | Technique::SeekAgreement | Technique::NameTheFeeling)
    }

    /// How good a kind of reply can be, to choose between replies worth the same: the
    /// method and the service basics (0), then anything neutral (1), then the mistakes (2).
    pub fn tier(self) -> u8 {
        match self.family() {
            Family::Stage1 | Family::Stage2 | Family::Service => 0,
            Family::Neutral => 1,
            Family::Mistake => 2,
        }
    }

    /// A method move: stage 1 or stage 2.
    pub fn is_method(self) -> bool {
        self.family().is_method()
    }

    pub fn is_mistake(self) -> bool {
        self.family() == Family::Mistake
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// This technique's bit in a set of techniques kept as a `u32`.
    pub fn bit(self) -> u32 {
        1 << self.index()
    }

    /// The identifier closest to `id`, for "did you mean" hints.
    pub fn suggest(id: &str) -> Option<Technique> {
        let id = id.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        if let Some(t) = Technique::from_id(&id) {
            return Some(t);
        }
        Technique::ALL
            .iter()
            .map(|t| (strsim::levenshtein(&id, t.id()), *t))
            .filter(|(d, t)| *d <= t.id().len() / 2 + 1)
            .min_by_key(|(d, _)| *d)
            .map(|(_, t)| t)
    }
}

impl std::fmt::Display for Technique {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_round_trip() {
        for t in Technique::ALL {
            assert_eq!(Technique::from_id(t.id()), Some(t));
            assert_eq!(Technique::ALL[t.index()], t);
        }
        assert_eq!(Technique::from_id("Let-Vent"), None);
    }

    #[test]
    fn suggestions_fix_small_slips() {
        assert_eq!(Technique::suggest("let_vent"), Some(Technique::LetVent));
        assert_eq!(Technique::suggest("parafrase"), Some(Technique::Paraphrase));
        assert_eq!(Technique::suggest("apologize"), Some(Technique::Apologise));
        assert_eq!(Technique::suggest("completely-unrelated-words"), None);
    }

    #[test]
    fn families_follow_the_method() {
        let count = |f| Technique::ALL.iter().filter(|t| t.family() == f).count();
        assert_eq!(count(Family::Stage1), 4);
        assert_eq!(count(Family::Stage2), 4);
        assert_eq!(count(Family::Service), 6);
        assert_eq!(count(Family::Mistake), 10);
        assert_eq!(count(Family::Neutral), 1);
        assert_eq!(Technique::ALL.len(), Technique::COUNT);
    }

    #[test]
    fn identity_is_checked_only_with_a_calm_caller() {
        use crate::engine::call::mode::Mode;
        assert!(Technique::VerifyIdentity.is_mistake_in(Mode::Attack));
        assert!(Technique::VerifyIdentity.is_mistake_in(Mode::Emotion));
        assert!(!Technique::VerifyIdentity.is_mistake_in(Mode::Reasoning));
        assert!(Technique::OverPromise.is_mistake_in(Mode::Reasoning));
        assert!(!Technique::SetBoundary.is_mistake_in(Mode::Attack));
    }
}
