//! A trainee's progress through a course, computed from their records. Progress is never
//! stored: it is worked out again from the records each time ([`progress`]), so a records
//! folder copied to another computer shows the same progress there.

use crate::engine::call::course::{Course, Unit, UnitMode, Unlock};
use crate::engine::records::record::Record;
use serde::Serialize;

/// Where a trainee stands in a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitState {
    Done,
    Open,
    Locked,
}

impl UnitState {
    /// The name used in CSV files: `done`, `open` or `locked`.
    pub fn id(self) -> &'static str {
        match self {
            UnitState::Done => "done",
            UnitState::Open => "open",
            UnitState::Locked => "locked",
        }
    }
}

/// A trainee's results on one call of a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CallProgress {
    pub id: String,
    pub pass: u8,
    /// The best score of the attempts that count.
    pub best: Option<u8>,
    /// Attempts that count for the unit.
    pub attempts: usize,
    /// The best score reaches the pass mark.
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitProgress {
    pub state: UnitState,
    pub calls: Vec<CallProgress>,
}

/// A trainee's progress through a course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub units: Vec<UnitProgress>,
    /// The call to take next, as (unit index, call index); `None` once the course is
    /// completed.
    pub next: Option<(usize, usize)>,
    pub completed: Option<Completion>,
}

/// When a trainee finished a course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// RFC 3339: the `ended_at` of the record that completed the course.
    pub at: String,
    pub record_id: String,
}

impl Unit {
    /// Whether `record` counts for this unit of `course`: a complete call played for real
    /// ([`Record::counts`]) in this course and unit, and for an exam unit taken as an exam.
    /// Which call it is, is the record's scenario id, in any language.
    pub fn counts(&self, course: &Course, record: &Record) -> bool {
        record.counts()
            && record.attempt.course.as_ref().is_some_and(|c| c.id == course.id && c.unit == self.id)
            && (self.mode == UnitMode::Practice || record.attempt.exam)
    }

    /// Whether the unit's condition holds for these results (its calls, in order).
    fn holds(&self, calls: &[CallProgress]) -> bool {
        match self.unlock {
            Unlock::All => calls.iter().all(|c| c.passed),
            Unlock::Count(n) => calls.iter().filter(|c| c.passed).count() >= n as usize,
            Unlock::Average(n) => {
                let bests: Option<Vec<u8>> = calls.iter().map(|c| c.best).collect();
                match bests {
                    Some(b) if !b.is_empty() => {
                        b.iter().map(|&s| u32::from(s)).sum::<u32>() >= u32::from(n) * b.len() as u32
                    }
                    _ => false,
                }
            }
        }
    }
}

impl Progress {
    /// Units done.
    pub fn done(&self) -> usize {
        self.units.iter().filter(|u| u.state == UnitState::Done).count()
    }

    /// The first unit that is open and not done yet.
    pub fn current(&self) -> Option<usize> {
        self.units.iter().position(|u| u.state == UnitState::Open)
    }

    pub fn is_open(&self, unit: usize) -> bool {
        self.units.get(unit).is_some_and(|u| u.state != UnitState::Locked)
    }
}

/// The results so far, as a replay goes through the records.
struct Tally<'c> {
    course: &'c Course,
    units: Vec<Vec<CallProgress>>,
}

