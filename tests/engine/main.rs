//! The engine and the trainer commands, on fixture files: exact outcomes, scores and
//! error locations, plus property tests. No Bevy is needed here.

mod check;
mod closeness;
mod course;
mod docs;
mod judge;
mod layout;
mod library;
mod practice;
mod props;
mod session;
mod simulate;
mod text;
mod versions;
mod vocabulary;
mod voices;

use calmline::engine::{Lang, Library, Scenario};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Loads files or folders and fails the test on any error.
pub fn load_ok(paths: &[PathBuf]) -> Library {
    let lib = Library::load(paths, None);
    let errors: Vec<String> = lib.errors().map(|d| calmline::text::diagnostic_plain(d, Lang::En)).collect();
    assert!(errors.is_empty(), "unexpected errors:\n{}", errors.join("\n"));
    lib
}

pub fn refund() -> Arc<Scenario> {
    load_ok(&[fixture("good/en/refund.ron")]).scenarios[0].clone()
}

/// Runs the `calmline` binary.
pub fn calmline(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_calmline"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("the calmline binary runs")
}

pub fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}
