//! The computer's own speech engine, on a thread of its own: speech-dispatcher on Linux,
//! WinRT/SAPI on Windows, AVFoundation on macOS (the `tts` crate). Connecting can take a
//! while or hang on a broken service, so the game never waits for it: the thread reports
//! whether speech is ready, and each utterance's end.

use super::Reporter;
use crate::engine::Lang;
use crate::engine::call::voice::SpeechStyle;
use crate::game::library::WakeHandle;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};

#[derive(Debug)]
#[cfg_attr(not(feature = "speech"), allow(dead_code))]
enum Command {
    Speak { ticket: u64, text: String, lang: Lang, style: SpeechStyle, volume: f32 },
    Stop,
}

/// What the speech thread tells the game.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "speech"), allow(dead_code))]
pub enum Report {
    /// The speech engine is connected.
    Ready,
    /// There is no speech engine; the reason as the system gave it (empty when the game was
    /// built without speech).
    Unavailable(String),
    /// The speech engine has no voice for this language.
    NoVoice(Lang),
    /// The utterance with this ticket has ended, was stopped, or could not be spoken.
    Done(u64),
}

/// The game's handle on the speech thread.
pub struct Speech {
    commands: Sender<Command>,
    reports: Mutex<Receiver<Report>>,
}

impl Speech {
    /// Starts the thread, which connects to the speech engine and readies a voice for
    /// `lang` (listing the system's voices can take a second; it is done here, not when the
    /// first line is due). Each report wakes the game through `wake`.
    pub fn start(wake: WakeHandle, lang: Lang) -> Speech {
        let (commands, command_rx) = mpsc::channel();
        let (report_tx, reports) = mpsc::channel();
        let reporter = Reporter::new(report_tx, wake);
        let fallback = reporter.clone();
        let spawned = std::thread::Builder::new()
            .name("calmline-speech".into())
            .spawn(move || backend::run(command_rx, reporter, lang));
        if let Err(e) = spawned {
            fallback.send(Report::Unavailable(e.to_string()));
        }
        Speech { commands, reports: Mutex::new(reports) }
    }

    pub fn speak(&self, ticket: u64, text: &str, lang: Lang, style: SpeechStyle, volume: f32) {
        let _ = self.commands.send(Command::Speak { ticket, text: text.to_string(), lang, style, volume });
    }

    pub fn stop(&self) {
        let _ = self.commands.send(Command::Stop);
    }

    /// The reports that arrived since the last call.
    pub fn reports(&self) -> Vec<Report> {
        self.reports.lock().map(|rx| rx.try_iter().collect()).unwrap_or_default()
    }
}

/// Maps a style value in -1..=1 onto the engine's range around its normal, using half of
/// the range each way so that even an angry caller stays intelligible.
#[cfg_attr(not(feature = "speech"), allow(dead_code))]
fn scaled(value: f32, min: f32, normal: f32, max: f32) -> f32 {
    let v = if value.is_finite() { value.clamp(-1.0, 1.0) } else { 0.0 };
    if v >= 0.0 { normal + v * (max - normal) * 0.5 } else { normal + v * (normal - min) * 0.5 }
}

/// Whether a voice's language tag suits a language of the calls: Mandarin for both Chinese
/// scripts, any English for English.
#[cfg_attr(not(feature = "speech"), allow(dead_code))]
fn suits(tag: &str, lang: Lang) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match lang {
        Lang::ZhHans | Lang::ZhHant => primary == "zh" || primary == "cmn",
        Lang::En => primary == "en",
    }
}

#[cfg(feature = "speech")]
mod backend {
    use super::super::Reporter;
    use super::super::device::SETTLE;
    use super::{Command, Report, scaled, suits};
    use crate::engine::Lang;
    use std::collections::HashMap;
    use std::sync::mpsc::{Receiver, RecvTimeoutError};
    use std::sync::{Arc, Mutex};
    use tts::{Tts, Voice};

