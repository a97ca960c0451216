//! Trainers' statistics over call records: per trainee (sessions, best and mean score,
//! outcome rates, most frequent slips, progress over time: `trainees.rs`), per call
//! (score distribution, where callers are lost, which reply trainees pick at each node:
//! `calls.rs`), per course (`courses.rs`) and on each call's map (`heat.rs`).
//!
//! Scores and rates count complete calls played for real ([`Record::counts`]). Calls
//! interrupted by a crash add their turns to the node and reply statistics; trainer
//! previews (jumps, hand-set anger) are left out and only counted.

mod calls;
mod courses;
pub mod heat;
mod trainees;

pub use calls::{Loss, Lost, NodeReport, ReplyReport, ScenarioKey, ScenarioReport};
pub use courses::{CourseReport, TraineeCourse, course_reports};
pub use trainees::{Attempt, Slip, TraineeReport, Trend, slips};

use crate::engine::call::course::Course;
use crate::engine::call::model::Scenario;
use crate::engine::judge::simulate::Outcomes;
use crate::engine::records::record::{Record, Scan, Skipped};
use calls::scenario;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use trainees::{mean, trainee};

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
