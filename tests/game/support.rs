//! A headless game: `MinimalPlugins`, `StatesPlugin`, `AssetPlugin` and the game's logic,
//! driven by the same keyboard messages and button interactions the window produces.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use calmline::game::actions::{Action, OnPress};
use calmline::game::config::GameConfig;
use calmline::game::input::{key_press, key_release, typed};
use calmline::game::screens::call::ActiveCall;
use calmline::game::{CallPhase, GamePlugin, Screen};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use tempfile::TempDir;

pub fn fixture_dialogues() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/game/dialogues")
}

/// Copies a folder tree (the test may then edit the copy).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary workspace: a copy of the fixture dialogues, a records folder and a
/// settings file.
pub struct Workspace {
    pub dir: TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture_dialogues(), &dir.path().join("dialogues"));
        Workspace { dir }
    }

    pub fn dialogues(&self) -> PathBuf {
        self.dir.path().join("dialogues")
    }

    pub fn records(&self) -> PathBuf {
        self.dir.path().join("records")
    }

    pub fn settings(&self) -> PathBuf {
        self.dir.path().join("config/settings.ron")
    }

    /// The configuration `calmline play` would build, pointed at this workspace.
    pub fn config(&self) -> GameConfig {
        let mut c = GameConfig::for_tests(self.dialogues(), self.records());
        c.settings_file = Some(self.settings());
        c
    }

    /// The `.json` records written so far.
    pub fn records_written(&self) -> Vec<calmline::engine::records::record::Record> {
        let (records, problems) = calmline::engine::records::record::load_records(&self.records());
        assert!(problems.is_empty(), "unreadable records: {problems:?}");
        records.into_iter().map(|(_, r)| r).collect()
    }
}

/// A headless game with `config`, started (the first screen chosen and shown).
pub fn game(config: GameConfig) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, AssetPlugin::default(), GamePlugin::new(config)));
    // Each update advances the clock by 100 ms, whatever the machine's speed.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(100)));
    settle(&mut app);
    app
}

/// Runs a few frames: enough for a message to become an action, then a state change.
pub fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

pub fn phase(app: &App) -> Option<CallPhase> {
    app.world().get_resource::<State<CallPhase>>().map(|s| *s.get())
}

/// Presses and releases `key`, then lets the game react.
pub fn press(app: &mut App, key: KeyCode) {
    send_key(app, key);
    settle(app);
}

/// Presses and releases `key` without running a frame.
pub fn send_key(app: &mut App, key: KeyCode) {
    app.world_mut().write_message(key_press(key));
    app.world_mut().write_message(key_release(key));
}

/// Holds `modifier` while pressing `key`.
pub fn chord(app: &mut App, modifier: KeyCode, key: KeyCode) {
    app.world_mut().write_message(key_press(modifier));
    app.world_mut().write_message(key_press(key));
    app.world_mut().write_message(key_release(key));
    app.world_mut().write_message(key_release(modifier));
    settle(app);
}

/// Types `text` as the keyboard (or an input method) delivers it.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.world_mut().write_message(typed(&c.to_string()));
    }
    settle(app);
}

/// Clicks the button whose action satisfies `which`, as the mouse would: its
/// `Interaction` becomes `Pressed`, then goes back to `None`.
pub fn click(app: &mut App, which: impl Fn(Action) -> bool) {
    let world = app.world_mut();
    let mut q = world.query::<(Entity, &OnPress)>();
    let target = q.iter(world).find(|(_, p)| which(p.0)).map(|(e, _)| e);
    let Some(entity) = target else {
        let actions: Vec<Action> = q.iter(world).map(|(_, p)| p.0).collect();
        panic!(
            "no button for that action on screen {:?}; buttons: {actions:?}",
            *world.resource::<State<Screen>>().get()
        );
    };
    *world.get_mut::<Interaction>(entity).unwrap() = Interaction::Pressed;
    app.update();
    // The button may be gone: the click can change the screen.
    if let Some(mut interaction) = app.world_mut().get_mut::<Interaction>(entity) {
        *interaction = Interaction::None;
    }
    settle(app);
}

/// Every text on screen, in spawn order.
pub fn texts(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut q = world.query::<(Entity, &Text)>();
    let mut all: Vec<(Entity, String)> = q.iter(world).map(|(e, t)| (e, t.0.clone())).collect();
    all.sort_by_key(|(e, _)| *e);
    all.into_iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect()
}

pub fn shows(app: &mut App, needle: &str) -> bool {
    texts(app).iter().any(|t| t.contains(needle))
}

pub fn call(app: &App) -> &ActiveCall {
    app.world().resource::<ActiveCall>()
}

/// Runs frames until `done` holds, failing after `limit` frames.
pub fn until(app: &mut App, limit: usize, what: &str, done: impl Fn(&mut App) -> bool) {
    for _ in 0..limit {
        if done(app) {
            return;
        }
        app.update();
    }
    assert!(done(app), "gave up waiting for {what} after {limit} frames (screen {:?})", screen(app));
}

/// True when every program in `tools` (from the real-window tests' Debian packages) is
/// installed. Under `CI=true` a missing one fails the test instead of skipping it.
pub fn real_window_tools(tools: &[&str]) -> bool {
    let have = |tool: &str| {
        Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
    };
    let Some(missing) = tools.iter().find(|t| !have(t)) else { return true };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{missing} is missing: install xvfb xauth xdotool mesa-vulkan-drivers libvulkan1 (see docs/game.md)");
    }
    eprintln!("skipped: {missing} is not installed");
    false
}

/// `xvfb-run` on a fresh 1280×800 screen; add the program and its arguments.
pub fn xvfb() -> Command {
    let mut command = Command::new("xvfb-run");
    command.args(["-a", "-s", "-screen 0 1280x800x24"]);
    command
}
