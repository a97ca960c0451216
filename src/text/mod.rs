//! Every sentence Calmline shows, one table per language: `zh_hans.rs`, `zh_hant.rs`,
//! `en.rs`. The game, the report, `replay`, `xapi` and the debrief take their text from
//! [`Strings`] only, and phrase the engine's typed values (notes, skip reasons, replay
//! differences, technique and mode names) with the functions in [`phrase`].
//!
//! A template marks each value with `{}`, filled in order by [`fill`], or with `{N}` where
//! a language needs the values in another order; every table uses the same values for
//! each entry (a test checks). English plurals are written `{one|many}`: the form is
//! chosen by the number filled in just before it.

mod en;
pub mod phrase;
mod zh_hans;
mod zh_hant;

use crate::engine::{Lang, Mode};

pub use phrase::*;

macro_rules! strings {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Calmline's text in one language.
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
    // Shared words and names of the engine's values.
    lang_name,
    word_yes,
    word_no,
    error,
    warning,

    tech_let_vent,
    tech_paraphrase,
    tech_seek_agreement,
    tech_name_the_feeling,
    tech_acknowledge_urgency,
    tech_point_direction,
    tech_prevent_loss,
    tech_apologise,
    tech_record_and_follow_up,
    tech_close_call,
    tech_reason_too_early,
    tech_tone_policing,
    tech_interrogate,
    tech_argue,
    tech_judge_person,
    tech_pass_the_buck,
    tech_casual_transfer,
    tech_brush_off,
    tech_forbidden_words,
    tech_other,
    mode_attack,
    mode_emotion,
    mode_reasoning,
    ending_resolved,
    ending_escalated,
    ending_hung_up,
    part_outcome,
    part_de_escalation,
    part_method,
    part_service,
    part_mistakes,
    part_efficiency,

    note_resolved,
    note_calmed,
    note_two_agreements,
    note_reached_reasoning,
    note_apologised,
    note_recorded,
    note_proper_close,
    note_mistake,
    note_too_early_agreements,
    note_too_early_attacking,
    note_provoked,
    note_relapse,
    note_silence,
    note_no_apology,
    note_no_record,
    note_no_close,
    note_lost,

    slip_too_early,
    slip_relapse,
    slip_silence,
    slip_no_apology,
    slip_no_record,
    slip_no_close,

    skip_unreadable,
    skip_empty,
    skip_too_large,
    skip_not_json,
    skip_truncated,
    skip_not_a_record,
    skip_future_format,
    skip_not_record_file,
    skip_journal,
    skip_duplicate,

    diff_pair,
    diff_engine_ended,
    diff_node,
    diff_anger_before,
    diff_mode_before,
    diff_line,
    diff_offered,
    diff_no_such_reply,
    diff_technique,
    diff_anger_after,
    diff_mode_after,
    diff_agreement,
    diff_relapse,
    diff_ended,
    diff_call_goes_on,
    diff_outcome,
    diff_score_part,
    diff_score_total,
    diff_not_ended,
    diff_silence,
    diff_none,
    cause_scenario_changed,
    cause_record_altered,
    cause_record_altered_or_version,

    replay_no_record,
    replay_unreadable,
    replay_no_dialogues,
    replay_no_call,
    replay_check_hint,
    replay_record,
    replay_header,
    replay_same,
    replay_same_interrupted,
    replay_same_had_ended,
    replay_unplayed,
    replay_changed_note,
    replay_at_turn_node,
    replay_at_turn,
    replay_at_end,
    replay_diverges,
    replay_cause,
    replay_adjusted,

    report_visits,
    report_read_skipped,
    report_records_line,
    report_trend,
    report_sessions_by,
    report_interrupted_count,
    report_wrote,
    report_cannot_read_folder,
    report_not_a_folder,
    report_folder_not_file,
    report_cannot_create,
    report_cannot_write,

    xapi_bad_home_page,
    xapi_bad_lrs,
    xapi_user_needs_password,
    xapi_credentials_need_lrs,
    xapi_out_is_folder,
    xapi_skipped,
    xapi_summary,
    xapi_previews_left_out,
    xapi_queue_not_saved,
    xapi_sent,
    xapi_conflicts,
    xapi_rejected,
    xapi_stopped,
    // The report (`calmline report`).
    report_html_lang,
    /// ": " in English, a full-width colon in Chinese.
    report_colon,
    report_comma,
    report_semicolon,
    report_lparen,
    report_rparen,
    report_title,
    report_generated,
    report_folders,
    report_period,
    report_overview,
    report_sessions_counted,
    report_trainees,
    report_calls,
    report_mean_score,
    report_resolved_rate,
    report_resolved,
    report_escalated,
    report_hung_up,
    report_trainee,
    report_sessions,
    report_interrupted,
    report_best,
    report_mean,
    report_median,
    report_min,
    report_max,
    report_slips,
    report_no_slips,
    report_progress,
    report_progress_axis_x,
    report_score,
    report_grade,
    report_when,
    report_call,
    report_outcome,
    report_best_by_call,
    report_chart_trainees,
    report_chart_outcomes,
    report_distribution,
    report_count,
    report_where_lost,
    report_lost_chart,
    report_no_losses,
    report_node,
    report_reply,
    report_technique,
    report_picks,
    report_picked,
    report_anger_change,
    report_lost_after,
    report_in_lost_calls,
    report_silence,
    report_files,
    report_skipped_files,
    report_no_skipped,
    report_file,
    report_reason,
    report_nothing,
    report_caller_said,
    report_versions_note,
    report_previews_note,
    report_interrupted_note,
    report_footer,
    report_javascript_free,
    // `calmline simulate`.
    sim_no_file,
    sim_no_runs,
    sim_has_errors,
    sim_header,
    sim_col_policy,
    sim_col_resolved,
    sim_col_escalated,
    sim_col_hung_up,
    sim_col_min,
    sim_col_median,
    sim_col_max,
    sim_col_mean,
    sim_col_turns,
    sim_unfinished,
    sim_best_path,
    sim_heuristic,
    sim_agreement_mark,
    sim_relapse_mark,
    sim_step,
    sim_caller,
    sim_reply,
    sim_all_visited,
    sim_unvisited_nodes,
    sim_unvisited_reply,
    sim_method,
    sim_method_resolves,
    sim_wants_stage1,
    sim_wants_stage2,
    sim_fails_no_reply,
    sim_fell_back,
    sim_change_no_reply,
    sim_fails_provoked,
    sim_change_provoked,
    sim_fails_lost,
    sim_change_lost,
    sim_fails_unfinished,
    sim_change_unfinished,
    sim_no_such_number,
    sim_path_step,
    sim_better,
    sim_outcome,
    sim_path_unfinished,
    // `calmline play` before the window opens.
    play_font_missing,
    play_font_unreadable,
    play_font_damaged,
    play_no_dialogues,
    play_no_scenario,
    play_no_scenarios,
    play_no_screenshot_folder,
    play_autoplay_not_a_reply,
    play_autoplay_empty,
    play_no_window,
}

