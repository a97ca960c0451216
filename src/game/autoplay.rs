//! `--autoplay best|random|N,N,...`: a bot answers the phone and picks the replies at a
//! readable pace (a trainer's demo of the method done well), then opens the debrief.
//! With `--screenshot` it plays straight through without pauses. Autoplayed calls are
//! not recorded.

use crate::engine::Session;
use crate::engine::call::caller::{CallRng, Dice};
use crate::engine::judge::planner::{Objective, Planner};
use crate::game::actions::{Action, Activate};
use crate::game::audio::Playlist;
use crate::game::config::{AutoplayPlan, GameConfig};
use crate::game::notices::{Notice, Notices};
use crate::game::screens::Screen;
use crate::game::screens::call::{ActiveCall, CallPhase, ReplyButton};
use crate::game::ui::focus::UiFocus;
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, strings};
use bevy::prelude::*;

/// Seconds before the bot answers the phone.
const ANSWER_AFTER: f64 = 1.5;
/// Seconds the chosen reply is shown highlighted before it is said.
const SHOW_CHOICE: f64 = 0.9;
/// Seconds the ending stays on screen before the debrief.
const DEBRIEF_AFTER: f64 = 2.5;

/// The bot's state during one call.
#[derive(Resource, Debug)]
pub struct Autoplayer {
    pub plan: AutoplayPlan,
    /// Plays without pauses (for `--screenshot`).
    pub fast: bool,
    rng: CallRng,
    /// The next entry of a reply list.
    position: usize,
    /// The offer the bot is working on, when to act, and the reply it picked.
    offer: u64,
    at: Option<f64>,
    picked: Option<usize>,
    /// Why the bot gave up (a listed reply that does not exist).
    pub stopped: Option<Stop>,
}

/// Why the bot stopped playing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The call offers no reply to say.
    NoReplies,
    /// The listed reply number is beyond those offered at this (1-based) turn.
    BeyondOffer { turn: usize, offered: usize, asked: usize },
}

impl Stop {
    /// The reason in `lang`.
    pub fn text(&self, lang: crate::engine::Lang) -> String {
        let t = strings(lang);
        match self {
            Stop::NoReplies => t.autoplay_no_replies.to_string(),
            Stop::BeyondOffer { turn, offered, asked } => fill(t.autoplay_beyond_offer, &[turn, offered, asked]),
        }
    }
}

impl Autoplayer {
    pub fn new(plan: AutoplayPlan, seed: u64, fast: bool) -> Autoplayer {
        Autoplayer {
            plan,
            fast,
            rng: CallRng::new(seed ^ 0xA070_91A7_5EED_0001),
            position: 0,
            offer: u64::MAX,
            at: None,
            picked: None,
            stopped: None,
        }
    }

    /// The reply the bot says at this point of `session`.
    pub fn pick(&mut self, session: &Session) -> Result<usize, Stop> {
        let count = session.replies().len();
        if count == 0 {
            return Err(Stop::NoReplies);
        }
        let listed = match &self.plan {
            AutoplayPlan::List(list) => list.get(self.position).copied(),
            _ => None,
        };
        if let Some(reply) = listed {
            self.position += 1;
            return if reply < count {
                Ok(reply)
            } else {
                Err(Stop::BeyondOffer { turn: session.turns().len() + 1, offered: count, asked: reply + 1 })
            };
        }
        match self.plan {
            AutoplayPlan::Random => Ok(self.rng.pick(count)),
            _ => Ok(best_reply(session)),
        }
    }
}

/// The planner's choice for the highest expected final score.
pub fn best_reply(session: &Session) -> usize {
    let mut planner = Planner::new(session.scenario(), Objective::Best);
    planner.choose(session.node_index(), session.state()).map_or(0, |v| v.reply)
}

