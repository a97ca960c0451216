//! The list of calls in the trainee's language: title, difficulty and best score on the
//! left, the selected call's brief on the right, problems in the dialogue files below.
//! The list follows the dialogues folder as trainers edit it.

use crate::engine::{Diagnostic, Lang, Scenario, Severity};
use crate::game::actions::{Action, Activate, OnEnterKey, OnPress};
use crate::game::config::GameConfig;
use crate::game::input::Keys;
use crate::game::library::{Dialogues, DialoguesReloaded};
use crate::game::notices::{Notice, Notices, lasting_slot};
use crate::game::records::Records;
use crate::game::screens::course::{ActiveCourse, Slot};
use crate::game::screens::{PendingCall, Screen, Trainee, open_call};
use crate::game::theme::{self, size};
use crate::game::ui::focus::{DefaultFocus, Focusable, UiFocus};
use crate::game::ui::scroll::{Scrollable, scroll_column};
use crate::game::ui::widgets::{self, ButtonLook, Tone};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{Strings, fill, message, strings};
use bevy::prelude::*;
use std::sync::Arc;

/// The calls on the list and the selected one.
#[derive(Resource, Default)]
pub struct ListState {
    pub scenarios: Vec<Arc<Scenario>>,
    /// In the course view, where each call sits in the course.
    pub slots: Vec<Option<Slot>>,
    pub selected: usize,
    /// The list shows all calls although a course is active (key C).
    pub all_calls: bool,
}

impl ListState {
    /// Fills the list: the active course's calls, or every call in `lang`.
    fn fill(&mut self, dialogues: &Dialogues, course: &ActiveCourse, records: &mut Records, trainee: &str, lang: Lang) {
        match course.0.as_ref().filter(|_| !self.all_calls) {
            Some(course) => {
                let progress = records.progress(trainee, course);
                let entries = super::course::entries(course, &progress, dialogues, lang);
                self.slots = entries.iter().map(|(_, slot)| Some(slot.clone())).collect();
                self.scenarios = entries.into_iter().map(|(s, _)| s).collect();
            }
            None => {
                self.scenarios = dialogues.in_lang(lang);
                self.slots = vec![None; self.scenarios.len()];
            }
        }
    }

    fn slot(&self, i: usize) -> Option<&Slot> {
        self.slots.get(i).and_then(Option::as_ref)
    }
}

/// The id of the last call started, selected again when the list reopens.
#[derive(Resource, Default)]
struct LastPicked(Option<String>);

#[derive(Component)]
pub struct ScenarioRow(pub usize);

#[derive(Component)]
struct ListBody;

#[derive(Component)]
struct Detail;

#[derive(Component)]
struct Problems;

/// The focus order of the "take the call" button, after every row.
const START_ORDER: u32 = 10_000;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ListState>();
    app.init_resource::<LastPicked>();
    app.add_systems(OnEnter(Screen::Scenarios), (fill_list, spawn).chain());
    app.add_systems(
        Update,
        (
            shortcuts.in_set(GameSet::Actions),
            (follow_focus, handle, reload).chain().in_set(GameSet::Logic),
            (paint_rows, show_detail).in_set(GameSet::View),
        )
            .run_if(in_state(Screen::Scenarios)),
    );
}

fn fill_list(
    dialogues: Res<Dialogues>,
    lang: Res<UiLang>,
    last: Res<LastPicked>,
    course: Res<ActiveCourse>,
    mut records: ResMut<Records>,
    trainee: Res<Trainee>,
    mut list: ResMut<ListState>,
) {
    let keep = last.0.clone().or_else(|| list.scenarios.get(list.selected).map(|s| s.id.clone()));
    list.fill(&dialogues, &course, &mut records, &trainee.0, lang.0);
    // In a course, the next call to take is selected.
    let next = course.0.as_ref().filter(|_| !list.all_calls).and_then(|c| {
        let (u, k) = records.progress(&trainee.0, c).next?;
        list.slots.iter().position(|s| s.as_ref().is_some_and(|s| s.unit == u && s.call == k))
    });
    list.selected = next.or_else(|| keep.and_then(|id| list.scenarios.iter().position(|s| s.id == id))).unwrap_or(0);
}

