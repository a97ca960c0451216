//! `calmline check`: every problem in the given dialogue files, at once.

use super::{CheckArgs, Format};
use crate::engine::FontCoverage;
use crate::engine::diag::tally;
use crate::engine::load::read_text;
use crate::engine::{Diagnostic, Library, Severity};
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub fn run(args: CheckArgs) -> i32 {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    run_to(args, color, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
}

/// `check` writing its report to `out` and its diagnostics to `err`; returns the exit code.
/// Writing errors (a closed pipe) are ignored: the exit code still tells the result.
pub fn run_to(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let paths = if args.paths.is_empty() { vec![crate::paths::default_dialogues()] } else { args.paths.clone() };
    for p in &paths {
        if !p.exists() {
            let _ = writeln!(err, "error: no such file or folder: {}", p.display());
            return 2;
        }
    }
    let mut font_note = None;
    let coverage = if args.no_font_check {
        None
    } else {
        let explicit = args.font.is_some();
        match args.font.clone().or_else(crate::paths::font_path) {
            Some(path) => match FontCoverage::load(&path) {
                Ok(c) => Some((path, c)),
                Err(e) if explicit => {
                    let _ = writeln!(err, "error: {e}");
                    return 2;
                }
                Err(e) => {
                    font_note = Some(format!("characters not checked against the font: {e}"));
                    None
                }
            },
            None => {
                font_note = Some("characters not checked: the game's font (assets/fonts) was not found".into());
                None
            }
        }
    };
    let covers = coverage.as_ref().map(|(_, c)| move |ch: char| c.covers(ch));
    let glyphs: Option<&dyn Fn(char) -> bool> = covers.as_ref().map(|f| f as &dyn Fn(char) -> bool);
    let mut lib = Library::load(&paths, glyphs);
    // Each valid call's own tests, then what the bots show about it.
    let mut extra = Vec::new();
    for scenario in &lib.scenarios {
        extra.extend(super::audit::tests(scenario).1);
        if !args.no_bots {
            extra.extend(super::audit::findings(scenario));
        }
    }
    lib.diagnostics.extend(extra);
    let order: Vec<PathBuf> = lib.files.clone();
    lib.diagnostics.sort_by_key(|d| order.iter().position(|f| *f == d.file).unwrap_or(usize::MAX));
    let (errors, warnings) = tally(&lib.diagnostics);

    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "files": lib.files.len(),
                "scenarios": lib.scenarios.iter().map(|s| serde_json::json!({
                    "id": s.id, "lang": s.lang, "title": s.title,
                    "file": s.source.as_ref().map(|p| p.display().to_string()),
                    "nodes": s.nodes.len(),
                })).collect::<Vec<_>>(),
                "personas": lib.personas.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
                "font": coverage.as_ref().map(|(p, _)| p.display().to_string()),
                "note": font_note,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": lib.diagnostics,
            });
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report).unwrap_or_default());
        }
        Format::Human => {
            let mut sources: HashMap<PathBuf, Option<Source<String>>> = HashMap::new();
            for d in &lib.diagnostics {
                let source = sources.entry(d.file.clone()).or_insert_with(|| {
                    // The text exactly as the loader read it, so spans and lines agree.
                    read_text(&d.file).ok().map(|text| Source::from(display_text(&text)))
                });
                render(d, source.as_ref(), color, err);
            }
            if let Some(note) = &font_note {
                let _ = writeln!(err, "note: {note}");
            }
            let scenarios = lib.scenarios.len();
            let _ = writeln!(
                out,
                "Checked {} file{} ({} scenario{} valid): {} error{}, {} warning{}.",
                lib.files.len(),
                plural(lib.files.len()),
                scenarios,
                plural(scenarios),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            );
        }
    }
    if errors > 0 { 1 } else { 0 }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `text` for ariadne, with the same byte length, character count and lines as the
/// loader's: ariadne also breaks lines at `\r`, vertical tab, form feed, U+0085, U+2028 and
/// U+2029, while diagnostics count lines at `\n` only. Those characters (a `\r` of `\r\n`
/// aside) are shown as a stand-in of the same size.
pub fn display_text(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        shown.push(match c {
            '\r' if chars.peek() == Some(&'\n') => c,
            '\r' | '\x0B' | '\x0C' => ' ',
            '\u{0085}' => '·',
            '\u{2028}' | '\u{2029}' => '\u{FFFD}',
            _ => c,
        });
    }
    shown
}

/// Writes one diagnostic: with the source line and a label when it has a location. `span`
/// is in bytes, on character boundaries ([`Diagnostic::at`]), as ariadne's `IndexType::Byte`
/// expects; the header's line and column are the diagnostic's own.
pub fn render(d: &Diagnostic, source: Option<&Source<String>>, color: bool, err: &mut dyn Write) {
    let name = d.file.display().to_string();
    let kind = match d.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
    };
    let located = match (d.span, source) {
        (Some((start, end)), Some(src))
            if start < end
                && end <= src.text().len()
                && src.text().is_char_boundary(start)
                && src.text().is_char_boundary(end) =>
        {
            Some((start..end, src))
        }
        _ => None,
    };
    match located {
        Some((span, src)) => {
            let label_color = if d.is_error() { Color::Red } else { Color::Yellow };
            let mut report = Report::build(kind, (name.as_str(), span.clone()))
                .with_config(Config::default().with_color(color).with_index_type(IndexType::Byte))
                .with_code(d.code)
                .with_message(format!("{} (line {}, column {})", d.message, d.line, d.column))
                .with_label(Label::new((name.as_str(), span)).with_message(&d.message).with_color(label_color));
            if let Some(help) = &d.help {
                report = report.with_help(help);
            }
            if report.finish().write((name.as_str(), src.clone()), &mut *err).is_err() {
                let _ = writeln!(err, "{}", d.render_plain());
            }
        }
        None => {
            let _ = writeln!(err, "{}", d.render_plain());
        }
    }
}
