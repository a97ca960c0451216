//! What the trainee hears: the phone's tones, the caller's voice (a trainer's recorded clip,
//! else the computer's speech engine) and, on request, the replies read aloud.
//!
//! Screens ask for sounds by pushing them onto the [`Playlist`]; it plays them one after
//! another, so the hang-up never talks over the caller's last words. Every sound played is
//! written to the [`SoundLog`] (and to `--sound-log FILE`), which is what the tests check.
//! With sound off (headless tests) the log is kept and each sound ends at once, except the
//! ring, which rings until the call is answered.
//!
//! The device and the speech engine run on threads of their own and are only asked for work
//! while something plays: an idle game does no sound work. A machine with no sound device or
//! no speech service plays silently, with one notice saying so.

mod call;
mod device;
mod speech;

use crate::engine::Lang;
use crate::engine::call::sound::{self, Tone, ToneRegion};
use crate::engine::call::voice::SpeechStyle;
use crate::game::config::GameConfig;
use crate::game::input::{Keys, Typing};
use crate::game::library::WakeHandle;
use crate::game::notices::{Notice, Notices};
use crate::game::settings::{SaveSettings, Settings};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, strings};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

pub use call::CallVoice;

/// The sound choices a trainee keeps between sessions (part of [`Settings`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SoundSettings {
    /// 0 to 1.
    pub volume: f32,
    /// Key M.
    pub muted: bool,
    /// The caller's voice (clips and speech). Off: the lines are only shown.
    pub voice: bool,
    /// A short sound for a relapse and for an agreement.
    pub cues: bool,
    /// The replies read aloud as they take the focus (for trainees without a screen reader).
    pub read_replies: bool,
    /// The phone network whose tones play; `None`: the call's language decides.
    pub tones: Option<ToneRegion>,
}

impl Default for SoundSettings {
    fn default() -> Self {
        SoundSettings { volume: 0.8, muted: false, voice: true, cues: false, read_replies: false, tones: None }
    }
}

impl SoundSettings {
    /// The tones for a call in `lang`.
    pub fn region(&self, lang: Lang) -> ToneRegion {
        self.tones.unwrap_or(ToneRegion::for_lang(lang))
    }
}

/// Command-line choices that override the settings for this run (not remembered).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SoundOverrides {
    pub volume: Option<f32>,
    pub muted: Option<bool>,
    pub voice: Option<bool>,
    pub cues: Option<bool>,
    pub read_replies: Option<bool>,
    pub tones: Option<ToneRegion>,
}

impl SoundOverrides {
    pub fn apply(&self, s: &mut SoundSettings) {
        if let Some(v) = self.volume {
            s.volume = v;
        }
        if let Some(v) = self.muted {
            s.muted = v;
        }
        if let Some(v) = self.voice {
            s.voice = v;
        }
        if let Some(v) = self.cues {
            s.cues = v;
        }
        if let Some(v) = self.read_replies {
            s.read_replies = v;
        }
        if self.tones.is_some() {
            s.tones = self.tones;
        }
    }
}

/// The sound choices in effect: the settings with the command line's overrides.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct SoundPrefs(pub SoundSettings);

/// Something to hear.
#[derive(Clone, Debug, PartialEq)]
pub enum Sound {
    Tone(Tone),
    /// A caller's line: `line` is the node or ending id (or `agree`, `relapse`, `prompt`).
    Line {
        line: String,
        text: String,
        lang: Lang,
        clip: Option<PathBuf>,
        style: SpeechStyle,
    },
    /// A reply read aloud on focus.
    Reply {
        text: String,
        lang: Lang,
    },
}

impl Sound {
    fn is_voice(&self) -> bool {
        matches!(self, Sound::Line { .. })
    }
}

/// A sound as it was played, for the log.
#[derive(Clone, Debug, PartialEq)]
pub enum Heard {
    /// A tone by its id (`ring`, `pick-up`, `hang-up`, `engaged`, `relapse`, `agreement`),
    /// with the network for the ring and the engaged tone.
    Tone { id: &'static str, region: Option<ToneRegion> },
    /// A recorded clip for a line.
    Clip { line: String, path: PathBuf },
    /// A line given to the speech engine.
    Speech { line: String, text: String, rate: f32, pitch: f32 },
    /// A reply read aloud.
    Reply { text: String },
}

impl std::fmt::Display for Heard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Heard::Tone { id, region: Some(r) } => write!(f, "tone {id} {}", r.id()),
            Heard::Tone { id, region: None } => write!(f, "tone {id}"),
            Heard::Clip { line, path } => write!(f, "clip {line} {}", path.display()),
            Heard::Speech { line, text, rate, pitch } => {
                write!(f, "speech {line} rate {rate:+.2} pitch {pitch:+.2} {text}")
            }
            Heard::Reply { text } => write!(f, "reply {text}"),
        }
    }
}

