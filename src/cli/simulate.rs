//! `calmline simulate`: bot trainees play a scenario so a trainer sees whether it rewards
//! skill.

use super::{Format, PolicyArg, SimulateArgs};
use crate::engine::simulate::{self, MethodRun, Policy, SimReport, Trouble};
use crate::engine::{Lang, Library};

pub fn run(args: SimulateArgs) -> i32 {
    if !args.path.is_file() {
        eprintln!("error: no such scenario file: {}", args.path.display());
        return 2;
    }
    if args.runs == 0 {
        eprintln!("error: --runs must be at least 1");
        return 2;
    }
    let lib = Library::load(std::slice::from_ref(&args.path), None);
    if lib.has_errors() || lib.scenarios.is_empty() {
        for d in lib.errors() {
            eprintln!("{}", d.render_plain());
        }
        eprintln!("The scenario has errors: run `calmline check {}` for details.", args.path.display());
        return 1;
    }
    let scenario = lib.scenarios[0].clone();
    if let Some(replies) = &args.replies {
        return play_path(&scenario, replies, args.seed, args.format);
    }
    let policies: Vec<Policy> = match args.policy {
        PolicyArg::Random => vec![Policy::Random],
        PolicyArg::Best => vec![Policy::Best],
        PolicyArg::Worst => vec![Policy::Worst],
        PolicyArg::Method => vec![Policy::Method],
        PolicyArg::Longest => vec![Policy::Longest],
        PolicyArg::Polite => vec![Policy::Polite],
        PolicyArg::All => Policy::ALL.to_vec(),
    };
    let report = simulate::simulate(&scenario, args.runs, args.seed, &policies);
    match args.format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        Format::Human => print_human(&report, &scenario.title, scenario.lang),
    }
    0
}

fn print_human(r: &SimReport, title: &str, lang: Lang) {
    outln!(
        "{title} ({}): {} runs per policy, seeds {}..{}",
        r.scenario,
        r.runs,
        r.seed,
        r.seed.wrapping_add(r.runs as u64 - 1)
    );
    outln!();
    outln!(
        "{:<8} {:>9} {:>10} {:>8}   {:>5} {:>7} {:>5} {:>6}  {:>6}",
        "policy",
        "resolved",
        "escalated",
        "hung up",
        "min",
        "median",
        "max",
        "mean",
        "turns"
    );
    for p in &r.policies {
        outln!(
            "{:<8} {:>9} {:>10} {:>8}   {:>5} {:>7.1} {:>5} {:>6.1}  {:>6.1}",
            p.policy.id(),
            p.outcomes.resolved,
            p.outcomes.escalated,
            p.outcomes.hung_up,
            p.score.min,
            p.score.median,
            p.score.max,
            p.score.mean,
            p.turns
        );
    }
    outln!();
    let outcome = r.best_outcome.map_or("unfinished", |o| o.label(Lang::En));
    outln!(
        "Best path (seed {}): {} with score {}{}",
        r.seed,
        outcome,
        r.best_score.unwrap_or(0),
        if r.best_exact { "" } else { " (heuristic search: the scenario is too large to search exhaustively)" }
    );
    for (i, s) in r.best_path.iter().enumerate() {
        let mut marks = String::new();
        if s.agreement {
            marks.push_str(" [agreement]");
        }
        if s.relapse {
            marks.push_str(" [relapse]");
        }
        outln!(
            "{:>3}. {:<18} anger {:>3} → {:>3}  {:<9} → {:<9}  {}{}",
            i + 1,
            s.node,
            s.anger_before,
            s.anger_after,
            s.mode_before.id(),
            s.mode_after.id(),
            s.technique.label(Lang::En),
            marks
        );
        outln!("     caller: {}", one_line(&s.line));
        outln!("     reply {}: {}", s.reply + 1, one_line(&s.text));
    }
    let _ = lang;
    if let Some(m) = &r.method {
        print_method(m, r.seed);
    }
    outln!();
    if r.unvisited_nodes.is_empty() && r.unvisited_replies.is_empty() {
        outln!("Every node and reply was visited.");
    } else {
        if !r.unvisited_nodes.is_empty() {
            outln!("Nodes never visited: {}", r.unvisited_nodes.join(", "));
        }
        for u in &r.unvisited_replies {
            outln!("Reply never chosen: {} #{}: {}", u.node, u.reply + 1, one_line(&u.text));
        }
    }
}

