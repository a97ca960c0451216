//! The report's course section: for each course, each trainee's units (done, open or
//! locked), their best score on each call against its pass mark, and who has finished.
//! As text, as an HTML section and as a CSV file of its own (`--course-csv`), one row per
//! trainee and course call. The CSV columns are documented in `docs/courses.md`.

use super::csv::{push_row, text as cell};
use super::html::esc;
use super::short_time;
use crate::engine::Lang;
use crate::engine::records::progress::{CallProgress, UnitState};
use crate::engine::records::report::{CourseReport, TraineeCourse};
use crate::text::{self, fill, strings};
use std::fmt::Write as _;

/// The header row of the course CSV.
pub const COLUMNS: [&str; 16] = [
    "course_id",
    "course_title",
    "trainee",
    "course_completed_at",
    "course_completed_record",
    "unit_number",
    "unit_id",
    "unit_title",
    "unit_mode",
    "unit_state",
    "call_id",
    "pass",
    "best",
    "attempts",
    "passed",
    "next",
];

/// "tutorial 100/60 passed ×2": a call's best score against its pass mark, and attempts.
fn call_line(c: &CallProgress, lang: Lang) -> String {
    let best = c.best.map_or("–".to_string(), |b| b.to_string());
    let mut out = format!("{} {best}/{}", c.id, c.pass);
    if c.passed {
        out.push(' ');
        out.push_str(strings(lang).report_course_passed);
    }
    if c.attempts > 0 {
        let _ = write!(out, " ×{}", c.attempts);
    }
    out
}

/// Where the trainee stands: finished (when), or units done and the next call.
fn status(c: &CourseReport, t: &TraineeCourse, lang: Lang) -> String {
    let w = strings(lang);
    let p = &t.progress;
    match (&p.completed, p.next) {
        (Some(done), _) => fill(w.report_course_finished, &[&short_time(&done.at)]),
        (None, Some((u, k))) => {
            let call = c.course.units[u].calls.get(k).map_or("", |call| call.id.as_str());
            fill(w.report_course_next, &[&p.done(), &c.course.units.len(), &call, &(u + 1)])
        }
        (None, None) => fill(w.report_course_units_done, &[&p.done(), &c.course.units.len()]),
    }
}

/// The course section of the text summary.
pub fn print(courses: &[CourseReport], lang: Lang) {
    if courses.is_empty() {
        return;
    }
    let w = strings(lang);
    outln!("{}", w.report_courses);
    for c in courses {
        let units = c.course.units.len();
        outln!(
            "  {}",
            fill(
                w.report_course_head,
                &[&c.course.title.get(lang), &c.course.id, &units, &c.trainees.len(), &c.finished()]
            )
        );
        if c.trainees.is_empty() {
            outln!("    {}", w.report_course_none_yet);
        }
        for t in &c.trainees {
            outln!("    {}{}{}", t.name, w.report_colon, status(c, t, lang));
            for (i, (unit, up)) in c.course.units.iter().zip(&t.progress.units).enumerate() {
                let mut line = format!(
                    "      {}. {}{}{}{}{}{}",
                    i + 1,
                    unit.title.get(lang),
                    w.report_lparen,
                    text::unit_mode(unit.mode, lang),
                    w.report_rparen,
                    w.report_colon,
                    text::unit_state(up.state, lang)
                );
                let tried = up.calls.iter().any(|k| k.attempts > 0);
                if up.state != UnitState::Locked || tried {
                    let calls: Vec<String> = up.calls.iter().map(|k| call_line(k, lang)).collect();
                    line.push_str(w.report_semicolon);
                    line.push_str(&calls.join(w.report_comma));
                }
                outln!("{line}");
            }
        }
    }
    outln!();
}

/// The course CSV: a byte-order mark, the header, and one row per trainee and call of
/// each course (titles in `lang`).
pub fn table(courses: &[CourseReport], lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, COLUMNS.iter().map(|c| c.to_string()).collect());
    for c in courses {
        for t in &c.trainees {
            let p = &t.progress;
            let (at, record) =
                p.completed.as_ref().map_or((String::new(), String::new()), |d| (d.at.clone(), d.record_id.clone()));
            for (i, (unit, up)) in c.course.units.iter().zip(&p.units).enumerate() {
                for (k, call) in up.calls.iter().enumerate() {
                    let yes_no = |b: bool| if b { "true" } else { "false" }.to_string();
                    push_row(
                        &mut out,
                        vec![
                            cell(&c.course.id),
                            cell(c.course.title.get(lang)),
                            cell(&t.name),
                            cell(&at),
                            cell(&record),
                            (i + 1).to_string(),
                            cell(&unit.id),
                            cell(unit.title.get(lang)),
                            unit.mode.id().to_string(),
                            up.state.id().to_string(),
                            cell(&call.id),
                            call.pass.to_string(),
                            call.best.map_or(String::new(), |b| b.to_string()),
                            call.attempts.to_string(),
                            yes_no(call.passed),
                            yes_no(p.next == Some((i, k))),
                        ],
                    );
                }
            }
        }
    }
    out
}

