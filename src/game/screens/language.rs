//! The language screen: 简体中文, 繁體中文 or English (keys 1 to 3), remembered for next
//! time. Each choice is labelled in its own language.

use crate::engine::Lang;
use crate::game::actions::{Action, Activate};
use crate::game::config::GameConfig;
use crate::game::input::Keys;
use crate::game::library::Dialogues;
use crate::game::screens::{DirectScenario, Screen, after_language};
use crate::game::settings::{SaveSettings, Settings};
use crate::game::theme::{self, size};
use crate::game::ui::focus::{DefaultFocus, Focusable};
use crate::game::ui::widgets::{self, ButtonLook};
use crate::game::{GameSet, UiLang, Wake};
use crate::text::strings;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Language), spawn);
    app.add_systems(
        Update,
        (shortcuts.in_set(GameSet::Actions), pick.in_set(GameSet::Logic)).run_if(in_state(Screen::Language)),
    );
}

fn spawn(mut commands: Commands, lang: Res<UiLang>) {
    let title = Lang::ALL.map(|l| strings(l).lang_title).join(" / ");
    commands.spawn(widgets::screen_root(Screen::Language)).with_children(|root| {
        root.spawn(Node {
            flex_grow: 1.0,
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            row_gap: px(24),
            ..default()
        })
        .with_children(|center| {
            center.spawn(widgets::heading(title, size::TITLE));
            center.spawn(Node { column_gap: px(24), ..default() }).with_children(|row| {
                for (i, l) in Lang::ALL.into_iter().enumerate() {
                    let mut choice = row.spawn((
                        Button,
                        crate::game::actions::OnPress(Action::PickLang(l)),
                        Focusable(i as u32),
                        Node {
                            width: px(260),
                            padding: UiRect::all(px(22)),
                            flex_direction: FlexDirection::Column,
                            align_items: AlignItems::Center,
                            row_gap: px(8),
                            border: UiRect::all(px(1)),
                            border_radius: BorderRadius::all(px(12)),
                            ..default()
                        },
                        BackgroundColor(theme::BUTTON),
                        BorderColor::all(theme::LINE),
                        ButtonLook::secondary(),
                    ));
                    choice.with_children(|c| {
                        c.spawn(widgets::text(format!("{}", i + 1), size::SMALL, theme::INK_FAINT));
                        c.spawn(widgets::heading(strings(l).lang_name, size::TITLE));
                        c.spawn(widgets::small(strings(l).app_tagline));
                    });
                    if l == lang.0 {
                        choice.insert(DefaultFocus);
                    }
                }
            });
            // The hint in the language in use, and in English for anyone who reads neither Chinese.
            let mut hint = strings(lang.0).lang_hint.to_string();
            if lang.0 != Lang::En {
                hint = format!("{hint}  ·  {}", strings(Lang::En).lang_hint);
            }
            center.spawn(widgets::hint(hint));
        });
    });
}

fn shortcuts(keys: Res<Keys>, mut activate: MessageWriter<Activate>, mut next: ResMut<NextState<Screen>>) {
    if let Some(i) = keys.digit()
        && let Some(l) = Lang::ALL.get(i)
    {
        activate.write(Activate(Action::PickLang(*l)));
    }
    if keys.escape() {
        next.set(Screen::Name);
    }
}

fn pick(
    mut activate: MessageReader<Activate>,
    mut lang: ResMut<UiLang>,
    mut settings: ResMut<Settings>,
    mut save: MessageWriter<SaveSettings>,
    config: Res<GameConfig>,
    dialogues: Res<Dialogues>,
    mut direct: ResMut<DirectScenario>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut wake: ResMut<Wake>,
) {
    let Some(chosen) = activate.read().find_map(|a| match a.0 {
        Action::PickLang(l) => Some(l),
        _ => None,
    }) else {
        return;
    };
    lang.0 = chosen;
    if settings.lang != Some(chosen) {
        settings.lang = Some(chosen);
        save.write(SaveSettings);
    }
    let screen = after_language(&config, &dialogues, &mut lang, &mut direct, &mut commands);
    next.set(screen);
    wake.now();
}
