//! A call as the screen shows it, without Bevy: the engine's [`Session`] plus the
//! transcript built from its events. The call screen is a thin view over this, and tests
//! can drive it directly.

use crate::engine::call::session::Attempt;
use crate::engine::call::session::turn_events;
use crate::engine::judge::coach::{self, Hint};
use crate::engine::{Choice, EndingKind, Event, Mode, Scenario, Session, SessionError, Technique};
use std::sync::Arc;

/// One line of the transcript.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// The caller's line at a node.
    /// The caller's line at node `node` (an index), in its `variant` (0 is the main line).
    Caller {
        text: String,
        node: usize,
        variant: usize,
    },
    /// The trainee's reply.
    Trainee {
        text: String,
        reply: usize,
        technique: Technique,
    },
    /// The reply time ran out.
    Silence,
    /// The caller's prompt after a silence.
    Prompt {
        text: String,
    },
    /// The caller accepted a paraphrase or a named feeling.
    Agreement {
        text: String,
    },
    TwoAgreements,
    Relapse {
        text: String,
    },
    ModeChanged {
        from: Mode,
        to: Mode,
    },
    /// The call ended with the caller's closing line.
    Ended {
        kind: EndingKind,
        text: String,
        /// The ending's index in the scenario.
        ending: usize,
    },
    /// Trainer preview: the call was moved to another node.
    Jumped {
        node: String,
    },
    /// Trainer preview: the anger was set by hand.
    AngerSet {
        from: u8,
        to: u8,
    },
}

impl Line {
    /// Whether this line is a cue (agreement, relapse, mode change, silence) rather than speech.
    pub fn is_cue(&self) -> bool {
        matches!(
            self,
            Line::Agreement { .. }
                | Line::TwoAgreements
                | Line::Relapse { .. }
                | Line::ModeChanged { .. }
                | Line::Silence
        )
    }
}

/// A call in progress with its transcript.
#[derive(Clone, Debug)]
pub struct CallRun {
    session: Session,
    transcript: Vec<Line>,
}

impl CallRun {
    /// A new call: the transcript opens with the caller's first line.
    pub fn new(scenario: Arc<Scenario>, seed: u64, attempt: Attempt) -> CallRun {
        let session = Session::with_attempt(scenario, seed, attempt);
        let mut transcript = Vec::new();
        push_events(&mut transcript, session.opening(), session.variant());
        CallRun { session, transcript }
    }

