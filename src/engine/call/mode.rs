//! The caller's three modes, and the ways a call can end: the words every other part of
//! the call is written in.

use serde::{Deserialize, Serialize};

/// The caller's mode. The trainee's job is to move the caller from `Attack` through
/// `Emotion` to `Reasoning`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Attack,
    Emotion,
    Reasoning,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Attack, Mode::Emotion, Mode::Reasoning];

    pub fn id(self) -> &'static str {
        match self {
            Mode::Attack => "attack",
            Mode::Emotion => "emotion",
            Mode::Reasoning => "reasoning",
        }
    }

    /// 2 for attack, 1 for emotion, 0 for reasoning.
    pub fn heat(self) -> u8 {
        match self {
            Mode::Attack => 2,
            Mode::Emotion => 1,
            Mode::Reasoning => 0,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// How a call ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndingKind {
    /// The caller is satisfied and the call closes properly.
    Resolved,
    /// The caller files a complaint or demands a supervisor.
    Escalated,
    /// The caller hangs up.
    HungUp,
    /// The agent ends the call, as policy allows with an abusive caller. It ends well only
    /// after a calm warning (`set-boundary`); without one it is a mistake
    /// (`crate::engine::judge::score::ended_well`).
    AgentEnded,
}

impl EndingKind {
    pub const ALL: [EndingKind; 4] =
        [EndingKind::Resolved, EndingKind::Escalated, EndingKind::HungUp, EndingKind::AgentEnded];

    /// The endings the caller brings about, which the engine supplies when a call leaves
    /// one out (the caller's breaking point and patience need them).
    pub const CALLER: [EndingKind; 3] = [EndingKind::Resolved, EndingKind::Escalated, EndingKind::HungUp];

    pub fn id(self) -> &'static str {
        match self {
            EndingKind::Resolved => "resolved",
            EndingKind::Escalated => "escalated",
            EndingKind::HungUp => "hung_up",
            EndingKind::AgentEnded => "agent_ended",
        }
    }

    /// An ending that can count as a success: resolved, or ended by the agent (after a
    /// warning; the score decides).
    pub fn can_end_well(self) -> bool {
        matches!(self, EndingKind::Resolved | EndingKind::AgentEnded)
    }
}

impl std::fmt::Display for EndingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