/// The method bot's call in one line, and when it fails, where, why and what to change.
fn print_method(m: &MethodRun, seed: u64) {
    outln!();
    let path: Vec<String> = m.path.iter().map(|s| (s.reply + 1).to_string()).collect();
    let outcome = m.outcome.map_or("unfinished", |o| o.label(Lang::En));
    outln!("Method bot (seed {seed}): {outcome} with score {}, replies {}", m.score.unwrap_or(0), path.join(","));
    let Some(t) = &m.trouble else {
        outln!("The method as taught resolves this call.");
        return;
    };
    match t {
        Trouble::NoMethodReply { turn, node, listening, reply, technique } => {
            let wanted = if *listening {
                "a stage-1 reply (let them vent, paraphrase, get a yes, name the feeling) or an apology"
            } else {
                "a stage-2 reply (urgency, a direction, preventing further loss), the service basics or a close"
            };
            outln!(
                "Where it fails: turn {}, node `{node}` offers no reply the method calls for now; it needs {wanted}.",
                turn + 1
            );
            outln!("The bot fell back on reply {} ({}).", reply + 1, technique.id());
            outln!("What to change: add such a reply to `{node}`, or tag the reply that is one with its technique.");
        }
        Trouble::Provoked { turn, node, reply, technique, anger_before, anger_after, mode } => {
            outln!(
                "Where it fails: turn {}, node `{node}`, reply {} ({}) made the caller angrier ({anger_before} → {anger_after}) in {} mode.",
                turn + 1,
                reply + 1,
                technique.id(),
                mode.id()
            );
            outln!(
                "What to change: check that reply's explicit `anger`, its `next_by_mode`, and the persona's effect for {} in {} mode.",
                technique.id(),
                mode.id()
            );
        }
        Trouble::Lost { turn, node, reply, technique, outcome } => {
            outln!(
                "Where it fails: turn {}, node `{node}`, reply {} ({}) led to an ending: {}.",
                turn + 1,
                reply + 1,
                technique.id(),
                outcome.label(Lang::En)
            );
            outln!(
                "What to change: point that reply (or its `next_by_mode` for the caller's mode) on to the call's next step."
            );
        }
        Trouble::Unfinished => {
            outln!("Where it fails: the bot used every turn (max_turns) without reaching an ending.");
            outln!("What to change: look for a loop in the method's replies, or raise max_turns.");
        }
    }
}

/// `simulate --path`: plays exactly the given reply numbers.
fn play_path(scenario: &std::sync::Arc<crate::engine::Scenario>, path: &[usize], seed: u64, format: Format) -> i32 {
    match simulate::play_path(scenario, path, seed) {
        Err(simulate::PathError { turn, node, offered, number }) => {
            eprintln!(
                "error: turn {}: node `{node}` offers replies 1 to {offered}; {number} is not one of them",
                turn + 1
            );
            2
        }
        Ok(played) => {
            match format {
                Format::Json => outln!("{}", serde_json::to_string_pretty(&played).unwrap_or_default()),
                Format::Human => {
                    for (i, t) in played.turns.iter().enumerate() {
                        outln!(
                            "{:>3}. {:<18} reply {} ({:<20}) anger {:>3} → {:>3}  {}",
                            i + 1,
                            t.node,
                            t.reply,
                            t.technique.id(),
                            t.anger_before,
                            t.anger_after,
                            t.mode_after.id()
                        );
                        if let Some(b) = &t.better {
                            outln!("     better: reply {} ({}): {}", b.reply, b.technique.id(), one_line(&b.text));
                        }
                    }
                    match (&played.outcome, &played.score) {
                        (Some(o), Some(s)) => {
                            outln!("Outcome: {} with score {} ({})", o.label(Lang::En), s.total, s.grade)
                        }
                        _ => outln!("The path ends before the call does."),
                    }
                }
            }
            0
        }
    }
}

fn one_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 90 { flat.chars().take(89).chain(std::iter::once('…')).collect() } else { flat }
}
