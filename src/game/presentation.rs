//! The window around the game logic: Bevy's plugins for the enabled features, the shipped
//! CJK font as the default font, reactive redraws (no frame while nothing changes), and
//! the `--screenshot` capture.

use crate::game::config::GameConfig;
use crate::game::library::{Dialogues, Preload, WakeHandle};
use crate::game::screens::Screen;
use crate::game::screens::call::CallPhase;
use crate::game::theme;
use crate::game::{GamePlugin, UiLang, Wake};
use crate::text::strings;
use bevy::log::LogPlugin;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::{MonitorSelection, RequestRedraw, WindowMode, WindowResolution};
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// Log filter: warnings and Calmline's own messages; the text shaper's notes about
/// missing word-segmentation data for Chinese (harmless, printed at every layout) and the
/// renderer's chatter stay out of the trainee's console. `RUST_LOG` overrides it.
const LOG_FILTER: &str = "calmline=info,winit=error,icu_provider=off,icu_segmenter=off,wgpu=error,naga=warn";

/// The longest the window sleeps with nothing to do (a safety net; timed frames are alarms).
const IDLE_WAIT: Duration = Duration::from_secs(60);

/// Frames drawn on the debrief before the screenshot, so layout and text are settled.
const SETTLE_FRAMES: u32 = 6;

/// The font bytes, read before the window opens.
#[derive(Resource)]
struct FontBytes(Vec<u8>);

/// Why the game cannot start; `game::run` words it for the terminal.
#[derive(Debug)]
pub enum LaunchError {
    FontMissing,
    FontUnreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    FontDamaged(crate::engine::FontError),
    NoDialogues(PathBuf),
    NoScenario {
        id: String,
        dialogues: PathBuf,
        known: Vec<String>,
    },
    NoScreenshotFolder(PathBuf),
    /// Linux and the BSDs: no X11 or Wayland display to open a window on.
    NoDisplay,
}

/// When each step of the launch happened, in milliseconds since `run` began, logged at
/// the first frame saved (`RUST_LOG=calmline::game::presentation=debug`): where the time
/// to the first screen goes.
#[derive(Resource)]
struct Launch {
    start: Instant,
    app_built: f64,
    first_update: Option<f64>,
}

impl Launch {
    fn ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
}

fn mark_first_update(mut launch: ResMut<Launch>) {
    if launch.first_update.is_none() {
        launch.first_update = Some(launch.ms());
    }
}

pub(super) fn run(config: GameConfig) -> Result<i32, LaunchError> {
    let start = Instant::now();
    let mut preload = if config.dialogues.is_dir() { Some(Preload::start(&config)) } else { None };
    let font_path = crate::paths::font_path().ok_or(LaunchError::FontMissing)?;
    let font =
        std::fs::read(&font_path).map_err(|error| LaunchError::FontUnreadable { path: font_path.clone(), error })?;
    crate::engine::FontCoverage::from_bytes(&font, &font_path).map_err(LaunchError::FontDamaged)?;
    if !config.dialogues.is_dir() {
        return Err(LaunchError::NoDialogues(config.dialogues.clone()));
    }
    if let Some(id) = &config.scenario {
        let dialogues = match preload.as_mut().and_then(Preload::wait) {
            Some(read) => read,
            None => Dialogues::load(&config.dialogues, config.font.as_deref()),
        };
        if dialogues.find(id, config.lang.unwrap_or_default()).is_none() {
            return Err(LaunchError::NoScenario {
                id: id.clone(),
                dialogues: config.dialogues.clone(),
                known: dialogues.ids(),
            });
        }
        preload = Some(Preload::ready(dialogues));
    }
    if let Some(path) = &config.screenshot
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(LaunchError::NoScreenshotFolder(dir.to_path_buf()));
    }

    if !has_display() {
        return Err(LaunchError::NoDisplay);
    }
    let title = strings(config.lang.unwrap_or_default()).window_title.to_string();
    let window = Window {
        title,
        // The largest size; `window.rs` makes it smaller, in the first frames, on a screen
        // where it would not fit (on most monitors it already does).
        resolution: WindowResolution::new(1280, 720),
        mode: if config.fullscreen {
            WindowMode::BorderlessFullscreen(MonitorSelection::Primary)
        } else {
            WindowMode::Windowed
        },
        ..default()
    };
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .build()
            // Without pipelining a frame is drawn in the update that made it, and the clock
            // is read when the frame starts, not when the previous frame finished drawing:
            // after a long idle wait, countdowns and reply times stay exact.
            .disable::<bevy::render::pipelined_rendering::PipelinedRenderingPlugin>()
            .set(WindowPlugin { primary_window: Some(window), ..default() })
            .set(LogPlugin { filter: LOG_FILTER.to_string(), level: bevy::log::Level::WARN, ..default() })
            .set(AssetPlugin {
                file_path: crate::paths::asset_root().display().to_string(),
                watch_for_changes_override: Some(false),
                ..default()
            }),
    );
    app.insert_resource(FontBytes(font));
    if let Some(preload) = preload {
        app.insert_resource(preload);
    }
    // Reactive in both states, as `WinitSettings::desktop_app()`, but with no periodic
    // frame while focused: every timed frame the game needs comes from the alarm below.
    app.insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(IDLE_WAIT),
        unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAIT),
    });
    app.insert_resource(ClearColor(theme::BACKGROUND));
    app.add_plugins(GamePlugin::new(config));
    app.add_plugins(crate::game::window::plugin);
    app.add_systems(Startup, (install_font, spawn_camera, connect_wake, start_alarm, mark_first_update));
    app.add_systems(Last, (redraw_if_pending, title_follows_language));
    app.add_systems(OnEnter(Screen::Debrief), arm_screenshot);
    app.add_systems(Update, (arm_first_frame_shot, take_screenshot).chain());
    app.add_systems(Update, key_screenshot.in_set(crate::game::GameSet::Actions));
    let app_built = start.elapsed().as_secs_f64() * 1000.0;
    app.insert_resource(Launch { start, app_built, first_update: None });
    Ok(match app.run() {
        AppExit::Success => 0,
        AppExit::Error(code) => code.get() as i32,
    })
}

