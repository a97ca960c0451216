//! The sound device, on a thread of its own. The device is opened when something is to
//! play and closed again after [`IDLE_CLOSE`] of quiet, so a game that is only showing text
//! does no sound work at all. One sound plays at a time (the playlist orders them).

use super::Reporter;
use crate::game::library::WakeHandle;
use rodio::buffer::SamplesBuffer;
use rodio::{Decoder, DeviceSinkBuilder, Player, Source};
use std::num::NonZero;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the device stays open after the last sound ends.
const IDLE_CLOSE: Duration = Duration::from_secs(2);
/// After the device failed to open, how long before it is tried again (a headset may be
/// plugged in later).
const RETRY_AFTER: Duration = Duration::from_secs(30);
/// How long the thread waits at start-up before it opens the device, unless a sound is
/// asked for sooner: the first screen is drawn first.
pub(super) const SETTLE: Duration = Duration::from_millis(1500);
/// How often a playing sound is checked for its end.
const POLL: Duration = Duration::from_millis(40);

/// Something to play.
#[derive(Clone, Debug)]
pub enum Playable {
    /// Mono samples (-1..1) at `rate`.
    Samples { rate: u32, samples: Arc<[f32]> },
    /// A recorded clip (Ogg Vorbis).
    File(PathBuf),
}

#[derive(Debug)]
enum Command {
    Play { ticket: u64, what: Playable, volume: f32, looping: bool },
    Stop,
}

/// What the device thread tells the game.
#[derive(Clone, Debug, PartialEq)]
pub enum Report {
    /// The sound with this ticket has ended, was stopped, or could not play.
    Done(u64),
    /// The device opened (at start-up, to know; it is closed again at once).
    Ready,
    /// No sound device could be opened; the reason as the system gave it.
    NoDevice(String),
    /// A clip could not be read or decoded.
    BadClip { path: PathBuf, reason: String },
}

/// The game's handle on the device thread.
pub struct Device {
    commands: Sender<Command>,
    reports: Mutex<Receiver<Report>>,
}

impl Device {
    /// Starts the thread, which opens the device once to learn whether there is one. Each
    /// report wakes the game through `wake`.
    pub fn start(wake: WakeHandle) -> Device {
        let (commands, command_rx) = mpsc::channel();
        let (report_tx, reports) = mpsc::channel();
        let reporter = Reporter::new(report_tx, wake);
        let spawned =
            std::thread::Builder::new().name("calmline-sound".into()).spawn(move || run(command_rx, reporter));
        if let Err(e) = spawned {
            // Without the thread every command is dropped; say so through the reports.
            let (tx, rx) = mpsc::channel();
            let _ = tx.send(Report::NoDevice(e.to_string()));
            return Device { commands, reports: Mutex::new(rx) };
        }
        Device { commands, reports: Mutex::new(reports) }
    }

    pub fn play(&self, ticket: u64, what: Playable, volume: f32, looping: bool) {
        let _ = self.commands.send(Command::Play { ticket, what, volume, looping });
    }

    pub fn stop(&self) {
        let _ = self.commands.send(Command::Stop);
    }

    /// The reports that arrived since the last call.
    pub fn reports(&self) -> Vec<Report> {
        self.reports.lock().map(|rx| rx.try_iter().collect()).unwrap_or_default()
    }
}

struct Playing {
    ticket: u64,
    player: Player,
}

fn run(commands: Receiver<Command>, reports: Reporter<Report>) {
    // Let the first screen be drawn before the device is touched, unless a sound is due.
    let mut pending = match commands.recv_timeout(SETTLE) {
        Ok(c) => Some(c),
        Err(RecvTimeoutError::Timeout) => None,
        Err(RecvTimeoutError::Disconnected) => return,
    };
    // Open the device once to learn whether there is one, and keep it for the ring that
    // usually follows; it closes after `IDLE_CLOSE` of quiet.
    let (mut sink, mut failed_at) = match DeviceSinkBuilder::open_default_sink() {
        Ok(mut s) => {
            s.log_on_drop(false);
            reports.send(Report::Ready);
            (Some(s), None)
        }
        Err(e) => {
            reports.send(Report::NoDevice(e.to_string()));
            (None, Some(Instant::now()))
        }
    };
    let mut playing: Option<Playing> = None;
    let mut quiet_since = Instant::now();
    loop {
        let command = if let Some(c) = pending.take() {
            Ok(c)
        } else if playing.is_some() {
            commands.recv_timeout(POLL)
        } else if sink.is_some() {
            commands.recv_timeout(IDLE_CLOSE.saturating_sub(quiet_since.elapsed()).max(POLL))
        } else {
            commands.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        match command {
            Ok(Command::Play { ticket, what, volume, looping }) => {
                if let Some(old) = playing.take() {
                    old.player.stop();
                    reports.send(Report::Done(old.ticket));
                }
                if sink.is_none() && failed_at.is_none_or(|t| t.elapsed() >= RETRY_AFTER) {
                    match DeviceSinkBuilder::open_default_sink() {
                        Ok(mut s) => {
                            s.log_on_drop(false);
                            sink = Some(s);
                            failed_at = None;
                        }
                        Err(_) => failed_at = Some(Instant::now()),
                    }
                }
                if sink.is_none() {
                    reports.send(Report::Done(ticket));
                    continue;
                }
                let Some(s) = sink.as_ref() else { continue };
                let player = Player::connect_new(s.mixer());
                player.set_volume(volume);
                match append(&player, what, looping) {
                    Ok(()) => playing = Some(Playing { ticket, player }),
                    Err(report) => {
                        reports.send(report);
                        reports.send(Report::Done(ticket));
                    }
                }
            }
            Ok(Command::Stop) => {
                if let Some(old) = playing.take() {
                    old.player.stop();
                    reports.send(Report::Done(old.ticket));
                    quiet_since = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if playing.as_ref().is_some_and(|p| p.player.empty()) {
                    if let Some(done) = playing.take() {
                        reports.send(Report::Done(done.ticket));
                    }
                    quiet_since = Instant::now();
                } else if playing.is_none() && quiet_since.elapsed() >= IDLE_CLOSE {
                    sink = None;
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
}

fn append(player: &Player, what: Playable, looping: bool) -> Result<(), Report> {
    match what {
        Playable::Samples { rate, samples } => {
            let Some(rate) = NonZero::new(rate) else { return Ok(()) };
            let buffer = SamplesBuffer::new(NonZero::<u16>::MIN, rate, samples.to_vec());
            if looping {
                player.append(buffer.repeat_infinite());
            } else {
                player.append(buffer);
            }
            Ok(())
        }
        Playable::File(path) => {
            let bad = |reason: String| Report::BadClip { path: path.clone(), reason };
            let file = std::fs::File::open(&path).map_err(|e| bad(e.to_string()))?;
            let decoder = Decoder::try_from(file).map_err(|e| bad(e.to_string()))?;
            player.append(decoder);
            Ok(())
        }
    }
}
