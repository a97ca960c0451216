//! The engine's typed values as text: technique, mode, ending and score-part names,
//! debrief notes, slips, problems with records files and folders, replay differences and
//! the problems `check` finds. Each is one entry of the language's table, filled with the
//! value's numbers.

use super::{Strings, fill, strings};
use crate::engine::Lang;
use crate::engine::call::course::UnitMode;
use crate::engine::call::diag::{Diagnostic, Message, Severity};
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::technique::Technique;
use crate::engine::judge::debrief::{Note, TooEarly};
use crate::engine::judge::score::PartKind;
use crate::engine::records::progress::UnitState;
use crate::engine::records::record::{FORMAT, Offered, Problem, RecordError};
use crate::engine::records::replay::{Cause, Difference};
use crate::engine::records::report::Slip;

/// The technique's name for trainees.
pub fn technique(t: Technique, lang: Lang) -> &'static str {
    let s = strings(lang);
    match t {
        Technique::LetVent => s.tech_let_vent,
        Technique::Paraphrase => s.tech_paraphrase,
        Technique::SeekAgreement => s.tech_seek_agreement,
        Technique::NameTheFeeling => s.tech_name_the_feeling,
        Technique::AcknowledgeUrgency => s.tech_acknowledge_urgency,
        Technique::PointDirection => s.tech_point_direction,
        Technique::PreventLoss => s.tech_prevent_loss,
        Technique::DeclineWithOption => s.tech_decline_with_option,
        Technique::Apologise => s.tech_apologise,
        Technique::RecordAndFollowUp => s.tech_record_and_follow_up,
        Technique::WarmTransfer => s.tech_warm_transfer,
        Technique::VerifyIdentity => s.tech_verify_identity,
        Technique::SetBoundary => s.tech_set_boundary,
        Technique::CloseCall => s.tech_close_call,
        Technique::ReasonTooEarly => s.tech_reason_too_early,
        Technique::TonePolicing => s.tech_tone_policing,
        Technique::Interrogate => s.tech_interrogate,
        Technique::Argue => s.tech_argue,
        Technique::JudgePerson => s.tech_judge_person,
        Technique::PassTheBuck => s.tech_pass_the_buck,
        Technique::CasualTransfer => s.tech_casual_transfer,
        Technique::BrushOff => s.tech_brush_off,
        Technique::ForbiddenWords => s.tech_forbidden_words,
        Technique::OverPromise => s.tech_over_promise,
        Technique::Other => s.tech_other,
    }
}

/// How a course unit is taken: "practice", "考核".
pub fn unit_mode(m: UnitMode, lang: Lang) -> &'static str {
    let s = strings(lang);
    match m {
        UnitMode::Practice => s.report_course_practice,
        UnitMode::Exam => s.report_course_exam,
    }
}

/// Where a trainee stands in a course unit: "done", "未解锁".
pub fn unit_state(state: UnitState, lang: Lang) -> &'static str {
    let s = strings(lang);
    match state {
        UnitState::Done => s.report_course_done,
        UnitState::Open => s.report_course_open,
        UnitState::Locked => s.report_course_locked,
    }
}

/// The mode's short name: "攻击", "attack".
pub fn mode(m: Mode, lang: Lang) -> &'static str {
    let s = strings(lang);
    match m {
        Mode::Attack => s.mode_attack,
        Mode::Emotion => s.mode_emotion,
        Mode::Reasoning => s.mode_reasoning,
    }
}

/// How the call ended: "问题解决", "caller hung up".
pub fn ending(k: EndingKind, lang: Lang) -> &'static str {
    let s = strings(lang);
    match k {
        EndingKind::Resolved => s.ending_resolved,
        EndingKind::Escalated => s.ending_escalated,
        EndingKind::HungUp => s.ending_hung_up,
        EndingKind::AgentEnded => s.ending_agent_ended,
    }
}

/// A part of the score: "Outcome", "方法顺序".
pub fn part(p: PartKind, lang: Lang) -> &'static str {
    let s = strings(lang);
    match p {
        PartKind::Outcome => s.part_outcome,
        PartKind::DeEscalation => s.part_de_escalation,
        PartKind::Method => s.part_method,
        PartKind::Service => s.part_service,
        PartKind::Mistakes => s.part_mistakes,
        PartKind::Efficiency => s.part_efficiency,
    }
}

