//! How the game was started: one resource that every plugin reads. The command line
//! builds it (`cli::play`); tests build it with [`GameConfig::for_tests`].

use crate::engine::Lang;
use crate::game::audio::SoundOverrides;
use bevy::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

/// Why an `--autoplay` plan cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoplayError {
    /// A part that is neither `best`, `random` nor a reply number 1 to 9.
    NotAReply(String),
    /// Nothing given.
    Empty,
}

/// Who plays the call when `--autoplay` is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoplayPlan {
    /// The engine's planner: the reply with the highest expected final score.
    Best,
    /// A reply picked at random each turn.
    Random,
    /// These replies, by index (0-based; typed 1-based on the command line). When the
    /// list runs out before the call ends, the best policy finishes it.
    List(Vec<usize>),
}

impl AutoplayPlan {
    /// Parses `best`, `random`, or reply numbers such as `1,3,2`.
    pub fn parse(text: &str) -> Result<AutoplayPlan, AutoplayError> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "best" => return Ok(AutoplayPlan::Best),
            "random" => return Ok(AutoplayPlan::Random),
            _ => {}
        }
        let mut list = Vec::new();
        for part in t.split([',', ' ']).filter(|p| !p.is_empty()) {
            match part.parse::<usize>() {
                Ok(n) if (1..=9).contains(&n) => list.push(n - 1),
                _ => return Err(AutoplayError::NotAReply(part.to_string())),
            }
        }
        if list.is_empty() {
            return Err(AutoplayError::Empty);
        }
        Ok(AutoplayPlan::List(list))
    }

    /// A short name for the screen.
    pub fn label(&self, t: &crate::text::Strings) -> String {
        match self {
            AutoplayPlan::Best => t.autoplay_best.to_string(),
            AutoplayPlan::Random => t.autoplay_random.to_string(),
            AutoplayPlan::List(l) => l.iter().map(|n| (n + 1).to_string()).collect::<Vec<_>>().join(","),
        }
    }
}

/// Everything the command line decided.
#[derive(Resource, Clone, Debug)]
pub struct GameConfig {
    pub dialogues: PathBuf,
    pub records: PathBuf,
    /// The settings file; `None` keeps settings in memory only.
    pub settings_file: Option<PathBuf>,
    /// The font whose characters the dialogue check uses; `None` skips that check.
    pub font: Option<PathBuf>,
    pub scenario: Option<String>,
    pub lang: Option<Lang>,
    pub trainee: Option<String>,
    pub seed: Option<u64>,
    pub trainer: bool,
    pub autoplay: Option<AutoplayPlan>,
    pub screenshot: Option<PathBuf>,
    /// How often the dialogues folder is checked for changes; `None` turns hot reload off.
    pub watch: Option<Duration>,
    pub fullscreen: bool,
    /// The course the list shows (`--course`).
    pub course: Option<String>,
    /// Every call is an exam (`--exam`), whatever the course unit says.
    pub exam: bool,
    /// "Say it first" from the start (`--say-first`); key S toggles it in practice.
    pub say_first: bool,
    pub sound: SoundConfig,
}

/// What the game may play, and where it logs what it played.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SoundConfig {
    /// Use the sound device and the speech engine. Off (headless tests), sounds are only
    /// logged.
    pub enabled: bool,
    /// Each sound played is written here, a line each (`--sound-log`).
    pub log: Option<PathBuf>,
    /// The command line's choices over the settings.
    pub overrides: SoundOverrides,
}

/// The settings file, unless `CALMLINE_CONFIG_DIR` points elsewhere.
pub fn default_settings_file() -> Option<PathBuf> {
    let dir = match std::env::var_os("CALMLINE_CONFIG_DIR") {
        Some(d) => PathBuf::from(d),
        None => dirs::config_dir()?.join("calmline"),
    };
    Some(dir.join("settings.ron"))
}

impl GameConfig {
    /// A configuration for headless tests: the given folders, no settings file, no font
    /// check, no hot reload.
    pub fn for_tests(dialogues: impl Into<PathBuf>, records: impl Into<PathBuf>) -> GameConfig {
        GameConfig {
            dialogues: dialogues.into(),
            records: records.into(),
            settings_file: None,
            font: None,
            scenario: None,
            lang: None,
            trainee: None,
            seed: Some(7),
            trainer: false,
            autoplay: None,
            screenshot: None,
            watch: None,
            fullscreen: false,
            course: None,
            exam: false,
            say_first: false,
            sound: SoundConfig::default(),
        }
    }

    /// A demo that should end with a screenshot of the debrief and exit.
    pub fn is_screenshot_run(&self) -> bool {
        self.screenshot.is_some() && self.autoplay.is_some()
    }

    /// A run that saves a screenshot of the first screen as soon as it is drawn, and exits.
    pub fn is_first_frame_shot(&self) -> bool {
        self.screenshot.is_some() && self.autoplay.is_none()
    }
}
