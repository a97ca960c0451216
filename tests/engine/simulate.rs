//! `simulate`: does the call reward skill?

use super::{calmline, refund};
use calmline::engine::judge::simulate::{Policy, simulate};

#[test]
fn the_best_policy_beats_random_and_worst() {
    let r = simulate(&refund(), 300, 1, &Policy::ALL);
    let by = |p: Policy| r.policies.iter().find(|x| x.policy == p).unwrap();
    assert_eq!(by(Policy::Best).outcomes.resolved, 300);
    assert!(by(Policy::Best).score.min > by(Policy::Random).score.median as u8);
    assert!(by(Policy::Random).score.median > by(Policy::Worst).score.median);
    assert_eq!(by(Policy::Worst).outcomes.resolved, 0);
    assert!(r.best_exact);
    assert_eq!(r.best_path.first().map(|s| s.node.as_str()), Some("open"));
    assert!(r.unvisited_nodes.is_empty());
}

#[test]
fn the_same_seed_gives_the_same_report() {
    let a = simulate(&refund(), 200, 42, &[Policy::Random, Policy::Best]);
    let b = simulate(&refund(), 200, 42, &[Policy::Random, Policy::Best]);
    assert_eq!(a, b);
}

#[test]
fn json_output_has_the_documented_keys() {
    let out =
        calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--runs", "50", "--seed", "9", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "refund");
    assert_eq!(v["runs"], 50);
    assert_eq!(v["seed"], 9);
    for name in ["random", "best", "worst"] {
        let p = &v["policies"][name];
        assert_eq!(p["policy"], name);
        let o = &p["outcomes"];
        let total = o["resolved"].as_u64().unwrap() + o["escalated"].as_u64().unwrap() + o["hung_up"].as_u64().unwrap();
        assert_eq!(total, 50);
        assert!(p["score"]["min"].as_u64().unwrap() <= p["score"]["max"].as_u64().unwrap());
        assert!(p["score"]["median"].is_number());
    }
    assert!(v["best_path"].as_array().unwrap().len() >= 5);
}

#[test]
fn human_output_shows_the_table_and_the_best_path() {
    let out = calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--runs", "20", "--policy", "best"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("policy    resolved"), "{text}");
    assert!(text.contains("best            20"), "{text}");
    assert!(text.contains("Best path (seed 1): resolved"), "{text}");
    assert!(text.contains("Let them vent"), "{text}");
}

#[test]
fn usage_errors_exit_2_and_broken_files_exit_1() {
    assert_eq!(calmline(&["simulate", "nope.ron"]).status.code(), Some(2));
    assert_eq!(calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--runs", "0"]).status.code(), Some(2));
    assert_eq!(
        calmline(&["simulate", "tests/fixtures/good/en/refund.ron", "--policy", "lucky"]).status.code(),
        Some(2)
    );
    assert_eq!(calmline(&["simulate", "tests/fixtures/bad/en/syntax.ron"]).status.code(), Some(1));
}

#[test]
fn simulate_speaks_the_language_asked_for() {
    let out = calmline(&[
        "simulate",
        "dialogues/zh-Hant/tutorial.ron",
        "--runs",
        "20",
        "--policy",
        "best",
        "--lang",
        "zh-Hant",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("每種策略 20 次") && text.contains("最佳路徑（隨機種子 1）：問題解決，得分 100"), "{text}");
    assert!(text.contains("     客戶：") && text.contains("怒氣"), "{text}");
    assert!(calmline::engine::call::script::foreign_chars(&text, calmline::engine::Lang::ZhHant).is_empty(), "{text}");
    let out = calmline(&["simulate", "dialogues/zh-Hant/tutorial.ron", "--path", "9", "--lang", "zh-Hant"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("錯誤：第 1 輪：節點 `open` 的回覆是 1 到 "));
}
