//! Courses: calls in order, grouped in units, each call with a pass mark, practice units
//! before an exam.
//!
//! A trainer writes a course as `dialogues/courses/<id>.ron` (read and checked by
//! [`crate::engine::call::load::course`]; the format is in `docs/courses.md`). A trainee's
//! progress through it is worked out from their records by
//! [`crate::engine::records::progress`].

use crate::engine::call::lang::Localized;
use crate::engine::call::session::{Attempt, CourseAttempt};
use serde::Serialize;
use std::path::PathBuf;

/// A course as read from its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Course {
    pub id: String,
    pub title: Localized,
    pub units: Vec<Unit>,
    /// The file it was read from.
    pub source: Option<PathBuf>,
}

/// A step of a course: some calls, taken as practice or as an exam.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: String,
    pub title: Localized,
    pub mode: UnitMode,
    /// The trainee types their own words before the replies show, on every call of the unit.
    pub say_first: bool,
    pub calls: Vec<CourseCall>,
    /// What makes the unit done, and so opens the next one.
    pub unlock: Unlock,
}

/// How a unit's calls are taken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitMode {
    /// With the anger meter, the cues and the coach (hints cost points).
    #[default]
    Practice,
    /// No meter, no mode, no cues, no coach and no retry while the call runs; only exam
    /// attempts count for the unit.
    Exam,
}

impl UnitMode {
    /// The name used in files, records and reports: `practice` or `exam`.
    pub fn id(self) -> &'static str {
        match self {
            UnitMode::Practice => "practice",
            UnitMode::Exam => "exam",
        }
    }
}

/// A call of a unit: a scenario id (in any language) and the score that passes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CourseCall {
    pub id: String,
    pub pass: u8,
}

/// What makes a unit done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unlock {
    /// Every call passed.
    All,
    /// This many calls passed.
    Count(u8),
    /// Every call attempted, and the mean of the best scores at least this.
    Average(u8),
}

impl Course {
    /// The unit called `id`, with its index.
    pub fn unit(&self, id: &str) -> Option<(usize, &Unit)> {
        self.units.iter().enumerate().find(|(_, u)| u.id == id)
    }

    /// How a call of unit `index` is taken: an exam or practice, in this course and unit.
    /// The game starts the session with it ([`crate::engine::Session::with_attempt`]).
    pub fn attempt(&self, index: usize) -> Option<Attempt> {
        let unit = self.units.get(index)?;
        Some(Attempt {
            exam: unit.mode == UnitMode::Exam,
            course: Some(CourseAttempt { id: self.id.clone(), unit: unit.id.clone(), completed: false }),
        })
    }
}

impl Unit {
    pub fn is_exam(&self) -> bool {
        self.mode == UnitMode::Exam
    }
}
