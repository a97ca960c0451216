//! Trainers' statistics over call records: per trainee (sessions, best and mean score,
//! outcome rates, most frequent slips, progress over time) and per scenario (score
//! distribution, where callers are lost, which reply trainees pick at each node).
//!
//! Scores and rates count complete calls played for real ([`Record::counts`]). Calls
//! interrupted by a crash add their turns to the node and reply statistics; trainer
//! previews (jumps, hand-set anger) are left out and only counted.

pub mod heat;

use crate::engine::call::course::Course;
use crate::engine::call::lang::Lang;
use crate::engine::call::model::Scenario;
use crate::engine::call::persona::EndingKind;
use crate::engine::call::technique::Technique;
use crate::engine::judge::debrief::Note;
use crate::engine::judge::score::Grade;
use crate::engine::judge::simulate::{Outcomes, Spread};
use crate::engine::records::progress::{CourseReport, course_reports};
use crate::engine::records::record::{Record, Scan, Skipped};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// A scenario as the report groups it: the same id in another language is another call.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScenarioKey {
    pub id: String,
    pub lang: Lang,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub folders: Vec<PathBuf>,
    /// Files looked at (records read plus files skipped).
    pub files: usize,
    pub skipped: Vec<Skipped>,
    /// Folders that could not be listed, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Records read.
    pub records: usize,
    /// Complete calls played for real: the ones scores and rates are computed over.
    pub counted: usize,
    /// Calls interrupted by a crash and recovered without an ending.
    pub interrupted: usize,
    /// Trainer previews (adjusted calls), left out of every statistic.
    pub previews: usize,
    pub outcomes: Outcomes,
    pub mean: Option<f32>,
    /// The earliest and latest start among the records read.
    pub period: Option<(String, String)>,
    pub trainees: Vec<TraineeReport>,
    pub scenarios: Vec<ScenarioReport>,
    /// Progress through each course given to [`Report::add_courses`].
    pub courses: Vec<CourseReport>,
    /// Each call's map with the trainees' calls on it, for the calls given to
    /// [`Report::add_maps`].
    pub maps: Vec<heat::ScenarioMap>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraineeReport {
    /// The name exactly as typed.
    pub name: String,
    pub sessions: usize,
    pub interrupted: usize,
    pub best: Option<u8>,
    pub mean: Option<f32>,
    pub outcomes: Outcomes,
    /// The slips made, most frequent first.
    pub slips: Vec<(Slip, usize)>,
    /// Counted calls in time order.
    pub attempts: Vec<Attempt>,
    pub trend: Option<Trend>,
    /// Per scenario played: the best score and how many counted calls.
    pub by_scenario: BTreeMap<ScenarioKey, (u8, usize)>,
}

/// One counted call in a trainee's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub started_at: String,
    pub scenario: ScenarioKey,
    pub title: String,
    pub score: u8,
    pub grade: Grade,
    pub outcome: EndingKind,
    /// Taken as an exam.
    pub exam: bool,
    /// Coach hints used.
    pub hints: usize,
}

/// Early against late calls: the mean score of the first `window` counted calls and of
/// the last `window`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trend {
    pub window: usize,
    pub early: f32,
    pub late: f32,
}

impl Trend {
    pub fn change(&self) -> f32 {
        self.late - self.early
    }
}

/// A slip a debrief points out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slip {
    /// A reply using one of the classic mistakes.
    Mistake(Technique),
    /// A stage-2 move before the caller had calmed and agreed twice.
    TooEarly(Technique),
    Relapse,
    Silence,
    NoApology,
    NoRecord,
    NoClose,
    /// Ending the call without warning the caller first.
    EndedWithoutBoundary,
    /// Checking identity before the caller was calm.
    IdentityTooEarly,
}

impl Slip {
    /// A stable identifier, as used in CSV files.
    pub fn id(&self) -> String {
        match self {
            Slip::Mistake(t) => t.id().to_string(),
            Slip::TooEarly(t) => format!("too-early:{}", t.id()),
            Slip::Relapse => "relapse".into(),
            Slip::Silence => "silence".into(),
            Slip::NoApology => "no-apology".into(),
            Slip::NoRecord => "no-record".into(),
            Slip::NoClose => "no-close".into(),
            Slip::EndedWithoutBoundary => "ended-without-boundary".into(),
            Slip::IdentityTooEarly => "identity-too-early".into(),
        }
    }

