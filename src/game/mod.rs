//! The Bevy presentation of Calmline. It talks to the engine through its API only.
//!
//! [`GamePlugin`] holds the whole game logic (screens, input, records, hot reload,
//! autoplay) and runs headless in tests with `MinimalPlugins`, `StatesPlugin` and
//! `AssetPlugin`. [`run`] adds the window, the renderer, the font and the reactive
//! redraw on top of it. Documented for trainees and trainers in `docs/game.md`.

// Bevy systems receive their data as parameters and queries carry their filters in the
// type; splitting them to please these two lints would only hide what a system touches.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod a11y;
pub mod actions;
pub mod audio;
pub mod autoplay;
pub mod config;
pub mod input;
pub mod library;
pub mod notices;
mod presentation;
pub mod records;
pub mod runtime;
pub mod screens;
pub mod settings;
pub mod theme;
pub mod ui;
mod window;

use crate::engine::Lang;
use bevy::prelude::*;
use config::GameConfig;

pub use presentation::LaunchError;
pub use screens::Screen;
pub use screens::call::CallPhase;

/// The order of work in each frame: input is read, turned into actions, the actions
/// change the game, and the views follow.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GameSet {
    Input,
    Actions,
    Logic,
    View,
}

/// The language of the interface (and of the calls on offer).
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct UiLang(pub Lang);

/// When the game next needs a frame although no input arrives (a countdown tick, the end
/// of an animation, the next autoplay step). Requests are collected each frame; the
/// windowed app sleeps until the earliest. Times are seconds of `Time<Real>`.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Wake {
    at: Option<f64>,
    asap: bool,
}

impl Wake {
    /// A frame at `time` (seconds of `Time<Real>`).
    #[track_caller]
    pub fn at(&mut self, time: f64) {
        trace!("wake at {time:.3} from {}", std::panic::Location::caller());
        self.at = Some(self.at.map_or(time, |t| t.min(time)));
    }

    /// Another frame right away (an animation is playing, a state change is pending).
    #[track_caller]
    pub fn now(&mut self) {
        trace!("wake now from {}", std::panic::Location::caller());
        self.asap = true;
    }

    pub fn next(&self) -> Option<f64> {
        self.at
    }

    pub fn is_asap(&self) -> bool {
        self.asap
    }

    fn clear(&mut self) {
        *self = Wake::default();
    }
}

/// The game logic, without a window.
pub struct GamePlugin {
    pub config: GameConfig,
}

impl GamePlugin {
    pub fn new(config: GameConfig) -> GamePlugin {
        GamePlugin { config }
    }
}

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.config.clone());
        app.init_resource::<Wake>();
        app.configure_sets(Update, (GameSet::Input, GameSet::Actions, GameSet::Logic, GameSet::View).chain());
        app.add_systems(First, |mut wake: ResMut<Wake>| wake.clear());
        app.add_plugins((settings::plugin, notices::plugin));
        let lang = {
            let settings = app.world().resource::<settings::Settings>();
            self.config.lang.or(settings.lang).unwrap_or_default()
        };
        app.insert_resource(UiLang(lang));
        app.add_plugins((library::plugin, records::plugin, input::plugin, actions::plugin, ui::plugin));
        app.add_plugins((screens::plugin, autoplay::plugin, audio::plugin, a11y::plugin));
        app.add_systems(Last, log_screens);
    }
}

/// Screen and call-phase changes, for `RUST_LOG=calmline=debug`.
fn log_screens(screen: Res<State<Screen>>, phase: Option<Res<State<CallPhase>>>, frames: Local<u64>) {
    let mut frames = frames;
    *frames += 1;
    trace!("frame {}", *frames);
    if screen.is_changed() {
        debug!("frame {}: screen {:?}", *frames, screen.get());
    }
    if let Some(p) = phase
        && p.is_changed()
    {
        debug!("frame {}: call phase {:?}", *frames, p.get());
    }
}

/// Opens the game window. Returns the process exit code, or why the game cannot start.
pub fn run(config: GameConfig) -> Result<i32, LaunchError> {
    presentation::run(config)
}