fn spawn(
    mut commands: Commands,
    lang: Res<UiLang>,
    trainee: Res<Trainee>,
    records: Res<Records>,
    config: Res<GameConfig>,
    course: Res<ActiveCourse>,
    list: Res<ListState>,
) {
    let t = strings(lang.0);
    commands.spawn(widgets::screen_root(Screen::Scenarios)).with_children(|root| {
        root.spawn(Node { justify_content: JustifyContent::SpaceBetween, align_items: AlignItems::End, ..default() })
            .with_children(|header| {
                header
                    .spawn(Node { flex_direction: FlexDirection::Column, row_gap: px(4), ..default() })
                    .with_children(|left| {
                        left.spawn(widgets::heading(t.list_title, size::TITLE));
                        left.spawn(widgets::small(fill(t.list_trainee, &[&trainee.0])));
                    });
                header.spawn(Node { column_gap: px(10), ..default() }).with_children(|right| {
                    if config.trainer {
                        right.spawn(widgets::pill(t.trainer_badge, theme::INK, theme::ON_DARK));
                    }
                    if course.0.is_some() {
                        let label = if list.all_calls { t.course_show } else { t.course_all_calls };
                        right.spawn(widgets::button(label, Action::ToggleCourseView, false, START_ORDER + 3));
                    }
                    right.spawn(widgets::button(t.list_change_name, Action::ChangeName, false, START_ORDER + 1));
                    right.spawn(widgets::button(t.list_back, Action::ChangeLanguage, false, START_ORDER + 2));
                });
            });
        root.spawn(lasting_slot());
        root.spawn(Node { flex_grow: 1.0, min_height: px(0), column_gap: px(18), ..default() }).with_children(|body| {
            body.spawn((
                ListBody,
                scroll_column(Node {
                    width: percent(42),
                    min_width: px(320),
                    min_height: px(0),
                    row_gap: px(8),
                    padding: UiRect::all(px(4)),
                    ..default()
                }),
            ));
            body.spawn((
                Detail,
                Scrollable,
                widgets::card(Node {
                    flex_grow: 1.0,
                    min_height: px(0),
                    padding: UiRect::all(px(22)),
                    row_gap: px(12),
                    overflow: Overflow::scroll_y(),
                    ..widgets::panel_node()
                }),
            ));
        });
        root.spawn((Problems, Node { flex_direction: FlexDirection::Column, ..default() }));
        root.spawn(Node { justify_content: JustifyContent::SpaceBetween, column_gap: px(20), ..default() })
            .with_children(|footer| {
                footer.spawn(widgets::hint(if course.0.is_some() { t.list_hint_course } else { t.list_hint }));
                footer.spawn(widgets::hint(fill(t.list_records, &[&records.dir.display()])));
            });
    });
}

/// Marks a list whose rows are built.
#[derive(Component)]
struct Built;