    fn of_note(note: &Note) -> Option<Slip> {
        match *note {
            Note::Mistake { technique, .. } => Some(Slip::Mistake(technique)),
            Note::Provoked { .. } => Some(Slip::Mistake(crate::engine::Technique::Other)),
            Note::StageTwoTooEarly { technique, .. } => Some(Slip::TooEarly(technique)),
            Note::Relapse { .. } => Some(Slip::Relapse),
            Note::Silence { .. } => Some(Slip::Silence),
            Note::NoApology => Some(Slip::NoApology),
            Note::NoRecord => Some(Slip::NoRecord),
            Note::NoClose => Some(Slip::NoClose),
            Note::EndedWithoutBoundary => Some(Slip::EndedWithoutBoundary),
            Note::IdentityTooEarly { .. } => Some(Slip::IdentityTooEarly),
            _ => None,
        }
    }
}

/// The slips of one record: from its debrief when it has one, else from its replies.
pub fn slips(record: &Record) -> Vec<Slip> {
    match &record.debrief {
        Some(d) => d.went_wrong.iter().filter_map(Slip::of_note).collect(),
        None => record
            .turns
            .iter()
            .filter_map(|t| match t.chosen() {
                Some(o) if o.technique.is_mistake() => Some(Slip::Mistake(o.technique)),
                None if t.choice.is_none() => Some(Slip::Silence),
                _ => None,
            })
            .collect(),
    }
}

/// Callers lost: escalated or hung up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lost {
    pub escalated: usize,
    pub hung_up: usize,
}

impl Lost {
    pub fn total(&self) -> usize {
        self.escalated + self.hung_up
    }

