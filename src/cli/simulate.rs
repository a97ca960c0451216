//! `calmline simulate`: bot trainees play a scenario so a trainer sees whether it rewards
//! skill.

use super::report::env_lang;
use super::{Format, PolicyArg, SimulateArgs};
use crate::engine::judge::simulate::{self, MethodRun, Policy, SimReport, Trouble};
use crate::engine::{EndingKind, Lang, Library};
use crate::text::{self, fill, strings};

pub fn run(args: SimulateArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let t = strings(lang);
    let error = |message: String| eprintln!("{}", fill(t.error, &[&message]));
    if !args.path.is_file() {
        error(fill(t.sim_no_file, &[&args.path.display()]));
        return 2;
    }
    if args.runs == 0 {
        error(t.sim_no_runs.into());
        return 2;
    }
    let lib = Library::load(std::slice::from_ref(&args.path), None);
    if lib.has_errors() || lib.scenarios.is_empty() {
        for d in lib.errors() {
            eprintln!("{}", text::diagnostic_plain(d, lang));
        }
        eprintln!("{}", fill(t.sim_has_errors, &[&args.path.display()]));
        return 1;
    }
    let scenario = lib.scenarios[0].clone();
    if let Some(replies) = &args.replies {
        return play_path(&scenario, replies, args.seed, args.format, lang);
    }
    let policies: Vec<Policy> = match args.policy {
        PolicyArg::Random => vec![Policy::Random],
        PolicyArg::Best => vec![Policy::Best],
        PolicyArg::Worst => vec![Policy::Worst],
        PolicyArg::Method => vec![Policy::Method],
        PolicyArg::Longest => vec![Policy::Longest],
        PolicyArg::Polite => vec![Policy::Polite],
        PolicyArg::Cue => vec![Policy::Cue],
        PolicyArg::All => Policy::ALL.to_vec(),
    };
    let report = simulate::simulate(&scenario, args.runs, args.seed, &policies);
    match args.format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        Format::Human => print_human(&report, &scenario.title, lang),
    }
    0
}

fn outcome_or_unfinished(o: Option<EndingKind>, lang: Lang) -> &'static str {
    o.map_or(strings(lang).sim_unfinished, |o| text::ending(o, lang))
}

fn print_human(r: &SimReport, title: &str, lang: Lang) {
    let t = strings(lang);
    let last_seed = r.seed.wrapping_add(r.runs as u64 - 1);
    outln!("{}", fill(t.sim_header, &[&title, &r.scenario, &r.runs, &r.seed, &last_seed]));
    outln!();
    outln!(
        "{:<8} {:>9} {:>10} {:>8} {:>6}   {:>5} {:>7} {:>5} {:>6}  {:>6}",
        t.sim_col_policy,
        t.sim_col_resolved,
        t.sim_col_escalated,
        t.sim_col_hung_up,
        t.sim_col_agent_ended,
        t.sim_col_min,
        t.sim_col_median,
        t.sim_col_max,
        t.sim_col_mean,
        t.sim_col_turns
    );
    for p in &r.policies {
        outln!(
            "{:<8} {:>9} {:>10} {:>8} {:>6}   {:>5} {:>7.1} {:>5} {:>6.1}  {:>6.1}",
            p.policy.id(),
            p.outcomes.resolved,
            p.outcomes.escalated,
            p.outcomes.hung_up,
            p.outcomes.agent_ended,
            p.score.min,
            p.score.median,
            p.score.max,
            p.score.mean,
            p.turns
        );
    }
    if r.policies.iter().any(|p| !p.by_persona.is_empty()) {
        outln!();
        outln!("{}", t.sim_by_persona);
        for p in &r.policies {
            for q in &p.by_persona {
                outln!(
                    "{:<8} {:<22} {:>5} {:>9} {:>10} {:>8} {:>6}   {:>5} {:>7.1} {:>5} {:>6.1}",
                    p.policy.id(),
                    q.persona,
                    q.runs,
                    q.outcomes.resolved,
                    q.outcomes.escalated,
                    q.outcomes.hung_up,
                    q.outcomes.agent_ended,
                    q.score.min,
                    q.score.median,
                    q.score.max,
                    q.score.mean
                );
            }
        }
    }
    outln!();
    let mut best =
        fill(t.sim_best_path, &[&r.seed, &outcome_or_unfinished(r.best_outcome, lang), &r.best_score.unwrap_or(0)]);
    if !r.best_exact {
        best.push_str(t.sim_heuristic);
    }
    outln!("{best}");
    for (i, s) in r.best_path.iter().enumerate() {
        let mut marks = String::new();
        if s.agreement {
            marks.push_str(t.sim_agreement_mark);
        }
        if s.relapse {
            marks.push_str(t.sim_relapse_mark);
        }
        outln!(
            "{}",
            fill(
                t.sim_step,
                &[
                    &format!("{:>3}", i + 1),
                    &format!("{:<18}", s.node),
                    &format!("{:>3}", s.anger_before),
                    &format!("{:>3}", s.anger_after),
                    &format!("{:<9}", text::mode(s.mode_before, lang)),
                    &format!("{:<9}", text::mode(s.mode_after, lang)),
                    &text::technique(s.technique, lang),
                    &marks
                ]
            )
        );
        outln!("{}", fill(t.sim_caller, &[&one_line(&s.line)]));
        outln!("{}", fill(t.sim_reply, &[&(s.reply + 1), &one_line(&s.text)]));
    }
    if let Some(m) = &r.method {
        print_method(m, r.seed, lang);
    }
    outln!();
    if r.unvisited_nodes.is_empty() && r.unvisited_replies.is_empty() {
        outln!("{}", t.sim_all_visited);
    } else {
        if !r.unvisited_nodes.is_empty() {
            outln!("{}", fill(t.sim_unvisited_nodes, &[&r.unvisited_nodes.join(", ")]));
        }
        for u in &r.unvisited_replies {
            outln!("{}", fill(t.sim_unvisited_reply, &[&u.node, &(u.reply + 1), &one_line(&u.text)]));
        }
    }
}