fn reload(
    mut reloaded: MessageReader<DialoguesReloaded>,
    mut commands: Commands,
    dialogues: Res<Dialogues>,
    lang: Res<UiLang>,
    trainee: Res<Trainee>,
    mut records: ResMut<Records>,
    mut list: ResMut<ListState>,
    bodies: Query<(Entity, Has<Built>), With<ListBody>>,
    problems: Query<Entity, With<Problems>>,
    course: Res<ActiveCourse>,
) {
    let fresh = reloaded.read().count() > 0;
    if !fresh && bodies.iter().all(|(_, built)| built) {
        return;
    }
    if fresh {
        let keep = list.scenarios.get(list.selected).map(|s| s.id.clone());
        list.fill(&dialogues, &course, &mut records, &trainee.0, lang.0);
        list.selected = keep.and_then(|id| list.scenarios.iter().position(|s| s.id == id)).unwrap_or(0);
    }
    let active = course.0.as_ref().filter(|_| !list.all_calls);
    let progress = active.map(|c| records.progress(&trainee.0, c));
    let t = strings(lang.0);
    for (body, _) in &bodies {
        commands.entity(body).insert(Built).despawn_children();
        commands.entity(body).with_children(|parent| {
            if let (Some(c), Some(p)) = (active, progress.as_ref()) {
                parent.spawn(super::course::header(c, p, &dialogues, t, lang.0));
            }
            if list.scenarios.is_empty() {
                parent.spawn(widgets::banner(Tone::Info, t.list_none));
            }
            for (i, s) in list.scenarios.iter().enumerate() {
                let slot = list.slot(i);
                if let (Some(c), Some(slot)) = (active, slot)
                    && (i == 0 || list.slot(i - 1).is_none_or(|p| p.unit != slot.unit))
                {
                    parent.spawn(super::course::unit_heading(c, slot.unit, slot.state, t, lang.0));
                }
                let best = records.best(&trainee.0, s.lang, &s.id);
                let mut row = parent.spawn(row(i, s, best, slot, dialogues.is_stale(s), t));
                if i == list.selected {
                    row.insert(DefaultFocus);
                }
            }
        });
    }
    for panel in &problems {
        commands.entity(panel).despawn_children();
        if !dialogues.problems.is_empty() {
            commands.entity(panel).with_children(|parent| {
                spawn_problems(parent, &dialogues, lang.0);
            });
        }
    }
    // The detail panel follows the selection; force it to redraw.
    list.set_changed();
}

fn row(
    i: usize,
    s: &Scenario,
    best: Option<crate::game::records::Best>,
    slot: Option<&Slot>,
    stale: bool,
    t: &Strings,
) -> impl Bundle {
    let (best_text, best_color) = match (slot, best) {
        (Some(slot), _) => super::course::slot_line(slot, t),
        (None, Some(b)) => (fill(t.list_best, &[&b.total, &b.grade]), theme::ACCENT),
        (None, None) => (t.list_not_played.to_string(), theme::INK_FAINT),
    };
    let varies = if s.caller.varies() { t.list_varies } else { "" };
    (
        Button,
        ScenarioRow(i),
        OnPress(Action::SelectScenario(i)),
        OnEnterKey(Action::StartScenario(i)),
        Focusable(i as u32),
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(16), px(12)),
            row_gap: px(6),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(10)),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(theme::BUTTON),
        BorderColor::all(theme::LINE),
        ButtonLook::secondary(),
        children![
            (
                Node { column_gap: px(10), align_items: AlignItems::Center, ..default() },
                children![
                    widgets::text(format!("{}", i + 1), size::SMALL, theme::INK_FAINT),
                    widgets::heading(s.title.clone(), size::LARGE),
                ]
            ),
            (
                Node { column_gap: px(14), align_items: AlignItems::Center, ..default() },
                children![
                    difficulty(s.difficulty, t),
                    widgets::text(best_text, size::SMALL, best_color),
                    widgets::text(varies, size::SMALL, theme::INK_SOFT),
                    widgets::text(if stale { t.list_stale } else { "" }, size::SMALL, theme::WARNING_INK),
                ]
            ),
        ],
    )
}

/// "Difficulty" and five pips, the first `level` filled.
fn difficulty(level: u8, t: &Strings) -> impl Bundle {
    let pip = |on: bool| widgets::swatch(if on { theme::INK_SOFT } else { theme::LINE }, 10.0, true);
    let l = level.clamp(1, 5);
    (
        Node { column_gap: px(4), align_items: AlignItems::Center, ..default() },
        children![
            (widgets::small(t.list_difficulty), Node { margin: UiRect::right(px(4)), ..default() }),
            pip(l >= 1),
            pip(l >= 2),
            pip(l >= 3),
            pip(l >= 4),
            pip(l >= 5),
        ],
    )
}

fn spawn_problems(parent: &mut ChildSpawnerCommands, dialogues: &Dialogues, lang: Lang) {
    let t = strings(lang);
    let root = dialogues.dir.parent().unwrap_or(&dialogues.dir).to_path_buf();
    parent
        .spawn((
            BorderColor::all(theme::WARNING_INK),
            BackgroundColor(theme::WARNING_BG),
            Node { max_height: px(210), padding: UiRect::all(px(12)), ..widgets::panel_node() },
        ))
        .with_children(|panel| {
            panel.spawn(widgets::text(t.list_problems_title, size::BODY, theme::WARNING_INK));
            panel.spawn(scroll_column(Node { min_height: px(0), row_gap: px(6), ..default() })).with_children(|list| {
                for d in &dialogues.problems {
                    list.spawn(problem(d, &root, lang));
                }
            });
        });
}

