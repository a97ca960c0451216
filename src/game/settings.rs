//! What the game remembers between sessions: the trainee's name, the language, the
//! text size, the window they chose and the sound. Kept as a small RON file in the user's config folder (`settings.ron`).
//! Choices made on the screens are remembered; command-line overrides are not.

use crate::engine::Lang;
use crate::game::audio::SoundSettings;
use crate::game::config::GameConfig;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The text size steps offered by Ctrl +/-.
pub const TEXT_SCALES: [f32; 9] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0];

#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub trainee: String,
    pub lang: Option<Lang>,
    pub text_scale: f32,
    /// The window size and place the trainee chose, if they moved or resized it.
    pub window: Option<SavedWindow>,
    /// Volume, mute, voice, cues, replies read aloud, phone tones.
    pub sound: SoundSettings,
}

/// A window the trainee sized or moved: logical size, and the physical top-left corner
/// when the window system told it (`None`: centred).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedWindow {
    pub width: f32,
    pub height: f32,
    #[serde(default)]
    pub at: Option<(i32, i32)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { trainee: String::new(), lang: None, text_scale: 1.0, window: None, sound: SoundSettings::default() }
    }
}

impl Settings {
    /// Reads the settings file. A missing file gives the defaults; an unreadable one gives
    /// the defaults and the reason.
    pub fn load(path: &Path) -> (Settings, Option<String>) {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Settings::default(), None),
            Err(e) => return (Settings::default(), Some(format!("{}: {e}", path.display()))),
        };
        match ron::from_str::<Settings>(&text) {
            Ok(mut s) => {
                s.text_scale = snap_scale(s.text_scale);
                (s, None)
            }
            Err(e) => (Settings::default(), Some(format!("{}: {e}", path.display()))),
        }
    }

    /// Writes the settings atomically (a temporary file renamed into place).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("ron.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// One step larger (`+1`) or smaller (`-1`) text, within [`TEXT_SCALES`].
    pub fn step_text(&mut self, direction: i32) {
        let i = scale_index(self.text_scale) as i32 + direction.signum();
        self.text_scale = TEXT_SCALES[i.clamp(0, TEXT_SCALES.len() as i32 - 1) as usize];
    }
}

fn scale_index(scale: f32) -> usize {
    TEXT_SCALES
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - scale).abs().total_cmp(&(b.1 - scale).abs()))
        .map_or(2, |(i, _)| i)
}

fn snap_scale(scale: f32) -> f32 {
    if scale.is_finite() { TEXT_SCALES[scale_index(scale)] } else { 1.0 }
}

/// Where settings are saved, and a problem met reading them.
#[derive(Resource, Clone, Debug, Default)]
pub struct SettingsFile {
    pub path: Option<PathBuf>,
    pub problem: Option<String>,
}

/// Ask for the settings to be written at the end of this frame.
#[derive(Message, Clone, Copy, Debug, Default)]
pub struct SaveSettings;

pub(super) fn plugin(app: &mut App) {
    let config = app.world().resource::<GameConfig>().clone();
    let (settings, problem) = match &config.settings_file {
        Some(path) => Settings::load(path),
        None => (Settings::default(), None),
    };
    app.insert_resource(settings);
    app.insert_resource(SettingsFile { path: config.settings_file.clone(), problem });
    app.add_message::<SaveSettings>();
    app.add_systems(Last, save_settings);
}

fn save_settings(
    mut requests: MessageReader<SaveSettings>,
    settings: Res<Settings>,
    mut file: ResMut<SettingsFile>,
    config: Res<GameConfig>,
) {
    if requests.read().count() == 0 || config.screenshot.is_some() {
        return;
    }
    if let Some(path) = file.path.clone() {
        file.problem = settings.save(&path).err().map(|e| format!("{}: {e}", path.display()));
    }
}