/// Every sound played, in order.
#[derive(Resource, Clone, Debug, Default)]
pub struct SoundLog(pub Vec<Heard>);

struct Playing {
    sound: Sound,
    ticket: u64,
    /// When it ends at the latest (seconds of `Time<Real>`); `None` for the ring, which
    /// rings until stopped.
    until: Option<f64>,
}

/// The sounds waiting to play, and the one playing.
#[derive(Resource, Default)]
pub struct Playlist {
    queue: VecDeque<Sound>,
    playing: Option<Playing>,
    next_ticket: u64,
    /// The playing sound must stop (a stop or a skip was asked for).
    stop_playing: bool,
}

impl Playlist {
    pub fn push(&mut self, sound: Sound) {
        self.queue.push_back(sound);
    }

    /// Stops everything: the sound playing and those waiting.
    pub fn clear(&mut self) {
        self.queue.clear();
        if self.playing.is_some() {
            self.stop_playing = true;
        }
    }

    /// Stops the ring, if it is ringing or waiting to.
    pub fn stop_ring(&mut self) {
        self.queue.retain(|s| !matches!(s, Sound::Tone(Tone::Ring(_))));
        if matches!(self.playing, Some(Playing { sound: Sound::Tone(Tone::Ring(_)), .. })) {
            self.stop_playing = true;
        }
    }

    /// Drops the replies waiting to be read, and stops the one being read.
    pub fn stop_replies(&mut self) {
        self.queue.retain(|s| !matches!(s, Sound::Reply { .. }));
        if matches!(self.playing, Some(Playing { sound: Sound::Reply { .. }, .. })) {
            self.stop_playing = true;
        }
    }

    /// Whether a caller's line is playing or waiting: the reply countdown waits for it.
    pub fn voicing(&self) -> bool {
        self.playing.as_ref().is_some_and(|p| p.sound.is_voice() && !self.stop_playing)
            || self.queue.iter().any(Sound::is_voice)
    }

    /// Whether anything plays or waits.
    pub fn is_busy(&self) -> bool {
        self.playing.is_some() || !self.queue.is_empty()
    }
}

/// Whether the device and the speech engine work, as far as the game knows.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct SoundStatus {
    /// No sound device: tones and clips are silent.
    pub no_device: Option<String>,
    /// No speech engine: lines without a clip are only shown.
    pub no_speech: Option<String>,
    /// Languages the speech engine has no voice for.
    pub no_voice: Vec<Lang>,
    /// The device thread and the speech engine answered (ready or not).
    pub device_known: bool,
    pub speech_known: bool,
    /// The notice about what is missing was shown.
    told: bool,
}

/// The threads behind the sounds; absent with sound off.
#[derive(Resource)]
struct Outputs {
    device: device::Device,
    speech: speech::Speech,
    /// Tones already synthesised.
    tones: HashMap<Tone, Arc<[f32]>>,
}

/// How the sound and speech threads send their reports: each one wakes the game to read it.
struct Reporter<R> {
    tx: std::sync::mpsc::Sender<R>,
    wake: WakeHandle,
}

impl<R> Clone for Reporter<R> {
    fn clone(&self) -> Self {
        Reporter { tx: self.tx.clone(), wake: self.wake.clone() }
    }
}

impl<R> Reporter<R> {
    fn new(tx: std::sync::mpsc::Sender<R>, wake: WakeHandle) -> Self {
        Reporter { tx, wake }
    }

    fn send(&self, report: R) {
        if self.tx.send(report).is_ok() {
            self.wake.wake();
        }
    }
}

/// Where the log is written, if `--sound-log` was given.
#[derive(Resource)]
struct LogFile(Option<std::fs::File>);

