//! The debrief: outcome, score and grade, the rubric's parts, the anger chart, what went
//! well and what to work on, and per turn the feedback and the better reply. From here
//! the trainee retries the call, retries from any turn, or goes back to the list.

mod chart;
mod rubric;
mod turns;

pub use turns::TurnCard;

use crate::engine::Judge;
use crate::engine::call::session::Attempt;
use crate::engine::{Debrief, Scenario, Turn};
use crate::game::actions::{Action, Activate};
use crate::game::input::Keys;
use crate::game::library::Dialogues;
use crate::game::screens::call::ActiveCall;
use crate::game::screens::call::ending_tone;
use crate::game::screens::{PendingCall, Screen, open_call};
use crate::game::theme::{self, size};
use crate::game::ui::focus::{DefaultFocus, UiFocus};
use crate::game::ui::scroll::scroll_column;
use crate::game::ui::widgets::{self, Tone};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{capitalized, strings};
use bevy::prelude::*;
use rubric::{grade_color, notes, rubric};
use std::sync::Arc;
use turns::turn_card;

/// The finished call the debrief shows.
#[derive(Resource, Clone, Debug)]
pub struct DebriefData {
    pub debrief: Debrief,
    pub scenario: Arc<Scenario>,
    pub turns: Vec<Turn>,
    pub seed: u64,
    pub adjusted: bool,
    /// Practice or exam, and the course unit.
    pub attempt: Attempt,
    /// The course the call counted for, and whether "say it first" was on.
    pub course: Option<Arc<crate::engine::call::course::Course>>,
    pub say_first: bool,
    /// This call completed the course: leaving the debrief shows the completion screen.
    pub completed_course: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), (prepare, spawn).chain());
    app.add_systems(
        Update,
        (shortcuts.in_set(GameSet::Actions), handle.in_set(GameSet::Logic), chart::follow_focus.in_set(GameSet::View))
            .run_if(in_state(Screen::Debrief)),
    );
}

fn prepare(mut commands: Commands, call: Option<Res<ActiveCall>>, mut next: ResMut<NextState<Screen>>) {
    let Some(call) = call else {
        next.set(Screen::Scenarios);
        return;
    };
    let session = call.run.session();
    let Some(debrief) = session.debrief() else {
        next.set(Screen::Scenarios);
        return;
    };
    commands.insert_resource(DebriefData {
        debrief,
        scenario: Arc::clone(call.scenario()),
        turns: session.turns().to_vec(),
        seed: call.seed,
        adjusted: session.was_adjusted(),
        attempt: session.attempt().clone(),
        course: call.course.clone(),
        say_first: call.say_first,
        completed_course: call.completed_course,
    });
}

