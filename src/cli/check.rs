//! `calmline check`: every problem in the given dialogue files, at once.

use super::report::env_lang;
use super::{CheckArgs, Format};
use crate::engine::call::diag::tally;
use crate::engine::call::load::read_text;
use crate::engine::{Diagnostic, FontCoverage, FontError, Lang, Library, Severity};
use crate::text::{diagnostic_plain, fill, message, strings};
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
/// The language is `args.lang`, else the one `LANG` names.
pub fn run_to(args: CheckArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let t = strings(lang);
    let paths = if args.paths.is_empty() { vec![crate::paths::default_dialogues()] } else { args.paths.clone() };
    for p in &paths {
        if !p.exists() {
            let _ = writeln!(err, "{}", fill(t.error, &[&fill(t.check_no_such_path, &[&p.display()])]));
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
                    let _ = writeln!(err, "{}", fill(t.error, &[&font_error(&e, lang)]));
                    return 2;
                }
                Err(e) => {
                    font_note = Some(fill(t.check_font_not_checked, &[&font_error(&e, lang)]));
                    None
                }
            },
            None => {
                font_note = Some(t.check_font_not_found.to_string());
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
                "courses": lib.courses.iter().map(|c| serde_json::json!({
                    "id": c.id,
                    "file": c.source.as_ref().map(|p| p.display().to_string()),
                    "units": c.units.len(),
                })).collect::<Vec<_>>(),
                "font": coverage.as_ref().map(|(p, _)| p.display().to_string()),
                "note": font_note,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": lib.diagnostics.iter().map(|d| json_diagnostic(d, lang)).collect::<Vec<_>>(),
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
                render(d, source.as_ref(), color, lang, err);
            }
            if let Some(note) = &font_note {
                let _ = writeln!(err, "{}", fill(t.check_note, &[note]));
            }
            let counts: [&dyn std::fmt::Display; 4] = [&lib.files.len(), &lib.scenarios.len(), &errors, &warnings];
            let _ = writeln!(out, "{}", fill(t.check_summary, &counts));
        }
    }
    if errors > 0 { 1 } else { 0 }
}

/// Why the font cannot be used.
fn font_error(e: &FontError, lang: Lang) -> String {
    let t = strings(lang);
    match e {
        FontError::Unreadable { path, source } => fill(t.check_font_unreadable, &[&path.display(), source]),
        FontError::NotAFont { path, detail } => fill(t.check_font_not_a_font, &[&path.display(), detail]),
        FontError::NoCharacterMap { path } => fill(t.check_font_no_cmap, &[&path.display()]),
    }
}

/// A diagnostic for `--format json`: its fields, with `message` and `help` in `lang` and
/// the message's table key as `message_key`.
fn json_diagnostic(d: &Diagnostic, lang: Lang) -> serde_json::Value {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    if let Some(fields) = v.as_object_mut() {
        fields.insert("message".into(), message(&d.message, lang).into());
        fields.insert("message_key".into(), d.message.key.into());
        if let Some(help) = &d.help {
            fields.insert("help".into(), message(help, lang).into());
        }
    }
    v
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

/// Writes one diagnostic in `lang`: with the source line and a label when it has a
/// location. `span` is in bytes, on character boundaries ([`Diagnostic::at`]), as ariadne's
/// `IndexType::Byte` expects; the header's line and column are the diagnostic's own.
pub fn render(d: &Diagnostic, source: Option<&Source<String>>, color: bool, lang: Lang, err: &mut dyn Write) {
    let t = strings(lang);
    let text = message(&d.message, lang);
    let help = d.help.as_ref().map(|h| message(h, lang));
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
                .with_message(fill(t.check_at, &[&text, &d.line, &d.column]))
                .with_label(Label::new((name.as_str(), span)).with_message(&text).with_color(label_color));
            if let Some(help) = &help {
                report = report.with_help(help);
            }
            let mut shown = Vec::new();
            match report.finish().write((name.as_str(), src.clone()), &mut shown) {
                Ok(()) => {
                    let shown = String::from_utf8_lossy(&shown);
                    let _ = err.write_all(in_words(&shown, d, help.as_deref(), lang).as_bytes());
                }
                Err(_) => {
                    let _ = writeln!(err, "{}", diagnostic_plain(d, lang));
                }
            }
        }
        None => {
            let _ = writeln!(err, "{}", diagnostic_plain(d, lang));
        }
    }
}

/// Ariadne's report with its own words (`Error`, `Warning`, `Help`) replaced by the
/// table's, in the header and the help line only.
fn in_words(report: &str, d: &Diagnostic, help: Option<&str>, lang: Lang) -> String {
    let t = strings(lang);
    let (kind, word) = match d.severity {
        Severity::Error => ("Error", t.check_kind_error),
        Severity::Warning => ("Warning", t.check_kind_warning),
    };
    let mut shown = report.to_string();
    let header = format!("[{}] {kind}", d.code);
    if kind != word
        && let Some(i) = shown.find(&header)
    {
        let at = i + header.len() - kind.len();
        shown.replace_range(at..at + kind.len(), word);
    }
    if let Some(help) = help
        && t.check_kind_help != "Help"
        && let Some(end) = shown.rfind(&format!(": {help}"))
        && let Some(at) = shown[..end].rfind("Help")
    {
        shown.replace_range(at..at + "Help".len(), t.check_kind_help);
    }
    shown
}
