//! Messages for the trainee: lasting problems (records cannot be saved, dialogue files
//! with errors), shown in a slot on the name screen and the list, and short notes shown
//! over any screen for a few seconds (text size, a reload).

use crate::game::library::Dialogues;
use crate::game::records::Records;
use crate::game::settings::SettingsFile;
use crate::game::ui::widgets::{self, Tone};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, strings};
use bevy::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub tone: Tone,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice { tone: Tone::Info, text: text.into() }
    }
    pub fn warning(text: impl Into<String>) -> Notice {
        Notice { tone: Tone::Warning, text: text.into() }
    }
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { tone: Tone::Error, text: text.into() }
    }
}

/// The notices on show.
#[derive(Resource, Default, Debug)]
pub struct Notices {
    /// Lasting problems, recomputed when their sources change.
    pub lasting: Vec<Notice>,
    /// Short notes and when they go (seconds of `Time<Real>`).
    pub toasts: Vec<(Notice, f64)>,
}

impl Notices {
    /// Shows `notice` for `seconds` from `now`, replacing an equal one.
    pub fn toast(&mut self, notice: Notice, now: f64, seconds: f64) {
        self.toasts.retain(|(n, _)| n.text != notice.text);
        self.toasts.push((notice, now + seconds));
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }

    /// The short notes on show.
    pub fn toasts(&self) -> impl Iterator<Item = &Notice> {
        self.toasts.iter().map(|(n, _)| n)
    }
}

#[derive(Component)]
struct NoticeStack;

/// A place in a screen's layout where the lasting notices are listed.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct LastingSlot;

/// A slot for the lasting notices.
pub fn lasting_slot() -> impl Bundle {
    (LastingSlot, Node { flex_direction: FlexDirection::Column, row_gap: px(6), flex_shrink: 0.0, ..default() })
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Notices>();
    app.add_systems(Startup, spawn_stack);
    app.add_systems(Update, (collect_lasting, expire_toasts, show, fill_slots).chain().in_set(GameSet::View));
}

fn spawn_stack(mut commands: Commands) {
    commands.spawn((
        NoticeStack,
        Node {
            position_type: PositionType::Absolute,
            right: px(16),
            bottom: px(44),
            max_width: px(560),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::End,
            row_gap: px(8),
            ..default()
        },
        GlobalZIndex(100),
    ));
}

fn collect_lasting(
    dialogues: Res<Dialogues>,
    records: Res<Records>,
    settings: Res<SettingsFile>,
    lang: Res<UiLang>,
    mut notices: ResMut<Notices>,
) {
    if !(dialogues.is_changed() || records.is_changed() || settings.is_changed() || lang.is_changed()) {
        return;
    }
    let t = strings(lang.0);
    let mut lasting = Vec::new();
    if let Err(problem) = &records.store {
        lasting.push(Notice::error(fill(t.records_problem, &[&records.dir.display(), problem])));
    }
    for problem in &records.recover_problems {
        lasting.push(Notice::warning(fill(t.records_recover_problem, &[problem])));
    }
    if let Some(problem) = &settings.problem {
        lasting.push(Notice::warning(fill(t.settings_problem, &[problem])));
    }
    let errors = dialogues.errors().count();
    if errors > 0 {
        lasting.push(Notice::warning(fill(t.dialogues_problems, &[&errors])));
    }
    if dialogues.scenarios.is_empty() {
        lasting.push(Notice::error(fill(t.dialogues_empty, &[&dialogues.dir.display()])));
    }
    if notices.lasting != lasting {
        notices.lasting = lasting;
    }
}

fn expire_toasts(mut notices: ResMut<Notices>, time: Res<Time<Real>>, mut wake: ResMut<Wake>) {
    let now = time.elapsed_secs_f64();
    if notices.toasts.iter().any(|(_, until)| *until <= now) {
        notices.toasts.retain(|(_, until)| *until > now);
    }
    if let Some(next) = notices.toasts.iter().map(|(_, until)| *until).reduce(f64::min) {
        wake.at(next);
    }
}

fn show(
    mut commands: Commands,
    notices: Res<Notices>,
    stack: Query<Entity, With<NoticeStack>>,
    mut shown: Local<Vec<Notice>>,
) {
    if !notices.is_changed() {
        return;
    }
    let now: Vec<Notice> = notices.toasts().cloned().collect();
    if *shown == now {
        return;
    }
    for entity in &stack {
        commands.entity(entity).despawn_children();
        commands.entity(entity).with_children(|parent| {
            for notice in &now {
                parent.spawn(widgets::banner(notice.tone, &notice.text));
            }
        });
    }
    *shown = now;
}

fn fill_slots(
    mut commands: Commands,
    notices: Res<Notices>,
    slots: Query<Entity, With<LastingSlot>>,
    new: Query<(), Added<LastingSlot>>,
) {
    if !notices.is_changed() && new.is_empty() {
        return;
    }
    for slot in &slots {
        commands.entity(slot).despawn_children();
        commands.entity(slot).with_children(|parent| {
            for notice in &notices.lasting {
                parent.spawn(widgets::banner(notice.tone, &notice.text));
            }
        });
    }
}
