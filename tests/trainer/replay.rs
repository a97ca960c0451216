//! `calmline replay`: the same call from the same seed and choices, or exactly where and
//! why a record and the engine part ways.

use super::{calmline, copy_dir, dialogues, record_at, refund, stderr, stdout};
use calmline::engine::judge::simulate::Policy;
use calmline::engine::records::record::RecordStore;
use calmline::engine::records::record::{ScenarioRef, read_record};
use calmline::engine::{Lang, Session};
use std::path::{Path, PathBuf};

fn one_record(dir: &Path, lang: Lang, policy: Policy, seed: u64) -> PathBuf {
    let store = RecordStore::open(dir).unwrap();
    record_at(&store, "Anna Lee", &refund(lang), seed, policy, "2026-03-02T09:00:00Z").0
}

fn replay(record: &Path, dialogues: &Path, lang: &str) -> std::process::Output {
    calmline(&["replay", record.to_str().unwrap(), "--dialogues", dialogues.to_str().unwrap(), "--lang", lang])
}

fn tamper(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

#[test]
fn a_recorded_call_replays_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_record(dir.path(), Lang::En, Policy::Best, 11);
    let r = read_record(&path).unwrap();
    let out = replay(&path, &dialogues(), "en");
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let score = r.score.unwrap();
    let expected = format!(
        "Same: the engine plays the same {} turns, outcome resolved, score {} ({}).",
        r.turns.len(),
        score.total,
        score.grade
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
    assert!(stdout(&out).contains("Trainee: Anna Lee"));
}

#[test]
fn a_chinese_call_replays_the_same_with_chinese_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_record(dir.path(), Lang::ZhHans, Policy::Random, 12);
    let out = replay(&path, &dialogues(), "zh");
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("一致：引擎重放出相同的"), "{}", stdout(&out));
    assert!(stdout(&out).contains("没到账的退款"));
}

#[test]
fn a_traditional_chinese_call_replays_with_traditional_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_record(dir.path(), Lang::ZhHant, Policy::Best, 12);
    let record = read_record(&path).unwrap();
    assert_eq!(record.scenario.lang, Lang::ZhHant);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"lang\": \"zh-Hant\""), "the record keeps the language:\n{text}");
    let out = replay(&path, &dialogues(), "zh-Hant");
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("一致：引擎重播出相同的"), "{}", stdout(&out));
    assert!(stdout(&out).contains("沒入帳的退款") && stdout(&out).contains("（refund，zh-Hant）"), "{}", stdout(&out));
    // A record written before Traditional Chinese said `zh`: it is still read, as Simplified.
    let old = dir.path().join("old.json");
    std::fs::write(&old, text.replace("\"lang\": \"zh-Hant\"", "\"lang\": \"zh\"")).unwrap();
    assert_eq!(read_record(&old).unwrap().scenario.lang, Lang::ZhHans);
}

#[test]
fn a_tampered_turn_is_found_at_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_record(dir.path(), Lang::En, Policy::Best, 13);
    let r = read_record(&path).unwrap();
    let real = r.turns[1].anger_after;
    tamper(&path, |v| v["turns"][1]["anger_after"] = serde_json::json!(real.saturating_sub(20)));
    let out = replay(&path, &dialogues(), "en");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    let expected = format!(
        "Diverges at turn 2 (node `{}`): anger after the reply: the record says {}, the engine {real}.",
        r.turns[1].node,
        real.saturating_sub(20)
    );
    assert!(text.contains(&expected), "{text}");
    assert!(
        text.contains("Likely cause: the scenario file is unchanged (same fingerprint), so the record was altered"),
        "{text}"
    );
}

#[test]
fn a_tampered_score_or_choice_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_record(dir.path(), Lang::En, Policy::Best, 14);
    let r = read_record(&path).unwrap();
    let total = r.score.as_ref().unwrap().total;
    tamper(&path, |v| v["score"]["total"] = serde_json::json!(100 - total / 2));
    let out = replay(&path, &dialogues(), "en");
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "Diverges at the end of the call (all {} turns match): total score: the record says {}, the engine {total}.",
        r.turns.len(),
        100 - total / 2
    );
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));

    let path = one_record(dir.path(), Lang::En, Policy::Best, 15);
    tamper(&path, |v| v["turns"][2]["choice"] = serde_json::json!(7));
    let out = replay(&path, &dialogues(), "en");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .contains("Diverges at turn 3 (node `mirrored`): the record chose reply 8, but this turn offers 3."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_changed_scenario_is_named_as_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_record(dir.path(), Lang::En, Policy::Best, 16);
    let r = read_record(&path).unwrap();
    let changed = dir.path().join("dialogues");
    copy_dir(&dialogues(), &changed);
    copy_dir(&dialogues().join("en"), &changed.join("en"));
    let file = changed.join("en/refund.ron");
    let text = std::fs::read_to_string(&file).unwrap();

    // A new comment changes the fingerprint but not the call.
    std::fs::write(&file, format!("// Reviewed by the training team.\n{text}")).unwrap();
    let out = replay(&path, &changed, "en");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Note: the scenario file changed after this call"), "{}", stdout(&out));

    // A reworded reply changes the call.
    let reworded = text.replace("So you returned it on the first", "Let me check: you returned it on the first");
    assert_ne!(reworded, text);
    std::fs::write(&file, reworded).unwrap();
    let out = replay(&path, &changed, "en");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let out = stdout(&out);
    assert!(out.contains("Diverges at turn 2 (node `vented`): reply 1 on offer:"), "{out}");
    assert!(out.contains("Let me check: you returned it"), "{out}");
    assert!(
        out.contains(&format!(
            "Likely cause: the scenario file changed after this call was played (fingerprint {} in the record",
            r.scenario.fingerprint
        )),
        "{out}"
    );
}

#[test]
fn an_interrupted_record_replays_its_turns() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let scenario = refund(Lang::En);
    let mut session = Session::new(scenario.clone(), 17);
    let mut journal = store.begin("Anna", &session).unwrap();
    session.choose(0, 2.0).unwrap();
    session.choose(0, 2.0).unwrap();
    journal.append(&session).unwrap();
    drop(journal);
    let find = |r: &ScenarioRef| r.matches(&scenario).then(|| scenario.clone());
    let (written, _) = store.recover(&find);
    let out = replay(&written[0], &dialogues(), "en");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Same: the engine plays the same 2 turns. The record was interrupted"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_trainer_preview_cannot_be_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecordStore::open(dir.path()).unwrap();
    let mut session = Session::new(refund(Lang::En), 18);
    session.jump_to("felt").unwrap();
    session.choose(0, 1.0).unwrap();
    let journal = store.begin("Trainer", &session).unwrap();
    let path = store.finish(journal, &session).unwrap();
    let out = replay(&path, &dialogues(), "en");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("Cannot be replayed: this is a trainer preview"), "{}", stdout(&out));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = calmline(&["replay", "no/such/record.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such record file"));

    let out = calmline(&["replay", "tests/fixtures/records/bad/truncated.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cut short"), "{}", stderr(&out));

    let path = one_record(dir.path(), Lang::En, Policy::Random, 19);
    let empty = dir.path().join("empty-dialogues");
    std::fs::create_dir(&empty).unwrap();
    let out = replay(&path, &empty, "en");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no call `refund` (en)"), "{}", stderr(&out));

    assert_eq!(calmline(&["replay"]).status.code(), Some(2));
}
