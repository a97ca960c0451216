//! The first screen: the trainee types their name (remembered for next time). A records
//! folder that cannot be written is reported here, before any call is played.

use crate::game::actions::{Action, Activate};
use crate::game::config::GameConfig;
use crate::game::input::{Keys, Typing};
use crate::game::library::Dialogues;
use crate::game::notices::lasting_slot;
use crate::game::screens::{DirectScenario, Screen, Trainee, after_name};
use crate::game::settings::{SaveSettings, Settings};
use crate::game::theme::{self, size};
use crate::game::ui::widgets;
use crate::game::{GameSet, UiLang, Wake};
use crate::text::strings;
use bevy::prelude::*;

/// The longest name accepted, in characters.
pub const MAX_NAME: usize = 40;

/// The name being typed.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct NameField(pub String);

#[derive(Component)]
struct NameText;

#[derive(Component)]
struct NameError;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<NameField>();
    app.add_systems(OnEnter(Screen::Name), (enter, spawn).chain());
    app.add_systems(OnExit(Screen::Name), leave);
    app.add_systems(
        Update,
        (type_name.in_set(GameSet::Actions), submit.in_set(GameSet::Logic), show_name.in_set(GameSet::View))
            .run_if(in_state(Screen::Name)),
    );
}

fn enter(
    mut field: ResMut<NameField>,
    trainee: Res<Trainee>,
    mut typing: ResMut<Typing>,
    mut windows: Query<&mut Window>,
) {
    field.0 = trainee.0.clone();
    typing.0 = true;
    for mut w in &mut windows {
        w.ime_enabled = true;
    }
}

fn leave(mut typing: ResMut<Typing>, mut windows: Query<&mut Window>) {
    typing.0 = false;
    for mut w in &mut windows {
        w.ime_enabled = false;
    }
}

fn spawn(mut commands: Commands, lang: Res<UiLang>, field: Res<NameField>) {
    let t = strings(lang.0);
    commands.spawn(widgets::screen_root(Screen::Name)).with_children(|root| {
        root.spawn(Node {
            flex_grow: 1.0,
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            row_gap: px(18),
            ..default()
        })
        .with_children(|center| {
            center.spawn(widgets::heading(t.app_name, size::HUGE));
            center.spawn(widgets::text(t.app_tagline, size::LARGE, theme::INK_SOFT));
            center
                .spawn(widgets::card(Node { width: px(620), max_width: percent(92), ..widgets::panel_node() }))
                .with_children(|card| {
                    card.spawn(widgets::heading(t.name_title, size::TITLE));
                    card.spawn(widgets::small(t.name_prompt));
                    card.spawn((
                        Node {
                            padding: UiRect::axes(px(14), px(12)),
                            border: UiRect::all(px(2)),
                            border_radius: BorderRadius::all(px(8)),
                            min_height: px(52),
                            align_items: AlignItems::Center,
                            ..default()
                        },
                        BackgroundColor(theme::PANEL_SOFT),
                        BorderColor::all(theme::ACCENT),
                    ))
                    .with_children(|field_box| {
                        field_box.spawn((
                            NameText,
                            widgets::text(shown(&field.0, t.name_placeholder), size::LARGE, theme::INK),
                        ));
                    });
                    card.spawn((NameError, widgets::text("", size::SMALL, theme::ERROR_INK)));
                    card.spawn(Node { justify_content: JustifyContent::End, ..default() }).with_children(|row| {
                        row.spawn(widgets::button(t.name_continue, Action::SubmitName, true, 0));
                    });
                });
            center.spawn((Node { width: px(620), max_width: percent(92), ..default() }, children![lasting_slot()]));
        });
        root.spawn(widgets::hint(t.name_hint));
    });
}

/// The field's text: the name with a caret, or the placeholder.
fn shown(name: &str, placeholder: &str) -> String {
    if name.is_empty() { format!("|  {placeholder}") } else { format!("{name}|") }
}

fn type_name(keys: Res<Keys>, mut field: ResMut<NameField>, mut activate: MessageWriter<Activate>) {
    if keys.just(KeyCode::Backspace) {
        field.0.pop();
    }
    if !keys.text.is_empty() {
        for c in keys.text.chars() {
            if field.0.chars().count() < MAX_NAME {
                field.0.push(c);
            }
        }
    }
    if keys.enter() {
        activate.write(Activate(Action::SubmitName));
    }
}

fn submit(
    mut activate: MessageReader<Activate>,
    field: Res<NameField>,
    mut trainee: ResMut<Trainee>,
    mut settings: ResMut<Settings>,
    mut save: MessageWriter<SaveSettings>,
    mut errors: Query<&mut Text, With<NameError>>,
    lang: Res<UiLang>,
    mut direct: ResMut<DirectScenario>,
    mut commands: Commands,
    config: Res<GameConfig>,
    dialogues: Res<Dialogues>,
    mut next: ResMut<NextState<Screen>>,
    mut wake: ResMut<Wake>,
) {
    if !activate.read().any(|a| a.0 == Action::SubmitName) {
        return;
    }
    let name = field.0.trim().to_string();
    if name.is_empty() {
        for mut text in &mut errors {
            text.0 = strings(lang.0).name_empty.to_string();
        }
        return;
    }
    trainee.0 = name.clone();
    if settings.trainee != name {
        settings.trainee = name;
        save.write(SaveSettings);
    }
    let mut ui_lang = *lang;
    let screen = after_name(&config, &dialogues, &mut ui_lang, &mut direct, &mut commands);
    commands.insert_resource(ui_lang);
    next.set(screen);
    wake.now();
}

fn show_name(field: Res<NameField>, lang: Res<UiLang>, mut texts: Query<&mut Text, With<NameText>>) {
    if !field.is_changed() {
        return;
    }
    for mut text in &mut texts {
        text.0 = shown(&field.0, strings(lang.0).name_placeholder);
    }
}
