//! `calmline replay RECORD`: plays a record again through the engine from its seed and
//! choices, and confirms the same transcript and score, or says where it diverges and
//! why. Exit codes: 0 the same, 1 diverges (or cannot be replayed), 2 usage.

use super::report::env_lang;
use crate::engine::Lang;
use crate::engine::Library;
use crate::engine::records::record::{self, Record, fingerprint_hex};
use crate::engine::records::replay::{self, NotReplayable, Summary, Verdict};
use crate::text::{self, fill, strings};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The record file (a `.json` file in the records folder).
    pub record: PathBuf,
    /// The dialogues folder holding the call (default: dialogues/).
    #[arg(long)]
    pub dialogues: Option<PathBuf>,
    /// Language of the messages (default: from LANG).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
}

pub fn run(args: ReplayArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let t = strings(lang);
    let error = |message: String| eprintln!("{}", fill(t.error, &[&message]));
    if !args.record.is_file() {
        error(fill(t.replay_no_record, &[&args.record.display()]));
        return 2;
    }
    let record = match record::read_file(&args.record) {
        Ok(r) => r,
        Err(reason) => {
            error(fill(t.replay_unreadable, &[&args.record.display(), &text::skip_reason(&reason, lang)]));
            return 2;
        }
    };
    let dialogues = args.dialogues.clone().unwrap_or_else(crate::paths::default_dialogues);
    if !dialogues.exists() {
        error(fill(t.replay_no_dialogues, &[&dialogues.display()]));
        return 2;
    }
    let library = Library::load(std::slice::from_ref(&dialogues), None);
    let Some(scenario) = library.find(&record.scenario.id, record.scenario.lang).cloned() else {
        error(fill(t.replay_no_call, &[&dialogues.display(), &record.scenario.id, &record.scenario.lang]));
        if library.has_errors() {
            eprintln!("{}", fill(t.replay_check_hint, &[&dialogues.display()]));
        }
        return 2;
    };

    header(&record, &args.record, lang);
    let current = fingerprint_hex(scenario.fingerprint);
    let changed = current != record.scenario.fingerprint;
    match replay::verify(&record, scenario) {
        Verdict::Same(summary) => {
            outln!("{}", same(&summary, lang));
            if changed {
                outln!("{}", fill(t.replay_changed_note, &[&record.scenario.fingerprint, &current]));
            }
            0
        }
        Verdict::Diverges(d) => {
            let place = match (d.turn, &d.node) {
                (Some(turn), Some(node)) => fill(t.replay_at_turn_node, &[&(turn + 1), node]),
                (Some(turn), None) => fill(t.replay_at_turn, &[&(turn + 1)]),
                (None, _) => fill(t.replay_at_end, &[&record.turns.len()]),
            };
            outln!("{}", fill(t.replay_diverges, &[&place, &text::difference(&d.difference, lang)]));
            outln!("{}", fill(t.replay_cause, &[&text::cause(&d.cause, lang)]));
            1
        }
        Verdict::NotReplayable(NotReplayable::Adjusted) => {
            outln!("{}", t.replay_adjusted);
            1
        }
    }
}

fn header(r: &Record, path: &std::path::Path, lang: Lang) {
    let t = strings(lang);
    outln!("{}", fill(t.replay_record, &[&path.display()]));
    outln!("{}", fill(t.replay_header, &[&r.trainee, &r.scenario.title, &r.scenario.id, &r.scenario.lang, &r.seed]));
}

fn same(s: &Summary, lang: Lang) -> String {
    let t = strings(lang);
    let outcome = s.outcome.map_or("-", |o| text::ending(o, lang));
    let score = s.score.as_ref().map_or("-".to_string(), |sc| format!("{} ({})", sc.total, sc.grade));
    let mut out = if s.complete {
        fill(t.replay_same, &[&s.turns, &outcome, &score])
    } else {
        let mut line = fill(t.replay_same_interrupted, &[&s.turns]);
        if s.engine_over {
            line.push_str(&fill(t.replay_same_had_ended, &[&outcome, &score]));
        }
        line
    };
    if s.unplayed > 0 {
        out.push_str(&fill(t.replay_unplayed, &[&s.unplayed]));
    }
    out
}
