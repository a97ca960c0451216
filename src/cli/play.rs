//! `calmline play`: the command line turned into the game's own configuration.

use super::PlayArgs;
use crate::game::config::{AutoplayError, AutoplayPlan, GameConfig, default_settings_file};
use crate::text::{fill, strings};
use std::time::Duration;

/// Opens the game window. Returns the process exit code.
pub fn run(args: PlayArgs) -> i32 {
    let t = strings(args.lang.unwrap_or_default());
    match config(&args) {
        Ok(config) => crate::game::run(config),
        Err(e) => {
            let message = match e {
                AutoplayError::NotAReply(part) => fill(t.play_autoplay_not_a_reply, &[&part]),
                AutoplayError::Empty => t.play_autoplay_empty.to_string(),
            };
            eprintln!("{}", fill(t.error, &[&message]));
            2
        }
    }
}

/// The configuration of `calmline play`.
pub fn config(args: &PlayArgs) -> Result<GameConfig, AutoplayError> {
    let autoplay = args.autoplay.as_deref().map(AutoplayPlan::parse).transpose()?;
    let trainee = args.trainee.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    Ok(GameConfig {
        dialogues: args.dialogues.clone().unwrap_or_else(crate::paths::default_dialogues),
        records: args.records.clone().unwrap_or_else(crate::engine::record::default_dir),
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
    })
}
