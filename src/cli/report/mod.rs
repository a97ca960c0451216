//! `calmline report`: trainees' progress and where callers are lost, from call records.
//! A text summary always goes to stdout; `--html` writes one self-contained page with
//! charts, `--csv` one row per session, `--course-csv` one row per trainee and course call.
//! Course progress comes from the courses of the dialogues folder (`--dialogues`).

mod charts;
mod courses;
mod csv;
pub(crate) mod html;
mod map;

use crate::engine::call::course::Course;
use crate::engine::judge::simulate::Outcomes;
use crate::engine::records::record;
use crate::engine::records::report::{Report, ScenarioReport, TraineeReport};
use crate::engine::{Lang, Library};
use crate::text::{self, Strings, fill, strings};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Records folders (default: the user's records folder, where the game saves).
    pub dirs: Vec<PathBuf>,
    /// Write the report as one self-contained HTML page with charts.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write one row per session as CSV (UTF-8 with a byte-order mark, for spreadsheets).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write course progress as CSV: one row per trainee and course call.
    #[arg(long, value_name = "FILE")]
    pub course_csv: Option<PathBuf>,
    /// Report on this course only (by id); default: every course of the dialogues folder.
    #[arg(long, value_name = "ID")]
    pub course: Option<String>,
    /// The dialogues folder whose courses (`courses/*.ron`) to report on (default: dialogues/).
    #[arg(long, value_name = "DIR")]
    pub dialogues: Option<PathBuf>,
    /// Language of the report: zh-Hans, zh-Hant or en (default: from LC_ALL, LC_MESSAGES
    /// or LANG, such as `zh_TW.UTF-8`; English when they name none of the three).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
}

/// The language from the environment: the first of LC_ALL, LC_MESSAGES and LANG that is
/// set decides (`zh_TW.UTF-8` is Traditional Chinese, `zh_CN` or plain `zh` Simplified);
/// English otherwise.
pub fn env_lang() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let tag = v.split(['.', '@']).next().unwrap_or_default();
            return Lang::from_id(tag)
                .or_else(|| tag.to_ascii_lowercase().starts_with("zh").then_some(Lang::ZhHans))
                .unwrap_or(Lang::En);
        }
    }
    Lang::En
}

pub fn run(args: ReportArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let defaulted = args.dirs.is_empty();
    let dirs = if defaulted { vec![record::default_dir()] } else { args.dirs.clone() };
    for d in &dirs {
        // The default folder may not exist yet: the game has not saved a call.
        let not_yet = defaulted && !d.exists();
        if !d.is_dir() && !not_yet {
            eprintln!("{}", fill(strings(lang).error, &[&fill(strings(lang).report_not_a_folder, &[&d.display()])]));
            return 2;
        }
    }
    for out in [&args.html, &args.csv, &args.course_csv].into_iter().flatten() {
        if out.is_dir() {
            eprintln!(
                "{}",
                fill(strings(lang).error, &[&fill(strings(lang).report_folder_not_file, &[&out.display()])])
            );
            return 2;
        }
    }
    let dialogues = args.dialogues.clone().unwrap_or_else(crate::paths::default_dialogues);
    let library = dialogues.is_dir().then(|| Library::load(std::slice::from_ref(&dialogues), None));
    let courses = match load_courses(&args, lang, &dialogues, library.as_ref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let scan = record::scan_folders(&dirs);
    let mut report = Report::build(&scan);
    report.add_courses(&courses, &scan);
    // Every course lists only once someone has taken a call in it; one asked for by name
    // is listed anyway.
    if args.course.is_none() {
        report.courses.retain(|c| !c.trainees.is_empty());
    }
    print_text(&report, lang);

    let mut code = 0;
    if let Some(path) = &args.html {
        // Each call's map with the trainees' calls on it, for the calls in the dialogues
        // folder (matched by id and language).
        if let Some(lib) = &library {
            report.add_maps(&lib.scenarios, &scan);
        }
        // The game's font makes Chinese text readable on a computer without a Chinese font.
        let font = crate::paths::font_path().and_then(|p| std::fs::read(p).ok());
        let page = html::page(&report, lang, font.as_deref());
        code = code.max(write_out(path, page.as_bytes(), lang));
    }
    if let Some(path) = &args.csv {
        let table = csv::table(&scan);
        code = code.max(write_out(path, table.as_bytes(), lang));
    }
    if let Some(path) = &args.course_csv {
        let table = courses::table(&report.courses, lang);
        code = code.max(write_out(path, table.as_bytes(), lang));
    }
    code
}

/// The courses to report on: those of the dialogues folder (`library`, when the folder
/// is there), or the one `--course` names. A dialogues folder that is not there gives no
/// courses, unless it was asked for.
fn load_courses(
    args: &ReportArgs,
    lang: Lang,
    dialogues: &Path,
    library: Option<&Library>,
) -> Result<Vec<Arc<Course>>, i32> {
    let t = strings(lang);
    let error = |message: String| eprintln!("{}", fill(t.error, &[&message]));
    let Some(library) = library else {
        if args.dialogues.is_some() || args.course.is_some() {
            error(fill(t.replay_no_dialogues, &[&dialogues.display()]));
            return Err(2);
        }
        return Ok(Vec::new());
    };
    let Some(id) = &args.course else { return Ok(library.courses.clone()) };
    match library.course(id) {
        Some(c) => Ok(vec![Arc::clone(c)]),
        None => {
            error(fill(t.report_unknown_course, &[id, &dialogues.display()]));
            let known: Vec<&str> = library.courses.iter().map(|c| c.id.as_str()).collect();
            if !known.is_empty() {
                eprintln!("{}", fill(t.report_known_courses, &[&known.join(", ")]));
            }
            if library.has_errors() {
                eprintln!("{}", fill(t.replay_check_hint, &[&dialogues.display()]));
            }
            Err(2)
        }
    }
}

pub(crate) fn write_out(path: &Path, bytes: &[u8], lang: Lang) -> i32 {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        eprintln!(
            "{}",
            fill(strings(lang).error, &[&fill(strings(lang).report_cannot_create, &[&parent.display(), &e])])
        );
        return 1;
    }
    match std::fs::write(path, bytes) {
        Ok(()) => {
            outln!("{}", fill(strings(lang).report_wrote, &[&path.display()]));
            0
        }
        Err(e) => {
            eprintln!(
                "{}",
                fill(strings(lang).error, &[&fill(strings(lang).report_cannot_write, &[&path.display(), &e])])
            );
            1
        }
    }
}

