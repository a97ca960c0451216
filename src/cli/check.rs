//! `calmline check`: every problem in the given dialogue files, at once.

use super::{CheckArgs, FontCoverage, Format};
use crate::engine::diag::tally;
use crate::engine::{Diagnostic, Library, Severity};
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

pub fn run(args: CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() { vec![crate::paths::default_dialogues()] } else { args.paths.clone() };
    for p in &paths {
        if !p.exists() {
            eprintln!("error: no such file or folder: {}", p.display());
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
                    eprintln!("error: {e}");
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
    let lib = Library::load(&paths, glyphs);
    let (errors, warnings) = tally(&lib.diagnostics);

    match args.format {
        Format::Json => {
            let out = serde_json::json!({
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
            outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut sources: HashMap<PathBuf, Option<Source<String>>> = HashMap::new();
            for d in &lib.diagnostics {
                let source = sources.entry(d.file.clone()).or_insert_with(|| {
                    std::fs::read(&d.file).ok().and_then(|b| String::from_utf8(b).ok()).map(Source::from)
                });
                render(d, source.as_ref(), color);
            }
            if let Some(note) = &font_note {
                eprintln!("note: {note}");
            }
            let scenarios = lib.scenarios.len();
            outln!(
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

/// Prints one diagnostic: with the source line and a label when it has a location.
pub fn render(d: &Diagnostic, source: Option<&Source<String>>, color: bool) {
    let name = d.file.display().to_string();
    let kind = match d.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
    };
    match (d.span, source) {
        (Some((start, end)), Some(src)) if start < src.text().len() => {
            let span = start..end.max(start + 1).min(src.text().len());
            let label_color = if d.is_error() { Color::Red } else { Color::Yellow };
            let mut report = Report::build(kind, (name.as_str(), span.clone()))
                .with_config(Config::default().with_color(color).with_index_type(IndexType::Byte))
                .with_code(d.code)
                .with_message(format!("{} (line {}, column {})", d.message, d.line, d.column))
                .with_label(Label::new((name.as_str(), span)).with_message(&d.message).with_color(label_color));
            if let Some(help) = &d.help {
                report = report.with_help(help);
            }
            if report.finish().eprint((name.as_str(), src.clone())).is_err() {
                eprintln!("{}", d.render_plain());
            }
        }
        _ => eprintln!("{}", d.render_plain()),
    }
}
