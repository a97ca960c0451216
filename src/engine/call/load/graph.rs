//! Checks on a built scenario: the shape of its graph (reachable nodes, ways out, a way to
//! a good ending) and the characters the shipped font cannot draw.

use super::context::Ctx;
use super::spans::Seg;
use crate::engine::call::diag::{Severity, msg};
use crate::engine::call::model::{Scenario, Target};
use std::collections::{HashSet, VecDeque};

/// Which characters the shipped font can draw; `check` reports any other.
pub type GlyphCheck<'a> = &'a dyn Fn(char) -> bool;

/// The errors about the shape of a call's graph that still leave a call that can be drawn
/// and played: a node no path reaches, a node with no way to an ending, no way to a good
/// ending.
pub const GRAPH_ERRORS: [&str; 3] = ["unreachable", "no-way-out", "no-resolution"];

impl Ctx<'_> {
    /// Errors other than [`GRAPH_ERRORS`]: the call cannot even be drafted.
    pub(super) fn has_fatal_errors(&self) -> bool {
        self.diags.iter().any(|d| d.is_error() && !GRAPH_ERRORS.contains(&d.code))
    }
}

/// Reachability, ways out, and a path to a resolved ending.
pub(super) fn check_graph(cx: &mut Ctx, s: &Scenario) {
    use Seg::{Field, Key};
    let n = s.nodes.len();
    if n == 0 {
        return;
    }
    let node_key = |i: usize| [Field("nodes"), Key(s.nodes[i].id.as_str(), 0)];
    // Targets that did not resolve are already reported; treat them as ways out so they
    // cause no further errors here.
    let successors = |i: usize| s.nodes[i].replies.iter().flat_map(|r| r.next.targets());
    let unresolved =
        s.nodes.iter().flat_map(|n| &n.replies).flat_map(|r| r.next.targets()).any(|t| t == Target::Ending(usize::MAX));
    // Forward reachability from the start.
    let mut reached = vec![false; n];
    let mut queue = VecDeque::from([s.start]);
    reached[s.start] = true;
    let mut resolved_reachable = false;
    while let Some(i) = queue.pop_front() {
        for t in successors(i) {
            match t {
                Target::Node(j) if !reached[j] => {
                    reached[j] = true;
                    queue.push_back(j);
                }
                // A call the agent ends after a warning ends well too (the abusive caller).
                Target::Ending(e) if s.endings.get(e).is_some_and(|e| e.kind.can_end_well()) => {
                    resolved_reachable = true
                }
                _ => {}
            }
        }
    }
    // A node defined twice is reported as a duplicate; the copy is not judged again.
    let first = |i: usize| s.nodes.iter().position(|m| m.id == s.nodes[i].id) == Some(i);
    for i in (0..n).filter(|&i| !reached[i] && first(i)) {
        cx.at_key(Severity::Error, "unreachable", &node_key(i), msg!(diag_unreachable, s.nodes[i].id)).help =
            Some(msg!(help_unreachable));
    }
    // Backward: which nodes can reach some ending?
    let mut preds = vec![Vec::new(); n];
    let mut exits = vec![false; n];
    let mut queue = VecDeque::new();
    for (i, exit) in exits.iter_mut().enumerate() {
        for t in successors(i) {
            match t {
                Target::Node(j) => preds[j].push(i),
                Target::Ending(_) if !*exit => {
                    *exit = true;
                    queue.push_back(i);
                }
                Target::Ending(_) => {}
            }
        }
    }
    while let Some(j) = queue.pop_front() {
        for &i in &preds[j] {
            if !exits[i] {
                exits[i] = true;
                queue.push_back(i);
            }
        }
    }
    for i in (0..n).filter(|&i| reached[i] && !exits[i] && !s.nodes[i].replies.is_empty()) {
        cx.at_key(Severity::Error, "no-way-out", &node_key(i), msg!(diag_no_way_out, s.nodes[i].id));
    }
    if !resolved_reachable && !unresolved {
        let d = cx.at(Severity::Error, "no-resolution", &[Field("endings")], msg!(diag_no_resolution));
        d.help = Some(msg!(help_no_resolution));
    }
}

pub(super) fn check_glyphs(cx: &mut Ctx, s: &Scenario, glyphs: GlyphCheck) {
    let mut missing: Vec<char> = Vec::new();
    let mut seen = HashSet::new();
    let texts = std::iter::once(s.title.as_str())
        .chain([s.brief.as_str(), s.caller.name.as_str()])
        .chain(
            s.nodes.iter().flat_map(|n| std::iter::once(n.line.as_str()).chain(n.variants.iter().map(String::as_str))),
        )
        .chain(s.nodes.iter().flat_map(|n| n.replies.iter().flat_map(|r| [r.text.as_str(), r.feedback.as_str()])))
        .chain(s.endings.iter().filter(|e| !e.builtin).map(|e| e.line.as_str()))
        .chain(s.lines.agree.iter().chain(&s.lines.relapse).chain(&s.lines.silence).map(String::as_str));
    for text in texts {
        for c in text.chars() {
            if !c.is_whitespace() && !c.is_control() && seen.insert(c) && !glyphs(c) {
                missing.push(c);
            }
        }
    }
    for c in missing {
        let offset = cx.text.find(c);
        let range = offset.map(|o| o..o + c.len_utf8());
        cx.push(Severity::Error, "missing-glyph", range, msg!(diag_missing_glyph, c, format!("{:04X}", c as u32)))
            .help = Some(msg!(help_missing_glyph));
    }
}
