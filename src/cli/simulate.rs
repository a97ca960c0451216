//! `calmline simulate`: bot trainees play a scenario so a trainer sees whether it rewards
//! skill.

use super::{Format, PolicyArg, SimulateArgs};
use crate::engine::simulate::{self, Policy, SimReport};
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
    let policies: Vec<Policy> = match args.policy {
        PolicyArg::Random => vec![Policy::Random],
        PolicyArg::Best => vec![Policy::Best],
        PolicyArg::Worst => vec![Policy::Worst],
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

fn one_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 90 { flat.chars().take(89).chain(std::iter::once('…')).collect() } else { flat }
}