/// How calls ended, each outcome shown by `show(name, count)`: resolved, escalated and hung
/// up always, calls the agent ended only where there are some.
pub(crate) fn outcome_parts(w: &Strings, o: &Outcomes, show: impl Fn(&str, usize) -> String) -> Vec<String> {
    let mut parts = vec![
        show(w.report_resolved, o.resolved),
        show(w.report_escalated, o.escalated),
        show(w.report_hung_up, o.hung_up),
    ];
    if o.agent_ended > 0 {
        parts.push(show(w.report_agent_ended, o.agent_ended));
    }
    parts
}

/// "67%" of `n` out of `total`.
pub(crate) fn percent(n: usize, total: usize) -> String {
    if total == 0 { "-".to_string() } else { format!("{:.0}%", n as f64 * 100.0 / total as f64) }
}

pub(crate) fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max { flat.chars().take(max - 1).chain(std::iter::once('…')).collect() } else { flat }
}

/// A timestamp shortened to minutes, as "2026-11-23 08:00".
pub(crate) fn short_time(ts: &str) -> String {
    match ts.parse::<jiff::Timestamp>() {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => ts.to_string(),
    }
}

fn print_text(r: &Report, lang: Lang) {
    let w = strings(lang);
    outln!("{}", w.report_title);
    let folders: Vec<String> = r.folders.iter().map(|f| f.display().to_string()).collect();
    outln!("{}{}{}", w.report_folders, w.report_colon, folders.join(w.report_comma));
    for (dir, e) in &r.unreadable {
        outln!("  {}", fill(w.report_cannot_read_folder, &[&dir.display(), e]));
    }
    outln!("{}", text::read_skipped(lang, r.files, r.skipped.len()));
    for s in &r.skipped {
        outln!("  {}{}{}", s.path.display(), w.report_colon, text::skip_reason(&s.reason, lang));
    }
    outln!("{}", text::records_line(lang, r.records, r.counted, r.interrupted, r.previews));
    if let Some((first, last)) = &r.period {
        outln!(
            "{}{}{} – {}{}UTC{}",
            w.report_period,
            w.report_colon,
            short_time(first),
            short_time(last),
            w.report_lparen,
            w.report_rparen
        );
    }
    if r.counted == 0 && r.interrupted == 0 {
        outln!("{}", w.report_nothing);
        return;
    }
    let o = &r.outcomes;
    let share =
        |name: &str, n: usize| format!("{name} {n}{}{}{}", w.report_lparen, percent(n, r.counted), w.report_rparen);
    outln!(
        "{}{}{} {}{}{}",
        w.report_overview,
        w.report_colon,
        w.report_mean_score,
        r.mean.map_or("-".to_string(), |m| format!("{m:.1}")),
        w.report_semicolon,
        outcome_parts(w, o, |name, n| share(name, n)).join(w.report_comma),
    );
    outln!();
    courses::print(&r.courses, lang);
    outln!("{}", w.report_trainees);
    for t in &r.trainees {
        print_trainee(t, lang);
    }
    outln!();
    outln!("{}", w.report_calls);
    for s in &r.scenarios {
        print_scenario(s, lang);
    }
}

