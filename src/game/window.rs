//! The window's size and place: at start it fits the monitor (a 1024×768 projector, a
//! 1366×768 laptop with its taskbar) up to 1280×720, or takes back the size and place the
//! trainee chose last time when they still fit; F11 switches full screen.

use crate::game::input::Keys;
use crate::game::settings::{SaveSettings, SavedWindow, Settings};
use bevy::prelude::*;
use bevy::window::{
    Monitor, MonitorSelection, PrimaryMonitor, PrimaryWindow, WindowMode, WindowMoved, WindowPosition,
    WindowResizeConstraints, WindowResized,
};

/// The largest window the game opens with, in logical pixels.
pub const MAX_SIZE: Vec2 = Vec2::new(1280.0, 720.0);
/// What the monitor keeps for itself that the game cannot see: a taskbar (48) and the
/// window's title bar (32) in height, the window's borders in width.
pub const RESERVED: Vec2 = Vec2::new(16.0, 80.0);
/// The smallest the trainee can make the window, where the monitor allows it.
pub const MIN_SIZE: Vec2 = Vec2::new(960.0, 600.0);

/// Where the window goes and how large it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// Logical pixels.
    pub size: Vec2,
    /// The top-left corner in physical pixels; `None` centres the window.
    pub position: Option<IVec2>,
}

/// The window for a monitor of `monitor` logical pixels at `origin` (physical) and
/// `scale`, given what the trainee chose last time: that size and place when the window
/// still fits wholly on this monitor, else the largest size up to [`MAX_SIZE`] that
/// leaves [`RESERVED`] free, centred.
pub fn placement(monitor: Vec2, origin: IVec2, scale: f32, saved: Option<SavedWindow>) -> Placement {
    let room = (monitor - RESERVED).max(Vec2::splat(320.0));
    if let Some(s) = saved {
        let size = Vec2::new(s.width, s.height);
        let fits = size.x <= room.x && size.y <= room.y && size.min_element() >= 200.0;
        let position = s.at.map(|(x, y)| IVec2::new(x, y));
        let on_screen = position.is_none_or(|top_left| {
            let bottom_right = top_left + (size * scale).as_ivec2();
            let monitor_end = origin + (monitor * scale).as_ivec2();
            top_left.cmpge(origin).all() && bottom_right.cmple(monitor_end).all()
        });
        if fits && on_screen {
            return Placement { size, position };
        }
    }
    Placement { size: room.min(MAX_SIZE), position: None }
}

/// When the game placed the window: the window system's answers to that (resize and move
/// messages) come within [`ECHO_SECONDS`] and are not the trainee's choice.
#[derive(Resource, Clone, Copy, Debug, Default)]
struct Placed {
    done: bool,
    at: f64,
}

const ECHO_SECONDS: f64 = 1.5;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Placed>();
    // F11 is read after this frame's keys are collected (an unordered reader can miss a key
    // when no other frame follows it, as in reactive mode).
    app.add_systems(Update, (place, full_screen_key.in_set(crate::game::GameSet::Actions), remember));
}

/// Once the monitor is known, sizes and places the window.
fn place(
    time: Res<Time<Real>>,
    mut placed: ResMut<Placed>,
    monitors: Query<&Monitor, With<PrimaryMonitor>>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
    settings: Res<Settings>,
) {
    if placed.done {
        return;
    }
    let (Ok(monitor), Ok(mut window)) = (monitors.single(), windows.single_mut()) else { return };
    *placed = Placed { done: true, at: time.elapsed_secs_f64() };
    let scale = monitor.scale_factor as f32;
    let logical = Vec2::new(monitor.physical_width as f32, monitor.physical_height as f32) / scale;
    let p = placement(logical, monitor.physical_position, scale, settings.window);
    window.resize_constraints = WindowResizeConstraints {
        min_width: MIN_SIZE.x.min(p.size.x),
        min_height: MIN_SIZE.y.min(p.size.y),
        ..default()
    };
    if !matches!(window.mode, WindowMode::Windowed) {
        return;
    }
    window.resolution.set(p.size.x, p.size.y);
    window.position = match p.position {
        Some(at) => WindowPosition::At(at),
        None => WindowPosition::Centered(MonitorSelection::Primary),
    };
}

