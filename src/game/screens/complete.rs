//! The completion screen: shown after the call that passes a course's final unit. It names
//! the trainee, the course and the date, with each unit's calls and best scores; the
//! record of that call carries the same (`course.completed`).

use crate::engine::call::course::Course;
use crate::game::actions::{Action, Activate};
use crate::game::input::Keys;
use crate::game::library::Dialogues;
use crate::game::records::Records;
use crate::game::screens::{Screen, Trainee};
use crate::game::theme::{self, size};
use crate::game::ui::focus::DefaultFocus;
use crate::game::ui::widgets;
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, strings};
use bevy::prelude::*;
use std::sync::Arc;

/// The course just completed, for the completion screen.
#[derive(Resource, Clone, Debug)]
pub struct Completed(pub Arc<Course>);

/// The date line (tests read it).
#[derive(Component)]
pub struct CompletionDate;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Completed), spawn);
    app.add_systems(
        Update,
        (keys.in_set(GameSet::Actions), handle.in_set(GameSet::Logic)).run_if(in_state(Screen::Completed)),
    );
}

fn spawn(
    mut commands: Commands,
    completed: Option<Res<Completed>>,
    trainee: Res<Trainee>,
    mut records: ResMut<Records>,
    dialogues: Res<Dialogues>,
    lang: Res<UiLang>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(completed) = completed else {
        next.set(Screen::Scenarios);
        return;
    };
    let course = &completed.0;
    let t = strings(lang.0);
    let progress = records.progress(&trainee.0, course);
    let when = records
        .completion(&trainee.0, course)
        .and_then(|r| r.ended_at)
        .unwrap_or_else(crate::engine::records::record::now);
    commands.spawn(widgets::screen_root(Screen::Completed)).with_children(|root| {
        root.spawn(Node {
            flex_grow: 1.0,
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            row_gap: px(16),
            ..default()
        })
        .with_children(|center| {
            center
                .spawn(widgets::card(Node {
                    width: px(760),
                    max_width: percent(94),
                    padding: UiRect::all(px(32)),
                    row_gap: px(12),
                    align_items: AlignItems::Center,
                    border: UiRect::all(px(3)),
                    ..widgets::panel_node()
                }))
                .insert(BorderColor::all(theme::REASONING))
                .with_children(|card| {
                    card.spawn(widgets::text(t.complete_title, size::LARGE, theme::GREEN));
                    card.spawn(widgets::heading(trainee.0.clone(), size::HUGE));
                    card.spawn(widgets::small(t.complete_has));
                    card.spawn(widgets::heading(course.title.get(lang.0).to_string(), size::TITLE));
                    card.spawn((
                        CompletionDate,
                        widgets::text(
                            fill(t.complete_on, &[&crate::text::date(&when, lang.0)]),
                            size::BODY,
                            theme::INK_SOFT,
                        ),
                    ));
                    card.spawn(widgets::heading(t.complete_ready, size::LARGE));
                    for (u, unit) in course.units.iter().enumerate() {
                        let calls: Vec<String> = unit
                            .calls
                            .iter()
                            .enumerate()
                            .map(|(k, c)| {
                                let best = progress.units.get(u).and_then(|p| p.calls.get(k)).and_then(|p| p.best);
                                let best = best.map_or_else(|| "-".to_string(), |b| b.to_string());
                                let title =
                                    dialogues.find(&c.id, lang.0).map_or_else(|| c.id.clone(), |s| s.title.clone());
                                fill(t.complete_call, &[&title, &best, &c.pass])
                            })
                            .collect();
                        card.spawn(widgets::text(
                            fill(t.complete_unit, &[&(u + 1), &unit.title.get(lang.0)]),
                            size::BODY,
                            theme::INK,
                        ));
                        card.spawn(widgets::small(calls.join(" · ")));
                    }
                    card.spawn(Node { margin: UiRect::top(px(10)), ..default() }).with_children(|row| {
                        row.spawn((widgets::button(t.complete_back, Action::LeaveCompletion, true, 0), DefaultFocus));
                    });
                });
        });
        root.spawn(widgets::hint(t.complete_hint));
    });
}

fn keys(keys: Res<Keys>, mut activate: MessageWriter<Activate>) {
    if keys.escape() {
        activate.write(Activate(Action::LeaveCompletion));
    }
}

fn handle(mut activate: MessageReader<Activate>, mut next: ResMut<NextState<Screen>>, mut wake: ResMut<Wake>) {
    if activate.read().any(|a| a.0 == Action::LeaveCompletion) {
        next.set(Screen::Scenarios);
        wake.now();
    }
}
