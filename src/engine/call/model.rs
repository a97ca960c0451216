//! The scenario model as the engine runs it: ids resolved to indices, defaults filled in.
//! Files are read into this by [`crate::engine::call::load`].

use crate::engine::call::caller::{CallState, StepEffects};
use crate::engine::call::lang::Lang;
use crate::engine::call::persona::{EndingKind, Mode, Persona};
use crate::engine::call::technique::Technique;
use std::path::PathBuf;
use std::sync::Arc;

/// One call: a caller, a graph of caller turns, and the ways it can end.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    /// Shown to the trainee before the call.
    pub brief: String,
    /// 1 (easy) to 5 (hard).
    pub difficulty: u8,
    pub caller: Caller,
    /// Seconds the trainee has for each reply, unless a node sets its own.
    pub time_limit: Option<f32>,
    /// The caller hangs up after this many turns, whatever happens.
    pub max_turns: u16,
    pub start: usize,
    pub nodes: Vec<Node>,
    /// The scenario's endings, then a built-in one for each kind it did not define.
    pub endings: Vec<Ending>,
    pub lines: CallerLines,
    /// The file it came from, when it came from a file.
    pub source: Option<PathBuf>,
    /// A hash of the file's text: a record made on another version is detected on replay.
    pub fingerprint: u64,
    /// What the trainer pinned this call to do: played by `calmline test` and `check`.
    pub tests: Vec<ScenarioTest>,
    /// Facts about the graph, computed once at load.
    pub facts: Facts,
}

#[derive(Clone, Debug)]
pub struct Caller {
    pub name: String,
    /// The persona the call is judged and planned with: the first one listed.
    pub persona: Arc<Persona>,
    /// Anger at the start of the call, 0 to 100 (the middle of the range when it varies).
    pub anger: u8,
    /// When the caller varies: every persona an attempt may draw (the first is `persona`),
    /// and the range the starting anger is drawn from, both ends included.
    pub varies: Option<Variation>,
    /// Set on the copy a session plays when the caller varies: what the seed drew.
    pub drawn: Option<Drawn>,
}

/// The ways a varied caller can come on the line.
#[derive(Clone, Debug)]
pub struct Variation {
    pub personas: Vec<Arc<Persona>>,
    pub anger: (u8, u8),
}

/// The caller one attempt drew from a [`Variation`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Drawn {
    pub persona: String,
    pub anger: u8,
}

impl Caller {
    /// Whether attempts meet different callers (more than one persona, or an anger range).
    pub fn varies(&self) -> bool {
        self.varies.as_ref().is_some_and(|v| v.personas.len() > 1 || v.anger.0 != v.anger.1)
    }
}

/// Mixed into the seed for the draw of a varied caller.
const DRAW_STREAM: u64 = 0x5EED_CA11_E12D_0001;

/// One caller turn: what the caller says and the replies the trainee is offered.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    /// The caller's line. `variants` are alternatives; one is picked at random.
    pub line: String,
    pub variants: Vec<String>,
    pub replies: Vec<Reply>,
    pub time_limit: Option<f32>,
}

impl Node {
    /// The line with index `variant` (0 is `line`, 1.. are the variants).
    pub fn text(&self, variant: usize) -> &str {
        if variant == 0 { &self.line } else { self.variants.get(variant - 1).unwrap_or(&self.line) }
    }

    pub fn line_count(&self) -> usize {
        1 + self.variants.len()
    }
}

#[derive(Clone, Debug)]
pub struct Reply {
    pub text: String,
    pub technique: Technique,
    /// Why the reply helps or hurts, shown in the debrief.
    pub feedback: String,
    pub next: Next,
    /// An anger change that replaces the persona's for this reply.
    pub anger: Option<i16>,
}

/// Where a call goes after a reply, by the mode the caller is in after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Next {
    pub attack: Target,
    pub emotion: Target,
    pub reasoning: Target,
}

impl Next {
    pub fn same(target: Target) -> Next {
        Next { attack: target, emotion: target, reasoning: target }
    }

    pub fn for_mode(&self, mode: Mode) -> Target {
        match mode {
            Mode::Attack => self.attack,
            Mode::Emotion => self.emotion,
            Mode::Reasoning => self.reasoning,
        }
    }

    pub fn targets(&self) -> [Target; 3] {
        [self.attack, self.emotion, self.reasoning]
    }

    pub fn is_single(&self) -> bool {
        self.attack == self.emotion && self.emotion == self.reasoning
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Node(usize),
    Ending(usize),
}

#[derive(Clone, Debug)]
pub struct Ending {
    pub id: String,
    pub kind: EndingKind,
    /// The caller's closing line.
    pub line: String,
    /// True for the engine's own endings, used when a scenario defines none of a kind.
    pub builtin: bool,
}

/// Short lines the caller says around the main dialogue; one is picked at random.
#[derive(Clone, Debug, Default)]
pub struct CallerLines {
    /// When the caller accepts a paraphrase or a named feeling ("Yes, exactly").
    pub agree: Vec<String>,
    /// When the caller slides back into attack mode.
    pub relapse: Vec<String>,
    /// When the trainee says nothing before the time runs out.
    pub silence: Vec<String>,
}

/// A scenario test: reply numbers to play and what the call must then do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioTest {
    pub name: String,
    /// 1-based reply numbers, as on screen.
    pub path: Vec<usize>,
    /// The caller's seed (1 when the file gives none).
    pub seed: u64,
    /// How the call must end (not checked when `None`).
    pub outcome: Option<EndingKind>,
    pub min_score: Option<u8>,
    pub max_score: Option<u8>,
    /// Where the test is written: 1-based line and column.
    pub line: usize,
    pub column: usize,
}

