//! Scenario tests and the bots' findings, worded as diagnostics for `check` and `test`.

use crate::engine::call::diag::{Message, msg};
use crate::engine::call::load::{id_span, node_span, read_text};
use crate::engine::judge::audit::{self, Finding, TestFailure, TestResult};
use crate::engine::judge::simulate::{Policy, Trouble};
use crate::engine::{Diagnostic, Scenario, Severity};
use std::sync::Arc;

/// Every scenario test of `scenario`, as results and as diagnostics for the failures.
pub fn tests(scenario: &Arc<Scenario>) -> (Vec<TestResult>, Vec<Diagnostic>) {
    let results: Vec<TestResult> = scenario.tests.iter().map(|t| audit::run_test(scenario, t)).collect();
    let text = source_text(scenario);
    let diags = results
        .iter()
        .filter_map(|r| {
            let (message, help) = failure_diagnostic(&r.name, r.failure.as_ref()?);
            let mut d =
                locate(scenario, &text, Severity::Error, "scenario-test", None, Some((r.line, r.column)), message);
            d.help = help;
            Some(d)
        })
        .collect();
    (results, diags)
}

/// The bots' findings about `scenario`, as warnings.
pub fn findings(scenario: &Arc<Scenario>) -> Vec<Diagnostic> {
    let text = source_text(scenario);
    audit::audit(scenario)
        .into_iter()
        .map(|f| {
            let (code, message, help) = finding_message(&f);
            locate(scenario, &text, Severity::Warning, code, f.node(), None, message).with_help(help)
        })
        .collect()
}

fn source_text(scenario: &Scenario) -> String {
    scenario.source.as_deref().and_then(|p| read_text(p).ok()).unwrap_or_default()
}

/// A diagnostic at a node's key, at a line and column, or at the scenario's id.
fn locate(
    scenario: &Scenario,
    text: &str,
    severity: Severity,
    code: &'static str,
    node: Option<&str>,
    at: Option<(usize, usize)>,
    message: Message,
) -> Diagnostic {
    let file = scenario.source.clone().unwrap_or_default();
    let span = match (node, at) {
        (Some(id), _) => node_span(text, id),
        (None, Some((line, column))) if line > 0 => {
            let start = crate::engine::call::diag::offset_of(text, line, column);
            Some(start..start + 1)
        }
        _ => None,
    }
    .or_else(|| id_span(text));
    match span {
        Some(span) if !text.is_empty() => Diagnostic::at(severity, code, &file, text, span, message),
        _ => Diagnostic::file(severity, code, &file, message),
    }
}

/// Why a scenario test failed, for `calmline test`: the reason and, when the score is out
/// of range, the debrief's first better reply (a clause to add to it). Turns are shown 1-based.
pub fn failure_reason(f: &TestFailure) -> (Message, Option<Message>) {
    match f {
        TestFailure::NoSuchReply { turn, node, offered, number } => {
            (msg!(test_why_no_such_reply, turn + 1, node, offered, number), None)
        }
        TestFailure::Outcome { expected, got: Some(got), turn, node } => {
            (msg!(test_why_ended, expected.id(), got.id(), turn + 1, node), None)
        }
        TestFailure::Outcome { expected, got: None, turn, node } => {
            (msg!(test_why_ran_out, expected.id(), turn + 1, node), None)
        }
        TestFailure::Score { got, min, max, first_slip } => {
            let why = match (min, max) {
                (Some(a), Some(b)) => msg!(test_why_score_between, got, a, b),
                (None, Some(b)) => msg!(test_why_score_at_most, got, b),
                (Some(a), None) => msg!(test_why_score_at_least, got, a),
                (None, None) => msg!(test_why_score_at_least, got, 0),
            };
            (why, first_slip.as_ref().map(|(turn, node)| msg!(test_why_first_slip, turn + 1, node)))
        }
        TestFailure::Unfinished { turn, node } => (msg!(test_why_unfinished, turn + 1, node), None),
    }
}

/// The failure of test `name` as `check` reports it, with the debrief's first better reply
/// (after a score out of range) as the help.
fn failure_diagnostic(name: &str, f: &TestFailure) -> (Message, Option<Message>) {
    match f {
        TestFailure::NoSuchReply { turn, node, offered, number } => {
            (msg!(diag_test_no_such_reply, name, turn + 1, node, offered, number), None)
        }
        TestFailure::Outcome { expected, got: Some(got), turn, node } => {
            (msg!(diag_test_ended, name, expected.id(), got.id(), turn + 1, node), None)
        }
        TestFailure::Outcome { expected, got: None, turn, node } => {
            (msg!(diag_test_ran_out, name, expected.id(), turn + 1, node), None)
        }
        TestFailure::Score { got, min, max, first_slip } => {
            let why = match (min, max) {
                (Some(a), Some(b)) => msg!(diag_test_score_between, name, got, a, b),
                (None, Some(b)) => msg!(diag_test_score_at_most, name, got, b),
                (Some(a), None) => msg!(diag_test_score_at_least, name, got, a),
                (None, None) => msg!(diag_test_score_at_least, name, got, 0),
            };
            (why, first_slip.as_ref().map(|(turn, node)| msg!(help_test_first_slip, turn + 1, node)))
        }
        TestFailure::Unfinished { turn, node } => (msg!(diag_test_unfinished, name, turn + 1, node), None),
    }
}

/// A finding's code, message and help.
fn finding_message(f: &Finding) -> (&'static str, Message, Message) {
    match f {
        Finding::BestUsesMistake { turn, node, reply, technique } => (
            "best-uses-mistake",
            msg!(diag_best_uses_mistake, turn + 1, node, reply + 1, technique.id()),
            msg!(help_best_uses_mistake),
        ),
        Finding::BestRepeatsNode { turn, node } => {
            ("best-repeats-node", msg!(diag_best_repeats_node, node, turn + 1), msg!(help_best_repeats_node))
        }
        Finding::MethodFails { trouble, median } => {
            let median = format!("{median:.0}");
            let (message, help) = match trouble {
                Trouble::NoMethodReply { node, listening, .. } => (
                    msg!(diag_method_no_reply, median, node),
                    if *listening { msg!(help_method_stage1) } else { msg!(help_method_stage2) },
                ),
                Trouble::Provoked { node, reply, technique, anger_before, anger_after, .. } => (
                    msg!(diag_method_provoked, median, node, reply + 1, technique.id(), anger_before, anger_after),
                    msg!(help_method_provoked),
                ),
                Trouble::Lost { node, reply, technique, outcome, .. } => (
                    msg!(diag_method_lost, median, node, reply + 1, technique.id(), outcome.id()),
                    msg!(help_method_lost),
                ),
                Trouble::Unfinished => (msg!(diag_method_unfinished, median), msg!(help_method_unfinished)),
            };
            ("method-fails", message, help)
        }
        Finding::SurfaceWins { policy, median } => {
            let median = format!("{median:.0}");
            let message = match policy {
                Policy::Longest => msg!(diag_surface_longest, median),
                Policy::Cue => msg!(diag_surface_cue, median),
                _ => msg!(diag_surface_polite, median),
            };
            ("surface-wins", message, msg!(help_surface_wins))
        }
    }
}
