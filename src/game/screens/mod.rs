//! The screens, in the order a trainee meets them: name, language, the list of calls, the
//! call, the debrief. One plugin per screen; entities live as long as their screen.

pub mod call;
pub mod complete;
pub mod course;
pub mod debrief;
pub mod language;
pub mod name;
pub mod scenarios;

use crate::engine::call::course::Course;
use crate::engine::call::session::Attempt;
use crate::engine::{Choice, Scenario};
use crate::game::UiLang;
use crate::game::config::GameConfig;
use crate::game::library::Dialogues;
use crate::game::notices::{Notice, Notices};
use crate::game::settings::Settings;
use bevy::prelude::*;
use std::sync::Arc;

#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Before the first screen is chosen.
    #[default]
    Boot,
    Name,
    Language,
    Scenarios,
    Call,
    Debrief,
    /// A course was just completed.
    Completed,
}

/// The trainee taking calls in this session.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Trainee(pub String);

/// The call the call screen opens next.
#[derive(Resource, Clone, Debug)]
pub struct PendingCall {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    /// Turns to replay before the trainee takes over ("retry from this turn").
    pub replay: Vec<Choice>,
    /// Skip the ringing phone (a retry: the trainee has read the brief).
    pub answered: bool,
    /// Practice or exam, and the course unit the call is taken in.
    pub attempt: Attempt,
    /// "Say it first" is on for this call (the course unit asks for it, or `--say-first`).
    pub say_first: bool,
    /// The course the call counts for, when taken from a course unit.
    pub course: Option<Arc<Course>>,
}

impl PendingCall {
    /// A fresh attempt at `scenario`, as `--exam` and `--say-first` ask.
    pub fn fresh(scenario: Arc<Scenario>, config: &GameConfig) -> PendingCall {
        PendingCall {
            scenario,
            seed: new_seed(config),
            replay: Vec::new(),
            answered: false,
            attempt: Attempt { exam: config.exam, course: None },
            say_first: config.say_first,
            course: None,
        }
    }
}

/// A `--scenario` still to be opened once the name and language are settled.
#[derive(Resource, Clone, Debug, Default)]
pub struct DirectScenario(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    let direct = app.world().resource::<GameConfig>().scenario.clone();
    app.insert_resource(DirectScenario(direct));
    app.init_resource::<Trainee>();
    let course = {
        let world = app.world();
        course::ActiveCourse::choose(world.resource::<GameConfig>(), world.resource::<Dialogues>())
    };
    app.insert_resource(course);
    app.add_systems(Startup, (boot, unknown_course));
    app.add_plugins((name::plugin, language::plugin, scenarios::plugin, call::plugin, debrief::plugin));
    app.add_plugins(complete::plugin);
}

/// `--course` names a course the dialogues folder does not have: say so, with those it has.
fn unknown_course(
    config: Res<GameConfig>,
    course: Res<course::ActiveCourse>,
    dialogues: Res<Dialogues>,
    lang: Res<UiLang>,
    mut notices: ResMut<Notices>,
) {
    if let Some(id) = &config.course
        && course.0.is_none()
    {
        let known: Vec<&str> = dialogues.courses.iter().map(|c| c.id.as_str()).collect();
        let text = crate::text::fill(crate::text::strings(lang.0).course_unknown, &[id, &known.join(", ")]);
        notices.toast(Notice::error(text), 0.0, 60.0);
    }
}

/// A seed for the caller's randomness: `--seed`, or a new one each call.
pub fn new_seed(config: &GameConfig) -> u64 {
    if let Some(seed) = config.seed {
        return seed;
    }
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    // SplitMix64 spreads nearby clock values apart.
    let mut z = nanos.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Opens the call screen on `scenario`.
pub fn open_call(commands: &mut Commands, next: &mut NextState<Screen>, call: PendingCall) {
    commands.insert_resource(call);
    next.set(Screen::Call);
}

fn boot(
    mut commands: Commands,
    config: Res<GameConfig>,
    settings: Res<Settings>,
    dialogues: Res<Dialogues>,
    mut lang: ResMut<UiLang>,
    mut trainee: ResMut<Trainee>,
    mut direct: ResMut<DirectScenario>,
    mut notices: ResMut<Notices>,
    mut next: ResMut<NextState<Screen>>,
) {
    let remembered = Some(settings.trainee.trim()).filter(|t| !t.is_empty()).map(str::to_string);
    if config.autoplay.is_some() {
        // A demo: nobody needs to type a name, and nothing is recorded.
        trainee.0 = config.trainee.clone().or(remembered).unwrap_or_else(|| "demo".to_string());
        let wanted = direct.0.take();
        let scenario = match &wanted {
            Some(id) => dialogues.find(id, lang.0),
            None if config.is_screenshot_run() => dialogues.in_lang(lang.0).into_iter().next(),
            None => None,
        };
        match scenario {
            Some(s) => {
                lang.0 = s.lang;
                open_call(&mut commands, &mut next, PendingCall::fresh(s, &config));
            }
            None => {
                if let Some(id) = wanted {
                    notices.toast(Notice::error(format!("--scenario {id}: {}", dialogues.ids().join(", "))), 0.0, 60.0);
                }
                next.set(Screen::Scenarios);
            }
        }
        return;
    }
    match config.trainee.clone() {
        Some(name) => {
            trainee.0 = name;
            let after = after_name(&config, &dialogues, &mut lang, &mut direct, &mut commands);
            next.set(after);
        }
        None => {
            trainee.0 = remembered.unwrap_or_default();
            next.set(Screen::Name);
        }
    }
}

/// The screen after the name: the language, unless `--lang` chose it.
pub fn after_name(
    config: &GameConfig,
    dialogues: &Dialogues,
    lang: &mut UiLang,
    direct: &mut DirectScenario,
    commands: &mut Commands,
) -> Screen {
    if config.lang.is_some() { after_language(config, dialogues, lang, direct, commands) } else { Screen::Language }
}

/// The screen after the language: the list, or the call `--scenario` asked for.
pub fn after_language(
    config: &GameConfig,
    dialogues: &Dialogues,
    lang: &mut UiLang,
    direct: &mut DirectScenario,
    commands: &mut Commands,
) -> Screen {
    let Some(id) = direct.0.take() else { return Screen::Scenarios };
    let Some(scenario) = dialogues.find(&id, lang.0) else { return Screen::Scenarios };
    lang.0 = scenario.lang;
    commands.insert_resource(PendingCall::fresh(scenario, config));
    Screen::Call
}