/// One problem in `lang`: `file:line:column: error: message`, the offending line, and the help.
fn problem(d: &Diagnostic, root: &std::path::Path, lang: Lang) -> impl Bundle {
    let t = strings(lang);
    let file = d.file.strip_prefix(root).unwrap_or(&d.file).display().to_string();
    let severity = match d.severity {
        Severity::Error => t.error,
        Severity::Warning => t.warning,
    };
    let head = format!("{file}:{}:{}: {}", d.line, d.column, fill(severity, &[&message(&d.message, lang)]));
    let mut detail = String::new();
    if !d.snippet.is_empty() {
        detail.push_str(&format!("{} | {}", d.line, d.snippet.trim_end()));
    }
    if let Some(help) = &d.help {
        if !detail.is_empty() {
            detail.push('\n');
        }
        detail.push_str(&fill(t.diag_help, &[&message(help, lang)]));
    }
    let ink = if d.is_error() { theme::ERROR_INK } else { theme::WARNING_INK };
    (
        Node { flex_direction: FlexDirection::Column, flex_shrink: 0.0, row_gap: px(2), ..default() },
        children![widgets::text(head, size::SMALL, ink), widgets::text(detail, size::SMALL, theme::INK_SOFT)],
    )
}

fn shortcuts(
    keys: Res<Keys>,
    rows: Query<(Entity, &ScenarioRow)>,
    mut focus: ResMut<UiFocus>,
    mut activate: MessageWriter<Activate>,
) {
    if let Some(d) = keys.digit()
        && let Some((entity, _)) = rows.iter().find(|(_, r)| r.0 == d)
    {
        focus.set(entity);
    }
    if keys.escape() {
        activate.write(Activate(Action::ChangeLanguage));
    }
    if keys.just(KeyCode::KeyC) && !keys.ctrl {
        activate.write(Activate(Action::ToggleCourseView));
    }
}

fn follow_focus(focus: Res<UiFocus>, rows: Query<&ScenarioRow>, mut list: ResMut<ListState>) {
    if !focus.is_changed() {
        return;
    }
    if let Some(row) = focus.get().and_then(|e| rows.get(e).ok())
        && list.selected != row.0
    {
        list.selected = row.0;
    }
}

fn handle(
    mut activate: MessageReader<Activate>,
    mut list: ResMut<ListState>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    config: Res<GameConfig>,
    mut last: ResMut<LastPicked>,
    mut wake: ResMut<Wake>,
    course: Res<ActiveCourse>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
) {
    for a in activate.read() {
        match a.0 {
            Action::SelectScenario(i) if i < list.scenarios.len() => list.selected = i,
            Action::StartScenario(_) | Action::StartSelected if !list.scenarios.is_empty() => {
                let i = if let Action::StartScenario(i) = a.0 { i } else { list.selected };
                let Some(scenario) = list.scenarios.get(i).cloned() else { continue };
                let mut call = PendingCall::fresh(Arc::clone(&scenario), &config);
                if let (Some(c), Some(slot)) = (course.0.as_ref(), list.slot(i)) {
                    if slot.locked() {
                        let text = fill(strings(lang.0).course_locked_toast, &[&scenario.title]);
                        notices.toast(Notice::warning(text), time.elapsed_secs_f64(), 5.0);
                        wake.now();
                        continue;
                    }
                    call.attempt = super::course::attempt(c, slot, &config);
                    call.say_first = slot.say_first || config.say_first;
                    call.course = Some(Arc::clone(c));
                }
                last.0 = Some(scenario.id.clone());
                open_call(&mut commands, &mut next, call);
                wake.now();
                return;
            }
            Action::ChangeName => {
                next.set(Screen::Name);
                wake.now();
            }
            Action::ChangeLanguage => {
                next.set(Screen::Language);
                wake.now();
            }
            Action::ToggleCourseView if course.0.is_some() => {
                list.all_calls = !list.all_calls;
                list.selected = 0;
                // Build the screen again with the other list.
                next.set(Screen::Scenarios);
                wake.now();
            }
            _ => {}
        }
    }
}