/// A debrief note as a sentence. Turns are shown 1-based.
pub fn note(n: &Note, lang: Lang) -> String {
    let s = strings(lang);
    let turn_only = |template: &str, turn: usize| fill(template, &[&(turn + 1)]);
    match *n {
        Note::Resolved => s.note_resolved.into(),
        Note::BoundaryThenEnded => s.note_boundary_then_ended.into(),
        Note::EndedWithoutBoundary => s.note_ended_without_boundary.into(),
        Note::IdentityTooEarly { turn } => turn_only(s.note_identity_too_early, turn),
        Note::Calmed { from, to } => fill(s.note_calmed, &[&from, &to]),
        Note::TwoAgreements { turn } => turn_only(s.note_two_agreements, turn),
        Note::ReachedReasoning { turn } => turn_only(s.note_reached_reasoning, turn),
        Note::Apologised { turn } => turn_only(s.note_apologised, turn),
        Note::Recorded { turn } => turn_only(s.note_recorded, turn),
        Note::ProperClose => s.note_proper_close.into(),
        Note::Mistake { turn, technique: t } => fill(s.note_mistake, &[&(turn + 1), &technique(t, lang)]),
        Note::StageTwoTooEarly { turn, technique: t, why } => match why {
            TooEarly::BeforeAgreements { agreements } => {
                fill(s.note_too_early_agreements, &[&(turn + 1), &technique(t, lang), &agreements])
            }
            TooEarly::StillAttacking { anger, below } => {
                fill(s.note_too_early_attacking, &[&(turn + 1), &technique(t, lang), &anger, &below])
            }
        },
        Note::Provoked { turn } => turn_only(s.note_provoked, turn),
        Note::Relapse { turn } => turn_only(s.note_relapse, turn),
        Note::Silence { turn } => turn_only(s.note_silence, turn),
        Note::NoApology => s.note_no_apology.into(),
        Note::NoRecord => s.note_no_record.into(),
        Note::NoClose => s.note_no_close.into(),
        Note::Lost { kind } => fill(s.note_lost, &[&ending(kind, lang)]),
    }
}

/// A slip as counted in the report.
pub fn slip(sl: &Slip, lang: Lang) -> String {
    let s = strings(lang);
    match sl {
        Slip::Mistake(t) => technique(*t, lang).into(),
        Slip::TooEarly(t) => fill(s.slip_too_early, &[&technique(*t, lang)]),
        Slip::Relapse => s.slip_relapse.into(),
        Slip::Silence => s.slip_silence.into(),
        Slip::NoApology => s.slip_no_apology.into(),
        Slip::NoRecord => s.slip_no_record.into(),
        Slip::NoClose => s.slip_no_close.into(),
        Slip::EndedWithoutBoundary => s.slip_ended_without_boundary.into(),
        Slip::IdentityTooEarly => s.slip_identity_too_early.into(),
    }
}

/// What is wrong with a records file or folder (why a file in a folder was not read, or
/// why a folder or file cannot be used), as a fragment for trainers and trainees.
pub fn skip_reason(r: &Problem, lang: Lang) -> String {
    let s = strings(lang);
    match r {
        Problem::Unreadable { error } => fill(s.skip_unreadable, &[error]),
        Problem::Empty => s.skip_empty.into(),
        Problem::TooLarge { bytes } => fill(s.skip_too_large, &[&format!("{:.1}", *bytes as f64 / 1_048_576.0)]),
        Problem::NotJson { line, column } => fill(s.skip_not_json, &[line, column]),
        Problem::Truncated => s.skip_truncated.into(),
        Problem::NotARecord { detail } => fill(s.skip_not_a_record, &[detail]),
        Problem::FutureFormat { format } => fill(s.skip_future_format, &[format, &FORMAT]),
        Problem::NotRecordFile => s.skip_not_record_file.into(),
        Problem::Journal => s.skip_journal.into(),
        Problem::Duplicate { of } => fill(s.skip_duplicate, &[&of.display()]),
        Problem::FolderUnusable { error } => fill(s.record_folder_unusable, &[error]),
        Problem::Unwritable { error } => fill(s.record_unwritable, &[error]),
        Problem::NoFreeName => s.record_no_free_name.into(),
        Problem::BadJournal { detail } => fill(s.record_bad_journal, &[detail]),
    }
}

