//! The diagnostics context of one file being read ([`Ctx`]): problems located by the path
//! of a value in the RON text, and the span helpers that find a node or the id in a file.

use super::spans::{Seg, Spans};
use crate::engine::call::diag::{Diagnostic, Message, Severity};
use std::cell::OnceCell;
use std::path::Path;

/// A located problem collector for one file.
pub(super) struct Ctx<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    spans: OnceCell<Spans>,
    pub(super) diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(path: &'a Path, text: &'a str) -> Self {
        Ctx { path, text, spans: OnceCell::new(), diags: Vec::new() }
    }

    pub(super) fn spans(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::parse(self.text))
    }

    pub(super) fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        range: Option<std::ops::Range<usize>>,
        message: Message,
    ) -> &mut Diagnostic {
        let d = match range {
            Some(r) => Diagnostic::at(severity, code, self.path, self.text, r, message),
            None => Diagnostic::file(severity, code, self.path, message),
        };
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// A problem with the value at `path` (or the nearest thing that exists).
    pub(super) fn at(
        &mut self,
        severity: Severity,
        code: &'static str,
        path: &[Seg],
        message: Message,
    ) -> &mut Diagnostic {
        let range = self.spans().nearest(path);
        self.push(severity, code, range, message)
    }

    /// A problem with the key at the end of `path`.
    pub(super) fn at_key(
        &mut self,
        severity: Severity,
        code: &'static str,
        path: &[Seg],
        message: Message,
    ) -> &mut Diagnostic {
        let range = self.spans().key(path).or_else(|| self.spans().nearest(path));
        self.push(severity, code, range, message)
    }
}

/// An `empty-text` error, saying `what` is empty, when `s` is blank.
pub(super) fn non_empty(cx: &mut Ctx, s: &str, path: &[Seg], what: Message) {
    if s.trim().is_empty() {
        cx.at(Severity::Error, "empty-text", path, what);
    }
}

/// The byte range of node `id`'s key in a scenario file's text, to point a diagnostic
/// at a node found by something other than the loader.
pub fn node_span(text: &str, id: &str) -> Option<std::ops::Range<usize>> {
    Spans::parse(text).key(&[Seg::Field("nodes"), Seg::Key(id, 0)])
}

/// The byte range of the scenario's `id` value.
pub fn id_span(text: &str) -> Option<std::ops::Range<usize>> {
    Spans::parse(text).value(&[Seg::Field("id")])
}

pub(super) fn join<'a>(base: &[Seg<'a>], rest: &[Seg<'a>]) -> Vec<Seg<'a>> {
    let mut p = Vec::with_capacity(base.len() + rest.len());
    p.extend_from_slice(base);
    p.extend_from_slice(rest);
    p
}
