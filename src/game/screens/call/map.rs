//! The call's map in the trainer preview: key G, or the *Map* button, lays the call's graph
//! over the call screen (the engine's [`crate::engine::records::map::layout`]), the current node
//! marked. Clicking a node jumps there, as the node buttons do; G or Esc closes it.

use super::ActiveCall;
use crate::engine::records::map::{CallMap, MapNodeKind, layout};
use crate::engine::{EndingKind, Family};
use crate::game::actions::{Action, Activate, OnPress};
use crate::game::config::GameConfig;
use crate::game::input::Keys;
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::focus::Focusable;
use crate::game::ui::scroll::scroll_column;
use crate::game::ui::widgets::{self, ButtonLook};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::strings;
use bevy::prelude::*;

/// The map's overlay, while it is open.
#[derive(Component)]
pub struct MapOverlay;

/// A node of the map that jumps to scenario node `0` when clicked.
#[derive(Component, Clone, Copy, Debug)]
pub struct MapNodeButton(pub usize);

/// Whether the map is open.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapOpen(pub bool);

/// The area the map is fitted into, in logical pixels.
const FIT: Vec2 = Vec2::new(1180.0, 560.0);
/// The smallest scale: below it the node names no longer fit their boxes. A map that
/// would need less scrolls instead, opened at the current node.
const MIN_SCALE: f32 = 0.4;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MapOpen>();
    app.add_systems(OnExit(Screen::Call), |mut open: ResMut<MapOpen>| open.0 = false);
    app.add_systems(
        Update,
        (keys.in_set(GameSet::Actions), handle.in_set(GameSet::Logic), show.in_set(GameSet::View))
            .run_if(in_state(Screen::Call)),
    );
}

fn keys(keys: Res<Keys>, config: Res<GameConfig>, open: Res<MapOpen>, mut activate: MessageWriter<Activate>) {
    if !config.trainer || keys.ctrl {
        return;
    }
    if keys.just(KeyCode::KeyG) || (open.0 && keys.escape()) {
        activate.write(Activate(Action::ToggleMap));
    }
}

fn handle(mut activate: MessageReader<Activate>, mut open: ResMut<MapOpen>, mut wake: ResMut<Wake>) {
    for a in activate.read() {
        match a.0 {
            Action::ToggleMap => open.0 = !open.0,
            // A jump from the map closes it: the trainer sees the call at the new node.
            Action::Jump(_) if open.0 => open.0 = false,
            _ => continue,
        }
        wake.now();
    }
}

fn show(
    mut commands: Commands,
    open: Res<MapOpen>,
    call: Option<Res<ActiveCall>>,
    overlays: Query<Entity, With<MapOverlay>>,
    roots: Query<Entity, (With<Node>, Without<ChildOf>, With<DespawnOnExit<Screen>>)>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    if !(open.is_changed() || open.0 && call.is_changed()) {
        return;
    }
    for e in &overlays {
        commands.entity(e).despawn();
    }
    if !open.0 {
        return;
    }
    let Some(root) = roots.iter().next() else { return };
    let map = layout(call.scenario());
    let current = call.run.session().node_index();
    let t = strings(lang.0);
    commands.entity(root).with_children(|p| {
        p.spawn((
            MapOverlay,
            GlobalZIndex(10),
            Node {
                position_type: PositionType::Absolute,
                left: px(0),
                right: px(0),
                top: px(0),
                bottom: px(0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(20)),
                row_gap: px(10),
                ..default()
            },
            BackgroundColor(theme::BACKGROUND),
        ))
        .with_children(|o| {
            o.spawn(Node {
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                row.spawn(widgets::heading(call.scenario().title.clone(), size::TITLE));
                row.spawn(widgets::small(t.map_hint));
                row.spawn(widgets::button(t.map_close, Action::ToggleMap, false, 9_000));
            });
            drawing(o, &map, current);
        });
    });
}

