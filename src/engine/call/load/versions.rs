//! `check`'s translation rule: the language versions of a call (the files with the same
//! scenario id in `zh/`, `zh-Hant/` and `en/`) must be the same call. Each version is
//! compared with the first in the order English, Simplified, Traditional; every
//! difference is a warning in the other file, at the node, reply or field concerned.

use crate::engine::call::diag::{Diagnostic, Message, Severity, msg};
use crate::engine::call::lang::Lang;
use crate::engine::call::load::spans::{Seg, Spans};
use crate::engine::call::model::{Scenario, ScenarioTest, Target};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The order in which versions serve as the reference.
const REFERENCE_ORDER: [Lang; 3] = [Lang::En, Lang::ZhHans, Lang::ZhHant];

/// Compares the language versions of every call in `scenarios`; `text_of` gives a
/// scenario file's text, to place the warnings.
pub(crate) fn drift(scenarios: &[Arc<Scenario>], text_of: &dyn Fn(&Path) -> Option<String>) -> Vec<Diagnostic> {
    let mut by_id: BTreeMap<&str, Vec<&Arc<Scenario>>> = BTreeMap::new();
    for s in scenarios {
        by_id.entry(s.id.as_str()).or_default().push(s);
    }
    let mut out = Vec::new();
    for versions in by_id.values_mut().filter(|v| v.len() > 1) {
        versions.sort_by_key(|s| REFERENCE_ORDER.iter().position(|l| *l == s.lang));
        let (reference, others) = versions.split_first().expect("more than one");
        for other in others {
            let Some(path) = other.source.as_deref() else { continue };
            let text = text_of(path).unwrap_or_default();
            out.extend(compare(reference, other, path, &text));
        }
    }
    out
}

/// A reply's destination by name, for each mode.
fn targets(s: &Scenario, t: [Target; 3]) -> [String; 3] {
    t.map(|t| match t {
        Target::Node(i) => s.nodes.get(i).map_or_else(String::new, |n| n.id.clone()),
        Target::Ending(i) => s.endings.get(i).map_or_else(String::new, |e| e.id.clone()),
    })
}

fn name_of(s: &Scenario) -> String {
    let file = s.source.as_deref().map(shown_path).unwrap_or_default();
    if file.is_empty() { s.lang.folder().to_string() } else { file }
}

/// `zh-Hant/lost-parcel.ron`: the file with its language folder.
fn shown_path(p: &Path) -> String {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match p.parent().and_then(|d| d.file_name()) {
        Some(dir) => format!("{}/{name}", dir.to_string_lossy()),
        None => name,
    }
}

fn compare(a: &Scenario, b: &Scenario, path: &Path, text: &str) -> Vec<Diagnostic> {
    let spans = Spans::parse(text);
    let (an, bn) = (name_of(a), name_of(b));
    let mut out = Vec::new();
    let mut warn = |at: Option<std::ops::Range<usize>>, message: Message| {
        let d = match at {
            Some(r) => Diagnostic::at(Severity::Warning, "translation-drift", path, text, r, message),
            None => Diagnostic::file(Severity::Warning, "translation-drift", path, message),
        };
        out.push(d.with_help(msg!(help_translation_drift, bn, an)));
    };
    let field = |name: &'static str| spans.value(&[Seg::Field(name)]);

    if a.nodes[a.start].id != b.nodes[b.start].id {
        warn(field("start"), msg!(diag_drift_start, bn, b.nodes[b.start].id, an, a.nodes[a.start].id));
    }
    if a.caller.persona.id != b.caller.persona.id || a.caller.anger != b.caller.anger {
        warn(
            field("caller"),
            msg!(diag_drift_caller, bn, b.caller.persona.id, b.caller.anger, an, a.caller.persona.id, a.caller.anger),
        );
    }
    for n in &a.nodes {
        if !b.nodes.iter().any(|m| m.id == n.id) {
            warn(field("nodes"), msg!(diag_drift_missing_node, bn, n.id, an));
        }
    }
    for m in &b.nodes {
        let node_at = spans.key(&[Seg::Field("nodes"), Seg::Key(&m.id, 0)]);
        let Some(n) = a.nodes.iter().find(|n| n.id == m.id) else {
            warn(node_at, msg!(diag_drift_extra_node, bn, m.id, an));
            continue;
        };
        if n.replies.len() != m.replies.len() {
            warn(node_at, msg!(diag_drift_reply_count, bn, m.id, m.replies.len(), an, n.replies.len()));
            continue;
        }
        for (i, (ra, rb)) in n.replies.iter().zip(&m.replies).enumerate() {
            let reply_at =
                spans.nearest(&[Seg::Field("nodes"), Seg::Key(&m.id, 0), Seg::Field("replies"), Seg::Index(i)]);
            if ra.technique != rb.technique {
                warn(
                    reply_at.clone(),
                    msg!(diag_drift_technique, bn, m.id, i + 1, rb.technique.id(), an, ra.technique.id()),
                );
            }
            let (ta, tb) = (targets(a, ra.next.targets()), targets(b, rb.next.targets()));
            if ta != tb {
                let shown = |t: &[String; 3]| {
                    if t[0] == t[1] && t[1] == t[2] { t[0].clone() } else { t.join(" / ") }
                };
                warn(reply_at.clone(), msg!(diag_drift_next, bn, m.id, i + 1, shown(&tb), an, shown(&ta)));
            }
            let message = match (rb.anger, ra.anger) {
                (x, y) if x == y => None,
                (Some(x), Some(y)) => Some(msg!(diag_drift_anger, bn, m.id, i + 1, x, an, y)),
                (None, Some(y)) => Some(msg!(diag_drift_anger_persona_here, bn, m.id, i + 1, an, y)),
                (Some(x), None) => Some(msg!(diag_drift_anger_persona_there, bn, m.id, i + 1, x, an)),
                (None, None) => None,
            };
            if let Some(message) = message {
                warn(reply_at, message);
            }
        }
    }
    let endings = |s: &Scenario| -> Vec<(String, String)> {
        s.endings.iter().filter(|e| !e.builtin).map(|e| (e.id.clone(), e.kind.id().to_string())).collect()
    };
    let (ea, eb) = (endings(a), endings(b));
    if ea != eb {
        let list = |e: &[(String, String)]| {
            if e.is_empty() {
                "—".to_string()
            } else {
                e.iter().map(|(id, k)| format!("{id} ({k})")).collect::<Vec<_>>().join(", ")
            }
        };
        warn(field("endings"), msg!(diag_drift_endings, bn, list(&eb), an, list(&ea)));
    }
    // What a test plays and expects; its name and place are the language's own.
    let same_test = |x: &ScenarioTest, y: &ScenarioTest| {
        (&x.path, x.seed, x.outcome, x.min_score, x.max_score) == (&y.path, y.seed, y.outcome, y.min_score, y.max_score)
    };
    if a.tests.len() != b.tests.len() || a.tests.iter().zip(&b.tests).any(|(x, y)| !same_test(x, y)) {
        warn(field("tests"), msg!(diag_drift_tests, bn, b.tests.len(), a.tests.len(), an));
    }
    out
}
