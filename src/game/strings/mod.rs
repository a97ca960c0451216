//! Every string the game shows, one table per language (`zh.rs`, `en.rs`). Screens take
//! their text from [`Strings`] only. `{}` marks a value filled in with [`fill`]; both
//! tables use the same number of them for each entry (a test checks).

mod en;
mod zh;

use crate::engine::{Lang, Mode};

macro_rules! strings {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// The game's text in one language.
        pub struct Strings {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        impl Strings {
            /// Every entry with its name, for checks.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}

strings! {
    /// The window title.
    window_title,
    /// A label and its value.
    pair,
    /// A label and a quoted line.
    quoted,
    app_name,
    app_tagline,
    // Notices shown on any screen.
    records_problem,
    records_recovered,
    records_recover_problem,
    settings_problem,
    dialogues_problems,
    dialogues_reloaded,
    dialogues_empty,
    text_size,
    // The name screen.
    name_title,
    name_prompt,
    name_placeholder,
    name_continue,
    name_empty,
    name_hint,
    // The language screen.
    lang_title,
    lang_hint,
    // The scenario list.
    list_title,
    list_trainee,
    list_difficulty,
    list_best,
    list_not_played,
    list_caller,
    list_temperament,
    list_time_limit,
    list_no_time_limit,
    list_start,
    list_back,
    list_change_name,
    list_hint,
    list_none,
    list_problems_title,
    list_stale,
    list_records,
    // The call.
    call_incoming,
    call_answer,
    call_ringing_hint,
    call_brief,
    call_caller_label,
    call_you,
    call_silence,
    call_turn,
    call_time_left,
    call_reply_title,
    call_anger,
    call_mode,
    call_temperament,
    call_hint,
    call_leave,
    call_leave_confirm,
    cue_agreement,
    cue_two_agreements,
    cue_relapse,
    cue_mode,
    cue_silence,
    cue_none,
    call_over,
    call_to_debrief,
    call_record_saved,
    call_record_failed,
    call_record_off,
    autoplay_badge,
    autoplay_best,
    autoplay_random,
    autoplay_stopped,
    // The trainer preview.
    trainer_badge,
    trainer_node,
    trainer_jump,
    trainer_anger,
    trainer_expected,
    trainer_next,
    trainer_jumped,
    trainer_anger_set,
    trainer_adjusted,
    // The debrief.
    debrief_title,
    debrief_score,
    debrief_grade,
    debrief_rubric,
    debrief_chart,
    debrief_chart_start,
    debrief_well,
    debrief_wrong,
    debrief_nothing,
    debrief_turns,
    debrief_turn,
    debrief_anger_change,
    debrief_forward,
    debrief_not_forward,
    debrief_caller,
    debrief_you,
    debrief_silence,
    debrief_feedback,
    debrief_better,
    debrief_best_choice,
    debrief_retry,
    debrief_retry_from,
    debrief_back,
    debrief_hint,
    debrief_replay_failed,
    legend_stage1,
    legend_stage2,
    legend_service,
    legend_mistake,
    legend_other,
    legend_silence,
}

/// The table for `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &zh::ZH,
        Lang::En => &en::EN,
    }
}

/// `template` with each `{}` replaced by the next value.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        match values.next() {
            Some(v) => out.push_str(&v.to_string()),
            None => out.push_str("{}"),
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// `text` with its first letter in upper case (for English labels used as titles).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The mode as a phrase: "攻击模式", "attack mode".
pub fn mode_name(mode: Mode, lang: Lang) -> String {
    fill(strings(lang).call_mode, &[&mode.label(lang)])
}
