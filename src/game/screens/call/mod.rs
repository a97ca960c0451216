//! The call: the phone rings (the brief and the caller), the trainee answers and replies
//! turn by turn against an optional countdown, and the call ends on the spot when the
//! caller hangs up, escalates, or is satisfied. Each turn is journalled as it happens.

mod coach;
mod map;
mod meter;
mod replies;
mod say;
mod trainer;
mod transcript;
mod view;

use crate::engine::judge::coach::Hint;
use crate::engine::records::record::{Journal, Record};
use crate::engine::{Lang, Scenario, SessionError};
use crate::game::actions::{Action, Activate};
use crate::game::audio::Playlist;
use crate::game::config::GameConfig;
use crate::game::input::Keys;
use crate::game::notices::{Notice, Notices};
use crate::game::records::Records;
use crate::game::runtime::{CallRun, Line};
use crate::game::screens::{PendingCall, Screen, Trainee};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::{fill, record_error, strings};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

pub use coach::{CoachCard, HintText, hint_text};
pub use map::{MapNodeButton, MapOpen, MapOverlay};
pub use meter::{MeterEase, MeterTrack, meter_track};
pub use replies::{ReplyButton, countdown_step};
pub use say::WordsText;
pub use transcript::{Transcript, ending_tone};

/// The phases of the call screen.
#[derive(SubStates, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[source(Screen = Screen::Call)]
pub enum CallPhase {
    /// The phone rings: the caller and the brief are shown until the trainee answers.
    #[default]
    Ringing,
    Talking,
    /// The caller has hung up, escalated, or is satisfied.
    Ended,
}

/// What became of the call's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordStatus {
    /// A demo: autoplayed calls are not recorded.
    Off,
    /// Being journalled.
    Journalling,
    Saved(PathBuf),
    Failed(String),
}

/// The call on the call screen (and, afterwards, on the debrief).
#[derive(Resource)]
pub struct ActiveCall {
    pub run: CallRun,
    pub seed: u64,
    pub trainee: String,
    pub journal: Option<Journal>,
    pub record: RecordStatus,
    /// When the caller's current line appeared (seconds of `Time<Real>`).
    pub turn_started: f64,
    /// Esc was pressed once: a second Esc leaves the call.
    pub leave_armed: bool,
    /// Counts changes of the replies on offer, so the view knows when to redraw them.
    pub offer: u64,
    /// The ringing phase was skipped (a retry).
    pub answered_at_start: bool,
    /// Turns replayed from an earlier attempt.
    pub replayed: usize,
    /// "Say it first" is on: each turn the trainee types their words before the replies show.
    pub say_first: bool,
    /// The words being typed on this turn; `None` once they are in (or when say-first is off).
    pub composing: Option<String>,
    /// The reply closest to the trainee's words on this turn, preselected.
    pub closest: Option<usize>,
    /// The coach's hint on this turn, and the hints left after it.
    pub hint: Option<(Hint, u8)>,
    /// The coach could not help (an exam, or no hints left).
    pub hint_refused: Option<SessionError>,
    /// The call counts for a course: the record marks the call that completes it.
    pub course: Option<Arc<crate::engine::call::course::Course>>,
    /// This call completed the course.
    pub completed_course: bool,
}

impl ActiveCall {
    /// Whether the replies are on screen: the call is on and no words are being typed.
    pub fn replies_shown(&self) -> bool {
        self.composing.is_none()
    }

    /// A new turn began: the coach's hint and the trainee's words were for the last one.
    pub fn next_turn(&mut self) {
        self.hint = None;
        self.hint_refused = None;
        self.closest = None;
        self.composing = (self.say_first && !self.run.is_over()).then(String::new);
    }
}

impl ActiveCall {
    pub fn scenario(&self) -> &Arc<Scenario> {
        self.run.scenario()
    }

    /// The cues of the last turn (agreement, relapse, mode change, silence).
    pub fn last_cues(&self) -> Vec<&Line> {
        let lines = self.run.transcript();
        let start =
            lines.iter().rposition(|l| matches!(l, Line::Trainee { .. } | Line::Silence)).unwrap_or(lines.len());
        lines[start..].iter().filter(|l| l.is_cue() || matches!(l, Line::Ended { .. })).collect()
    }
}

/// The system that builds [`ActiveCall`] when the call screen opens; order after it.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallSetup;

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<CallPhase>();
    app.add_systems(OnEnter(Screen::Call), setup.in_set(CallSetup));
    app.add_systems(OnEnter(CallPhase::Talking), start_talking);
    app.add_systems(
        Update,
        (keys.in_set(GameSet::Actions), (handle, countdown).chain().in_set(GameSet::Logic))
            .run_if(in_state(Screen::Call)),
    );
    app.add_plugins((
        view::plugin,
        transcript::plugin,
        replies::plugin,
        meter::plugin,
        coach::plugin,
        say::plugin,
        trainer::plugin,
        map::plugin,
    ));
}

