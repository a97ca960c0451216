//! `check`'s script rule: a Traditional Chinese (zh-Hant) call holds no Simplified-only
//! character, and a Simplified (zh-Hans) call no Traditional-only one; the same for the
//! `zh_hant` and `zh` texts of personas. Each character found is reported once, where it
//! first appears, with how often it appears. It is a warning: the call still plays.

use crate::engine::call::diag::{Diagnostic, Severity, msg};
use crate::engine::call::lang::Lang;
use crate::engine::call::script::foreign_chars;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// The diagnostics for characters of the other script inside `ranges` of `text` (the
/// string values of a file written in `lang`).
pub(crate) fn wrong_script(path: &Path, text: &str, ranges: &[Range<usize>], lang: Lang) -> Vec<Diagnostic> {
    if !lang.is_chinese() {
        return Vec::new();
    }
    // Each character: where it first appears, its form in the right script, and a count.
    let mut found: BTreeMap<char, (usize, String, usize)> = BTreeMap::new();
    for r in ranges {
        let Some(slice) = text.get(r.clone()) else { continue };
        for f in foreign_chars(slice, lang) {
            found.entry(f.found).and_modify(|e| e.2 += 1).or_insert((r.start + f.offset, f.instead, 1));
        }
    }
    let traditional = lang == Lang::ZhHant;
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .map(|(c, (offset, instead, count))| {
            let message = match (traditional, count) {
                (true, 1) => msg!(diag_simplified_in_traditional, c),
                (true, _) => msg!(diag_simplified_in_traditional_times, c, count),
                (false, 1) => msg!(diag_traditional_in_simplified, c),
                (false, _) => msg!(diag_traditional_in_simplified_times, c, count),
            };
            Diagnostic::at(Severity::Warning, "wrong-script", path, text, offset..offset + c.len_utf8(), message)
                .with_help(msg!(help_wrong_script, instead, lang.id()))
        })
        .collect();
    out.sort_by_key(|d| (d.line, d.column));
    out
}