/// Whether there is a screen to open a window on. On Linux and the BSDs the window system
/// is found through these variables (winit stops the program without them); Windows and
/// macOS always have one.
fn has_display() -> bool {
    if !cfg!(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"].iter().any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Every text uses the shipped CJK font: it replaces Bevy's built-in font, which has no
/// Chinese.
fn install_font(mut fonts: ResMut<Assets<Font>>, mut bytes: ResMut<FontBytes>) {
    let data = std::mem::take(&mut bytes.0);
    if let Err(e) = fonts.insert(AssetId::default(), Font::from_bytes(data)) {
        error!("the font could not be installed: {e}");
    }
}

/// The UI draws its own smooth edges (rounded corners and text are anti-aliased in the
/// shaders), so the camera renders without multisampling: a quarter of the samples for a
/// software renderer to fill, and fewer pipelines to build at launch.
fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, Msaa::Off));
}

/// Lets the dialogue watcher wake the event loop when a file changes.
fn connect_wake(handle: Res<WakeHandle>, proxy: Res<EventLoopProxyWrapper>) {
    let proxy = Mutex::new((**proxy).clone());
    handle.set(move || {
        if let Ok(p) = proxy.lock() {
            let _ = p.send_event(WinitUserEvent::WakeUp);
        }
    });
}

/// In reactive mode nothing runs until input arrives. A pending screen change or a
/// frame that some system asked for must not wait for the mouse to move: ask for a redraw
/// now. A frame wanted later (a countdown tick, the end of a note) is an alarm: a small
/// thread wakes the event loop at that time, so the window settings never change and
/// no frame is drawn in between.
fn redraw_if_pending(
    screen: Res<NextState<Screen>>,
    phase: Res<NextState<CallPhase>>,
    wake: Res<Wake>,
    time: Res<Time<Real>>,
    alarm: Option<ResMut<Alarm>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let pending = !matches!(*screen, NextState::Unchanged) || !matches!(*phase, NextState::Unchanged);
    let now = time.elapsed_secs_f64();
    let due = wake.next().is_some_and(|at| at <= now);
    if pending || wake.is_asap() || due {
        redraw.write(RequestRedraw);
    }
    if let (Some(at), Some(mut alarm)) = (wake.next().filter(|at| *at > now), alarm) {
        let when = time.last_update().unwrap_or_else(Instant::now) + Duration::from_secs_f64(at - now);
        // Send each new time once; a time already passed (the alarm rang) is sent again.
        let sent = alarm.last.is_some_and(|last| last == when && last > Instant::now());
        if !sent {
            alarm.last = Some(when);
            trace!("alarm in {:.3} s", at - now);
            if let Ok(tx) = alarm.tx.lock() {
                let _ = tx.send(when);
            }
        }
    }
}

/// Sends the alarm thread the times at which the game wants a frame.
#[derive(Resource)]
struct Alarm {
    tx: Mutex<Sender<Instant>>,
    last: Option<Instant>,
}

