//! Course progress for the trainers' report: per course, every trainee who took a call
//! in it, with their progress.

use crate::engine::call::course::Course;
use crate::engine::records::progress::{Progress, progress};
use crate::engine::records::record::Record;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One course and the trainees who took at least one of its calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseReport {
    pub course: Arc<Course>,
    /// By name.
    pub trainees: Vec<TraineeCourse>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraineeCourse {
    /// The name exactly as typed.
    pub name: String,
    pub progress: Progress,
}

impl CourseReport {
    /// Trainees who have finished the course.
    pub fn finished(&self) -> usize {
        self.trainees.iter().filter(|t| t.progress.completed.is_some()).count()
    }
}

/// A report for each course, in the order given. A trainee is listed under a course once
/// a record of theirs names it (trainer previews aside), whether or not it counts yet.
pub fn course_reports(courses: &[Arc<Course>], records: &[&Record]) -> Vec<CourseReport> {
    let mut by_trainee: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records.iter().filter(|r| !r.adjusted) {
        by_trainee.entry(r.trainee.as_str()).or_default().push(r);
    }
    courses
        .iter()
        .map(|course| {
            let trainees = by_trainee
                .iter()
                .filter(|(_, rs)| rs.iter().any(|r| r.attempt.course.as_ref().is_some_and(|c| c.id == course.id)))
                .map(|(name, rs)| TraineeCourse { name: name.to_string(), progress: progress(course, rs) })
                .collect();
            CourseReport { course: Arc::clone(course), trainees }
        })
        .collect()
}