/// Reading time for a caller's line: longer lines get longer.
fn reading_time(line: &str) -> f64 {
    (1.4 + line.chars().count() as f64 * 0.045).clamp(1.8, 5.0)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Call), start.after(crate::game::screens::call::CallSetup));
    app.add_systems(Update, play.in_set(GameSet::Actions).run_if(in_state(Screen::Call)));
}

fn start(mut commands: Commands, config: Res<GameConfig>, call: Option<Res<ActiveCall>>) {
    match (&config.autoplay, call) {
        (Some(plan), Some(call)) => {
            commands.insert_resource(Autoplayer::new(plan.clone(), call.seed, config.is_screenshot_run()))
        }
        _ => commands.remove_resource::<Autoplayer>(),
    }
}

fn play(
    bot: Option<ResMut<Autoplayer>>,
    call: Option<Res<ActiveCall>>,
    phase: Res<State<CallPhase>>,
    time: Res<Time<Real>>,
    buttons: Query<(Entity, &ReplyButton)>,
    mut focus: ResMut<UiFocus>,
    mut activate: MessageWriter<Activate>,
    mut notices: ResMut<Notices>,
    mut exit: MessageWriter<AppExit>,
    lang: Res<UiLang>,
    playlist: Res<Playlist>,
    mut wake: ResMut<Wake>,
) {
    let (Some(mut bot), Some(call)) = (bot, call) else { return };
    if bot.stopped.is_some() {
        return;
    }
    let now = time.elapsed_secs_f64();
    let fast = bot.fast;
    let pause = |secs: f64| if fast { 0.0 } else { secs };
    // A new situation: plan when to act.
    let key = match phase.get() {
        CallPhase::Ringing => u64::MAX - 1,
        CallPhase::Talking => call.offer,
        CallPhase::Ended => u64::MAX - 2,
    };
    if bot.offer != key {
        let wait = match phase.get() {
            CallPhase::Ringing => pause(ANSWER_AFTER),
            CallPhase::Talking => {
                let session = call.run.session();
                let mut wait = reading_time(session.line());
                if let Some(limit) = session.time_limit() {
                    // Answer well inside the reply time: a demo never falls silent.
                    wait = wait.min(limit as f64 * 0.6 - SHOW_CHOICE).max(0.2);
                }
                pause(wait)
            }
            CallPhase::Ended => pause(DEBRIEF_AFTER),
        };
        bot.offer = key;
        bot.at = Some(now + wait);
        bot.picked = None;
    }
    let Some(at) = bot.at else { return };
    // The bot hears the caller out before it replies, and the call's last sounds before it
    // leaves for the debrief (the playlist wakes the frames while it plays).
    let hearing = match phase.get() {
        CallPhase::Ringing => false,
        CallPhase::Talking => playlist.voicing(),
        CallPhase::Ended => playlist.is_busy(),
    };
    if hearing {
        return;
    }
    if now < at {
        wake.at(at);
        return;
    }
    match phase.get() {
        CallPhase::Ringing => {
            activate.write(Activate(Action::Answer));
            bot.at = None;
        }
        CallPhase::Ended => {
            activate.write(Activate(Action::ToDebrief));
            bot.at = None;
        }
        CallPhase::Talking => match bot.picked {
            None => match bot.pick(call.run.session()) {
                Ok(reply) => {
                    if let Some((entity, _)) = buttons.iter().find(|(_, b)| b.0 == reply) {
                        focus.set(entity);
                    }
                    bot.picked = Some(reply);
                    let next = now + pause(SHOW_CHOICE);
                    bot.at = Some(next);
                    wake.at(next);
                }
                Err(problem) => {
                    let text = fill(strings(lang.0).autoplay_stopped, &[&problem.text(lang.0)]);
                    if fast {
                        error!("{text}");
                        exit.write(AppExit::from_code(2));
                    }
                    notices.toast(Notice::error(text), now, 60.0);
                    bot.stopped = Some(problem);
                }
            },
            Some(reply) => {
                activate.write(Activate(Action::Reply(reply)));
                bot.at = None;
            }
        },
    }
    wake.now();
}