    pub(super) fn run(commands: Receiver<Command>, reports: Reporter<Report>, first: Lang) {
        // Let the first screen be drawn before the speech service is started (it lists
        // thousands of voices), unless a line is due sooner.
        let pending = match commands.recv_timeout(SETTLE) {
            Ok(c) => Some(c),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut tts = match Tts::default() {
            Ok(t) => t,
            Err(e) => return unavailable(pending, commands, reports, e.to_string()),
        };
        let features = tts.supported_features();
        if !features.utterance_callbacks {
            return unavailable(pending, commands, reports, "no utterance callbacks".into());
        }
        // The ticket being spoken; the callbacks report it done.
        let current: Arc<Mutex<Option<u64>>> = Arc::new(Mutex::new(None));
        for (kind, finished) in [("end", reports.clone()), ("stop", reports.clone())] {
            let current = Arc::clone(&current);
            let callback: Box<dyn FnMut(tts::UtteranceId)> = Box::new(move |_| {
                if let Some(t) = current.lock().ok().and_then(|mut c| c.take()) {
                    finished.send(Report::Done(t));
                }
            });
            let set = if kind == "end" {
                tts.on_utterance_end(Some(callback))
            } else {
                tts.on_utterance_stop(Some(callback))
            };
            if let Err(e) = set {
                return unavailable(pending, commands, reports, e.to_string());
            }
        }
        let voices: Vec<Voice> = tts.voices().unwrap_or_default();
        let mut chosen: HashMap<Lang, Option<Voice>> = HashMap::new();
        let mut voice_lang: Option<Lang> = None;
        // The first language's voice now, so the first line is not kept waiting.
        if let Some(voice) = chosen.entry(first).or_insert_with(|| pick(&voices, first))
            && tts.set_voice(voice).is_ok()
        {
            voice_lang = Some(first);
        }
        reports.send(Report::Ready);
        for command in pending.into_iter().chain(commands) {
            match command {
                Command::Speak { ticket, text, lang, style, volume } => {
                    let voice = chosen.entry(lang).or_insert_with(|| pick(&voices, lang)).clone();
                    let Some(voice) = voice else {
                        reports.send(Report::NoVoice(lang));
                        reports.send(Report::Done(ticket));
                        continue;
                    };
                    if voice_lang != Some(lang) && tts.set_voice(&voice).is_ok() {
                        voice_lang = Some(lang);
                    }
                    let _ = tts.set_rate(scaled(style.rate, tts.min_rate(), tts.normal_rate(), tts.max_rate()));
                    let _ = tts.set_pitch(scaled(style.pitch, tts.min_pitch(), tts.normal_pitch(), tts.max_pitch()));
                    let v = tts.min_volume() + volume.clamp(0.0, 1.0) * (tts.max_volume() - tts.min_volume());
                    let _ = tts.set_volume(v);
                    if let Ok(mut c) = current.lock() {
                        *c = Some(ticket);
                    }
                    if tts.speak(text, true).is_err() {
                        let _ = current.lock().map(|mut c| c.take());
                        reports.send(Report::Done(ticket));
                    }
                }
                Command::Stop => {
                    let _ = tts.stop();
                    if let Some(t) = current.lock().ok().and_then(|mut c| c.take()) {
                        reports.send(Report::Done(t));
                    }
                }
            }
        }
    }

    /// The first plain voice for the language (speech-dispatcher lists variants such as
    /// "name+Alex" after the plain one).
    fn pick(voices: &[Voice], lang: Lang) -> Option<Voice> {
        let mut fitting = voices.iter().filter(|v| suits(v.language().as_str(), lang));
        let first = fitting.clone().find(|v| !v.name().contains('+')).or_else(|| fitting.next());
        first.cloned()
    }

    fn unavailable(pending: Option<Command>, commands: Receiver<Command>, reports: Reporter<Report>, reason: String) {
        reports.send(Report::Unavailable(reason));
        for command in pending.into_iter().chain(commands) {
            if let Command::Speak { ticket, .. } = command {
                reports.send(Report::Done(ticket));
            }
        }
    }
}

#[cfg(not(feature = "speech"))]
mod backend {
    use super::super::Reporter;
    use super::{Command, Report};
    use crate::engine::Lang;
    use std::sync::mpsc::Receiver;

    pub(super) fn run(commands: Receiver<Command>, reports: Reporter<Report>, _first: Lang) {
        reports.send(Report::Unavailable(String::new()));
        for command in commands {
            if let Command::Speak { ticket, .. } = command {
                reports.send(Report::Done(ticket));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_use_half_the_range_each_way() {
        assert_eq!(scaled(0.0, -100.0, 0.0, 100.0), 0.0);
        assert_eq!(scaled(1.0, -100.0, 0.0, 100.0), 50.0);
        assert_eq!(scaled(-1.0, 0.5, 1.0, 3.0), 0.75);
        assert_eq!(scaled(f32::NAN, 0.0, 1.0, 2.0), 1.0);
    }

    #[test]
    fn mandarin_voices_read_both_scripts() {
        assert!(suits("cmn", Lang::ZhHans));
        assert!(suits("zh-TW", Lang::ZhHant));
        assert!(suits("en-US", Lang::En));
        assert!(!suits("yue", Lang::ZhHans));
        assert!(!suits("cmn", Lang::En));
    }
}