fn setup(
    mut commands: Commands,
    pending: Option<Res<PendingCall>>,
    config: Res<GameConfig>,
    trainee: Res<Trainee>,
    time: Res<Time<Real>>,
    mut phase: ResMut<NextState<CallPhase>>,
    mut screen: ResMut<NextState<Screen>>,
    mut wake: ResMut<Wake>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
) {
    let Some(pending) = pending else {
        screen.set(Screen::Scenarios);
        return;
    };
    let pending = pending.clone();
    commands.remove_resource::<PendingCall>();
    let attempt = pending.attempt.clone();
    let fresh = || CallRun::new(Arc::clone(&pending.scenario), pending.seed, attempt.clone());
    let run = if pending.replay.is_empty() {
        fresh()
    } else {
        match CallRun::replay(Arc::clone(&pending.scenario), pending.seed, attempt.clone(), &pending.replay) {
            Ok(run) => run,
            Err(e) => {
                let text = fill(strings(lang.0).debrief_replay_failed, &[&e]);
                notices.toast(Notice::warning(text), time.elapsed_secs_f64(), 8.0);
                fresh()
            }
        }
    };
    let replayed = run.session().turns().len();
    let answered = pending.answered || replayed > 0;
    commands.insert_resource(ActiveCall {
        run,
        seed: pending.seed,
        trainee: trainee.0.clone(),
        journal: None,
        record: if config.autoplay.is_some() { RecordStatus::Off } else { RecordStatus::Journalling },
        turn_started: time.elapsed_secs_f64(),
        leave_armed: false,
        offer: 0,
        answered_at_start: answered,
        replayed,
        // A demo plays without typing.
        say_first: pending.say_first && config.autoplay.is_none(),
        composing: None,
        closest: None,
        hint: None,
        hint_refused: None,
        course: pending.course.clone(),
        completed_course: false,
    });
    if answered {
        phase.set(CallPhase::Talking);
        wake.now();
    }
}

fn start_talking(mut call: ResMut<ActiveCall>, mut records: ResMut<Records>, time: Res<Time<Real>>, lang: Res<UiLang>) {
    call.turn_started = time.elapsed_secs_f64();
    call.offer += 1;
    call.next_turn();
    if call.record == RecordStatus::Journalling && call.journal.is_none() {
        let begun = match &records.store {
            Ok(store) => store.begin(&call.trainee, call.run.session()).map_err(|e| record_error(&e, lang.0)),
            Err(problem) => Err(problem.clone()),
        };
        match begun {
            Ok(journal) => call.journal = Some(journal),
            Err(problem) => call.record = RecordStatus::Failed(problem),
        }
        records.invalidate();
    }
}

fn keys(
    keys: Res<Keys>,
    phase: Res<State<CallPhase>>,
    mut call: ResMut<ActiveCall>,
    mut activate: MessageWriter<Activate>,
    map: Res<MapOpen>,
) {
    // The map, while open, takes the keys (`map::keys`).
    if !keys.any() || keys.ctrl || map.0 {
        return;
    }
    match phase.get() {
        CallPhase::Ringing => {
            if keys.escape() {
                activate.write(Activate(Action::LeaveCall));
            }
        }
        CallPhase::Talking => {
            if keys.escape() {
                if call.leave_armed {
                    activate.write(Activate(Action::LeaveCall));
                } else {
                    call.leave_armed = true;
                }
                return;
            }
            if call.leave_armed {
                // Any other key keeps the call going.
                call.leave_armed = false;
                return;
            }
            // While the trainee types their own words, the keys are theirs (`say::typing`).
            if !call.replies_shown() {
                return;
            }
            if keys.just(KeyCode::KeyH) {
                activate.write(Activate(Action::Hint));
            }
            if keys.just(KeyCode::KeyS) {
                activate.write(Activate(Action::ToggleSayFirst));
            }
            if let Some(i) = keys.digit()
                && i < call.run.session().replies().len()
            {
                activate.write(Activate(Action::Reply(i)));
            }
        }
        CallPhase::Ended => {
            if keys.escape() {
                activate.write(Activate(Action::ToList));
            }
        }
    }
}