/// The method bot's call in one line, and when it fails, where, why and what to change.
fn print_method(m: &MethodRun, seed: u64, lang: Lang) {
    let t = strings(lang);
    outln!();
    let path: Vec<String> = m.path.iter().map(|s| (s.reply + 1).to_string()).collect();
    let outcome = outcome_or_unfinished(m.outcome, lang);
    outln!("{}", fill(t.sim_method, &[&seed, &outcome, &m.score.unwrap_or(0), &path.join(",")]));
    let Some(trouble) = &m.trouble else {
        outln!("{}", t.sim_method_resolves);
        return;
    };
    match trouble {
        Trouble::NoMethodReply { turn, node, listening, reply, technique } => {
            let wanted = if *listening { t.sim_wants_stage1 } else { t.sim_wants_stage2 };
            outln!("{}", fill(t.sim_fails_no_reply, &[&(turn + 1), node, &wanted]));
            outln!("{}", fill(t.sim_fell_back, &[&(reply + 1), &technique.id()]));
            outln!("{}", fill(t.sim_change_no_reply, &[node]));
        }
        Trouble::Provoked { turn, node, reply, technique, anger_before, anger_after, mode } => {
            let mode = text::mode(*mode, lang);
            outln!(
                "{}",
                fill(
                    t.sim_fails_provoked,
                    &[&(turn + 1), node, &(reply + 1), &technique.id(), anger_before, anger_after, &mode]
                )
            );
            outln!("{}", fill(t.sim_change_provoked, &[&technique.id(), &mode]));
        }
        Trouble::Lost { turn, node, reply, technique, outcome } => {
            let ending = text::ending(*outcome, lang);
            outln!("{}", fill(t.sim_fails_lost, &[&(turn + 1), node, &(reply + 1), &technique.id(), &ending]));
            outln!("{}", t.sim_change_lost);
        }
        Trouble::Unfinished => {
            outln!("{}", t.sim_fails_unfinished);
            outln!("{}", t.sim_change_unfinished);
        }
    }
}

/// `simulate --path`: plays exactly the given reply numbers.
fn play_path(
    scenario: &std::sync::Arc<crate::engine::Scenario>,
    path: &[usize],
    seed: u64,
    format: Format,
    lang: Lang,
) -> i32 {
    let t = strings(lang);
    match simulate::play_path(scenario, path, seed) {
        Err(simulate::PathError { turn, node, offered, number }) => {
            let message = fill(t.sim_no_such_number, &[&(turn + 1), &node, &offered, &number]);
            eprintln!("{}", fill(t.error, &[&message]));
            2
        }
        Ok(played) => {
            match format {
                Format::Json => outln!("{}", serde_json::to_string_pretty(&played).unwrap_or_default()),
                Format::Human => {
                    for (i, turn) in played.turns.iter().enumerate() {
                        outln!(
                            "{}",
                            fill(
                                t.sim_path_step,
                                &[
                                    &format!("{:>3}", i + 1),
                                    &format!("{:<18}", turn.node),
                                    &turn.reply,
                                    &format!("{:<20}", turn.technique.id()),
                                    &format!("{:>3}", turn.anger_before),
                                    &format!("{:>3}", turn.anger_after),
                                    &text::mode(turn.mode_after, lang)
                                ]
                            )
                        );
                        if let Some(b) = &turn.better {
                            outln!("{}", fill(t.sim_better, &[&b.reply, &b.technique.id(), &one_line(&b.text)]));
                        }
                    }
                    match (&played.outcome, &played.score) {
                        (Some(o), Some(s)) => {
                            outln!("{}", fill(t.sim_outcome, &[&text::ending(*o, lang), &s.total, &s.grade]))
                        }
                        _ => outln!("{}", t.sim_path_unfinished),
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
