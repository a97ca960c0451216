//! The calls the game offers, read from the dialogues folder and kept up to date while the
//! game runs. A background thread notices changed files; the folder is then read again.
//! A file that no longer passes the check keeps its last good version playable, and its
//! problems (file, line, column) are shown in the game.

use crate::engine::FontCoverage;
use crate::engine::call::course::Course;
use crate::engine::call::voice::VoiceClips;
use crate::engine::{Diagnostic, Lang, Library, Scenario};
use crate::game::config::GameConfig;
use crate::game::notices::{Notice, Notices};
use crate::game::{UiLang, Wake};
use crate::text::{fill, strings};
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// The playable calls and the problems found in the files.
#[derive(Resource)]
pub struct Dialogues {
    pub dir: PathBuf,
    pub scenarios: Vec<Arc<Scenario>>,
    /// The courses of `dialogues/courses/`, by id.
    pub courses: Vec<Arc<Course>>,
    /// Errors and warnings from the last reading, sorted by file and position.
    pub problems: Vec<Diagnostic>,
    /// Files whose current text has errors but whose last good version is still offered.
    pub stale: Vec<PathBuf>,
    /// The trainer's recorded voice clips (`voices/<lang>/<call>/<line>.ogg`).
    pub voices: VoiceClips,
    /// Counts readings, so screens can tell that something changed.
    pub generation: u64,
    coverage: Option<FontCoverage>,
}

impl Dialogues {
    /// Reads `dir`; with `font`, characters the font lacks are reported like `calmline check` does.
    pub fn load(dir: &Path, font: Option<&Path>) -> Dialogues {
        let coverage = font.and_then(|f| FontCoverage::load(f).ok());
        let mut d = Dialogues {
            dir: dir.to_path_buf(),
            scenarios: Vec::new(),
            courses: Vec::new(),
            problems: Vec::new(),
            stale: Vec::new(),
            voices: VoiceClips::default(),
            generation: 0,
            coverage,
        };
        d.reload();
        d
    }

    /// Reads the folder again, keeping the last good version of any call whose file broke.
    pub fn reload(&mut self) {
        let covers = self.coverage.as_ref().map(|c| move |ch: char| c.covers(ch));
        let glyphs: Option<&dyn Fn(char) -> bool> = covers.as_ref().map(|f| f as &dyn Fn(char) -> bool);
        let lib = Library::load(std::slice::from_ref(&self.dir), glyphs);
        let mut scenarios = lib.scenarios.clone();
        let mut stale = Vec::new();
        let broken: Vec<&Path> = lib.errors().map(|d| d.file.as_path()).collect();
        for old in &self.scenarios {
            let Some(source) = old.source.as_deref() else { continue };
            let replaced = scenarios.iter().any(|s| s.source.as_deref() == Some(source));
            let duplicate = scenarios.iter().any(|s| s.id == old.id && s.lang == old.lang);
            if !replaced && !duplicate && source.is_file() && broken.contains(&source) {
                scenarios.push(Arc::clone(old));
                stale.push(source.to_path_buf());
            }
        }
        scenarios.sort_by(|a, b| (a.lang, a.difficulty, &a.id).cmp(&(b.lang, b.difficulty, &b.id)));
        let mut problems = lib.diagnostics;
        problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.scenarios = scenarios;
        let mut courses = lib.courses.clone();
        courses.sort_by(|a, b| a.id.cmp(&b.id));
        self.courses = courses;
        self.voices = lib.voices;
        self.problems = problems;
        self.stale = stale;
        self.generation += 1;
    }

    /// The calls in `lang`, easiest first.
    pub fn in_lang(&self, lang: Lang) -> Vec<Arc<Scenario>> {
        self.scenarios.iter().filter(|s| s.lang == lang).cloned().collect()
    }

    /// The call `id` in `lang`, else in any language.
    pub fn find(&self, id: &str, lang: Lang) -> Option<Arc<Scenario>> {
        self.scenarios
            .iter()
            .find(|s| s.id == id && s.lang == lang)
            .or_else(|| self.scenarios.iter().find(|s| s.id == id))
            .cloned()
    }

    /// The course `id`.
    pub fn course(&self, id: &str) -> Option<Arc<Course>> {
        self.courses.iter().find(|c| c.id == id).cloned()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.iter().filter(|d| d.is_error())
    }

    /// Whether `scenario` is the last good version of a file that is now broken.
    pub fn is_stale(&self, scenario: &Scenario) -> bool {
        scenario.source.as_ref().is_some_and(|s| self.stale.contains(s))
    }

    /// Every id, for "unknown scenario" messages.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.scenarios.iter().map(|s| format!("{} ({})", s.id, s.lang)).collect();
        ids.sort();
        ids
    }
}

/// Wakes the window's event loop from another thread (set by the windowed app; headless
/// apps leave it empty).
#[derive(Resource, Clone, Default)]
pub struct WakeHandle(Arc<OnceLock<Box<dyn Fn() + Send + Sync>>>);