/// Facts about a scenario's graph that scoring and planning use.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Techniques offered anywhere in the call.
    pub offered: [bool; Technique::COUNT],
    /// The fewest replies that can reach an ending that can end well (resolved, or ended
    /// by the agent) from the start.
    pub shortest_resolution: Option<u16>,
    /// Per node, the fewest replies from it to such an ending.
    pub to_resolution: Vec<Option<u16>>,
    /// The ending used when anger reaches 100, and when patience runs out.
    pub breaking_ending: usize,
    pub patience_ending: usize,
}

impl Scenario {
    pub fn node(&self, index: usize) -> &Node {
        &self.nodes[index]
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    pub fn persona(&self) -> &Persona {
        &self.caller.persona
    }

    /// The call as one attempt meets it: when the caller varies, a copy with the persona
    /// and starting anger drawn from `seed` (on a stream of its own, so the caller's
    /// reactions draw the same numbers as in a call that does not vary). `None` when the
    /// caller does not vary.
    pub fn draw(&self, seed: u64) -> Option<Scenario> {
        use rand::{RngExt, SeedableRng};
        if !self.caller.varies() || self.caller.drawn.is_some() {
            return None;
        }
        let variation = self.caller.varies.as_ref()?;
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed ^ DRAW_STREAM);
        let persona = Arc::clone(&variation.personas[rng.random_range(0..variation.personas.len().max(1))]);
        let (low, high) = (variation.anger.0.min(variation.anger.1), variation.anger.0.max(variation.anger.1));
        let anger = rng.random_range(low..=high);
        let mut copy = self.clone();
        copy.caller.drawn = Some(Drawn { persona: persona.id.clone(), anger });
        copy.caller.persona = persona;
        copy.caller.anger = anger;
        copy.compute_facts();
        Some(copy)
    }

    pub fn offers(&self, technique: Technique) -> bool {
        self.facts.offered[technique.index()]
    }

    /// Whether the caller is owed an apology: they start at least in emotion mode (clearly
    /// unhappy) and the call offers one. Scoring and the debrief both ask this.
    pub fn apology_due(&self) -> bool {
        self.offers(Technique::Apologise) && self.caller.anger >= self.persona().emotion_at
    }

    /// Where the call goes after a step that left the caller in `state` with effects `fx`,
    /// when the reply (or, for a silence, the current node) points at `wanted`: the
    /// breaking point at anger 100, the patience ending when patience ran out or the call
    /// reached `max_turns` without an ending, else `wanted`.
    pub fn destination(&self, wanted: Target, state: &CallState, fx: &StepEffects) -> Target {
        if fx.broke {
            Target::Ending(self.facts.breaking_ending)
        } else if fx.exhausted || (state.turns >= self.max_turns && matches!(wanted, Target::Node(_))) {
            Target::Ending(self.facts.patience_ending)
        } else {
            wanted
        }
    }

    /// The time limit at `node`, in seconds.
    pub fn time_limit_at(&self, node: usize) -> Option<f32> {
        self.nodes.get(node).and_then(|n| n.time_limit).or(self.time_limit)
    }

    /// Per node, the fewest replies to an ending whose kind `wanted` accepts (reverse
    /// breadth-first search over the graph).
    fn distances(&self, wanted: impl Fn(EndingKind) -> bool) -> Vec<Option<u16>> {
        let n = self.nodes.len();
        let mut dist: Vec<Option<u16>> = vec![None; n];
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut queue = std::collections::VecDeque::new();
        for (i, node) in self.nodes.iter().enumerate() {
            for reply in &node.replies {
                for target in reply.next.targets() {
                    match target {
                        Target::Node(j) if j < n => preds[j].push(i),
                        Target::Ending(e)
                            if self.endings.get(e).is_some_and(|e| wanted(e.kind)) && dist[i].is_none() =>
                        {
                            dist[i] = Some(1);
                            queue.push_back(i);
                        }
                        _ => {}
                    }
                }
            }
        }
        while let Some(j) = queue.pop_front() {
            let d = dist[j].unwrap_or(0);
            for &i in &preds[j] {
                if dist[i].is_none() {
                    dist[i] = Some(d.saturating_add(1));
                    queue.push_back(i);
                }
            }
        }
        dist
    }

    /// Recomputes [`Facts`] after the graph changed.
    pub fn compute_facts(&mut self) {
        let mut offered = [false; Technique::COUNT];
        for reply in self.nodes.iter().flat_map(|n| &n.replies) {
            offered[reply.technique.index()] = true;
        }
        // Per node, the fewest replies to an ending that can end well: resolved, or ended by
        // the agent (well after a warning). The par for efficiency counts resolved endings
        // when the call has a way to one: an unwarned early hang-up by the agent is no par.
        let to_resolution = self.distances(|kind| kind.can_end_well());
        let resolved_only = self.distances(|kind| kind == EndingKind::Resolved);
        let shortest_resolution =
            resolved_only.get(self.start).copied().flatten().or(to_resolution.get(self.start).copied().flatten());
        let find = |kind| self.endings.iter().position(|e| e.kind == kind).unwrap_or(0);
        let breaking = find(self.caller.persona.breaking_point);
        let patience = find(EndingKind::HungUp);
        self.facts =
            Facts { offered, shortest_resolution, to_resolution, breaking_ending: breaking, patience_ending: patience };
    }
}