/// Styles of the course section, added to the page's.
pub const STYLE: &str = r#"
.u-done { color: var(--good); font-weight: 600; }
.u-open { color: var(--accent); font-weight: 600; }
.u-locked { color: var(--muted); }
.tag.exam { background: #fff3e0; color: #a15c00; }
.passed { color: var(--good); font-weight: 600; }
"#;

fn mode_tag(exam: bool, lang: Lang) -> String {
    let mode = if exam { crate::engine::UnitMode::Exam } else { crate::engine::UnitMode::Practice };
    let class = if exam { "tag exam" } else { "tag" };
    format!("<span class=\"{class}\">{}</span>", esc(text::unit_mode(mode, lang)))
}

/// The exam tag of a session listing, empty for practice.
pub fn exam_tag(exam: bool, lang: Lang) -> String {
    if exam { format!(" {}", mode_tag(true, lang)) } else { String::new() }
}

/// The course section of the HTML page.
pub fn html(out: &mut String, courses: &[CourseReport], lang: Lang) {
    if courses.is_empty() {
        return;
    }
    let w = strings(lang);
    let _ = writeln!(out, "<h2 id=\"courses\">{}</h2>", esc(w.report_courses));
    for (i, c) in courses.iter().enumerate() {
        let _ = write!(
            out,
            "<section class=\"card\" id=\"course-{i}\"><h3>{} <code>{}</code></h3><div class=\"stats\"><span>{}{}<b>{}</b></span><span>{}{}<b>{}</b></span></div>",
            esc(c.course.title.get(lang)),
            esc(&c.course.id),
            esc(w.report_trainees),
            w.report_colon,
            c.trainees.len(),
            esc(w.report_course_finished_col),
            w.report_colon,
            c.finished()
        );
        if c.trainees.is_empty() {
            let _ = writeln!(out, "<p class=\"note\">{}</p></section>", esc(w.report_course_none_yet));
            continue;
        }
        let _ = write!(out, "<table class=\"course\"><tr><th>{}</th>", esc(w.report_trainee));
        for (k, u) in c.course.units.iter().enumerate() {
            let _ = write!(out, "<th>{}. {} {}</th>", k + 1, esc(u.title.get(lang)), mode_tag(u.is_exam(), lang));
        }
        let _ = write!(out, "<th>{}</th></tr>", esc(w.report_course_finished_col));
        for t in &c.trainees {
            let _ = write!(out, "<tr><td>{}</td>", esc(&t.name));
            for up in &t.progress.units {
                let passed = up.calls.iter().filter(|k| k.passed).count();
                let _ = write!(
                    out,
                    "<td><span class=\"u-{}\">{}</span> <span class=\"note\">{passed}/{}</span></td>",
                    up.state.id(),
                    esc(text::unit_state(up.state, lang)),
                    up.calls.len()
                );
            }
            let finished = t.progress.completed.as_ref().map_or("–".to_string(), |d| short_time(&d.at));
            let _ = write!(out, "<td>{}</td></tr>", esc(&finished));
        }
        out.push_str("</table>");
        for t in &c.trainees {
            calls(out, c, t, lang);
        }
        out.push_str("</section>\n");
    }
}

/// One trainee's calls, unit by unit, with best scores against pass marks.
fn calls(out: &mut String, c: &CourseReport, t: &TraineeCourse, lang: Lang) {
    let w = strings(lang);
    let _ = write!(
        out,
        "<details><summary>{}{}{}</summary><p>{}</p><table><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th></th></tr>",
        esc(&t.name),
        w.report_colon,
        esc(w.report_course_progress),
        esc(&status(c, t, lang)),
        esc(w.report_course_unit),
        esc(w.report_call),
        esc(w.report_course_pass),
        esc(w.report_best),
        esc(w.report_course_attempts)
    );
    for (i, (unit, up)) in c.course.units.iter().zip(&t.progress.units).enumerate() {
        for call in &up.calls {
            let best = call.best.map_or("–".to_string(), |b| b.to_string());
            let passed = if call.passed {
                format!("<span class=\"passed\">{}</span>", esc(w.report_course_passed))
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<tr><td>{}. {} {}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{best}</td><td class=\"num\">{}</td><td>{passed}</td></tr>",
                i + 1,
                esc(unit.title.get(lang)),
                mode_tag(unit.is_exam(), lang),
                esc(&call.id),
                call.pass,
                call.attempts
            );
        }
    }
    out.push_str("</table></details>");
}