    fn add(&mut self, kind: EndingKind) {
        match kind {
            EndingKind::Escalated => self.escalated += 1,
            EndingKind::HungUp => self.hung_up += 1,
            // A call the agent ends is the agent's decision, not a caller lost.
            EndingKind::Resolved | EndingKind::AgentEnded => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioReport {
    pub key: ScenarioKey,
    /// The title in the latest record.
    pub title: String,
    /// How many versions of the scenario file the records were played on.
    pub versions: usize,
    pub sessions: usize,
    pub interrupted: usize,
    pub trainees: usize,
    /// Scores of the counted calls, sorted.
    pub scores: Vec<u8>,
    pub spread: Spread,
    /// Counted calls by score: 0–9, 10–19, …, 90–100.
    pub histogram: [usize; 10],
    pub outcomes: Outcomes,
    /// Nodes in the order calls reach them.
    pub nodes: Vec<NodeReport>,
    /// The last replies of lost calls, most frequent first.
    pub losses: Vec<Loss>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeReport {
    pub id: String,
    /// The caller's line as last recorded.
    pub line: String,
    /// Turns taken at this node.
    pub visits: usize,
    pub silences: usize,
    /// Calls that ended lost on a turn at this node.
    pub lost: Lost,
    /// Replies offered here (in the latest recorded order), with how often each was picked.
    pub replies: Vec<ReplyReport>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplyReport {
    pub text: String,
    pub technique: Technique,
    pub picked: usize,
    /// Mean change of anger after this reply.
    pub anger_change: Option<f32>,
    /// Calls this reply ended in an escalation or a hang-up.
    pub lost: Lost,
    /// Counted calls that picked this reply and ended lost, at this turn or later.
    pub in_lost_calls: usize,
}

/// Where lost calls ended: the node and the last reply (`None` for a silence).
#[derive(Clone, Debug, PartialEq)]
pub struct Loss {
    pub node: String,
    pub reply: Option<String>,
    pub technique: Option<Technique>,
    pub lost: Lost,
}

fn mean(values: &[u8]) -> Option<f32> {
    (!values.is_empty()).then(|| values.iter().map(|&v| v as f32).sum::<f32>() / values.len() as f32)
}

fn bin(score: u8) -> usize {
    (score as usize / 10).min(9)
}

impl Report {
    /// Builds the report from a scan of one or more records folders.
    pub fn build(scan: &Scan) -> Report {
        let mut report = Report {
            folders: scan.folders.clone(),
            files: scan.files(),
            skipped: scan.skipped.clone(),
            unreadable: scan.unreadable.clone(),
            records: scan.records.len(),
            ..Report::default()
        };
        let records: Vec<&Record> = scan.records.iter().map(|(_, r)| r).collect();
        let mut all_scores = Vec::new();
        for r in &records {
            if r.adjusted {
                report.previews += 1;
            } else if r.counts() {
                report.counted += 1;
                if let Some(o) = r.outcome {
                    report.outcomes.add(o);
                }
                all_scores.extend(r.score.as_ref().map(|s| s.total));
            } else if !r.complete {
                report.interrupted += 1;
            }
        }
        report.mean = mean(&all_scores);
        let mut starts: Vec<&str> = records.iter().map(|r| r.started_at.as_str()).filter(|s| !s.is_empty()).collect();
        starts.sort_unstable();
        if let (Some(first), Some(last)) = (starts.first(), starts.last()) {
            report.period = Some((first.to_string(), last.to_string()));
        }

        let mut by_trainee: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
        let mut by_scenario: BTreeMap<ScenarioKey, Vec<&Record>> = BTreeMap::new();
        for r in records.iter().filter(|r| !r.adjusted) {
            by_trainee.entry(r.trainee.as_str()).or_default().push(r);
            by_scenario.entry(ScenarioKey { id: r.scenario.id.clone(), lang: r.scenario.lang }).or_default().push(r);
        }
        report.trainees = by_trainee.into_iter().map(|(name, rs)| trainee(name, &rs)).collect();
        report.scenarios = by_scenario.into_iter().map(|(key, rs)| scenario(key, &rs)).collect();
        report
    }

    /// Adds each course's progress, per trainee, from the records scanned.
    pub fn add_courses(&mut self, courses: &[Arc<Course>], scan: &Scan) {
        let records: Vec<&Record> = scan.records.iter().map(|(_, r)| r).collect();
        self.courses = course_reports(courses, &records);
    }

    /// Lays the records over the map of each call reported on, for the calls found among
    /// `scenarios` (matched by id and language).
    pub fn add_maps(&mut self, scenarios: &[Arc<Scenario>], scan: &Scan) {
        let records: Vec<&Record> = scan.records.iter().map(|(_, r)| r).collect();
        let keys: Vec<ScenarioKey> = self.scenarios.iter().map(|s| s.key.clone()).collect();
        self.maps = heat::scenario_maps(&keys, scenarios, &records);
    }

    /// The map of the call `key`, if it was added.
    pub fn map(&self, key: &ScenarioKey) -> Option<&heat::ScenarioMap> {
        self.maps.iter().find(|m| &m.key == key)
    }

    /// The scenario report for `key`, if any record was played on it.
    pub fn scenario(&self, key: &ScenarioKey) -> Option<&ScenarioReport> {
        self.scenarios.iter().find(|s| &s.key == key)
    }
}

/// Records are in time order (as [`Scan`] sorts them).
fn trainee(name: &str, records: &[&Record]) -> TraineeReport {
    let mut t = TraineeReport {
        name: name.to_string(),
        sessions: 0,
        interrupted: 0,
        best: None,
        mean: None,
        outcomes: Outcomes::default(),
        slips: Vec::new(),
        attempts: Vec::new(),
        trend: None,
        by_scenario: BTreeMap::new(),
    };
    let mut slips: HashMap<Slip, usize> = HashMap::new();
    for r in records {
        if !r.complete {
            t.interrupted += 1;
            continue;
        }
        let (Some(score), Some(outcome)) = (r.score.as_ref(), r.outcome) else { continue };
        t.sessions += 1;
        t.outcomes.add(outcome);
        for s in self::slips(r) {
            *slips.entry(s).or_default() += 1;
        }
        let key = ScenarioKey { id: r.scenario.id.clone(), lang: r.scenario.lang };
        let entry = t.by_scenario.entry(key.clone()).or_insert((score.total, 0));
        entry.0 = entry.0.max(score.total);
        entry.1 += 1;
        t.attempts.push(Attempt {
            started_at: r.started_at.clone(),
            scenario: key,
            title: r.scenario.title.clone(),
            score: score.total,
            grade: score.grade,
            outcome,
            exam: r.attempt.exam,
            hints: r.hints(),
        });
    }
    let scores: Vec<u8> = t.attempts.iter().map(|a| a.score).collect();
    t.best = scores.iter().copied().max();
    t.mean = mean(&scores);
    if scores.len() >= 2 {
        let window = (scores.len() / 3).clamp(1, 5);
        t.trend = Some(Trend {
            window,
            early: mean(&scores[..window]).unwrap_or(0.0),
            late: mean(&scores[scores.len() - window..]).unwrap_or(0.0),
        });
    }
    let mut slips: Vec<(Slip, usize)> = slips.into_iter().collect();
    slips.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    t.slips = slips;
    t
}

#[derive(Default)]
struct NodeAcc {
    line: String,
    visits: usize,
    silences: usize,
    lost: Lost,
    /// Sum of the turn numbers it was visited at, to order nodes as calls reach them.
    position: usize,
    /// Reply text → accumulator; `order` keeps the latest recorded order of replies.
    replies: HashMap<String, ReplyAcc>,
    order: Vec<(String, Technique)>,
}

#[derive(Default)]
struct ReplyAcc {
    picked: usize,
    anger_change: i64,
    lost: Lost,
    in_lost_calls: usize,
}

fn scenario(key: ScenarioKey, records: &[&Record]) -> ScenarioReport {
    let mut s = ScenarioReport {
        key,
        title: records.last().map(|r| r.scenario.title.clone()).unwrap_or_default(),
        versions: records.iter().map(|r| r.scenario.fingerprint.as_str()).collect::<HashSet<_>>().len(),
        sessions: 0,
        interrupted: 0,
        trainees: records.iter().map(|r| r.trainee.as_str()).collect::<HashSet<_>>().len(),
        scores: Vec::new(),
        spread: Spread::default(),
        histogram: [0; 10],
        outcomes: Outcomes::default(),
        nodes: Vec::new(),
        losses: Vec::new(),
    };
    let mut nodes: HashMap<String, NodeAcc> = HashMap::new();
    let mut node_order: Vec<String> = Vec::new();
    let mut losses: HashMap<(String, Option<String>), (Option<Technique>, Lost)> = HashMap::new();

    for r in records {
        let counted = r.counts();
        if counted {
            s.sessions += 1;
            if let Some(o) = r.outcome {
                s.outcomes.add(o);
            }
            if let Some(score) = &r.score {
                s.scores.push(score.total);
                s.histogram[bin(score.total)] += 1;
            }
        } else if !r.complete {
            s.interrupted += 1;
        } else {
            continue;
        }
        let lost_call = counted && matches!(r.outcome, Some(EndingKind::Escalated | EndingKind::HungUp));
        for (i, t) in r.turns.iter().enumerate() {
            if !nodes.contains_key(&t.node) {
                node_order.push(t.node.clone());
            }
            let node = nodes.entry(t.node.clone()).or_default();
            node.line = t.line.clone();
            node.visits += 1;
            node.position += i;
            // The latest offered list sets the order; replies no longer offered stay listed.
            let mut order: Vec<(String, Technique)> = t.offered.iter().map(|o| (o.text.clone(), o.technique)).collect();
            for old in &node.order {
                if !order.iter().any(|(text, _)| text == &old.0) {
                    order.push(old.clone());
                }
            }
            node.order = order;
            let chosen = t.chosen();
            match chosen {
                Some(o) => {
                    let acc = node.replies.entry(o.text.clone()).or_default();
                    acc.picked += 1;
                    acc.anger_change += t.anger_after as i64 - t.anger_before as i64;
                    if lost_call {
                        acc.in_lost_calls += 1;
                    }
                }
                None => node.silences += 1,
            }
            if counted && let Some(kind @ (EndingKind::Escalated | EndingKind::HungUp)) = t.ended {
                node.lost.add(kind);
                if let Some(o) = chosen {
                    node.replies.entry(o.text.clone()).or_default().lost.add(kind);
                }
                let entry = losses
                    .entry((t.node.clone(), chosen.map(|o| o.text.clone())))
                    .or_insert((chosen.map(|o| o.technique), Lost::default()));
                entry.1.add(kind);
            }
        }
    }

    s.scores.sort_unstable();
    s.spread = Spread::of(&mut s.scores.clone());
    let mut ordered: Vec<(f32, usize, String)> = node_order
        .iter()
        .enumerate()
        .map(|(first, id)| {
            let n = &nodes[id];
            (n.position as f32 / n.visits.max(1) as f32, first, id.clone())
        })
        .collect();
    ordered.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    s.nodes = ordered
        .into_iter()
        .filter_map(|(_, _, id)| nodes.remove(&id).map(|n| (id, n)))
        .map(|(id, mut n)| NodeReport {
            id,
            line: n.line,
            visits: n.visits,
            silences: n.silences,
            lost: n.lost,
            replies: n
                .order
                .iter()
                .map(|(text, technique)| {
                    let acc = n.replies.remove(text).unwrap_or_default();
                    ReplyReport {
                        text: text.clone(),
                        technique: *technique,
                        picked: acc.picked,
                        anger_change: (acc.picked > 0).then(|| acc.anger_change as f32 / acc.picked as f32),
                        lost: acc.lost,
                        in_lost_calls: acc.in_lost_calls,
                    }
                })
                .collect(),
        })
        .collect();
    let mut losses: Vec<Loss> =
        losses.into_iter().map(|((node, reply), (technique, lost))| Loss { node, reply, technique, lost }).collect();
    losses.sort_by(|a, b| {
        b.lost.total().cmp(&a.lost.total()).then_with(|| a.node.cmp(&b.node)).then(a.reply.cmp(&b.reply))
    });
    s.losses = losses;
    s
}