fn spawn(mut commands: Commands, data: Option<Res<DebriefData>>, lang: Res<UiLang>) {
    let Some(data) = data else { return };
    let t = strings(lang.0);
    let d = &data.debrief;
    let s = &data.scenario;
    commands.spawn(widgets::screen_root(Screen::Debrief)).with_children(|root| {
        // Header: outcome, title, score and grade.
        root.spawn(Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        })
        .with_children(|header| {
            header.spawn(Node { flex_direction: FlexDirection::Column, row_gap: px(6), ..default() }).with_children(
                |left| {
                    let (bg, ink) = ending_tone(d.outcome).colors();
                    left.spawn(Node { column_gap: px(12), align_items: AlignItems::Center, ..default() })
                        .with_children(|row| {
                            row.spawn(widgets::heading(t.debrief_title, size::TITLE));
                            row.spawn(widgets::pill(capitalized(crate::text::ending(d.outcome, lang.0)), bg, ink));
                            if data.attempt.exam {
                                row.spawn(widgets::pill(t.exam_badge, theme::INK, theme::ON_DARK));
                            }
                        });
                    left.spawn(widgets::text(s.title.clone(), size::LARGE, theme::INK_SOFT));
                },
            );
            header.spawn(Node { column_gap: px(16), align_items: AlignItems::End, ..default() }).with_children(
                |right| {
                    right
                        .spawn(Node {
                            flex_direction: FlexDirection::Column,
                            align_items: AlignItems::End,
                            ..default()
                        })
                        .with_children(|score| {
                            score.spawn(widgets::text(t.debrief_score, size::SMALL, theme::INK_FAINT));
                            score
                                .spawn(Node { align_items: AlignItems::End, column_gap: px(4), ..default() })
                                .with_children(|n| {
                                    n.spawn(widgets::heading(d.score.total.to_string(), size::HUGE));
                                    n.spawn(widgets::text("/ 100", size::LARGE, theme::INK_FAINT));
                                });
                        });
                    right.spawn((
                        Node {
                            width: px(64),
                            height: px(64),
                            justify_content: JustifyContent::Center,
                            align_items: AlignItems::Center,
                            border_radius: BorderRadius::all(px(12)),
                            ..default()
                        },
                        BackgroundColor(grade_color(d.score.total)),
                        children![widgets::text(d.score.grade.letter(), size::HUGE, theme::ON_DARK)],
                    ));
                },
            );
        });
        // The scrolling body.
        root.spawn(scroll_column(Node { flex_grow: 1.0, min_height: px(0), row_gap: px(14), ..default() }))
            .with_children(|body| {
                if data.adjusted {
                    body.spawn(widgets::banner(Tone::Warning, t.trainer_adjusted));
                }
                if data.completed_course {
                    body.spawn(widgets::banner(Tone::Good, t.debrief_course_done));
                }
                if data.attempt.exam {
                    body.spawn(widgets::banner(Tone::Info, t.debrief_exam));
                }
                body.spawn(Node { column_gap: px(14), flex_shrink: 0.0, ..default() }).with_children(|row| {
                    row.spawn(chart::chart(&data, t, lang.0));
                    row.spawn(rubric(d, t, lang.0));
                });
                body.spawn(Node { column_gap: px(14), flex_shrink: 0.0, ..default() }).with_children(|row| {
                    row.spawn(notes(
                        t.debrief_well,
                        d.went_well.iter().map(|n| crate::text::note(n, lang.0)).collect(),
                        Tone::Good,
                        t,
                    ));
                    row.spawn(notes(
                        t.debrief_wrong,
                        d.went_wrong.iter().map(|n| crate::text::note(n, lang.0)).collect(),
                        Tone::Error,
                        t,
                    ));
                });
                body.spawn((widgets::heading(t.debrief_turns, size::LARGE), Node { flex_shrink: 0.0, ..default() }));
                for (k, review) in d.turns.iter().enumerate() {
                    body.spawn(turn_card(k, review, &data, t, lang.0));
                }
            });
        // Footer: what next.
        // Footer: what next.
        root.spawn(Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        })
        .with_children(|footer| {
            footer.spawn(widgets::hint(t.debrief_hint));
            footer.spawn(Node { column_gap: px(10), ..default() }).with_children(|buttons| {
                if data.completed_course {
                    buttons.spawn(widgets::button(t.debrief_retry, Action::Retry, false, 1));
                    buttons.spawn((widgets::button(t.debrief_to_completion, Action::ToList, true, 0), DefaultFocus));
                } else {
                    buttons.spawn((widgets::button(t.debrief_retry, Action::Retry, true, 0), DefaultFocus));
                    buttons.spawn(widgets::button(t.debrief_back, Action::ToList, false, 1));
                }
            });
        });
    });
}

fn shortcuts(keys: Res<Keys>, mut activate: MessageWriter<Activate>, mut focus: ResMut<UiFocus>) {
    if keys.ctrl {
        return;
    }
    if keys.just(KeyCode::KeyR) {
        activate.write(Activate(Action::Retry));
    }
    if keys.escape() {
        activate.write(Activate(Action::ToList));
        focus.clear();
    }
}

fn handle(
    mut activate: MessageReader<Activate>,
    data: Option<Res<DebriefData>>,
    dialogues: Res<Dialogues>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut wake: ResMut<Wake>,
) {
    let Some(data) = data else { return };
    for a in activate.read() {
        let call = match a.0 {
            Action::Retry => {
                // The newest version of the call, if a trainer changed it meanwhile.
                let scenario =
                    dialogues.find(&data.scenario.id, data.scenario.lang).unwrap_or_else(|| Arc::clone(&data.scenario));
                PendingCall {
                    scenario,
                    seed: data.seed,
                    replay: Vec::new(),
                    answered: true,
                    attempt: data.attempt.clone(),
                    say_first: data.say_first,
                    course: data.course.clone(),
                }
            }
            // An exam is taken whole: no retry from a turn.
            Action::RetryFrom(k) if !data.attempt.exam => PendingCall {
                scenario: Arc::clone(&data.scenario),
                seed: data.seed,
                replay: data.turns.iter().take(k).map(crate::engine::Turn::as_choice).collect(),
                answered: true,
                attempt: data.attempt.clone(),
                say_first: data.say_first,
                course: data.course.clone(),
            },
            Action::ToList => {
                match data.course.as_ref().filter(|_| data.completed_course) {
                    Some(course) => {
                        commands.insert_resource(super::complete::Completed(Arc::clone(course)));
                        next.set(Screen::Completed);
                    }
                    None => next.set(Screen::Scenarios),
                }
                wake.now();
                return;
            }
            _ => continue,
        };
        open_call(&mut commands, &mut next, call);
        wake.now();
        return;
    }
}
