//! Problems found in a dialogue or persona file, located by file, line and column.
//!
//! # Units
//! Every location in Calmline is given in these units, and only these:
//! - **`span`** is a range of **bytes** in the file's decoded text (UTF-8, with a leading
//!   byte-order mark removed: [`crate::engine::call::load::decode`]). Both ends fall on character
//!   boundaries, and the range covers at least one character whenever the text has one.
//! - **`line`** and **`column`** are 1-based. Lines are split at `\n` only (a `\r\n` file
//!   counts the same); **columns count characters** (Unicode scalar values), not bytes and
//!   not display cells. These are the units of RON's own error positions.
//! - Both are computed from the same offset, `span.start`, by [`Diagnostic::at`], so the
//!   JSON output, the game's notice and `check`'s rendering show the same place.
//!
//! `calmline check` hands ariadne the same decoded text with byte spans
//! (`IndexType::Byte`); ariadne turns them into character columns itself.
//!
//! # Words
//! A diagnostic holds no prose: its message and help are [`Message`]s, a key of the text
//! tables with the values to fill in, made with [`msg!`]. The text layer words them in the
//! user's language: `crate::text::message` and `crate::text::diagnostic_plain`.

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A sentence for people, as a key of the text tables and the values to fill in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<String>,
}

/// A [`Message`]: `msg!(diag_unknown_technique, tid)` is the table entry
/// `diag_unknown_technique` with `tid` as its value. Each value is shown with `to_string`.
/// A test checks that every key used in `src/` is in the tables, with as many values.
macro_rules! msg {
    ($key:ident $(, $arg:expr)* $(,)?) => {
        $crate::engine::call::diag::Message { key: stringify!($key), args: vec![$(($arg).to_string()),*] }
    };
}
pub(crate) use msg;

/// One problem. `line` and `column` are 1-based (columns count characters); both are 0
/// when the problem concerns the whole file (it cannot be read, say). Its `Display` shows
/// the message's key, not words: people see `crate::text::diagnostic_plain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}:{line}:{column}: {severity}: {}", file.display(), message.key)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier of the kind of problem, such as `unknown-node`.
    pub code: &'static str,
    pub message: Message,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The byte range in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<(usize, usize)>,
    /// A suggestion: "did you mean …", or how to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Message>,
    /// The text of the offending line, for showing without the file at hand.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub snippet: String,
}

impl Diagnostic {
    /// A problem with the whole file.
    pub fn file(severity: Severity, code: &'static str, file: &Path, message: Message) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            help: None,
            snippet: String::new(),
        }
    }

    /// A problem at a byte range of `text`. Any range is accepted: it is clamped to the
    /// text, moved onto character boundaries and widened to cover at least one character
    /// (an empty range at the end of the text points at the last character).
    pub fn at(
        severity: Severity,
        code: &'static str,
        file: &Path,
        text: &str,
        span: std::ops::Range<usize>,
        message: Message,
    ) -> Diagnostic {
        let (start, end) = char_span(text, span);
        let (line, column) = line_col(text, start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        Diagnostic {
            severity,
            code,
            message,
            file: file.to_path_buf(),
            line,
            column,
            span: Some((start, end)),
            help: None,
            snippet: text[line_start..line_end].trim_end_matches('\r').to_string(),
        }
    }

    pub fn with_help(mut self, help: Message) -> Diagnostic {
        self.help = Some(help);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What goes before the caret under [`Self::snippet`] so that it points at the column:
    /// a tab for a tab, a full-width space for a wide character, else a space.
    pub fn caret_pad(&self) -> String {
        self.snippet
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| {
                if c == '\t' {
                    '\t'
                } else if is_wide(c) {
                    '　'
                } else {
                    ' '
                }
            })
            .collect()
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of 1-based `line` and character `column`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[offset..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    offset + rest[..line_end].char_indices().nth(column.saturating_sub(1)).map_or(line_end, |(i, _)| i)
}

/// `span` clamped to `text`, on character boundaries, and at least one character long
/// unless `text` is empty.
fn char_span(text: &str, span: std::ops::Range<usize>) -> (usize, usize) {
    let mut start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = ceil_char_boundary(text, span.end.clamp(start, text.len()));
    if start == end {
        if end < text.len() {
            end = ceil_char_boundary(text, end + 1);
        } else if let Some(last) = text[..start].chars().next_back() {
            start -= last.len_utf8();
        }
    }
    (start, end)
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Counts of errors and warnings.
pub fn tally(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\n你好x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(offset_of(text, 2, 3), 9);
        assert_eq!(offset_of(text, 9, 1), text.len());
        let d = Diagnostic::at(Severity::Error, "x", Path::new("f.ron"), text, 9..10, msg!(diag_not_found));
        assert_eq!((d.line, d.column), (2, 3));
        assert_eq!(d.snippet, "你好x");
        assert_eq!(d.caret_pad(), "　　");
        assert_eq!(d.to_string(), "f.ron:2:3: error: diag_not_found");
        let m = msg!(diag_unknown_technique, "argu");
        assert_eq!((m.key, m.args), ("diag_unknown_technique", vec!["argu".to_string()]));
    }
}
