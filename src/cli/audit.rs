//! Scenario tests and the bots' findings, worded as diagnostics for `check` and `test`.

use crate::engine::audit::{self, Finding, TestFailure, TestResult};
use crate::engine::load::{id_span, node_span, read_text};
use crate::engine::simulate::Trouble;
use crate::engine::{Diagnostic, Scenario, Severity};
use std::sync::Arc;

/// Every scenario test of `scenario`, as results and as diagnostics for the failures.
pub fn tests(scenario: &Arc<Scenario>) -> (Vec<TestResult>, Vec<Diagnostic>) {
    let results: Vec<TestResult> = scenario.tests.iter().map(|t| audit::run_test(scenario, t)).collect();
    let text = source_text(scenario);
    let diags = results
        .iter()
        .filter_map(|r| {
            let why = failure_text(r.failure.as_ref()?);
            let message = format!("scenario test `{}` fails: {why}", r.name);
            Some(locate(scenario, &text, Severity::Error, "scenario-test", None, Some((r.line, r.column)), message))
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
            let (code, message, help) = finding_text(&f);
            let mut d = locate(scenario, &text, Severity::Warning, code, f.node(), None, message);
            d.help = Some(help);
            d
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
    message: String,
) -> Diagnostic {
    let file = scenario.source.clone().unwrap_or_default();
    let span = match (node, at) {
        (Some(id), _) => node_span(text, id),
        (None, Some((line, column))) if line > 0 => {
            let start = crate::engine::diag::offset_of(text, line, column);
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

pub fn failure_text(f: &TestFailure) -> String {
    match f {
        TestFailure::NoSuchReply { turn, node, offered, number } => {
            format!("at turn {}, node `{node}` offers replies 1 to {offered}, not {number}", turn + 1)
        }
        TestFailure::Outcome { expected, got, turn, node } => match got {
            Some(got) => format!(
                "expected {}, but the call ended {} after turn {} (node `{node}`)",
                expected.id(),
                got.id(),
                turn + 1
            ),
            None => format!("expected {}, but the path ran out at turn {} (node `{node}`)", expected.id(), turn + 1),
        },
        TestFailure::Score { got, min, max, first_slip } => {
            let range = match (min, max) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                (None, None) => String::new(),
            };
            let slip = first_slip
                .as_ref()
                .map(|(turn, node)| {
                    format!("; the debrief's first better reply is at turn {} (node `{node}`)", turn + 1)
                })
                .unwrap_or_default();
            format!("scored {got}, expected {range}{slip}")
        }
        TestFailure::Unfinished { turn, node } => {
            format!("the path ran out at turn {} (node `{node}`) before the call ended, so there is no score", turn + 1)
        }
    }
}

fn finding_text(f: &Finding) -> (&'static str, String, String) {
    match f {
        Finding::BestUsesMistake { turn, node, reply, technique } => (
            "best-uses-mistake",
            format!(
                "the best play uses a mistake: turn {}, node `{node}`, reply {} ({})",
                turn + 1,
                reply + 1,
                technique.id()
            ),
            "a mistake should never pay: check where that reply leads and what the other replies here are worth".into(),
        ),
        Finding::BestRepeatsNode { turn, node } => (
            "best-repeats-node",
            format!("the best play comes back to node `{node}` at turn {}", turn + 1),
            "a loop the best play takes is worth a look: does going round it teach anything?".into(),
        ),
        Finding::MethodFails { trouble, median } => {
            let (message, help) = match trouble {
                Trouble::NoMethodReply { node, listening, .. } => (
                    format!(
                        "the method as taught does not resolve this call (median {median:.0}): node `{node}` offers nothing it calls for"
                    ),
                    if *listening {
                        "offer a stage-1 reply here (let them vent, paraphrase, get a yes, name the feeling)"
                            .to_string()
                    } else {
                        "offer a stage-2 reply, a service basic or a close here".to_string()
                    },
                ),
                Trouble::Provoked { node, reply, technique, anger_before, anger_after, .. } => (
                    format!(
                        "the method as taught does not resolve this call (median {median:.0}): at node `{node}`, reply {} ({}) raises anger {anger_before} → {anger_after}",
                        reply + 1,
                        technique.id()
                    ),
                    "check that reply's `anger`, its `next_by_mode`, and the persona's effects".to_string(),
                ),
                Trouble::Lost { node, reply, technique, outcome, .. } => (
                    format!(
                        "the method as taught does not resolve this call (median {median:.0}): at node `{node}`, reply {} ({}) ends it {}",
                        reply + 1,
                        technique.id(),
                        outcome.id()
                    ),
                    "point that reply on to the call's next step for the mode the caller is in".to_string(),
                ),
                Trouble::Unfinished => (
                    format!(
                        "the method as taught does not resolve this call (median {median:.0}): it runs out of turns"
                    ),
                    "look for a loop in the method's replies, or raise max_turns".to_string(),
                ),
            };
            ("method-fails", message, help)
        }
        Finding::SurfaceWins { policy, median } => (
            "surface-wins",
            format!("a bot that picks the {} reply scores a median of {median:.0}", surface_name(*policy)),
            "the call can be won without the method: make some mistakes as long and as polite as the good replies"
                .into(),
        ),
    }
}

fn surface_name(policy: crate::engine::simulate::Policy) -> &'static str {
    match policy {
        crate::engine::simulate::Policy::Longest => "longest",
        _ => "most polite",
    }
}
