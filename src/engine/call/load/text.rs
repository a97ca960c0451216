//! Reading a dialogue file's text: the size limit, UTF-8 decoding, the RON options, RON's
//! syntax errors as located diagnostics, and the "did you mean" of a misspelt name.

use crate::engine::call::diag::{Diagnostic, Message, Severity, msg, offset_of};
use std::path::Path;

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file as UTF-8 text, with a located diagnostic for anything unreadable.
#[allow(clippy::result_large_err)] // A diagnostic is returned once per file, by value.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let err = |m: Message| Diagnostic::file(Severity::Error, "unreadable", path, m);
    let meta = std::fs::metadata(path).map_err(|e| err(msg!(diag_cannot_read_file, e)))?;
    if meta.is_dir() {
        return Err(err(msg!(diag_is_folder)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(msg!(diag_too_large, meta.len() / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024))));
    }
    let bytes = std::fs::read(path).map_err(|e| err(msg!(diag_cannot_read_file, e)))?;
    decode(path, bytes)
}

/// Bytes to text: a file that is not UTF-8 gets an error at the first bad byte.
#[allow(clippy::result_large_err)] // A diagnostic is returned once per file, by value.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
            }
            Ok(text)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
            let mut d = Diagnostic::at(
                Severity::Error,
                "not-utf8",
                path,
                prefix,
                prefix.len()..prefix.len(),
                msg!(diag_not_utf8, good, format!("{:02x}", bytes[good])),
            );
            d.help = Some(msg!(help_save_as_utf8));
            Err(d)
        }
    }
}

pub(super) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME).with_recursion_limit(64)
}

/// Turns a RON error into a located diagnostic, worded by the text tables. The type and
/// field names RON gives are shown as code; the rare errors a scenario file cannot cause
/// keep RON's own words as a value.
pub(super) fn syntax_error(path: &Path, text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let start = offset_of(text, e.span.start.line, e.span.start.col);
    let end = offset_of(text, e.span.end.line, e.span.end.col).max(start);
    let code = match &e.code {
        E::ExceededRecursionLimit => "too-deep",
        E::MissingStructField { .. } => "missing-field",
        E::NoSuchStructField { .. } => "unknown-field",
        E::DuplicateStructField { .. } => "duplicate-field",
        E::InvalidValueForType { .. } => "wrong-type",
        _ => "syntax",
    };
    let names = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let mut help = None;
    let message = match &e.code {
        _ if text.trim().is_empty() => msg!(diag_empty_file),
        E::Eof => {
            help = Some(msg!(help_eof));
            msg!(diag_ron_eof)
        }
        E::ExpectedArray => msg!(diag_ron_expected_opening, "["),
        E::ExpectedMap => msg!(diag_ron_expected_opening, "{"),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => msg!(diag_ron_expected_opening, "("),
        E::ExpectedArrayEnd => msg!(diag_ron_expected_closing, "]"),
        E::ExpectedMapEnd => msg!(diag_ron_expected_closing, "}"),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => msg!(diag_ron_expected_closing, ")"),
        E::ExpectedComma => msg!(diag_ron_expected_comma),
        E::ExpectedMapColon => msg!(diag_ron_expected_colon),
        E::ExpectedString => msg!(diag_ron_expected_string),
        E::ExpectedStringEnd => msg!(diag_ron_expected_string_end),
        E::ExpectedIdentifier => msg!(diag_ron_expected_identifier),
        E::ExpectedInteger => msg!(diag_ron_expected_integer),
        E::ExpectedFloat => msg!(diag_ron_expected_float),
        E::ExpectedBoolean => msg!(diag_ron_expected_boolean),
        E::ExpectedOption => msg!(diag_ron_expected_option),
        E::ExpectedUnit => msg!(diag_ron_expected_unit),
        E::FloatUnderscore | E::UnderscoreAtBeginning => msg!(diag_ron_number_underscore),
        E::IntegerOutOfBounds => msg!(diag_ron_integer_out_of_bounds),
        E::InvalidIntegerDigit { digit, base } => msg!(diag_ron_invalid_digit, format!("{digit:?}"), base),
        E::InvalidEscape(_) => msg!(diag_ron_invalid_escape),
        E::NoSuchExtension(name) => msg!(diag_ron_no_such_extension, name),
        E::UnclosedBlockComment => msg!(diag_ron_unclosed_comment),
        E::UnexpectedChar(c) => msg!(diag_ron_unexpected_char, format!("{c:?}")),
        E::TrailingCharacters => msg!(diag_ron_trailing),
        E::InvalidIdentifier(id) => msg!(diag_ron_invalid_identifier, format!("{id:?}")),
        E::ExpectedDifferentStructName { expected, found } => msg!(diag_ron_wrong_struct, expected, found),
        E::ExceededRecursionLimit => msg!(diag_ron_too_deep),
        E::MissingStructField { field, .. } => msg!(diag_ron_missing_field, field),
        E::DuplicateStructField { field, .. } => msg!(diag_ron_duplicate_field, field),
        E::NoSuchStructField { expected: [], found, .. } => msg!(diag_ron_unknown_field_none, found),
        E::NoSuchStructField { expected, found, .. } => msg!(diag_ron_unknown_field, found, names(expected)),
        E::NoSuchEnumVariant { expected, found, .. } => msg!(diag_ron_unknown_variant, found, names(expected)),
        E::InvalidValueForType { expected, found } => msg!(diag_ron_wrong_type, expected, found),
        E::ExpectedDifferentLength { expected, found } => msg!(diag_ron_wrong_length, expected, found),
        other => msg!(diag_ron_other, other),
    };
    let mut d = Diagnostic::at(Severity::Error, code, path, text, start..end, message);
    d.help = help;
    d
}

/// The closest of `candidates` to `word`, if any is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count().max(word.chars().count()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