/// The table for `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::ZhHans => &zh_hans::ZH_HANS,
        Lang::ZhHant => &zh_hant::ZH_HANT,
        Lang::En => &en::EN,
    }
}

/// `template` with each `{}` replaced by the next value and each `{N}` by value `N`
/// (0-based, for languages that put the values in another order); each `{one|many}`
/// becomes `one` when the value filled in just before it was 1, else `many`.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut last_was_one = false;
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let inner = &after[..close];
        let index = if inner.is_empty() {
            next += 1;
            Some(next - 1)
        } else {
            inner.parse::<usize>().ok()
        };
        match (index, inner.split_once('|')) {
            (Some(k), _) => match values.get(k) {
                Some(v) => {
                    let shown = v.to_string();
                    last_was_one = shown.trim() == "1";
                    out.push_str(&shown);
                }
                None => {
                    out.push('{');
                    out.push_str(inner);
                    out.push('}');
                }
            },
            (None, Some((one, many))) => out.push_str(if last_was_one { one } else { many }),
            (None, None) => {
                out.push('{');
                out.push_str(inner);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The values a template uses: how many `{}` it has and which `{N}`, as the set of
/// 0-based value indices. Every table's entry must use the same set (a test checks).
pub fn placeholders(template: &str) -> std::collections::BTreeSet<usize> {
    let mut used = std::collections::BTreeSet::new();
    let mut next = 0;
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        if inner.is_empty() {
            used.insert(next);
            next += 1;
        } else if let Ok(k) = inner.parse::<usize>() {
            used.insert(k);
        }
        rest = &after[close + 1..];
    }
    used
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
    fill(strings(lang).call_mode, &[&phrase::mode(mode, lang)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_places_values_and_plurals() {
        assert_eq!(fill("Read {} {file|files}, skipped {}.", &[&1, &0]), "Read 1 file, skipped 0.");
        assert_eq!(fill("Read {} {file|files}.", &[&3]), "Read 3 files.");
        assert_eq!(fill("{}：{}", &[&"a"]), "a：{}");
        assert_eq!(fill("odd { brace", &[]), "odd { brace");
        assert_eq!(fill("{1} 中没有 `{0}`", &[&"x", &"d"]), "d 中没有 `x`");
        assert_eq!(placeholders("{1} {0} {one|many}"), placeholders("{} {}"));
    }
}
