//! Scrolling lists: the mouse wheel scrolls the list under the pointer, and keyboard
//! focus scrolls its list so the focused node is in view.

use crate::game::ui::focus::UiFocus;
use crate::game::{GameSet, Wake};
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::ui::RelativeCursorPosition;

/// A node whose content scrolls vertically.
#[derive(Component, Clone, Copy, Debug, Default)]
#[require(RelativeCursorPosition, ScrollPosition)]
pub struct Scrollable;

/// A vertical scroll container: pass it the rest of the node's layout.
pub fn scroll_column(node: Node) -> impl Bundle {
    (Scrollable, Node { flex_direction: FlexDirection::Column, overflow: Overflow::scroll_y(), ..node })
}

/// The scroll offset that shows the end of the content (the layout clamps it).
pub const BOTTOM: f32 = 1.0e7;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, wheel.in_set(GameSet::Input));
    app.add_systems(PostUpdate, keep_focus_in_view.after(bevy::ui::UiSystems::Layout));
}

fn wheel(
    mut wheel: MessageReader<MouseWheel>,
    mut lists: Query<(&RelativeCursorPosition, &ComputedNode, &mut ScrollPosition), With<Scrollable>>,
) {
    let mut dy = 0.0;
    for event in wheel.read() {
        dy += match event.unit {
            MouseScrollUnit::Line => event.y * 48.0,
            MouseScrollUnit::Pixel => event.y,
        };
    }
    if dy == 0.0 {
        return;
    }
    for (cursor, node, mut scroll) in &mut lists {
        if !cursor.cursor_over() {
            continue;
        }
        let scale = node.inverse_scale_factor;
        let max = (node.content_size.y - node.size.y).max(0.0) * scale;
        let current = node.scroll_position.y * scale;
        scroll.y = (current - dy).clamp(0.0, max);
    }
}

/// After layout, moves the focused node's list so that the node is fully visible, or its
/// start when it is taller than the list.
fn keep_focus_in_view(
    focus: Res<UiFocus>,
    parents: Query<&ChildOf>,
    nodes: Query<(&ComputedNode, &UiGlobalTransform)>,
    mut lists: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
    mut last: Local<Option<Entity>>,
    mut wake: ResMut<Wake>,
) {
    if !focus.is_changed() || focus.get() == *last {
        return;
    }
    *last = focus.get();
    let Some(target) = focus.get() else { return };
    let Ok((node, transform)) = nodes.get(target) else { return };
    let mut ancestor = target;
    while let Ok(parent) = parents.get(ancestor) {
        ancestor = parent.parent();
        let Ok((list, list_transform, mut scroll)) = lists.get_mut(ancestor) else { continue };
        let scale = list.inverse_scale_factor;
        let top = transform.translation.y - node.size.y / 2.0;
        let bottom = transform.translation.y + node.size.y / 2.0;
        let list_top = list_transform.translation.y - list.size.y / 2.0;
        let list_bottom = list_transform.translation.y + list.size.y / 2.0;
        let current = list.scroll_position.y;
        let max = (list.content_size.y - list.size.y).max(0.0);
        let wanted = if bottom - top > list.size.y - 16.0 {
            // Taller than the list (a very long reply in large text): show its start.
            current + (top - list_top - 8.0)
        } else if top < list_top + 8.0 {
            current - (list_top + 8.0 - top)
        } else if bottom > list_bottom - 8.0 {
            current + (bottom - list_bottom + 8.0)
        } else {
            return;
        };
        scroll.y = wanted.clamp(0.0, max) * scale;
        wake.now();
        return;
    }
}
