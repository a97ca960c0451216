//! Keyboard focus: arrows (and Tab) move between the focusable nodes of the screen in
//! their order, Enter or Space presses the focused one. The focused node gets a ring.

use crate::game::GameSet;
use crate::game::actions::{Activate, OnEnterKey, OnPress};
use crate::game::input::{Keys, Typing};
use crate::game::theme;
use bevy::prelude::*;

/// The node that Enter presses.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiFocus(Option<Entity>);

impl UiFocus {
    pub fn get(&self) -> Option<Entity> {
        self.0
    }

    pub fn set(&mut self, entity: Entity) {
        if self.0 != Some(entity) {
            self.0 = Some(entity);
        }
    }

    pub fn clear(&mut self) {
        if self.0.is_some() {
            self.0 = None;
        }
    }
}

/// A node the keyboard can reach; lower numbers come first.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Focusable(pub u32);

/// Focus this node when it appears.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct DefaultFocus;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiFocus>();
    app.add_systems(Update, (take_default_focus, navigate).chain().in_set(GameSet::Actions));
    app.add_systems(Update, draw_focus.in_set(GameSet::View));
}

fn take_default_focus(new: Query<Entity, Added<DefaultFocus>>, mut focus: ResMut<UiFocus>) {
    if let Some(entity) = new.iter().last() {
        focus.set(entity);
    }
}

fn navigate(
    keys: Res<Keys>,
    typing: Res<Typing>,
    mut focus: ResMut<UiFocus>,
    nodes: Query<(Entity, &Focusable)>,
    actions: Query<(Option<&OnEnterKey>, Option<&OnPress>)>,
    mut activate: MessageWriter<Activate>,
) {
    if let Some(current) = focus.get()
        && nodes.get(current).is_err()
    {
        focus.clear();
    }
    if typing.0 || keys.ctrl || !keys.any() {
        return;
    }
    let back = keys.just(KeyCode::ArrowUp) || keys.just(KeyCode::ArrowLeft) || (keys.just(KeyCode::Tab) && keys.shift);
    let forward =
        keys.just(KeyCode::ArrowDown) || keys.just(KeyCode::ArrowRight) || (keys.just(KeyCode::Tab) && !keys.shift);
    if back || forward {
        let mut order: Vec<(Focusable, Entity)> = nodes.iter().map(|(e, f)| (*f, e)).collect();
        order.sort();
        if order.is_empty() {
            return;
        }
        let at = focus.get().and_then(|f| order.iter().position(|(_, e)| *e == f));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => order.len() - 1,
            (Some(i), true) => (i + 1).min(order.len() - 1),
            (Some(i), false) => i.saturating_sub(1),
        };
        focus.set(order[next].1);
        return;
    }
    if (keys.enter() || keys.just(KeyCode::Space))
        && let Some((enter, press)) = focus.get().and_then(|f| actions.get(f).ok())
        && let Some(action) = enter.map(|a| a.0).or(press.map(|p| p.0))
    {
        activate.write(Activate(action));
    }
}

fn draw_focus(
    focus: Res<UiFocus>,
    mut commands: Commands,
    nodes: Query<(Entity, Option<&Outline>), With<Focusable>>,
    added: Query<(), Added<Focusable>>,
) {
    if !focus.is_changed() && added.is_empty() {
        return;
    }
    for (entity, outline) in &nodes {
        let focused = focus.get() == Some(entity);
        let color = if focused { theme::FOCUS_RING } else { Color::NONE };
        if outline.is_none_or(|o| o.color != color) {
            commands.entity(entity).insert(Outline::new(px(3), px(2), color));
        }
    }
}
