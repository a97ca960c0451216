//! A call in progress: [`Session`] offers the caller's line and replies, takes the
//! trainee's choices and returns what happened as [`Event`]s. Every turn is recorded.

use crate::engine::call::caller::CallRng;
use crate::engine::call::caller::{self, CallState, StepEffects};
use crate::engine::call::model::{Ending, Node, Reply, Scenario, Target};
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::technique::Technique;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One turn of a call, as it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// The node the caller spoke from, and which of its lines was shown.
    pub node: usize,
    pub variant: usize,
    /// The reply chosen, or `None` when the time ran out in silence.
    pub choice: Option<usize>,
    /// Seconds the trainee took.
    pub seconds: f32,
    pub before: CallState,
    pub after: CallState,
    pub effects: StepEffects,
    /// The caller's interjection (an agreement or relapse line, or a silence prompt):
    /// an index into the scenario's caller lines of that kind.
    pub interjection: Option<(Interjection, usize)>,
    /// Where the call went.
    pub next: Target,
    /// The line variant shown at the next node (0 when the call ended).
    pub next_variant: usize,
    /// The trainee asked the coach for a hint before this reply.
    pub hint: bool,
    /// What the trainee typed before the replies showed ("say it first").
    pub said: Option<String>,
}

impl Turn {
    /// The step that replays this turn.
    pub fn as_choice(&self) -> Choice {
        Choice { reply: self.choice, seconds: self.seconds, hint: self.hint, said: self.said.clone() }
    }

    pub fn technique(&self, scenario: &Scenario) -> Option<Technique> {
        self.choice.and_then(|c| scenario.nodes[self.node].replies.get(c)).map(|r| r.technique)
    }

    /// Whether the turn moved the caller forward: calmer, or into a calmer mode, with
    /// no relapse.
    pub fn moved_forward(&self) -> bool {
        !self.effects.relapse
            && (self.after.mode.heat() < self.before.mode.heat()
                || (self.after.anger < self.before.anger && self.after.mode.heat() <= self.before.mode.heat()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interjection {
    Agree,
    Relapse,
    Silence,
}

/// What happened, in the order a front end shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The caller's line at a node.
    CallerSpeaks {
        node: usize,
        text: String,
    },
    /// The caller prompts after a silence.
    CallerPrompts {
        text: String,
    },
    AngerChanged {
        from: u8,
        to: u8,
    },
    /// The caller accepted a paraphrase or a named feeling.
    Agreement {
        text: String,
    },
    /// Two agreements in a row: hostility drops further.
    TwoAgreements,
    /// The caller slid back into attack mode.
    Relapse {
        text: String,
    },
    ModeChanged {
        from: Mode,
        to: Mode,
    },
    /// The call is over.
    Ended {
        ending: usize,
        kind: EndingKind,
        text: String,
    },
}

/// A choice that cannot be taken. Sessions never panic on bad input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("there is no reply {index}: this turn offers {count}")]
    NoSuchReply { index: usize, count: usize },
    #[error("the call is already over")]
    CallOver,
    #[error("there is no node `{0}` in this call")]
    NoSuchNode(String),
    #[error("an exam has no coach")]
    NoCoachInExam,
    #[error("all {0} hints of this call are used")]
    NoHintsLeft(u8),
}

/// The most hints the coach gives in one call.
pub const HINTS_PER_CALL: u8 = 3;

/// How an attempt is taken: practice or exam, and the course it counts for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// An exam: no meter, no mode, no cues, no coach and no retry while the call runs.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exam: bool,
    /// The course and unit the call was taken in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<CourseAttempt>,
}

/// The course a call was taken in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseAttempt {
    pub id: String,
    pub unit: String,
    /// This call passed the course's final unit: the trainee finished the course with it
    /// (the record names the trainee, and `ended_at` gives the date).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub completed: bool,
}

/// A step of a call: a reply by index, or silence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// `None` is a silence.
    pub reply: Option<usize>,
    pub seconds: f32,
    /// A coach hint was asked for before it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hint: bool,
    /// The trainee's own words, typed before the replies showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
}

impl Choice {
    /// A reply (or silence) with no hint and no words of the trainee's own.
    pub fn plain(reply: Option<usize>, seconds: f32) -> Choice {
        Choice { reply, seconds, hint: false, said: None }
    }
}