pub(super) fn plugin(app: &mut App) {
    let config = app.world().resource::<GameConfig>().clone();
    let mut prefs = app.world().resource::<Settings>().sound.clone();
    config.sound.overrides.apply(&mut prefs);
    app.insert_resource(SoundPrefs(prefs));
    app.init_resource::<Playlist>();
    app.init_resource::<SoundLog>();
    app.init_resource::<SoundStatus>();
    let log = config.sound.log.as_ref().and_then(|p| {
        std::fs::File::create(p).inspect_err(|e| warn!("cannot write the sound log {}: {e}", p.display())).ok()
    });
    app.insert_resource(LogFile(log));
    if config.sound.enabled {
        let wake = app.world().resource::<WakeHandle>().clone();
        let lang = app.world().resource::<UiLang>().0;
        app.insert_resource(Outputs {
            device: device::Device::start(wake.clone()),
            speech: speech::Speech::start(wake, lang),
            tones: HashMap::new(),
        });
    }
    app.add_systems(Update, mute_key.in_set(GameSet::Actions));
    app.add_systems(Update, (read_reports, play).chain().after(GameSet::Logic).before(GameSet::View));
    app.add_plugins(call::plugin);
}

/// Key M mutes and unmutes, remembered in the settings.
fn mute_key(
    keys: Res<Keys>,
    typing: Res<Typing>,
    composing: Option<Res<crate::game::screens::call::ActiveCall>>,
    mut prefs: ResMut<SoundPrefs>,
    mut settings: ResMut<Settings>,
    mut save: MessageWriter<SaveSettings>,
    mut playlist: ResMut<Playlist>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    let typing_words = composing.is_some_and(|c| !c.replies_shown());
    if keys.ctrl || typing.0 || typing_words || !keys.just(KeyCode::KeyM) {
        return;
    }
    prefs.0.muted = !prefs.0.muted;
    settings.sound.muted = prefs.0.muted;
    save.write(SaveSettings);
    if prefs.0.muted {
        playlist.clear();
    }
    let t = strings(lang.0);
    let text = if prefs.0.muted { t.sound_muted } else { t.sound_unmuted };
    notices.toast(Notice::info(text), time.elapsed_secs_f64(), 3.0);
    wake.now();
}

/// Takes in what the threads report: sounds ended, and what is missing.
fn read_reports(
    outputs: Option<Res<Outputs>>,
    mut playlist: ResMut<Playlist>,
    mut status: ResMut<SoundStatus>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    let Some(outputs) = outputs else { return };
    let mut done = Vec::new();
    for report in outputs.device.reports() {
        match report {
            device::Report::Done(t) => done.push(t),
            device::Report::Ready => status.device_known = true,
            device::Report::NoDevice(reason) => {
                warn!("no sound device: {reason}");
                status.device_known = true;
                status.no_device = Some(reason);
            }
            device::Report::BadClip { path, reason } => warn!("cannot play {}: {reason}", path.display()),
        }
    }
    for report in outputs.speech.reports() {
        match report {
            speech::Report::Done(t) => done.push(t),
            speech::Report::Ready => status.speech_known = true,
            speech::Report::Unavailable(reason) => {
                warn!("no speech engine: {reason}");
                status.speech_known = true;
                status.no_speech = Some(reason);
            }
            speech::Report::NoVoice(l) => {
                if !status.no_voice.contains(&l) {
                    warn!("no speech voice for {}", l.id());
                    status.no_voice.push(l);
                    let t = strings(lang.0);
                    let text = fill(t.sound_no_voice, &[&strings(l).lang_name]);
                    notices.toast(Notice::warning(text), time.elapsed_secs_f64(), 8.0);
                }
            }
        }
    }
    if status.device_known && status.speech_known && !status.told {
        // One notice says everything that is missing, once both threads have answered.
        status.told = true;
        let t = strings(lang.0);
        let text = match (&status.no_device, &status.no_speech) {
            (Some(_), Some(_)) => t.sound_silent,
            (Some(_), None) => t.sound_no_device,
            (None, Some(_)) => t.sound_no_speech,
            (None, None) => "",
        };
        if !text.is_empty() {
            warn!("{text}");
            notices.toast(Notice::warning(text), time.elapsed_secs_f64(), 10.0);
            wake.now();
        }
    }
    for t in &done {
        debug!("sound {t} ended");
    }
    if let Some(p) = &playlist.playing
        && done.contains(&p.ticket)
    {
        playlist.playing = None;
        playlist.stop_playing = false;
        // What waited for the sound (the countdown, the demo bot) goes on in the next frame.
        wake.now();
    }
}

