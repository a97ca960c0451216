//! The trainee's course on the list screen: units in order (done, open or locked), each
//! call's best score against its pass mark, and the next call to take. A call started from
//! a unit is taken in that unit's mode (practice or exam), with "say it first" when the
//! unit asks for it. Without courses in the dialogues folder the list works as before.

use crate::engine::call::course::{Course, UnitMode};
use crate::engine::call::session::Attempt;
use crate::engine::records::progress::{Progress, UnitState};
use crate::engine::{Lang, Scenario};
use crate::game::config::GameConfig;
use crate::game::library::Dialogues;
use crate::game::theme::{self, size};
use crate::game::ui::widgets::{self, Tone};
use crate::text::{Strings, fill};
use bevy::prelude::*;
use std::sync::Arc;

/// The course the list shows: `--course`, else the first in the dialogues folder.
#[derive(Resource, Clone, Debug, Default)]
pub struct ActiveCourse(pub Option<Arc<Course>>);

impl ActiveCourse {
    /// The course `config` asks for, or the library's first.
    pub fn choose(config: &GameConfig, dialogues: &Dialogues) -> ActiveCourse {
        let course = match &config.course {
            Some(id) => dialogues.course(id),
            None => dialogues.courses.first().cloned(),
        };
        ActiveCourse(course)
    }
}

/// Where a call on the list sits in the course.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub unit: usize,
    pub call: usize,
    pub state: UnitState,
    pub pass: u8,
    pub best: Option<u8>,
    pub passed: bool,
    pub exam: bool,
    pub say_first: bool,
}

impl Slot {
    pub fn locked(&self) -> bool {
        self.state == UnitState::Locked
    }
}

/// The course's calls in order, in `lang` where the call exists in it, with their slots.
pub fn entries(course: &Course, progress: &Progress, dialogues: &Dialogues, lang: Lang) -> Vec<(Arc<Scenario>, Slot)> {
    let mut out = Vec::new();
    for (u, unit) in course.units.iter().enumerate() {
        let Some(up) = progress.units.get(u) else { continue };
        for (c, call) in unit.calls.iter().enumerate() {
            let Some(scenario) = dialogues.find(&call.id, lang) else { continue };
            let cp = up.calls.get(c);
            out.push((
                scenario,
                Slot {
                    unit: u,
                    call: c,
                    state: up.state,
                    pass: call.pass,
                    best: cp.and_then(|p| p.best),
                    passed: cp.is_some_and(|p| p.passed),
                    exam: unit.is_exam(),
                    say_first: unit.say_first,
                },
            ));
        }
    }
    out
}

/// The attempt a call from `slot` is taken as (the unit's mode); `--exam` makes every
/// call an exam.
pub fn attempt(course: &Course, slot: &Slot, config: &GameConfig) -> Attempt {
    let mut attempt = course.attempt(slot.unit).unwrap_or_default();
    attempt.exam |= config.exam;
    attempt
}

/// The course's heading on the list: its title, calls passed, and what to take next.
pub fn header(course: &Course, progress: &Progress, dialogues: &Dialogues, t: &Strings, lang: Lang) -> impl Bundle {
    let total: usize = course.units.iter().map(|u| u.calls.len()).sum();
    let passed: usize = progress.units.iter().flat_map(|u| &u.calls).filter(|c| c.passed).count();
    let next = match (progress.completed.as_ref(), progress.next) {
        (Some(_), _) => t.course_finished.to_string(),
        (None, Some((u, c))) => {
            let id = &course.units[u].calls[c].id;
            let title = dialogues.find(id, lang).map_or_else(|| id.clone(), |s| s.title.clone());
            fill(t.course_next, &[&title])
        }
        (None, None) => String::new(),
    };
    (
        Node { flex_direction: FlexDirection::Column, row_gap: px(4), flex_shrink: 0.0, ..default() },
        children![
            widgets::heading(course.title.get(lang).to_string(), size::LARGE),
            widgets::text(fill(t.course_passed, &[&passed, &total]), size::SMALL, theme::INK_SOFT),
            widgets::text(next, size::BODY, theme::ACCENT),
        ],
    )
}

/// A unit's heading between the rows: number, title, mode and state.
pub fn unit_heading(course: &Course, unit: usize, state: UnitState, t: &Strings, lang: Lang) -> impl Bundle {
    let u = &course.units[unit];
    let (label, tone) = state_label(state, t);
    let (bg, ink) = tone.colors();
    let mode = match u.mode {
        UnitMode::Practice => t.course_practice,
        UnitMode::Exam => t.course_exam,
    };
    let mut about = mode.to_string();
    if u.say_first {
        about = fill(t.pair_dot, &[&about, &t.say_title]);
    }
    (
        Node {
            column_gap: px(10),
            align_items: AlignItems::Center,
            flex_wrap: FlexWrap::Wrap,
            margin: UiRect::top(px(8)),
            flex_shrink: 0.0,
            ..default()
        },
        children![
            widgets::heading(fill(t.course_unit, &[&(unit + 1), &u.title.get(lang)]), size::BODY),
            widgets::pill(label, bg, ink),
            widgets::small(about),
        ],
    )
}

pub fn state_label(state: UnitState, t: &Strings) -> (&'static str, Tone) {
    match state {
        UnitState::Done => (t.course_done, Tone::Good),
        UnitState::Open => (t.course_open, Tone::Info),
        UnitState::Locked => (t.course_locked, Tone::Warning),
    }
}

/// A call's line under its title: pass mark and best score, or why it is locked.
pub fn slot_line(slot: &Slot, t: &Strings) -> (String, Color) {
    if slot.locked() {
        return (t.course_locked_call.to_string(), theme::INK_FAINT);
    }
    let best = slot.best.map_or_else(|| t.list_not_played.to_string(), |b| fill(t.course_best, &[&b]));
    let mark = fill(t.course_pass_mark, &[&slot.pass]);
    let text =
        if slot.passed { fill(t.course_call_passed, &[&mark, &best]) } else { fill(t.pair_dot, &[&mark, &best]) };
    (text, if slot.passed { theme::GREEN } else { theme::INK_SOFT })
}