impl<'c> Tally<'c> {
    fn new(course: &'c Course) -> Tally<'c> {
        let units = course
            .units
            .iter()
            .map(|u| {
                u.calls
                    .iter()
                    .map(|c| CallProgress { id: c.id.clone(), pass: c.pass, best: None, attempts: 0, passed: false })
                    .collect()
            })
            .collect();
        Tally { course, units }
    }

    /// Adds a record to every call it counts for (a call listed in two units counts in
    /// each unit the record was taken in: only its own, as the record names it).
    fn add(&mut self, record: &Record) {
        let Some(score) = record.score.as_ref().map(|s| s.total) else { return };
        for (unit, calls) in self.course.units.iter().zip(&mut self.units) {
            if !unit.counts(self.course, record) {
                continue;
            }
            for call in calls.iter_mut().filter(|c| c.id == record.scenario.id) {
                call.attempts += 1;
                call.best = Some(call.best.map_or(score, |b| b.max(score)));
                call.passed = call.best.is_some_and(|b| b >= call.pass);
            }
        }
    }

    /// Each unit's state: the first is always open; a unit is done when it is open and its
    /// condition holds; the next one opens once it is done.
    fn states(&self) -> Vec<UnitState> {
        let mut open = true;
        self.course
            .units
            .iter()
            .zip(&self.units)
            .map(|(unit, calls)| {
                let state = if !open {
                    UnitState::Locked
                } else if unit.holds(calls) {
                    UnitState::Done
                } else {
                    UnitState::Open
                };
                open = state == UnitState::Done;
                state
            })
            .collect()
    }

    fn completed(&self) -> bool {
        !self.course.units.is_empty() && self.states().last() == Some(&UnitState::Done)
    }
}

/// The records in the order they ended: `ended_at` as a time (text that is not one
/// after every time), then the start and the id, so the order never depends on the input's.
fn in_order<'r>(records: &[&'r Record]) -> Vec<&'r Record> {
    let key = |r: &Record| {
        let end = r.ended_at.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok());
        (end.is_none(), end, r.ended_at.clone(), r.started_at.clone(), r.id.clone())
    };
    let mut sorted = records.to_vec();
    sorted.sort_by_cached_key(|r| key(r));
    sorted
}

/// Progress of one trainee from their records (any language of the call counts). Give
/// the records of one trainee only (the caller picks them by [`Record::trainee`]); records
/// of other courses, units or free practice are ignored.
pub fn progress(course: &Course, records: &[&Record]) -> Progress {
    let mut tally = Tally::new(course);
    let mut completed = None;
    for r in in_order(records) {
        tally.add(r);
        if completed.is_none() && tally.completed() {
            completed = Some(Completion { at: r.ended_at.clone().unwrap_or_default(), record_id: r.id.clone() });
        }
    }
    let states = tally.states();
    let next = if completed.is_some() { None } else { next_call(&states, &tally.units) };
    let units = states.into_iter().zip(tally.units).map(|(state, calls)| UnitProgress { state, calls }).collect();
    Progress { units, next, completed }
}

/// The first call not passed yet in the first open unit that is not done; when every call
/// there is passed (an `average` not reached yet), the one with the lowest best score.
fn next_call(states: &[UnitState], units: &[Vec<CallProgress>]) -> Option<(usize, usize)> {
    let u = states.iter().position(|s| *s == UnitState::Open)?;
    let calls = units.get(u)?;
    // `min_by_key` keeps the first of equal scores.
    let call = calls
        .iter()
        .position(|c| !c.passed)
        .or_else(|| (0..calls.len()).min_by_key(|&i| calls[i].best.unwrap_or(0)))?;
    Some((u, call))
}

/// Whether the record `new` would complete the course, given the trainee's earlier
/// records: the course is not completed with `earlier` alone, and is with `new` too. The
/// game asks this before writing `new`, to set [`CourseAttempt::completed`].
pub fn completes(course: &Course, earlier: &[&Record], new: &Record) -> bool {
    if !course.units.iter().any(|u| u.counts(course, new)) || progress(course, earlier).completed.is_some() {
        return false;
    }
    let mut all = earlier.to_vec();
    all.push(new);
    progress(course, &all).completed.is_some()
}

/// The records of `trainee` (by name, exactly as typed) among `records`.
pub fn records_of<'r>(records: &[&'r Record], trainee: &str) -> Vec<&'r Record> {
    records.iter().copied().filter(|r| r.trainee == trainee).collect()
}
