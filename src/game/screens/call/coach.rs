//! The coach, in practice: key H or the card's button asks which stage the caller is in
//! and what the method calls for now. It names the technique, never the reply. At most
//! [`HINTS_PER_CALL`] a call, each costing [`HINT_COST`] points; an exam has no coach.

use super::{ActiveCall, CallPhase};
use crate::engine::call::session::HINTS_PER_CALL;
use crate::engine::judge::score::HINT_COST;
use crate::engine::{Mode, SessionError};
use crate::game::actions::Action;
use crate::game::screens::Screen;
use crate::game::theme::{self, size};
use crate::game::ui::widgets::{self, Tone};
use crate::game::{GameSet, UiLang};
use crate::text::{Strings, fill, strings};
use bevy::prelude::*;

/// The coach's card in the side column; `built` is the offer it shows.
#[derive(Component)]
pub struct CoachCard {
    built: u64,
}

/// The text of the hint on screen (tests read it).
#[derive(Component)]
pub struct HintText;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, show.in_set(GameSet::View).run_if(in_state(Screen::Call)));
}

/// An empty coach card; [`show`] fills it.
pub(super) fn card() -> impl Bundle {
    (CoachCard { built: u64::MAX }, widgets::card(Node { flex_shrink: 0.0, ..widgets::panel_node() }))
}

/// The hint in words: the stage, what the caller needs in it, and the technique.
pub fn hint_text(hint: &crate::engine::judge::coach::Hint, t: &Strings, lang: crate::engine::Lang) -> String {
    let need = match hint.mode {
        Mode::Attack => t.coach_need_attack,
        Mode::Emotion => t.coach_need_emotion,
        Mode::Reasoning => t.coach_need_reasoning,
    };
    let technique = match hint.technique {
        Some(tech) => fill(t.coach_calls_for, &[&crate::text::technique(tech, lang)]),
        None => t.coach_no_reply.to_string(),
    };
    format!("{} {need} {technique}", fill(t.coach_stage, &[&crate::text::mode(hint.mode, lang)]))
}

fn show(
    mut commands: Commands,
    call: Option<Res<ActiveCall>>,
    phase: Res<State<CallPhase>>,
    mut cards: Query<(Entity, &mut CoachCard)>,
    lang: Res<UiLang>,
) {
    let Some(call) = call else { return };
    let t = strings(lang.0);
    for (entity, mut card) in &mut cards {
        if card.built == call.offer {
            continue;
        }
        card.built = call.offer;
        commands.entity(entity).despawn_children();
        let left = HINTS_PER_CALL.saturating_sub(call.run.session().hints_used());
        commands.entity(entity).with_children(|p| {
            p.spawn(widgets::text(t.coach_title, size::SMALL, theme::INK_FAINT));
            if let Some((hint, after)) = &call.hint {
                p.spawn((HintText, widgets::text(hint_text(hint, t, lang.0), size::BODY, theme::INK)));
                p.spawn(widgets::small(fill(t.coach_left, &[after, &HINT_COST])));
                return;
            }
            if let Some(SessionError::NoHintsLeft(n)) = &call.hint_refused {
                p.spawn(widgets::banner(Tone::Warning, &fill(t.coach_none_left, &[n])));
                return;
            }
            p.spawn(widgets::small(fill(t.coach_offer, &[&left, &HINTS_PER_CALL, &HINT_COST])));
            if *phase.get() == CallPhase::Talking && !call.run.is_over() && left > 0 {
                p.spawn(Node { justify_content: JustifyContent::End, ..default() }).with_children(|row| {
                    row.spawn(widgets::button(t.coach_button, Action::Hint, false, 900));
                });
            }
        });
    }
}