/// A records file or folder and what went wrong with it, as one line for trainees and
/// trainers: "records/x.json: cannot be written: …".
pub fn record_error(e: &RecordError, lang: Lang) -> String {
    fill(strings(lang).record_error, &[&e.path.display(), &skip_reason(&e.problem, lang)])
}

fn yes_no(b: bool, s: &Strings) -> String {
    (if b { s.word_yes } else { s.word_no }).into()
}

fn ending_or_not(e: Option<EndingKind>, lang: Lang) -> String {
    e.map_or(strings(lang).diff_not_ended, |k| ending(k, lang)).into()
}

fn technique_or_silence(t: Option<Technique>, lang: Lang) -> String {
    match t {
        Some(t) => format!("{} ({})", technique(t, lang), t.id()),
        None => strings(lang).diff_silence.into(),
    }
}

fn offered_text(o: &Option<Offered>, lang: Lang) -> String {
    match o {
        Some(o) => format!("\"{}\" [{}]", o.text, o.technique.id()),
        None => strings(lang).diff_none.into(),
    }
}

fn number(n: Option<u8>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// What differs between a record and the engine's replay: "what: record …, engine …".
pub fn difference(d: &Difference, lang: Lang) -> String {
    let s = strings(lang);
    let pair = |what: &str, rec: String, eng: String| fill(s.diff_pair, &[&what, &rec, &eng]);
    match d {
        Difference::EngineEnded { outcome } => fill(s.diff_engine_ended, &[&ending_or_not(*outcome, lang)]),
        Difference::Node { recorded, engine } => pair(s.diff_node, format!("`{recorded}`"), format!("`{engine}`")),
        Difference::Caller { recorded, engine } => {
            let caller = |d: &Option<crate::engine::call::model::Drawn>| {
                d.as_ref().map_or_else(|| "-".to_string(), |d| format!("`{}` {}", d.persona, d.anger))
            };
            pair(s.diff_caller, caller(recorded), caller(engine))
        }
        Difference::AngerBefore { recorded, engine } => {
            pair(s.diff_anger_before, recorded.to_string(), engine.to_string())
        }
        Difference::ModeBefore { recorded, engine } => {
            pair(s.diff_mode_before, mode(*recorded, lang).into(), mode(*engine, lang).into())
        }
        Difference::Line { recorded, engine } => pair(s.diff_line, format!("\"{recorded}\""), format!("\"{engine}\"")),
        Difference::Offered { index, recorded, engine } => {
            pair(&fill(s.diff_offered, &[&(index + 1)]), offered_text(recorded, lang), offered_text(engine, lang))
        }
        Difference::NoSuchReply { index, count } => fill(s.diff_no_such_reply, &[&(index + 1), count]),
        Difference::Technique { recorded, engine } => {
            pair(s.diff_technique, technique_or_silence(*recorded, lang), technique_or_silence(*engine, lang))
        }
        Difference::AngerAfter { recorded, engine } => {
            pair(s.diff_anger_after, recorded.to_string(), engine.to_string())
        }
        Difference::ModeAfter { recorded, engine } => {
            pair(s.diff_mode_after, mode(*recorded, lang).into(), mode(*engine, lang).into())
        }
        Difference::Agreement { recorded, engine } => pair(s.diff_agreement, yes_no(*recorded, s), yes_no(*engine, s)),
        Difference::Relapse { recorded, engine } => pair(s.diff_relapse, yes_no(*recorded, s), yes_no(*engine, s)),
        Difference::Ended { recorded, engine } => {
            pair(s.diff_ended, ending_or_not(*recorded, lang), ending_or_not(*engine, lang))
        }
        Difference::CallGoesOn => s.diff_call_goes_on.into(),
        Difference::Outcome { recorded, engine } => {
            pair(s.diff_outcome, ending_or_not(*recorded, lang), ending_or_not(*engine, lang))
        }
        Difference::Score { part: p, recorded, engine } => {
            let what = match p {
                Some(p) => fill(s.diff_score_part, &[&part(*p, lang)]),
                None => s.diff_score_total.into(),
            };
            pair(&what, number(*recorded), number(*engine))
        }
    }
}

/// The likely cause of a difference.
pub fn cause(c: &Cause, lang: Lang) -> String {
    let s = strings(lang);
    match c {
        Cause::ScenarioChanged { recorded, current } => fill(s.cause_scenario_changed, &[recorded, current]),
        Cause::RecordAltered { recorded_version, this_version } => {
            if recorded_version == this_version || recorded_version.is_empty() {
                s.cause_record_altered.into()
            } else {
                fill(s.cause_record_altered_or_version, &[recorded_version, this_version])
            }
        }
    }
}

/// "9 visits" at a node.
pub fn visits(lang: Lang, n: usize) -> String {
    fill(strings(lang).report_visits, &[&n])
}

/// "Read N files, skipped M."
pub fn read_skipped(lang: Lang, files: usize, skipped: usize) -> String {
    fill(strings(lang).report_read_skipped, &[&files, &skipped])
}

/// "10 records: 8 complete sessions counted, 1 interrupted, 1 trainer preview (not counted)."
pub fn records_line(lang: Lang, records: usize, counted: usize, interrupted: usize, previews: usize) -> String {
    fill(strings(lang).report_records_line, &[&records, &counted, &interrupted, &previews])
}

/// "first 2 sessions: mean 48 → last 2: mean 81 (+33)".
pub fn trend(lang: Lang, window: usize, early: f32, late: f32) -> String {
    let (early, late, change) = (format!("{early:.0}"), format!("{late:.0}"), format!("{:+.0}", late - early));
    fill(strings(lang).report_trend, &[&window, &early, &window, &late, &change])
}

/// "6 sessions by 3 trainees".
pub fn sessions_by(lang: Lang, sessions: usize, trainees: usize) -> String {
    fill(strings(lang).report_sessions_by, &[&sessions, &trainees])
}

/// "2 interrupted".
pub fn interrupted_count(lang: Lang, n: usize) -> String {
    fill(strings(lang).report_interrupted_count, &[&n])
}

/// A message of the engine or the commands in `lang`: its table entry filled with its
/// values. A key missing from the table shows as the key and its values, never a panic.
pub fn message(m: &Message, lang: Lang) -> String {
    let values: Vec<&dyn std::fmt::Display> = m.args.iter().map(|a| a as &dyn std::fmt::Display).collect();
    match strings(lang).get(m.key) {
        Some(template) => fill(template, &values),
        None if m.args.is_empty() => m.key.to_string(),
        None => format!("{} ({})", m.key, m.args.join(", ")),
    }
}

/// A problem as plain text: `file:line:column: error: message`, the offending line with a
/// caret under the column, and the help. Front ends without colour use this.
pub fn diagnostic_plain(d: &Diagnostic, lang: Lang) -> String {
    let s = strings(lang);
    let severity = match d.severity {
        Severity::Error => s.error,
        Severity::Warning => s.warning,
    };
    let head = fill(severity, &[&message(&d.message, lang)]);
    let mut out = format!("{}:{}:{}: {head}", d.file.display(), d.line, d.column);
    if !d.snippet.is_empty() && d.line > 0 {
        let gutter = d.line.to_string();
        out.push_str(&format!("\n {gutter} | {}", d.snippet));
        out.push_str(&format!("\n {} | {}^", " ".repeat(gutter.len()), d.caret_pad()));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("\n = {}", fill(s.diag_help, &[&message(help, lang)])));
    }
    out
}

/// A date as each language writes it in a sentence: "2 December 2026", "2026年12月2日".
/// `timestamp` is RFC 3339; one that does not parse is shown as it is.
pub fn date(timestamp: &str, lang: Lang) -> String {
    let Ok(ts) = timestamp.parse::<jiff::Timestamp>() else { return timestamp.to_string() };
    let d = ts.to_zoned(jiff::tz::TimeZone::UTC).date();
    let s = strings(lang);
    let month = s.months.split('|').nth(d.month() as usize - 1).unwrap_or("");
    fill(s.date_long, &[&d.year(), &month, &d.day()])
}
