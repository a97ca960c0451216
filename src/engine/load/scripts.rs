//! `check`'s script rule: a Traditional Chinese (zh-Hant) call holds no Simplified-only
//! character, and a Simplified (zh-Hans) call no Traditional-only one; the same for the
//! `zh_hant` and `zh` texts of personas. Each character found is reported once, where it
//! first appears, with how often it appears. It is a warning: the call still plays.

use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::lang::Lang;
use crate::engine::script::foreign_chars;
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
    let (this, other, tag) = match lang {
        Lang::ZhHant => ("Traditional", "Simplified", "zh-Hant"),
        _ => ("Simplified", "Traditional", "zh-Hans"),
    };
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .map(|(c, (offset, instead, count))| {
            let times = if count > 1 { format!(" ({count} times in this file)") } else { String::new() };
            Diagnostic::at(
                Severity::Warning,
                "wrong-script",
                path,
                text,
                offset..offset + c.len_utf8(),
                format!("`{c}` is {other} Chinese, in a {this} Chinese call{times}"),
            )
            .with_help(format!(
                "write `{instead}`; `calmline convert --to {tag} FILE` converts a whole file"
            ))
        })
        .collect();
    out.sort_by_key(|d| (d.line, d.column));
    out
}
