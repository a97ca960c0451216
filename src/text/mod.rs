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

            /// The entry called `name` (a [`crate::engine::call::diag::Message`]'s key).
            pub fn get(&self, name: &str) -> Option<&'static str> {
                match name {
                    $(stringify!($name) => Some(self.$name),)*
                    _ => None,
                }
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
    list_varies,
    list_varies_detail,
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
    coach_title,
    coach_offer,
    coach_button,
    coach_stage,
    coach_need_attack,
    coach_need_emotion,
    coach_need_reasoning,
    coach_calls_for,
    coach_no_reply,
    coach_left,
    coach_none_left,
    exam_badge,
    exam_explain,
    call_hint_exam,
    sound_muted,
    sound_unmuted,
    sound_no_device,
    sound_no_speech,
    sound_silent,
    sound_no_voice,
    a11y_meter,
    a11y_transcript,
    a11y_caller_says,
    a11y_caller_agrees,
    a11y_caller_relapses,
    a11y_mode_now,
    a11y_call_ended,
    a11y_call_ended_with,
    a11y_silence,
    say_title,
    say_prompt,
    say_placeholder,
    say_submit,
    say_hint,
    say_closest,
    say_no_match,
    course_finished,
    course_next,
    course_passed,
    course_practice,
    course_exam,
    course_unit,
    course_done,
    course_open,
    course_locked,
    course_locked_call,
    course_best,
    course_pass_mark,
    course_call_passed,
    course_all_calls,
    course_show,
    course_locked_toast,
    course_unknown,
    pair_dot,
    months,
    date_long,
    complete_title,
    complete_has,
    complete_on,
    complete_ready,
    complete_unit,
    complete_call,
    complete_back,
    complete_hint,
    screenshot_saved,
    screenshot_failed,
    list_hint_course,
    debrief_course_done,
    debrief_to_completion,
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
    map_button,
    map_close,
    map_hint,
    trainer_anger,
    trainer_expected,
    trainer_next,
    trainer_jumped,
    trainer_anger_set,
    trainer_adjusted,
    // The debrief.
    debrief_title,
    debrief_exam,
    debrief_hints,
    debrief_hint_cost,
    debrief_hint_used,
    debrief_your_words,
    debrief_score,
    debrief_grade,
    debrief_rubric,
    debrief_chart,
    debrief_what_if,
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
    // What else can go wrong with a records folder or file (the store's problems).
    record_folder_unusable,
    record_unwritable,
    record_no_free_name,
    record_bad_journal,
    /// A records file or folder, then what went wrong with it.
    record_error,

    diff_pair,
    diff_engine_ended,
    diff_node,
    diff_caller,
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
    // The techniques, ending, notes and slips of calls that say no and hand over.
    tech_decline_with_option,
    tech_warm_transfer,
    tech_verify_identity,
    tech_set_boundary,
    tech_over_promise,
    ending_agent_ended,
    report_agent_ended,
    note_boundary_then_ended,
    note_ended_without_boundary,
    note_identity_too_early,
    slip_ended_without_boundary,
    slip_identity_too_early,
    sim_col_agent_ended,
    // Why an autoplay demo stopped.
    autoplay_no_replies,
    autoplay_beyond_offer,
    // `calmline convert`.
    convert_wrote,
    convert_exists,
    convert_no_folder,
    convert_same_file,
    convert_not_chinese,
    convert_failed,
    convert_no_files,
    convert_done,
    // `calmline simulate`.
    sim_no_file,
    sim_no_runs,
    sim_has_errors,
    sim_header,
    sim_by_persona,
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
    play_no_display,
    play_autoplay_not_a_reply,
    play_autoplay_empty,
    play_no_window,
    // calmline check, test and the problems they report.
    // `check`'s own lines.
    check_no_such_path,
    check_font_unreadable,
    check_font_not_a_font,
    check_font_no_cmap,
    check_font_not_checked,
    check_font_not_found,
    check_note,
    check_summary,
    check_at,
    check_kind_error,
    check_kind_warning,
    check_kind_help,
    diag_help,
    // `test`'s own lines.
    test_ok,
    test_fail,
    test_summary,
    test_has_errors,
    test_why_no_such_reply,
    test_why_ended,
    test_why_ran_out,
    test_why_score_between,
    test_why_score_at_least,
    test_why_score_at_most,
    test_why_first_slip,
    test_why_unfinished,
    // Files.
    diag_not_found,
    diag_cannot_read_folder,
    diag_cannot_read_file,
    diag_is_folder,
    diag_too_large,
    diag_not_utf8,
    help_save_as_utf8,
    diag_empty_file,
    // RON syntax.
    diag_ron_eof,
    help_eof,
    diag_ron_expected_opening,
    diag_ron_expected_closing,
    diag_ron_expected_comma,
    diag_ron_expected_colon,
    diag_ron_expected_string,
    diag_ron_expected_string_end,
    diag_ron_expected_identifier,
    diag_ron_expected_integer,
    diag_ron_expected_float,
    diag_ron_expected_boolean,
    diag_ron_expected_option,
    diag_ron_expected_unit,
    diag_ron_number_underscore,
    diag_ron_integer_out_of_bounds,
    diag_ron_invalid_digit,
    diag_ron_invalid_escape,
    diag_ron_no_such_extension,
    diag_ron_unclosed_comment,
    diag_ron_unexpected_char,
    diag_ron_trailing,
    diag_ron_invalid_identifier,
    diag_ron_wrong_struct,
    diag_ron_too_deep,
    diag_ron_missing_field,
    diag_ron_duplicate_field,
    diag_ron_unknown_field,
    diag_ron_unknown_field_none,
    diag_ron_unknown_variant,
    diag_ron_wrong_type,
    diag_ron_wrong_length,
    diag_ron_other,
    // Personas.
    diag_persona_id_empty,
    diag_persona_twice,
    diag_persona_elsewhere,
    diag_thresholds,
    help_thresholds,
    diag_hysteresis,
    diag_volatility,
    diag_relapse,
    diag_patience,
    diag_agreement_bonus,
    diag_silence,
    diag_breaking_point,
    diag_voice_range,
    help_voice_range,
    diag_unknown_technique,
    help_did_you_mean,
    help_techniques,
    diag_technique_twice,
    diag_effect_range,
    diag_mistake_calms,
    help_range_zero_or_more,
    diag_method_calms,
    help_range_below_zero,
    // Scenarios.
    diag_empty_id,
    diag_empty_title,
    diag_empty_caller_name,
    diag_empty_line,
    diag_empty_variant,
    diag_empty_reply_text,
    diag_empty_ending_line,
    diag_empty_caller_line,
    diag_empty_test_name,
    diag_no_brief,
    help_no_brief,
    diag_language_mismatch,
    diag_unknown_language,
    help_languages,
    diag_difficulty,
    diag_unknown_persona,
    help_known_personas,
    diag_anger,
    diag_no_personas,
    diag_persona_listed_twice,
    diag_anger_range,
    diag_max_turns,
    diag_time_limit,
    diag_no_nodes,
    diag_node_twice,
    diag_node_id_empty,
    diag_ending_twice,
    diag_node_and_ending,
    diag_ending_id_empty,
    diag_unknown_node,
    help_next_names,
    diag_start_is_ending,
    diag_no_replies,
    help_no_replies,
    diag_no_feedback,
    help_no_feedback,
    diag_mistake_anger,
    diag_anger_change,
    diag_no_next_for_mode,
    diag_no_next,
    help_no_next,
    diag_single_reply,
    diag_one_technique,
    diag_test_twice,
    diag_reply_number,
    diag_test_no_path,
    diag_score_range,
    diag_unreachable,
    help_unreachable,
    diag_no_way_out,
    diag_no_resolution,
    help_no_resolution,
    diag_missing_glyph,
    help_missing_glyph,
    diag_scenario_twice,
    help_scenario_twice,
    // The script rule.
    diag_simplified_in_traditional,
    diag_simplified_in_traditional_times,
    diag_traditional_in_simplified,
    diag_traditional_in_simplified_times,
    help_wrong_script,
    // Language versions of a call.
    help_translation_drift,
    diag_drift_start,
    diag_drift_caller,
    diag_drift_missing_node,
    diag_drift_extra_node,
    diag_drift_reply_count,
    diag_drift_technique,
    diag_drift_next,
    diag_drift_anger,
    diag_drift_anger_persona_here,
    diag_drift_anger_persona_there,
    diag_drift_endings,
    diag_drift_tests,
    // Recorded voices.
    diag_clip_unknown_lang,
    diag_clip_unknown_call,
    diag_clip_unknown_line,
    diag_clip_no_variant,
    diag_clip_not_ogg,
    help_clip_names,
    help_clip_folders,
    diag_partial_voice,
    diag_partial_voice_more,
    help_partial_voice,
    // Scenario tests.
    diag_test_no_such_reply,
    diag_test_ended,
    diag_test_ran_out,
    diag_test_score_between,
    diag_test_score_at_least,
    diag_test_score_at_most,
    diag_test_unfinished,
    help_test_first_slip,
    // The bots' findings.
    diag_best_uses_mistake,
    help_best_uses_mistake,
    diag_best_repeats_node,
    help_best_repeats_node,
    diag_method_no_reply,
    help_method_stage1,
    help_method_stage2,
    diag_method_provoked,
    help_method_provoked,
    diag_method_lost,
    help_method_lost,
    diag_method_unfinished,
    help_method_unfinished,
    diag_surface_longest,
    diag_surface_polite,
    diag_surface_cue,
    help_surface_wins,
    // Courses (`courses/*.ron`): what `check` finds in a course file.
    diag_course_empty_id,
    diag_course_no_title,
    diag_course_no_units,
    help_course_no_units,
    diag_course_unit_empty_id,
    diag_course_unit_twice,
    diag_course_unit_no_title,
    diag_course_no_calls,
    diag_course_call_empty_id,
    diag_course_call_twice,
    diag_course_unknown_call,
    help_course_known_calls,
    help_course_no_calls_found,
    diag_course_call_missing_language,
    help_course_call_missing_language,
    diag_course_pass_range,
    diag_course_count_range,
    diag_course_average_range,
    diag_course_title_missing_language,
    help_course_title_missing_language,
    diag_course_twice,
    help_course_twice,
    // Courses in `calmline report`.
    report_courses,
    report_course_head,
    report_course_none_yet,
    report_course_finished,
    report_course_next,
    report_course_practice,
    report_course_exam,
    report_course_done,
    report_course_open,
    report_course_locked,
    report_course_passed,
    report_course_unit,
    report_course_pass,
    report_course_attempts,
    report_course_finished_col,
    report_course_progress,
    report_course_units_done,
    report_unknown_course,
    report_known_courses,
    report_exam_calls,
    report_hints_used,
    report_hints,
    // `calmline map` and the report's map.
    /// The page and picture title of `calmline map`: the call's title.
    map_title,
    map_replies,
    map_by_mode,
    map_best,
    map_method,
    map_never,
    map_never_reached,
    map_start,
    map_unreachable,
    map_no_way_out,
    map_endings,
    map_hover,
    /// An arrow's hover text: from, to, reply number, its words, its technique.
    map_reply_title,
    map_if_mode,
    map_runs,
    map_bad_out,
    map_draft_note,
    /// The report's map of a call with the trainees' calls laid over it.
    map_heat_title,
    map_heat_reached,
    map_heat_picked,
    map_heat_lost,
    /// A box's hover text in the report: calls that reached it, of all, and by how many trainees.
    map_heat_node,
    map_heat_lost_here,
    map_heat_picks,
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

    #[test]
    fn messages_are_looked_up_and_a_missing_key_shows_itself() {
        use crate::engine::call::diag::{Message, msg};
        assert_eq!(strings(Lang::En).get("diag_not_found"), Some(strings(Lang::En).diag_not_found));
        assert_eq!(strings(Lang::En).get("no_such_entry"), None);
        assert_eq!(message(&msg!(diag_unknown_technique, "argu"), Lang::En), "unknown technique `argu`");
        assert_eq!(message(&msg!(diag_unknown_technique, "argu"), Lang::ZhHans), "未知技巧 `argu`");
        let odd = Message { key: "no_such_entry", args: vec!["a".into(), "b".into()] };
        assert_eq!(message(&odd, Lang::ZhHant), "no_such_entry (a, b)");
        assert_eq!(message(&Message { key: "no_such_entry", args: Vec::new() }, Lang::En), "no_such_entry");
    }

    #[test]
    fn a_problem_reads_the_same_in_plain_text_with_the_caret_under_its_column() {
        use crate::engine::call::diag::{Diagnostic, Severity, msg};
        let text = "ab\n你好x\n";
        let d = Diagnostic::at(Severity::Error, "x", std::path::Path::new("f.ron"), text, 9..10, msg!(diag_not_found))
            .with_help(msg!(help_did_you_mean, "y"));
        let en = "f.ron:2:3: error: no such file or folder\n 2 | 你好x\n   | 　　^\n = help: did you mean `y`?";
        assert_eq!(diagnostic_plain(&d, Lang::En), en);
        let zh = "f.ron:2:3: 错误：没有这个文件或文件夹\n 2 | 你好x\n   | 　　^\n = 提示：是不是 `y`？";
        assert_eq!(diagnostic_plain(&d, Lang::ZhHans), zh);
    }

    /// The `msg!(key, value, …)` calls in `text`: each key with how many values it gives.
    fn message_calls(text: &str) -> Vec<(String, usize)> {
        let mut calls = Vec::new();
        let mut rest = text;
        while let Some(i) = rest.find("msg!(") {
            rest = &rest[i + "msg!(".len()..];
            let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let (mut depth, mut values, mut pending) = (0usize, 0, false);
            let mut chars = rest[key.len()..].chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        pending = true;
                        while let Some(c) = chars.next() {
                            match c {
                                '\\' => {
                                    chars.next();
                                }
                                '"' => break,
                                _ => {}
                            }
                        }
                    }
                    '(' | '[' | '{' => {
                        depth += 1;
                        pending = true;
                    }
                    ')' | ']' | '}' if depth > 0 => depth -= 1,
                    ')' => break,
                    ',' if depth == 0 => {
                        values += pending as usize;
                        pending = false;
                    }
                    c if !c.is_whitespace() => pending = true,
                    _ => {}
                }
            }
            calls.push((key, values + pending as usize));
        }
        calls
    }

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }

    /// An engine message can never lack its words: every `msg!` key in `src/` is an entry
    /// of each table, and the entry uses exactly the values given (`{}` or `{0}`… `{N}`).
    #[test]
    fn every_message_in_the_source_has_its_entry_with_its_values() {
        assert_eq!(message_calls("msg!(a_b, x, f(y, z), \"p, q\",) msg!(c)"), [("a_b".into(), 3), ("c".into(), 0)]);
        let mut files = Vec::new();
        rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut checked = 0;
        // This file's own examples are not messages.
        for file in files.into_iter().filter(|f| !f.ends_with("text/mod.rs")) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (key, values) in message_calls(&text) {
                let want: std::collections::BTreeSet<usize> = (0..values).collect();
                for lang in Lang::ALL {
                    let entry = strings(lang).get(&key);
                    let entry =
                        entry.unwrap_or_else(|| panic!("{}: `{key}` is not in the {lang} table", file.display()));
                    assert_eq!(
                        placeholders(entry),
                        want,
                        "{}: `{key}` in {lang} takes {values} values",
                        file.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 150, "only {checked} messages found");
    }
}