impl WakeHandle {
    pub fn set(&self, wake: impl Fn() + Send + Sync + 'static) {
        let _ = self.0.set(Box::new(wake));
    }

    pub fn wake(&self) {
        if let Some(f) = self.0.get() {
            f();
        }
    }
}

/// Sent after the dialogues were read again.
#[derive(Message, Clone, Copy, Debug)]
pub struct DialoguesReloaded;

/// Ask for the dialogues folder to be read again now.
#[derive(Message, Clone, Copy, Debug, Default)]
pub struct ReloadDialogues;

#[derive(Resource)]
struct Watcher {
    changes: Mutex<Receiver<()>>,
    /// The watching thread stops once this is dropped with the app.
    _alive: Arc<()>,
}

/// The dialogues folder being read on a thread of its own, started before the window and
/// the renderer so that the two overlap. The plugin takes the result when it is built;
/// without a preload (headless tests) it reads the folder itself.
#[derive(Resource)]
pub struct Preload(Reading);

enum Reading {
    Running(std::thread::JoinHandle<Dialogues>),
    Done(Dialogues),
    Taken,
}

impl Preload {
    pub fn start(config: &GameConfig) -> Preload {
        let (dir, font) = (config.dialogues.clone(), config.font.clone());
        let spawned = std::thread::Builder::new()
            .name("calmline-dialogues-load".into())
            .spawn(move || {
                let start = std::time::Instant::now();
                let read = Dialogues::load(&dir, font.as_deref());
                debug!("launch: dialogues read in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
                read
            });
        Preload(spawned.map_or(Reading::Taken, Reading::Running))
    }

    /// A preload already read.
    pub fn ready(dialogues: Dialogues) -> Preload {
        Preload(Reading::Done(dialogues))
    }

    /// The dialogues read, or `None` if the thread could not start or panicked (the
    /// caller then reads the folder itself).
    pub fn wait(&mut self) -> Option<Dialogues> {
        match std::mem::replace(&mut self.0, Reading::Taken) {
            Reading::Running(handle) => handle.join().ok(),
            Reading::Done(dialogues) => Some(dialogues),
            Reading::Taken => None,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    let config = app.world().resource::<GameConfig>().clone();
    let preloaded = app.world_mut().remove_resource::<Preload>().and_then(|mut p| p.wait());
    let dialogues = preloaded.unwrap_or_else(|| Dialogues::load(&config.dialogues, config.font.as_deref()));
    app.insert_resource(dialogues);
    app.init_resource::<WakeHandle>();
    app.add_message::<DialoguesReloaded>();
    app.add_message::<ReloadDialogues>();
    if let Some(every) = config.watch {
        let (tx, rx) = channel();
        let wake = app.world().resource::<WakeHandle>().clone();
        let alive = Arc::new(());
        spawn_watcher(config.dialogues.clone(), every, tx, wake, Arc::downgrade(&alive));
        app.insert_resource(Watcher { changes: Mutex::new(rx), _alive: alive });
    }
    app.add_systems(Update, reload_changed.in_set(crate::game::GameSet::Input));
}

fn reload_changed(
    watcher: Option<Res<Watcher>>,
    mut requests: MessageReader<ReloadDialogues>,
    mut dialogues: ResMut<Dialogues>,
    mut reloaded: MessageWriter<DialoguesReloaded>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    let mut changed = requests.read().count() > 0;
    if let Some(w) = watcher
        && let Ok(rx) = w.changes.lock()
    {
        while rx.try_recv().is_ok() {
            changed = true;
        }
    }
    if !changed {
        return;
    }
    dialogues.reload();
    reloaded.write(DialoguesReloaded);
    let t = strings(lang.0);
    let now = time.elapsed_secs_f64();
    let count = dialogues.in_lang(lang.0).len();
    notices.toast(Notice::info(fill(t.dialogues_reloaded, &[&count])), now, 4.0);
    wake.now();
}

/// A listing of the folder's files with sizes and modification times: two listings
/// differ when a file was added, removed or changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64, Option<SystemTime>)>, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                if depth < 8 {
                    walk(&path, out, depth + 1);
                }
            } else if path.extension().and_then(|x| x.to_str()) == Some("ron") {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out, 0);
    out.sort();
    out
}

fn spawn_watcher(dir: PathBuf, every: Duration, tx: Sender<()>, wake: WakeHandle, alive: std::sync::Weak<()>) {
    let spawned = std::thread::Builder::new().name("calmline-dialogues-watch".into()).spawn(move || {
        let mut last = snapshot(&dir);
        loop {
            std::thread::sleep(every);
            if alive.strong_count() == 0 {
                return;
            }
            let now = snapshot(&dir);
            if now != last {
                // Let an editor finish writing before the folder is read.
                std::thread::sleep(Duration::from_millis(150));
                last = snapshot(&dir);
                if tx.send(()).is_err() {
                    return;
                }
                wake.wake();
            }
        }
    });
    if let Err(e) = spawned {
        warn!("dialogue hot reload is off: {e}");
    }
}