/// Ends what has finished, and starts the next sound.
fn play(
    mut playlist: ResMut<Playlist>,
    mut outputs: Option<ResMut<Outputs>>,
    prefs: Res<SoundPrefs>,
    mut log: ResMut<SoundLog>,
    mut file: ResMut<LogFile>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    let now = time.elapsed_secs_f64();
    if prefs.0.muted {
        playlist.queue.clear();
    }
    if playlist.stop_playing || playlist.playing.as_ref().is_some_and(|p| p.until.is_some_and(|u| now >= u)) {
        if let Some(o) = outputs.as_deref()
            && let Some(p) = &playlist.playing
        {
            match p.sound {
                Sound::Tone(_) => o.device.stop(),
                Sound::Line { clip: Some(_), .. } => o.device.stop(),
                Sound::Line { .. } | Sound::Reply { .. } => o.speech.stop(),
            }
        }
        playlist.playing = None;
        playlist.stop_playing = false;
        wake.now();
    }
    while playlist.playing.is_none() {
        let Some(sound) = playlist.queue.pop_front() else { break };
        if prefs.0.muted {
            break;
        }
        if matches!(sound, Sound::Line { .. } | Sound::Reply { .. }) && !prefs.0.voice {
            continue;
        }
        let ticket = playlist.next_ticket;
        playlist.next_ticket += 1;
        let volume = prefs.0.volume.clamp(0.0, 1.0);
        let heard = heard(&sound);
        let (until, instant) = match (&sound, outputs.as_deref_mut()) {
            (Sound::Tone(tone), Some(o)) => {
                let samples = Arc::clone(o.tones.entry(*tone).or_insert_with(|| tone_samples(*tone)));
                let seconds = samples.len() as f64 / sound::SAMPLE_RATE as f64;
                let looping = tone.looping();
                o.device.play(ticket, device::Playable::Samples { rate: sound::SAMPLE_RATE, samples }, volume, looping);
                ((!looping).then_some(now + seconds), false)
            }
            (Sound::Line { clip: Some(path), .. }, Some(o)) => {
                o.device.play(ticket, device::Playable::File(path.clone()), volume, false);
                (Some(now + CLIP_LONGEST), false)
            }
            (Sound::Line { text, lang, style, .. }, Some(o)) => {
                o.speech.speak(ticket, text, *lang, *style, volume);
                (Some(now + speech_longest(text)), false)
            }
            (Sound::Reply { text, lang }, Some(o)) => {
                o.speech.speak(ticket, text, *lang, SpeechStyle { rate: 0.0, pitch: 0.0 }, volume);
                (Some(now + speech_longest(text)), false)
            }
            // Sound off: the ring rings until stopped, everything else ends at once.
            (Sound::Tone(tone), None) => (None, !tone.looping()),
            (_, None) => (None, true),
        };
        debug!("sound {ticket} starts: {heard}");
        if let Some(f) = file.0.as_mut() {
            let _ = writeln!(f, "{heard}");
        }
        log.0.push(heard);
        if !instant {
            playlist.playing = Some(Playing { sound, ticket, until });
        }
    }
    // The threads wake the game when a sound ends; a sound that never reports its end is
    // given up on at `until`.
    if let Some(until) = playlist.playing.as_ref().and_then(|p| p.until) {
        wake.at(until);
    }
}

/// A clip is given up on after this long, if the device never reports its end.
const CLIP_LONGEST: f64 = 60.0;

/// A spoken line is given up on after this long, if the speech engine never reports its end.
fn speech_longest(text: &str) -> f64 {
    3.0 + 0.4 * text.chars().count() as f64
}

fn tone_samples(tone: Tone) -> Arc<[f32]> {
    sound::samples(tone).iter().map(|s| *s as f32 / i16::MAX as f32).collect()
}

fn heard(sound: &Sound) -> Heard {
    match sound {
        Sound::Tone(t) => Heard::Tone {
            id: t.id(),
            region: match t {
                Tone::Ring(r) | Tone::Engaged(r) => Some(*r),
                _ => None,
            },
        },
        Sound::Line { line, clip: Some(path), .. } => Heard::Clip { line: line.clone(), path: path.clone() },
        Sound::Line { line, text, style, .. } => {
            Heard::Speech { line: line.clone(), text: text.clone(), rate: style.rate, pitch: style.pitch }
        }
        Sound::Reply { text, .. } => Heard::Reply { text: text.clone() },
    }
}