fn handle(
    mut activate: MessageReader<Activate>,
    phase: Res<State<CallPhase>>,
    mut next_phase: ResMut<NextState<CallPhase>>,
    mut screen: ResMut<NextState<Screen>>,
    mut call: ResMut<ActiveCall>,
    mut records: ResMut<Records>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
    lang: Res<UiLang>,
) {
    let now = time.elapsed_secs_f64();
    for a in activate.read() {
        match (a.0, phase.get()) {
            (Action::Answer, CallPhase::Ringing) => {
                next_phase.set(CallPhase::Talking);
                wake.now();
            }
            (Action::Hint, CallPhase::Talking) => {
                match call.run.hint() {
                    Ok(hint) => call.hint = Some(hint),
                    Err(e) => call.hint_refused = Some(e),
                }
                call.offer += 1;
                wake.now();
            }
            (Action::ToggleSayFirst, CallPhase::Talking) if !call.run.session().is_exam() => {
                call.say_first = !call.say_first;
                // Turning it on starts with this turn's words; the replies stay until then.
                call.composing = call.say_first.then(String::new);
                call.closest = None;
                call.offer += 1;
                wake.now();
            }
            (Action::SubmitWords, CallPhase::Talking) => {
                let words = call.composing.take().unwrap_or_default();
                call.run.say(&words);
                let replies: Vec<&str> = call.run.session().replies().iter().map(|r| r.text.as_str()).collect();
                let closest = crate::engine::call::closeness::closest(&words, &replies);
                call.closest = closest;
                // The reply countdown starts when the replies show.
                call.turn_started = now;
                call.offer += 1;
                wake.now();
            }
            (Action::Reply(i), CallPhase::Talking) if call.replies_shown() => {
                let seconds = (now - call.turn_started).max(0.0) as f32;
                let result = call.run.choose(i, seconds).map(|_| ());
                after_turn(&mut call, result, now, &mut records, &mut next_phase, &mut wake, lang.0);
            }
            (Action::Jump(node), CallPhase::Talking) => {
                let Some(id) = call.scenario().nodes.get(node).map(|n| n.id.clone()) else { continue };
                if call.run.jump(&id).is_ok() {
                    call.turn_started = now;
                    call.offer += 1;
                    wake.now();
                }
            }
            (Action::SetAnger(anger), CallPhase::Talking) => {
                call.run.set_anger(anger);
                call.offer += 1;
                wake.now();
            }
            (Action::AngerBy(delta), CallPhase::Talking) => {
                let anger = (call.run.session().state().anger as i16 + delta as i16).clamp(0, 100) as u8;
                call.run.set_anger(anger);
                call.offer += 1;
                wake.now();
            }
            (Action::LeaveCall, _) => {
                finish_record(&mut call, &mut records, lang.0);
                screen.set(Screen::Scenarios);
                wake.now();
            }
            (Action::ToDebrief, CallPhase::Ended) => {
                screen.set(Screen::Debrief);
                wake.now();
            }
            (Action::ToList, CallPhase::Ended) => {
                screen.set(Screen::Scenarios);
                wake.now();
            }
            _ => {}
        }
    }
}

/// The reply time ran out: the caller hears silence. The time starts when the caller's
/// line has been heard.
#[allow(clippy::too_many_arguments)]
fn countdown(
    phase: Res<State<CallPhase>>,
    playlist: Res<Playlist>,
    mut call: ResMut<ActiveCall>,
    mut records: ResMut<Records>,
    mut next_phase: ResMut<NextState<CallPhase>>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
    lang: Res<UiLang>,
) {
    if *phase.get() != CallPhase::Talking || call.run.is_over() || !call.replies_shown() {
        return;
    }
    let Some(limit) = call.run.session().time_limit() else { return };
    let now = time.elapsed_secs_f64();
    if playlist.voicing() {
        call.turn_started = now;
        return;
    }
    let deadline = call.turn_started + limit as f64;
    if now < deadline {
        wake.at(deadline);
        return;
    }
    let result = call.run.silence().map(|_| ());
    after_turn(&mut call, result, now, &mut records, &mut next_phase, &mut wake, lang.0);
}

/// Journals the turn just taken, and ends the call when it is over.
fn after_turn(
    call: &mut ActiveCall,
    result: Result<(), SessionError>,
    now: f64,
    records: &mut Records,
    next_phase: &mut NextState<CallPhase>,
    wake: &mut Wake,
    lang: Lang,
) {
    if result.is_err() {
        return;
    }
    call.turn_started = now;
    call.offer += 1;
    call.leave_armed = false;
    call.next_turn();
    if let Some(journal) = call.journal.as_mut()
        && let Err(e) = journal.append(call.run.session())
    {
        call.record = RecordStatus::Failed(record_error(&e, lang));
        call.journal = None;
    }
    if call.run.is_over() {
        finish_record(call, records, lang);
        next_phase.set(CallPhase::Ended);
    }
    wake.now();
}

/// Writes the call's record (complete or not) and removes its journal. A problem is
/// worded in `lang`.
fn finish_record(call: &mut ActiveCall, records: &mut Records, lang: Lang) {
    let Some(journal) = call.journal.take() else { return };
    let course = call.course.clone();
    let trainee = call.trainee.clone();
    let mut completed = false;
    call.record = match &records.store {
        Ok(store) => match store.finish_with(journal, call.run.session(), |record| {
            // The call that passes the course's final unit says so in its record.
            let Some(course) = course else { return };
            if record.attempt.course.as_ref().is_none_or(|c| c.id != course.id) {
                return;
            }
            let (mine, _) = store.trainee_records(&trainee);
            let earlier: Vec<&Record> = mine.iter().map(|(_, r)| r).collect();
            if crate::engine::records::progress::completes(&course, &earlier, record)
                && let Some(taken) = record.attempt.course.as_mut()
            {
                taken.completed = true;
                completed = true;
            }
        }) {
            Ok(path) => RecordStatus::Saved(path),
            Err(e) => RecordStatus::Failed(record_error(&e, lang)),
        },
        Err(problem) => RecordStatus::Failed(problem.clone()),
    };
    call.completed_course = completed;
    records.invalidate();
}