/// The map fitted to the width (at a readable scale; a tall map scrolls, opened at the
/// current node): edges as thin rotated bars, nodes as buttons.
fn drawing(o: &mut ChildSpawnerCommands, map: &CallMap, current: usize) {
    let scale = (FIT.x / map.width.max(1.0)).min(FIT.y / map.height.max(1.0)).clamp(MIN_SCALE, 1.0);
    let here = map.nodes.iter().find(|n| n.index == Some(current)).map_or(0.0, |n| n.y * scale);
    let area = Node { width: px(map.width * scale), height: px(map.height * scale), flex_shrink: 0.0, ..default() };
    let mut scroller = o.spawn((
        scroll_column(Node { flex_grow: 1.0, min_height: px(0), overflow: Overflow::scroll(), ..default() }),
        ScrollPosition(Vec2::new(0.0, (here - 200.0).max(0.0))),
    ));
    scroller.with_children(|s| {
        s.spawn(area).with_children(|canvas| {
            for e in &map.edges {
                let color = family_color(e.family);
                let width = if e.best { 3.0 } else { 1.5 };
                for pair in e.points.windows(2) {
                    let (a, b) = (Vec2::from(pair[0]) * scale, Vec2::from(pair[1]) * scale);
                    let len = a.distance(b);
                    if len < 0.5 {
                        continue;
                    }
                    let mid = (a + b) / 2.0;
                    canvas.spawn((
                        Node {
                            position_type: PositionType::Absolute,
                            left: px(mid.x - len / 2.0),
                            top: px(mid.y - width / 2.0),
                            width: px(len),
                            height: px(width),
                            ..default()
                        },
                        BackgroundColor(color),
                        UiTransform { rotation: Rot2::radians((b - a).to_angle()), ..default() },
                    ));
                }
            }
            for n in &map.nodes {
                let (w, h) = (n.w * scale, n.h * scale);
                let here = n.index == Some(current);
                let (bg, border) = match n.kind {
                    MapNodeKind::Node if here => (theme::ACCENT, theme::INK),
                    MapNodeKind::Node => (theme::PANEL, theme::LINE),
                    MapNodeKind::Ending(kind) => (ending_color(kind), theme::INK_SOFT),
                };
                let ink = if here { theme::ON_DARK } else { theme::INK };
                let mut node = canvas.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: px(n.x * scale - w / 2.0),
                        top: px(n.y * scale - h / 2.0),
                        width: px(w),
                        height: px(h),
                        justify_content: JustifyContent::Center,
                        align_items: AlignItems::Center,
                        overflow: Overflow::clip(),
                        border: UiRect::all(px(if here { 3.0 } else { 1.0 })),
                        border_radius: BorderRadius::all(px(6)),
                        ..default()
                    },
                    BackgroundColor(bg),
                    BorderColor::all(border),
                    children![widgets::text(n.id.clone(), size::SMALL, ink)],
                ));
                if let Some(i) = n.index {
                    let mut look = ButtonLook::secondary();
                    look.normal = bg;
                    node.insert((
                        Button,
                        MapNodeButton(i),
                        OnPress(Action::Jump(i)),
                        Focusable(20_000 + i as u32),
                        look,
                    ));
                }
            }
        });
    });
}

fn family_color(family: Family) -> Color {
    match family {
        Family::Stage1 => theme::SKY,
        Family::Stage2 => theme::GREEN,
        Family::Service => theme::PURPLE,
        Family::Mistake => theme::ATTACK,
        Family::Neutral => theme::GREY,
    }
}

fn ending_color(kind: EndingKind) -> Color {
    match kind {
        EndingKind::Resolved => theme::mix(theme::GREEN, Color::WHITE, 0.6),
        EndingKind::AgentEnded => theme::mix(theme::PURPLE, Color::WHITE, 0.6),
        EndingKind::Escalated | EndingKind::HungUp => theme::mix(theme::ATTACK, Color::WHITE, 0.6),
    }
}