fn paint_rows(list: Res<ListState>, mut rows: Query<(&ScenarioRow, &mut ButtonLook)>) {
    for (row, mut look) in &mut rows {
        let selected = row.0 == list.selected;
        if look.is_selected != selected {
            look.is_selected = selected;
        }
    }
}

fn show_detail(
    list: Res<ListState>,
    mut commands: Commands,
    details: Query<Entity, With<Detail>>,
    lang: Res<UiLang>,
    trainee: Res<Trainee>,
    mut records: ResMut<Records>,
    dialogues: Res<Dialogues>,
    course: Res<ActiveCourse>,
) {
    if !list.is_changed() {
        return;
    }
    let t = strings(lang.0);
    let Some(s) = list.scenarios.get(list.selected) else {
        for d in &details {
            commands.entity(d).despawn_children();
        }
        return;
    };
    let best = records.best(&trainee.0, s.lang, &s.id);
    let persona = s.persona();
    for d in &details {
        commands.entity(d).despawn_children();
        commands.entity(d).with_children(|p| {
            p.spawn(widgets::heading(s.title.clone(), size::TITLE));
            p.spawn(Node {
                column_gap: px(16),
                align_items: AlignItems::Center,
                flex_wrap: FlexWrap::Wrap,
                ..default()
            })
            .with_children(|row| {
                row.spawn(difficulty(s.difficulty, t));
                let limit = match s.time_limit {
                    Some(secs) => fill(t.list_time_limit, &[&secs.round()]),
                    None => t.list_no_time_limit.to_string(),
                };
                row.spawn(widgets::small(limit));
                if dialogues.is_stale(s) {
                    row.spawn(widgets::pill(t.list_stale, theme::WARNING_BG, theme::WARNING_INK));
                }
            });
            p.spawn(labelled(t.list_caller, s.caller.name.clone()));
            p.spawn(labelled(
                t.list_temperament,
                fill(t.pair, &[&persona.name.get(lang.0), &persona.about.get(lang.0)]),
            ));
            if let Some(v) = s.caller.varies.as_ref().filter(|_| s.caller.varies()) {
                let names: Vec<String> = v.personas.iter().map(|p| p.name.get(lang.0).to_string()).collect();
                p.spawn(labelled(
                    t.list_varies,
                    fill(t.list_varies_detail, &[&names.join(" / "), &v.anger.0, &v.anger.1]),
                ));
            }
            if let (Some(slot), Some(c)) = (list.slot(list.selected), course.0.as_ref()) {
                let unit = &c.units[slot.unit];
                let mode = if slot.exam { t.course_exam } else { t.course_practice };
                let (line, _) = super::course::slot_line(slot, t);
                p.spawn(labelled(
                    &fill(t.course_unit, &[&(slot.unit + 1), &unit.title.get(lang.0)]),
                    fill(t.pair_dot, &[&mode, &line]),
                ));
            }
            p.spawn(widgets::text(t.call_brief, size::SMALL, theme::INK_FAINT));
            p.spawn(widgets::text(s.brief.clone(), size::LARGE, theme::INK));
            let best_text = match best {
                Some(b) => fill(t.list_best, &[&b.total, &b.grade]),
                None => t.list_not_played.to_string(),
            };
            p.spawn(widgets::text(best_text, size::BODY, theme::ACCENT));
            p.spawn(Node { margin: UiRect::top(px(8)), ..default() }).with_children(|row| {
                row.spawn(widgets::button(t.list_start, Action::StartSelected, true, START_ORDER));
            });
        });
    }
}

fn labelled(label: &str, value: String) -> impl Bundle {
    (
        Node { flex_direction: FlexDirection::Column, row_gap: px(2), ..default() },
        children![widgets::text(label.to_string(), size::SMALL, theme::INK_FAINT), widgets::body(value)],
    )
}
