//! `calmline replay RECORD`: plays a record again through the engine from its seed and
//! choices, and confirms the same transcript and score, or says where it diverges and
//! why. Exit codes: 0 the same, 1 diverges (or cannot be replayed), 2 usage.

use super::report::env_lang;
use crate::engine::Lang;
use crate::engine::Library;
use crate::engine::record::{self, Record, fingerprint_hex};
use crate::engine::replay::{self, NotReplayable, Summary, Verdict};
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
    let zh = lang == Lang::Zh;
    if !args.record.is_file() {
        eprintln!("error: no such record file: {}", args.record.display());
        return 2;
    }
    let record = match record::read_file(&args.record) {
        Ok(r) => r,
        Err(reason) => {
            eprintln!("error: {} cannot be replayed: {}", args.record.display(), reason.describe(lang));
            return 2;
        }
    };
    let dialogues = args.dialogues.clone().unwrap_or_else(crate::paths::default_dialogues);
    if !dialogues.exists() {
        eprintln!("error: no dialogues folder at {}; give one with --dialogues", dialogues.display());
        return 2;
    }
    let library = Library::load(std::slice::from_ref(&dialogues), None);
    let Some(scenario) = library.find(&record.scenario.id, record.scenario.lang).cloned() else {
        eprintln!(
            "error: {} has no call `{}` ({}): the record cannot be replayed without it.",
            dialogues.display(),
            record.scenario.id,
            record.scenario.lang
        );
        if library.has_errors() {
            eprintln!("Some dialogue files have errors: run `calmline check {}`.", dialogues.display());
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
                if zh {
                    outln!(
                        "注意：剧本文件在这次通话之后被修改过（记录中的指纹 {}，现在是 {}），但这通电话的重放结果相同。",
                        record.scenario.fingerprint,
                        current
                    );
                } else {
                    outln!(
                        "Note: the scenario file changed after this call (fingerprint {} in the record, {} now), but this call plays the same.",
                        record.scenario.fingerprint,
                        current
                    );
                }
            }
            0
        }
        Verdict::Diverges(d) => {
            let place = match (d.turn, &d.node) {
                (Some(t), Some(node)) => {
                    if zh {
                        format!("第 {} 轮（节点 `{node}`）", t + 1)
                    } else {
                        format!("turn {} (node `{node}`)", t + 1)
                    }
                }
                (Some(t), None) => {
                    if zh {
                        format!("第 {} 轮", t + 1)
                    } else {
                        format!("turn {}", t + 1)
                    }
                }
                (None, _) => {
                    if zh {
                        format!("通话结束时（{} 轮都相同）", record.turns.len())
                    } else {
                        format!("the end of the call (all {} turns match)", record.turns.len())
                    }
                }
            };
            if zh {
                outln!("不一致，出现在{place}：{}。", d.difference.describe(lang));
                outln!("可能的原因：{}", d.cause.describe(lang));
            } else {
                outln!("Diverges at {place}: {}.", d.difference.describe(lang));
                outln!("Likely cause: {}", d.cause.describe(lang));
            }
            1
        }
        Verdict::NotReplayable(NotReplayable::Adjusted) => {
            if zh {
                outln!("无法重放：这是培训师预览（通话中跳转过节点或手动设置过怒气），引擎无法重现。");
            } else {
                outln!(
                    "Cannot be replayed: this is a trainer preview (nodes were jumped to or the anger was set by hand during the call), which the engine cannot reproduce."
                );
            }
            1
        }
    }
}

fn header(r: &Record, path: &std::path::Path, lang: Lang) {
    if lang == Lang::Zh {
        outln!("记录：{}", path.display());
        outln!(
            "学员：{} · 通话：{}（{}，{}）· 随机种子 {}",
            r.trainee,
            r.scenario.title,
            r.scenario.id,
            r.scenario.lang,
            r.seed
        );
    } else {
        outln!("Record: {}", path.display());
        outln!(
            "Trainee: {} · Call: {} ({}, {}) · seed {}",
            r.trainee,
            r.scenario.title,
            r.scenario.id,
            r.scenario.lang,
            r.seed
        );
    }
}

fn same(s: &Summary, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = if s.complete {
        let outcome = s.outcome.map_or("-", |o| o.label(lang));
        let score = s.score.as_ref().map_or("-".to_string(), |sc| format!("{} ({})", sc.total, sc.grade));
        if zh {
            format!("一致：引擎重放出相同的 {} 轮，结果“{outcome}”，得分 {score}。", s.turns)
        } else {
            format!("Same: the engine plays the same {} turns, outcome {outcome}, score {score}.", s.turns)
        }
    } else {
        let mut line = if zh {
            format!("一致：引擎重放出相同的 {} 轮。这条记录在通话结束前被中断（从日志恢复），没有得分可比较。", s.turns)
        } else {
            format!(
                "Same: the engine plays the same {} turns. The record was interrupted before the call ended (recovered from its journal), so there is no score to compare.",
                s.turns
            )
        };
        if s.engine_over {
            let outcome = s.outcome.map_or("-", |o| o.label(lang));
            let score = s.score.as_ref().map_or("-".to_string(), |sc| format!("{} ({})", sc.total, sc.grade));
            if zh {
                line.push_str(&format!("按这些选择，通话已经结束：{outcome}，得分 {score}。"));
            } else {
                line.push_str(&format!(" With these choices the call had ended: {outcome}, score {score}."));
            }
        }
        line
    };
    if s.unplayed > 0 {
        if zh {
            out.push_str(&format!("另有 {} 个选择保存在记录中但未能重放（恢复时缺少剧本）。", s.unplayed));
        } else {
            out.push_str(&format!(
                " {} more choices are kept in the record without being played (the call was recovered without its scenario).",
                s.unplayed
            ));
        }
    }
    out
}
