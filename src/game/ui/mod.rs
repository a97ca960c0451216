//! The widgets every screen is built from, keyboard focus, and scrolling.

pub mod focus;
pub mod scroll;
pub mod widgets;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((focus::plugin, scroll::plugin, widgets::plugin));
}