fn print_trainee(t: &TraineeReport, lang: Lang) {
    let w = strings(lang);
    let n = t.sessions;
    let figures = [
        format!("{} {n}", w.report_sessions),
        format!("{} {}", w.report_best, t.best.map_or("-".into(), |b| b.to_string())),
        format!("{} {}", w.report_mean, t.mean.map_or("-".into(), |m| format!("{m:.1}"))),
    ];
    let rates = outcome_parts(w, &t.outcomes, |name, count| format!("{name} {}", percent(count, n)));
    let mut line = format!(
        "  {}{}{}{}{}",
        t.name,
        w.report_colon,
        figures.join(w.report_comma),
        w.report_semicolon,
        rates.join(w.report_comma)
    );
    if t.interrupted > 0 {
        line.push_str(w.report_semicolon);
        line.push_str(&text::interrupted_count(lang, t.interrupted));
    }
    let exams = t.attempts.iter().filter(|a| a.exam).count();
    let hints: usize = t.attempts.iter().map(|a| a.hints).sum();
    let mut extra = Vec::new();
    if exams > 0 {
        extra.push(fill(w.report_exam_calls, &[&exams]));
    }
    if hints > 0 {
        extra.push(fill(w.report_hints_used, &[&hints]));
    }
    if !extra.is_empty() {
        line.push_str(w.report_semicolon);
        line.push_str(&extra.join(w.report_comma));
    }
    outln!("{line}");
    if let Some(tr) = &t.trend {
        outln!("    {}{}{}", w.report_progress, w.report_colon, text::trend(lang, tr.window, tr.early, tr.late));
    }
    if !t.slips.is_empty() {
        let top: Vec<String> = t.slips.iter().take(3).map(|(s, c)| format!("{} ×{c}", text::slip(s, lang))).collect();
        outln!("    {}{}{}", w.report_slips, w.report_colon, top.join(w.report_comma));
    }
}

fn print_scenario(s: &ScenarioReport, lang: Lang) {
    let w = strings(lang);
    let mut head = format!(
        "  {}{}{}{}{}{}{}{}",
        s.title,
        w.report_lparen,
        s.key.id,
        w.report_comma,
        s.key.lang.id(),
        w.report_rparen,
        w.report_colon,
        text::sessions_by(lang, s.sessions, s.trainees)
    );
    if s.interrupted > 0 {
        head.push_str(w.report_comma);
        head.push_str(&text::interrupted_count(lang, s.interrupted));
    }
    outln!("{head}");
    if s.sessions > 0 {
        let spread = [
            format!("{} {}", w.report_min, s.spread.min),
            format!("{} {:.0}", w.report_median, s.spread.median),
            format!("{} {}", w.report_max, s.spread.max),
            format!("{} {:.1}", w.report_mean, s.spread.mean),
        ];
        let outcomes = outcome_parts(w, &s.outcomes, |name, n| format!("{name} {n}"));
        outln!(
            "    {}{}{}{}{}",
            w.report_score,
            w.report_colon,
            spread.join(" · "),
            w.report_semicolon,
            outcomes.join(w.report_comma)
        );
    }
    if s.versions > 1 {
        outln!("    {}", w.report_versions_note);
    }
    if s.losses.is_empty() {
        if s.sessions > 0 {
            outln!("    {}", w.report_no_losses);
        }
    } else {
        outln!("    {}{}", w.report_where_lost, w.report_colon.trim_end());
        for l in s.losses.iter().take(5) {
            let reply = match (&l.reply, l.technique) {
                (Some(text), Some(t)) => format!("\"{}\" [{}]", one_line(text, 60), text::technique(t, lang)),
                _ => w.report_silence.to_string(),
            };
            let mut parts = Vec::new();
            if l.lost.escalated > 0 {
                parts.push(format!("{} {}", w.report_escalated, l.lost.escalated));
            }
            if l.lost.hung_up > 0 {
                parts.push(format!("{} {}", w.report_hung_up, l.lost.hung_up));
            }
            outln!(
                "      {} `{}`{}{}{}{}",
                w.report_node,
                l.node,
                w.report_comma,
                reply,
                w.report_colon,
                parts.join(w.report_comma)
            );
        }
    }
    if !s.nodes.is_empty() {
        outln!("    {}{}", w.report_picks, w.report_colon.trim_end());
        for n in &s.nodes {
            let picks: usize = n.replies.iter().map(|r| r.picked).sum::<usize>() + n.silences;
            let mut items: Vec<String> = n
                .replies
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{} \"{}\" {}", i + 1, one_line(&r.text, 32), percent(r.picked, picks)))
                .collect();
            if n.silences > 0 {
                items.push(format!("{} {}", w.report_silence, percent(n.silences, picks)));
            }
            outln!(
                "      {}{}{}{}{}{}",
                n.id,
                w.report_lparen,
                text::visits(lang, n.visits),
                w.report_rparen,
                w.report_colon,
                items.join(" · ")
            );
        }
    }
}