    /// The call replayed through `choices` with `seed`, ready to continue; the transcript
    /// shows the replayed turns.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        attempt: Attempt,
        choices: &[Choice],
    ) -> Result<CallRun, SessionError> {
        let session = Session::replay_as(Arc::clone(&scenario), seed, attempt, choices).map_err(|(_, e)| e)?;
        let scenario = Arc::clone(session.scenario_arc());
        let mut transcript = Vec::new();
        let first = Session::new(Arc::clone(&scenario), seed);
        push_events(&mut transcript, first.opening(), first.variant());
        for turn in session.turns() {
            transcript.push(match turn.choice {
                Some(i) => {
                    let reply = &scenario.nodes[turn.node].replies[i];
                    Line::Trainee { text: reply.text.clone(), reply: i, technique: reply.technique }
                }
                None => Line::Silence,
            });
            push_events(&mut transcript, turn_events(&scenario, turn), turn.next_variant);
        }
        Ok(CallRun { session, transcript })
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        self.session.scenario_arc()
    }

    pub fn transcript(&self) -> &[Line] {
        &self.transcript
    }

    pub fn is_over(&self) -> bool {
        self.session.is_over()
    }

    /// The trainee picks reply `index` after `seconds`. Returns the new transcript lines.
    pub fn choose(&mut self, index: usize, seconds: f32) -> Result<&[Line], SessionError> {
        if self.session.is_over() {
            return Err(SessionError::CallOver);
        }
        let (text, technique) = self
            .session
            .replies()
            .get(index)
            .map(|r| (r.text.clone(), r.technique))
            .ok_or(SessionError::NoSuchReply { index, count: self.session.replies().len() })?;
        let events = self.session.choose(index, seconds)?;
        let start = self.transcript.len();
        self.transcript.push(Line::Trainee { text, reply: index, technique });
        push_events(&mut self.transcript, events, self.session.variant());
        Ok(&self.transcript[start..])
    }

    /// The trainee asks the coach: the hint for this turn and the hints left. Asking again
    /// on the same turn repeats the hint at no further cost.
    pub fn hint(&mut self) -> Result<(Hint, u8), SessionError> {
        let left = self.session.use_hint()?;
        let s = &self.session;
        Ok((coach::hint(s.scenario(), s.node_index(), s.state()), left))
    }

    /// The trainee's own words for this turn ("say it first").
    pub fn say(&mut self, words: &str) {
        self.session.say(words);
    }

    /// The reply time ran out.
    pub fn silence(&mut self) -> Result<&[Line], SessionError> {
        let events = self.session.silence()?;
        let start = self.transcript.len();
        self.transcript.push(Line::Silence);
        push_events(&mut self.transcript, events, self.session.variant());
        Ok(&self.transcript[start..])
    }

    /// Trainer preview: move the call to the node `id`.
    pub fn jump(&mut self, id: &str) -> Result<&[Line], SessionError> {
        let events = self.session.jump_to(id)?;
        let start = self.transcript.len();
        self.transcript.push(Line::Jumped { node: id.to_string() });
        push_events(&mut self.transcript, events, self.session.variant());
        Ok(&self.transcript[start..])
    }

    /// Trainer preview: set the caller's anger.
    pub fn set_anger(&mut self, anger: u8) -> &[Line] {
        let from = self.session.state().anger;
        let events = self.session.set_anger(anger);
        let start = self.transcript.len();
        if from != self.session.state().anger {
            self.transcript.push(Line::AngerSet { from, to: self.session.state().anger });
            push_events(&mut self.transcript, events, self.session.variant());
        }
        &self.transcript[start..]
    }
}

/// The lines for `events`; `variant` is the variant of the caller's line they contain.
fn push_events(out: &mut Vec<Line>, events: Vec<Event>, variant: usize) {
    for e in events {
        match e {
            Event::CallerSpeaks { text, node } => out.push(Line::Caller { text, node, variant }),
            Event::CallerPrompts { text } => {
                if !text.is_empty() {
                    out.push(Line::Prompt { text })
                }
            }
            Event::AngerChanged { .. } => {}
            Event::Agreement { text } => out.push(Line::Agreement { text }),
            Event::TwoAgreements => out.push(Line::TwoAgreements),
            Event::Relapse { text } => out.push(Line::Relapse { text }),
            Event::ModeChanged { from, to } => out.push(Line::ModeChanged { from, to }),
            Event::Ended { kind, text, ending } => out.push(Line::Ended { kind, text, ending }),
        }
    }
}

/// Where a reply leads, as node or ending ids, for the trainer preview: one id, or
/// `attack/emotion/reasoning` ids when the reply routes by mode.
pub fn reply_targets(scenario: &Scenario, node: usize, reply: usize) -> String {
    use crate::engine::Target;
    let Some(r) = scenario.nodes.get(node).and_then(|n| n.replies.get(reply)) else { return String::new() };
    let name = |t: Target| match t {
        Target::Node(i) => scenario.nodes.get(i).map_or("?", |n| n.id.as_str()).to_string(),
        Target::Ending(e) => scenario.endings.get(e).map_or("?", |e| e.id.as_str()).to_string(),
    };
    if r.next.is_single() {
        name(r.next.attack)
    } else {
        r.next.targets().into_iter().map(name).collect::<Vec<_>>().join(" / ")
    }
}