/// F11 switches between full screen and a window.
fn full_screen_key(keys: Res<Keys>, mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    if !keys.just(KeyCode::F11) {
        return;
    }
    let Ok(mut window) = windows.single_mut() else { return };
    window.mode = match window.mode {
        WindowMode::Windowed => WindowMode::BorderlessFullscreen(MonitorSelection::Current),
        _ => WindowMode::Windowed,
    };
}

/// Remembers a size or place the trainee chose (not the game's own, nor full screen).
fn remember(
    time: Res<Time<Real>>,
    placed: Res<Placed>,
    mut resized: MessageReader<WindowResized>,
    mut moved: MessageReader<WindowMoved>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut settings: ResMut<Settings>,
    mut save: MessageWriter<SaveSettings>,
) {
    let changed = resized.read().count() > 0;
    let at = moved.read().last().map(|m| (m.position.x, m.position.y));
    if !(changed || at.is_some()) || !placed.done || time.elapsed_secs_f64() - placed.at < ECHO_SECONDS {
        return;
    }
    let Ok(window) = windows.single() else { return };
    if !matches!(window.mode, WindowMode::Windowed) {
        return;
    }
    let at = at.or(match window.position {
        WindowPosition::At(p) => Some((p.x, p.y)),
        _ => settings.window.and_then(|w| w.at),
    });
    let chosen = SavedWindow { width: window.width(), height: window.height(), at };
    if settings.window == Some(chosen) {
        return;
    }
    settings.window = Some(chosen);
    save.write(SaveSettings);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(m: (f32, f32), saved: Option<SavedWindow>) -> Placement {
        placement(Vec2::new(m.0, m.1), IVec2::ZERO, 1.0, saved)
    }

    #[test]
    fn the_window_fits_the_training_room_screens() {
        // A 1024×768 projector: the whole window, title bar and taskbar included, fits.
        assert_eq!(at((1024.0, 768.0), None), Placement { size: Vec2::new(1008.0, 688.0), position: None });
        // A 1366×768 laptop with a taskbar: 720 pixels of window plus its title bar would not fit.
        assert_eq!(at((1366.0, 768.0), None).size, Vec2::new(1280.0, 688.0));
        // Larger screens get at most 1280×720.
        assert_eq!(at((1920.0, 1080.0), None).size, MAX_SIZE);
        // A HiDPI laptop: 2560×1600 physical at scale 2 is 1280×800 logical, less the borders.
        assert_eq!(placement(Vec2::new(1280.0, 800.0), IVec2::ZERO, 2.0, None).size, Vec2::new(1264.0, 720.0));
    }

    #[test]
    fn a_chosen_size_comes_back_only_where_it_fits() {
        let chosen = SavedWindow { width: 1500.0, height: 900.0, at: Some((100, 60)) };
        // On the big monitor it was chosen on.
        let big = at((1920.0, 1080.0), Some(chosen));
        assert_eq!(big, Placement { size: Vec2::new(1500.0, 900.0), position: Some(IVec2::new(100, 60)) });
        // The laptop taken off its monitor: too large, so the game fits the laptop instead.
        assert_eq!(at((1366.0, 768.0), Some(chosen)), Placement { size: Vec2::new(1280.0, 688.0), position: None });
        // A size that fits but a place off this monitor (it was on a second monitor).
        let elsewhere = SavedWindow { width: 1000.0, height: 600.0, at: Some((2000, 0)) };
        assert_eq!(at((1920.0, 1080.0), Some(elsewhere)).position, None);
        // A size too small to be useful is not taken back.
        let tiny = SavedWindow { width: 120.0, height: 90.0, at: Some((0, 0)) };
        assert_eq!(at((1920.0, 1080.0), Some(tiny)).size, MAX_SIZE);
        // A size with no known place comes back centred.
        let centred = SavedWindow { width: 900.0, height: 620.0, at: None };
        assert_eq!(at((1024.0, 768.0), Some(centred)), Placement { size: Vec2::new(900.0, 620.0), position: None });
    }
}
