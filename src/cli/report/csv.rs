//! The report's CSV: one row per session read, in time order. Columns are documented in
//! `docs/records.md`; keep the two in step.

use crate::engine::judge::score::PartKind;
use crate::engine::records::record::{Record, Scan};
use crate::engine::records::report::slips;

/// The header row.
pub const COLUMNS: [&str; 38] = [
    "record_id",
    "file",
    "trainee",
    "scenario_id",
    "scenario_lang",
    "scenario_title",
    "scenario_fingerprint",
    "started_at",
    "ended_at",
    "complete",
    "trainer_preview",
    "counted",
    "outcome",
    "score",
    "grade",
    "outcome_points",
    "de_escalation_points",
    "method_points",
    "service_points",
    "mistakes_points",
    "efficiency_points",
    "turns",
    "replies",
    "silences",
    "reply_seconds",
    "wall_seconds",
    "anger_start",
    "anger_end",
    "agreements",
    "relapses",
    "mistakes",
    "slips",
    "seed",
    "exam",
    "hints",
    "course_id",
    "course_unit",
    "course_completed",
];

/// The whole file: a UTF-8 byte-order mark (so spreadsheet programs read Chinese names
/// correctly), the header, and one CRLF-terminated row per session.
pub fn table(scan: &Scan) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, COLUMNS.iter().map(|c| c.to_string()).collect());
    for (path, r) in &scan.records {
        push_row(&mut out, row(&path.display().to_string(), r));
    }
    out
}

fn row(file: &str, r: &Record) -> Vec<String> {
    let yes_no = |b: bool| if b { "true" } else { "false" }.to_string();
    let part = |k: PartKind| r.score.as_ref().map_or(String::new(), |s| s.part(k).to_string());
    let replies = r.turns.iter().filter(|t| t.choice.is_some()).count();
    let mistakes = r.turns.iter().filter(|t| t.chosen().is_some_and(|o| o.technique.is_mistake())).count();
    let slip_ids: Vec<String> = slips(r).iter().map(|s| s.id()).collect();
    vec![
        text(&r.id),
        text(file),
        text(&r.trainee),
        text(&r.scenario.id),
        r.scenario.lang.id().to_string(),
        text(&r.scenario.title),
        text(&r.scenario.fingerprint),
        text(&r.started_at),
        text(r.ended_at.as_deref().unwrap_or("")),
        yes_no(r.complete),
        yes_no(r.adjusted),
        yes_no(r.counts()),
        r.outcome.map_or(String::new(), |o| o.id().to_string()),
        r.score.as_ref().map_or(String::new(), |s| s.total.to_string()),
        r.score.as_ref().map_or(String::new(), |s| s.grade.letter().to_string()),
        part(PartKind::Outcome),
        part(PartKind::DeEscalation),
        part(PartKind::Method),
        part(PartKind::Service),
        part(PartKind::Mistakes),
        part(PartKind::Efficiency),
        r.turns.len().to_string(),
        replies.to_string(),
        (r.turns.len() - replies).to_string(),
        format!("{:.1}", r.duration_seconds()),
        r.wall_seconds().map_or(String::new(), |s| format!("{s:.0}")),
        r.turns.first().map_or(String::new(), |t| t.anger_before.to_string()),
        r.turns.last().map_or(String::new(), |t| t.anger_after.to_string()),
        r.turns.iter().filter(|t| t.agreement).count().to_string(),
        r.turns.iter().filter(|t| t.relapse).count().to_string(),
        mistakes.to_string(),
        text(&slip_ids.join(";")),
        r.seed.to_string(),
        yes_no(r.attempt.exam),
        r.hints().to_string(),
        text(r.attempt.course.as_ref().map_or("", |c| c.id.as_str())),
        text(r.attempt.course.as_ref().map_or("", |c| c.unit.as_str())),
        yes_no(r.attempt.course.as_ref().is_some_and(|c| c.completed)),
    ]
}

/// A text cell: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in
/// front, so a spreadsheet never runs a name as a formula.
pub(super) fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

pub(super) fn push_row(out: &mut String, cells: Vec<String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| quote(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// RFC 4180 quoting: cells holding a comma, a quote or a line break are quoted, with
/// quotes doubled.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("-1"), "'-1");
        assert_eq!(text("王小明"), "王小明");
    }
}