/// One call between a trainee and the simulated caller.
#[derive(Clone, Debug)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    rng: CallRng,
    state: CallState,
    node: usize,
    variant: usize,
    turns: Vec<Turn>,
    ending: Option<usize>,
    /// A trainer jumped to a node or set the anger by hand.
    adjusted: bool,
    attempt: Attempt,
    /// The hint and the trainee's words for the turn in progress.
    pending_hint: bool,
    pending_said: Option<String>,
}

impl Session {
    /// Starts a call. The same scenario, seed and choices always give the same call. When
    /// the caller varies, the seed also draws the persona and the starting anger.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        let scenario = match scenario.draw(seed) {
            Some(drawn) => Arc::new(drawn),
            None => scenario,
        };
        let mut rng = CallRng::new(seed);
        let state = CallState::start(scenario.persona(), scenario.caller.anger);
        let node = scenario.start.min(scenario.nodes.len().saturating_sub(1));
        let variant = scenario.nodes.get(node).map_or(0, |n| caller::Dice::pick(&mut rng, n.line_count()));
        Session {
            scenario,
            seed,
            rng,
            state,
            node,
            variant,
            turns: Vec::with_capacity(24),
            ending: None,
            adjusted: false,
            attempt: Attempt::default(),
            pending_hint: false,
            pending_said: None,
        }
    }

    /// Starts a call taken as `attempt` (an exam, a course's call).
    pub fn with_attempt(scenario: Arc<Scenario>, seed: u64, attempt: Attempt) -> Session {
        let mut session = Session::new(scenario, seed);
        session.attempt = attempt;
        session
    }

    /// Rebuilds a call from its seed and choices.
    pub fn replay(scenario: Arc<Scenario>, seed: u64, choices: &[Choice]) -> Result<Session, (usize, SessionError)> {
        Session::replay_as(scenario, seed, Attempt::default(), choices)
    }

    /// Rebuilds a call taken as `attempt`, hints and the trainee's words included.
    pub fn replay_as(
        scenario: Arc<Scenario>,
        seed: u64,
        attempt: Attempt,
        choices: &[Choice],
    ) -> Result<Session, (usize, SessionError)> {
        let mut session = Session::with_attempt(scenario, seed, attempt);
        for (i, c) in choices.iter().enumerate() {
            session.play(c).map_err(|e| (i, e))?;
        }
        Ok(session)
    }

    /// Takes a recorded step: its hint and words, then its reply or silence.
    pub fn play(&mut self, choice: &Choice) -> Result<&Turn, SessionError> {
        if choice.hint {
            self.use_hint()?;
        }
        if let Some(said) = &choice.said {
            self.say(said);
        }
        self.take(choice.reply, choice.seconds)
    }

    pub fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    pub fn is_exam(&self) -> bool {
        self.attempt.exam
    }

    /// Hints used so far, the turn in progress included.
    pub fn hints_used(&self) -> u8 {
        let taken = self.turns.iter().filter(|t| t.hint).count() as u8;
        taken + u8::from(self.pending_hint)
    }

    /// Whether a hint was already asked for on the turn in progress.
    pub fn hinted_now(&self) -> bool {
        self.pending_hint
    }

    /// The trainee asks the coach for a hint on this turn. Asking twice on one turn costs
    /// once. The judge words the hint (`crate::engine::judge::coach`); the session only
    /// counts it, and the score charges it.
    pub fn use_hint(&mut self) -> Result<u8, SessionError> {
        if self.ending.is_some() {
            return Err(SessionError::CallOver);
        }
        if self.attempt.exam {
            return Err(SessionError::NoCoachInExam);
        }
        if !self.pending_hint {
            if self.hints_used() >= HINTS_PER_CALL {
                return Err(SessionError::NoHintsLeft(HINTS_PER_CALL));
            }
            self.pending_hint = true;
        }
        Ok(HINTS_PER_CALL - self.hints_used())
    }

    /// The trainee's own words for this turn, typed before the replies showed.
    pub fn say(&mut self, words: &str) {
        let words = words.trim();
        self.pending_said = (!words.is_empty()).then(|| words.to_string());
    }

    /// What the trainee typed on the turn in progress.
    pub fn said_now(&self) -> Option<&str> {
        self.pending_said.as_deref()
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn scenario_arc(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn state(&self) -> &CallState {
        &self.state
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// The choices made so far, enough to replay the call.
    pub fn choices(&self) -> Vec<Choice> {
        self.turns.iter().map(Turn::as_choice).collect()
    }

    pub fn is_over(&self) -> bool {
        self.ending.is_some()
    }

    pub fn was_adjusted(&self) -> bool {
        self.adjusted
    }

    /// The node the caller is speaking from (the last one, once the call is over).
    pub fn node_index(&self) -> usize {
        self.node
    }

    pub fn node(&self) -> &Node {
        &self.scenario.nodes[self.node]
    }

    /// The variant of the caller's current line (0 is the node's main line).
    pub fn variant(&self) -> usize {
        self.variant
    }

    /// The caller's current line.
    pub fn line(&self) -> &str {
        self.node().text(self.variant)
    }

    /// The replies on offer; empty once the call is over.
    pub fn replies(&self) -> &[Reply] {
        if self.is_over() { &[] } else { &self.node().replies }
    }

    /// Seconds allowed for the current reply, if the scenario sets a limit.
    pub fn time_limit(&self) -> Option<f32> {
        if self.is_over() { None } else { self.scenario.time_limit_at(self.node) }
    }

    pub fn ending(&self) -> Option<&Ending> {
        self.ending.map(|e| &self.scenario.endings[e])
    }

    pub fn outcome(&self) -> Option<EndingKind> {
        self.ending().map(|e| e.kind)
    }

    /// The events that open the call: the caller's first line.
    pub fn opening(&self) -> Vec<Event> {
        vec![Event::CallerSpeaks { node: self.node, text: self.line().to_string() }]
    }

    /// The trainee picks reply `index` after `seconds`.
    pub fn choose(&mut self, index: usize, seconds: f32) -> Result<Vec<Event>, SessionError> {
        self.take(Some(index), seconds)?;
        Ok(self.events_of_last_turn())
    }

    /// The reply time ran out with no reply.
    pub fn silence(&mut self) -> Result<Vec<Event>, SessionError> {
        let seconds = self.time_limit().unwrap_or(0.0);
        self.take(None, seconds)?;
        Ok(self.events_of_last_turn())
    }

    /// Takes one step without building events (the fast path for simulation).
    pub fn take(&mut self, reply: Option<usize>, seconds: f32) -> Result<&Turn, SessionError> {
        if self.ending.is_some() {
            return Err(SessionError::CallOver);
        }
        let scenario = Arc::clone(&self.scenario);
        let persona = scenario.persona();
        let node = &scenario.nodes[self.node];
        let before = self.state;
        let mut interjection = None;
        let (effects, target) = match reply {
            Some(index) => {
                let Some(r) = node.replies.get(index) else {
                    return Err(SessionError::NoSuchReply { index, count: node.replies.len() });
                };
                let fx = caller::step_reply(persona, &mut self.state, r.technique, r.anger, &mut self.rng);
                if fx.relapse {
                    interjection = pick_line(&mut self.rng, Interjection::Relapse, scenario.lines.relapse.len());
                } else if fx.agreement {
                    interjection = pick_line(&mut self.rng, Interjection::Agree, scenario.lines.agree.len());
                }
                (fx, r.next.for_mode(self.state.mode))
            }
            None => {
                let fx = caller::step_silence(persona, &mut self.state, &mut self.rng);
                interjection = pick_line(&mut self.rng, Interjection::Silence, scenario.lines.silence.len());
                (fx, Target::Node(self.node))
            }
        };
        let target = scenario.destination(target, &self.state, &effects);
        let mut next_variant = 0;
        match target {
            Target::Node(n) => {
                // After a silence the caller repeats the same line.
                if reply.is_some() {
                    next_variant = caller::Dice::pick(&mut self.rng, scenario.nodes[n].line_count());
                } else {
                    next_variant = self.variant;
                }
            }
            Target::Ending(e) => self.ending = Some(e),
        }
        self.turns.push(Turn {
            node: self.node,
            variant: self.variant,
            choice: reply,
            seconds: if seconds.is_finite() { seconds.max(0.0) } else { 0.0 },
            before,
            after: self.state,
            effects,
            interjection,
            next: target,
            next_variant,
            hint: std::mem::take(&mut self.pending_hint),
            said: self.pending_said.take(),
        });
        if let Target::Node(n) = target {
            self.node = n;
            self.variant = next_variant;
        }
        Ok(self.turns.last().expect("a turn was just pushed"))
    }

    /// The events of the last turn, in the order a front end shows them.
    pub fn events_of_last_turn(&self) -> Vec<Event> {
        let Some(turn) = self.turns.last() else { return self.opening() };
        turn_events(&self.scenario, turn)
    }

    /// Trainer preview: move the call to another node.
    pub fn jump_to(&mut self, node_id: &str) -> Result<Vec<Event>, SessionError> {
        if self.ending.is_some() {
            return Err(SessionError::CallOver);
        }
        let index = self.scenario.node_index(node_id).ok_or_else(|| SessionError::NoSuchNode(node_id.to_string()))?;
        self.node = index;
        self.variant = 0;
        self.adjusted = true;
        Ok(self.opening())
    }

    /// Trainer preview: set the caller's anger by hand (the mode follows the thresholds).
    pub fn set_anger(&mut self, anger: u8) -> Vec<Event> {
        let from = self.state.anger;
        let from_mode = self.state.mode;
        self.state.anger = anger.min(100);
        self.state.mode = self.scenario.persona().mode_for(self.state.anger);
        self.adjusted = true;
        let mut events = vec![Event::AngerChanged { from, to: self.state.anger }];
        if from_mode != self.state.mode {
            events.push(Event::ModeChanged { from: from_mode, to: self.state.mode });
        }
        events
    }

    /// The anger change the persona's table expects from `reply` now (the middle of its
    /// range, before relapse and agreement effects), for the trainer preview.
    pub fn expected_change(&self, reply: usize) -> Option<i16> {
        let r = self.replies().get(reply)?;
        let mut state = self.state;
        let fx = caller::step_reply(self.scenario.persona(), &mut state, r.technique, r.anger, &mut caller::Expected);
        Some(fx.delta)
    }
}

fn pick_line(rng: &mut CallRng, kind: Interjection, count: usize) -> Option<(Interjection, usize)> {
    if count == 0 { None } else { Some((kind, caller::Dice::pick(rng, count))) }
}

/// The events a recorded turn produced.
pub fn turn_events(scenario: &Scenario, turn: &Turn) -> Vec<Event> {
    let mut events = Vec::with_capacity(6);
    let line = |kind: Interjection, i: usize| {
        let list = match kind {
            Interjection::Agree => &scenario.lines.agree,
            Interjection::Relapse => &scenario.lines.relapse,
            Interjection::Silence => &scenario.lines.silence,
        };
        list.get(i).cloned().unwrap_or_default()
    };
    if turn.after.anger != turn.before.anger {
        events.push(Event::AngerChanged { from: turn.before.anger, to: turn.after.anger });
    }
    if let Some((Interjection::Silence, i)) = turn.interjection {
        events.push(Event::CallerPrompts { text: line(Interjection::Silence, i) });
    }
    if turn.effects.agreement {
        let text = match turn.interjection {
            Some((Interjection::Agree, i)) => line(Interjection::Agree, i),
            _ => String::new(),
        };
        events.push(Event::Agreement { text });
    }
    if turn.effects.two_agreements {
        events.push(Event::TwoAgreements);
    }
    if turn.effects.relapse {
        let text = match turn.interjection {
            Some((Interjection::Relapse, i)) => line(Interjection::Relapse, i),
            _ => String::new(),
        };
        events.push(Event::Relapse { text });
    }
    if turn.after.mode != turn.before.mode {
        events.push(Event::ModeChanged { from: turn.before.mode, to: turn.after.mode });
    }
    match turn.next {
        Target::Ending(e) => {
            let ending = &scenario.endings[e];
            events.push(Event::Ended { ending: e, kind: ending.kind, text: ending.line.clone() });
        }
        Target::Node(n) => {
            if turn.choice.is_some() {
                events
                    .push(Event::CallerSpeaks { node: n, text: scenario.nodes[n].text(turn.next_variant).to_string() });
            }
        }
    }
    events
}
