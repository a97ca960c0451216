//! `calmline play`: the command line turned into the game's own configuration.

use super::PlayArgs;
use super::report::env_lang;
use crate::engine::Lang;
use crate::game::LaunchError;
use crate::game::audio::SoundOverrides;
use crate::game::config::{AutoplayError, AutoplayPlan, GameConfig, SoundConfig, default_settings_file};
use crate::text::{fill, strings};
use std::time::Duration;

/// Opens the game window. Returns the process exit code: 2 when the game cannot start,
/// with the reason on stderr in `--lang`'s language, else the one `LANG` names.
pub fn run(args: PlayArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let t = strings(lang);
    let message = match config(&args) {
        Ok(config) => match crate::game::run(config) {
            Ok(code) => return code,
            Err(e) => launch_error(&e, lang),
        },
        Err(AutoplayError::NotAReply(part)) => fill(t.play_autoplay_not_a_reply, &[&part]),
        Err(AutoplayError::Empty) => t.play_autoplay_empty.to_string(),
    };
    eprintln!("{}", fill(t.error, &[&message]));
    2
}

fn launch_error(e: &LaunchError, lang: Lang) -> String {
    let t = strings(lang);
    match e {
        LaunchError::FontMissing => fill(t.play_font_missing, &[&crate::paths::FONT_FILE]),
        LaunchError::FontUnreadable { path, error } => fill(t.play_font_unreadable, &[&path.display(), error]),
        LaunchError::FontDamaged(error) => fill(t.play_font_damaged, &[error]),
        LaunchError::NoDialogues(dir) => fill(t.play_no_dialogues, &[&dir.display()]),
        LaunchError::NoScenario { id, dialogues, known } => {
            let list = if known.is_empty() { t.play_no_scenarios.to_string() } else { known.join("\n  ") };
            fill(t.play_no_scenario, &[id, &dialogues.display(), &list])
        }
        LaunchError::NoScreenshotFolder(dir) => fill(t.play_no_screenshot_folder, &[&dir.display()]),
        LaunchError::NoDisplay => t.play_no_display.to_string(),
    }
}

/// The configuration of `calmline play`.
pub fn config(args: &PlayArgs) -> Result<GameConfig, AutoplayError> {
    let autoplay = args.autoplay.as_deref().map(AutoplayPlan::parse).transpose()?;
    let trainee = args.trainee.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    Ok(GameConfig {
        dialogues: args.dialogues.clone().unwrap_or_else(crate::paths::default_dialogues),
        records: args.records.clone().unwrap_or_else(crate::engine::records::record::default_dir),
        settings_file: default_settings_file(),
        font: crate::paths::font_path(),
        scenario: args.scenario.clone(),
        lang: args.lang,
        trainee,
        seed: args.seed,
        trainer: args.trainer,
        autoplay,
        screenshot: args.screenshot.clone(),
        watch: Some(Duration::from_millis(700)),
        fullscreen: args.fullscreen,
        course: args.course.clone(),
        exam: args.exam,
        say_first: args.say_first,
        sound: SoundConfig {
            enabled: true,
            log: args.sound_log.clone(),
            overrides: SoundOverrides {
                volume: args.volume.map(|v| f32::from(v) / 100.0),
                muted: args.mute.then_some(true),
                voice: args.no_voice.then_some(false),
                cues: args.cues.then_some(true),
                read_replies: args.read_replies.then_some(true),
                tones: args.tones,
            },
        },
    })
}
