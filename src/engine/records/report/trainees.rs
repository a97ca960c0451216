//! The report per trainee: sessions, best and mean score, outcome rates, the slips they
//! make most, and their progress over time.

use super::calls::ScenarioKey;
use crate::engine::call::persona::EndingKind;
use crate::engine::call::technique::Technique;
use crate::engine::judge::debrief::Note;
use crate::engine::judge::score::Grade;
use crate::engine::judge::simulate::Outcomes;
use crate::engine::records::record::Record;
use std::collections::{BTreeMap, HashMap};

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

pub(super) fn mean(values: &[u8]) -> Option<f32> {
    (!values.is_empty()).then(|| values.iter().map(|&v| v as f32).sum::<f32>() / values.len() as f32)
}

/// Records are in time order (as [`Scan`] sorts them).
pub(super) fn trainee(name: &str, records: &[&Record]) -> TraineeReport {
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