fn start_alarm(mut commands: Commands, proxy: Res<EventLoopProxyWrapper>) {
    let proxy = (**proxy).clone();
    let (tx, rx) = channel::<Instant>();
    let spawned = std::thread::Builder::new().name("calmline-alarm".into()).spawn(move || {
        let mut next: Option<Instant> = None;
        loop {
            let message = match next {
                Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match message {
                Ok(at) => next = Some(next.map_or(at, |n| n.min(at))),
                Err(RecvTimeoutError::Timeout) => {
                    next = None;
                    if proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    match spawned {
        Ok(_) => {
            commands.insert_resource(Alarm { tx: Mutex::new(tx), last: None });
        }
        Err(e) => {
            // Without the alarm the reactive timeout (5 s focused) still wakes the game.
            warn!("timed redraws are off: {e}");
        }
    }
}

fn title_follows_language(lang: Res<UiLang>, mut windows: Query<&mut Window>) {
    if !lang.is_changed() {
        return;
    }
    for mut w in &mut windows {
        let title = strings(lang.0).window_title;
        if w.title != title {
            w.title = title.to_string();
        }
    }
}

/// The `--screenshot` run: frames left before the capture, and whether it was requested.
#[derive(Resource)]
struct ScreenshotPlan {
    path: PathBuf,
    frames_left: u32,
    requested: bool,
    /// Captures that came back blank so far.
    blank_frames: u32,
}

fn arm_screenshot(mut commands: Commands, config: Res<GameConfig>) {
    if let (true, Some(path)) = (config.is_screenshot_run(), config.screenshot.clone()) {
        commands.insert_resource(ScreenshotPlan {
            path,
            frames_left: SETTLE_FRAMES,
            requested: false,
            blank_frames: 0,
        });
    }
}

/// Without `--autoplay`, `--screenshot` captures the first screen in the first frame that
/// shows it (`tools/measure-game.sh` times launch to first frame with it).
fn arm_first_frame_shot(
    mut commands: Commands,
    config: Res<GameConfig>,
    screen: Res<State<Screen>>,
    plan: Option<Res<ScreenshotPlan>>,
) {
    if plan.is_none()
        && config.is_first_frame_shot()
        && *screen.get() != Screen::Boot
        && let Some(path) = config.screenshot.clone()
    {
        commands.insert_resource(ScreenshotPlan { path, frames_left: 0, requested: false, blank_frames: 0 });
    }
}

fn take_screenshot(mut commands: Commands, plan: Option<ResMut<ScreenshotPlan>>, mut wake: ResMut<Wake>) {
    let Some(mut plan) = plan else { return };
    // Frames keep coming until the capture arrives (it is read back a frame or two later).
    wake.now();
    if plan.requested {
        return;
    }
    if plan.frames_left > 0 {
        plan.frames_left -= 1;
        return;
    }
    plan.requested = true;
    let path = plan.path.clone();
    let mut save = save_to_disk(path.clone());
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>,
              mut plan: ResMut<ScreenshotPlan>,
              launch: Option<Res<Launch>>,
              mut exit: MessageWriter<AppExit>| {
            // The renderer prepares its pipelines in the background: the first frames of a
            // new window can be the bare clear colour. Capture again until the screen shows.
            if is_blank(&captured.image) {
                plan.blank_frames += 1;
                if plan.blank_frames < MAX_BLANK_FRAMES {
                    plan.requested = false;
                    return;
                }
                error!("the window stayed blank for {MAX_BLANK_FRAMES} frames; no screenshot saved");
                exit.write(AppExit::from_code(1));
                return;
            }
            if let Some(l) = launch {
                debug!(
                    "launch: app built at {:.0} ms, first update at {:.0} ms, first frame showing the screen at {:.0} ms after {} blank",
                    l.app_built,
                    l.first_update.unwrap_or(f64::NAN),
                    l.ms(),
                    plan.blank_frames
                );
            }
            // A file left by an earlier run is replaced; if there is none, nothing is lost.
            std::fs::remove_file(&path).ok();
            save(captured);
            if path.is_file() {
                info!("screenshot saved to {}", path.display());
                exit.write(AppExit::Success);
            } else {
                error!("the screenshot could not be saved to {}", path.display());
                exit.write(AppExit::from_code(1));
            }
        },
    );
}

/// F12 saves what the window shows to `screenshots/` in the records folder (for handouts,
/// and for the window tests, which press it with `xdotool`), and says where.
fn key_screenshot(
    mut commands: Commands,
    keys: Res<crate::game::input::Keys>,
    config: Res<GameConfig>,
    mut notices: ResMut<crate::game::notices::Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    if !keys.just(KeyCode::F12) {
        return;
    }
    let dir = config.records.join("screenshots");
    let t = strings(lang.0);
    let now = time.elapsed_secs_f64();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        let text = crate::text::fill(t.screenshot_failed, &[&dir.display(), &e]);
        notices.toast(crate::game::notices::Notice::error(text), now, 8.0);
        return;
    }
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S%.3f").to_string().replace('.', "-");
    let path = dir.join(format!("calmline-{stamp}.png"));
    let text = crate::text::fill(t.screenshot_saved, &[&path.display()]);
    // The notice follows the capture, so that it is not in the picture.
    commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path)).observe(
        move |_: On<ScreenshotCaptured>,
              mut notices: ResMut<crate::game::notices::Notices>,
              time: Res<Time<Real>>,
              mut wake: ResMut<Wake>| {
            notices.toast(crate::game::notices::Notice::info(text.clone()), time.elapsed_secs_f64(), 5.0);
            wake.now();
        },
    );
    wake.now();
}

/// Captures of a window still showing only its clear colour before the run gives up.
const MAX_BLANK_FRAMES: u32 = 600;

/// True when every pixel of the capture has the same colour.
fn is_blank(image: &Image) -> bool {
    let Some(data) = image.data.as_deref() else { return true };
    let Some(first) = data.get(..4) else { return true };
    data.chunks_exact(4).all(|px| px == first)
}
