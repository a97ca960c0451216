//! Fuzzing the whole `check` path on mutated shipped files: parse, validate, and render the
//! human and the JSON output, then `simulate` on the mutants that pass. No input may panic,
//! take over a second, or give a location outside the file, and the human output must name
//! the same line and column as the JSON.
//!
//! Deterministic: case `n` of a run with seed `S` is always the same mutant. A failure names
//! its seed and case and saves the mutant under `target/fuzz-failures/`; replay it with
//! `CALMLINE_FUZZ_SEED=S CALMLINE_FUZZ_CASE=n cargo test --test trainer fuzz`.
//! `CALMLINE_FUZZ_CASES` sets how many cases each test runs.

use super::{calmline, root, stderr, stdout};
use calmline::cli::{CheckArgs, Format, run_check};
use calmline::engine::Library;
use calmline::engine::call::load::decode;
use calmline::engine::judge::simulate::{Policy, simulate};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A file that takes longer than this to check counts as a hang.
const HANG: Duration = Duration::from_secs(1);
/// How many of the mutants that pass `check` each test also simulates.
const SIMULATED: usize = 25;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The cases of this run: `CALMLINE_FUZZ_CASE` alone, or `0..CALMLINE_FUZZ_CASES`.
fn cases(default: u64) -> (u64, Vec<u64>) {
    let seed = setting("CALMLINE_FUZZ_SEED", 20261202);
    match std::env::var("CALMLINE_FUZZ_CASE").ok().and_then(|v| v.parse().ok()) {
        Some(case) => (seed, vec![case]),
        None => (seed, (0..setting("CALMLINE_FUZZ_CASES", default)).collect()),
    }
}

/// Punctuation that RON cares about, inserted at random.
const SYNTAX: &[&[u8]] = &[b"\"", b"(", b")", b"[", b"]", b",", b":", b"\\", b"//", b"/*", b"\n", b"\r", b"\x0b"];

/// Mutates `bytes` with one to three random edits, biased towards the places that broke
/// `check` before: inside strings and inside multi-byte characters.
fn mutate(bytes: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..rng.random_range(1..=3) {
        if b.is_empty() {
            b.extend_from_slice(SYNTAX[rng.random_range(0..SYNTAX.len())]);
            continue;
        }
        let at = place(&b, rng);
        match rng.random_range(0..8) {
            // Flip one bit.
            0 => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.random_range(0..8);
            }
            // Cut a few bytes, perhaps half a character.
            1 => {
                let end = (at + rng.random_range(1..=12)).min(b.len());
                b.drain(at..end);
            }
            // Cut a longer stretch: from inside one string into another line.
            2 => {
                let end = (at + rng.random_range(10..=400)).min(b.len());
                b.drain(at..end);
            }
            // Insert RON punctuation.
            3 | 4 => {
                let s = SYNTAX[rng.random_range(0..SYNTAX.len())];
                b.splice(at..at, s.iter().copied());
            }
            // Insert part of a Chinese character, or a whole one.
            5 => {
                let ch = ["我", "们", "，", "“", "é"][rng.random_range(0..5)].as_bytes();
                let n = rng.random_range(1..=ch.len());
                b.splice(at..at, ch[..n].iter().copied());
            }
            // Copy a fragment from elsewhere in the file.
            6 => {
                let from = rng.random_range(0..b.len());
                let end = (from + rng.random_range(1..=80)).min(b.len());
                let piece = b[from..end].to_vec();
                b.splice(at..at, piece);
            }
            // Truncate.
            _ => b.truncate(at),
        }
    }
    b
}

/// A place to edit: half the time inside a string or a multi-byte character.
fn place(b: &[u8], rng: &mut ChaCha8Rng) -> usize {
    let at = rng.random_range(0..=b.len());
    let want_continuation = rng.random_bool(0.35);
    let want_string = rng.random_bool(0.2);
    let scan = (at..b.len()).chain(0..at);
    for i in scan.take(4096) {
        if (want_continuation && (0x80..0xC0).contains(&b[i])) || (want_string && b[i] == b'"') {
            return if want_string { (i + 1 + rng.random_range(0..6)).min(b.len()) } else { i };
        }
    }
    at
}

/// What one `check` of a folder printed.
struct Checked {
    code: i32,
    out: String,
    err: String,
}

fn check(path: &Path, format: Format) -> Checked {
    let args = CheckArgs {
        paths: vec![path.to_path_buf()],
        format,
        font: Some(root().join("assets").join(calmline::paths::FONT_FILE)),
        no_font_check: false,
        // The bots are fuzzed below, on the first mutants that pass, as `simulate`.
        no_bots: true,
        lang: Some(calmline::engine::Lang::En),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_check(args, false, &mut out, &mut err);
    Checked { code, out: String::from_utf8(out).expect("stdout is UTF-8"), err: String::from_utf8(err).expect("UTF-8") }
}

/// The `file:line:column` of every diagnostic in the human output, in order: ariadne's
/// `╭─[ file:L:C ]` header, or the plain `file:L:C: error:` line.
fn human_locations(err: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for line in err.lines() {
        let loc = match line.find("─[ ") {
            Some(i) => line[i + "─[ ".len()..].strip_suffix(" ]"),
            None => line.find(": error: ").or_else(|| line.find(": warning: ")).map(|i| &line[..i]),
        };
        if let Some(loc) = loc {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok());
            let line = parts.next().and_then(|l| l.parse().ok());
            if let (Some(l), Some(c)) = (line, col) {
                found.push((l, c));
            }
        }
    }
    found
}

/// Checks a folder holding one mutated file; returns why it failed, if it did.
fn check_case(folder: &Path, file: &Path) -> Result<(), String> {
    // The text the loader saw: the whole file, or up to the first byte that is not UTF-8
    // (where the `not-utf8` diagnostic points).
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let text = match decode(file, bytes.clone()) {
        Ok(text) => text,
        Err(_) => {
            let good = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            String::from_utf8_lossy(&bytes[..good]).into_owned()
        }
    };
    let started = Instant::now();
    let human = check(folder, Format::Human);
    let json = check(folder, Format::Json);
    let took = started.elapsed();
    if took > HANG * 2 {
        return Err(format!("checking took {took:?} for two formats"));
    }
    if human.code != json.code || !(human.code == 0 || human.code == 1) {
        return Err(format!("exit codes {} and {}", human.code, json.code));
    }
    let report: serde_json::Value = serde_json::from_str(&json.out).map_err(|e| format!("bad JSON: {e}"))?;
    let diags = report["diagnostics"].as_array().ok_or("no diagnostics array")?;
    if (human.code == 1) != (report["errors"].as_u64() > Some(0)) {
        return Err(format!("exit {} with {} errors", human.code, report["errors"]));
    }
    let mut expected = Vec::new();
    for d in diags {
        let (line, column) = (d["line"].as_u64().unwrap_or(0) as usize, d["column"].as_u64().unwrap_or(0) as usize);
        expected.push((line, column));
        if d["file"].as_str().map(Path::new) != Some(file) || line == 0 {
            continue;
        }
        let text = text.as_str();
        let (start, end) = match d["span"].as_array() {
            Some(s) => (s[0].as_u64().unwrap_or(u64::MAX) as usize, s[1].as_u64().unwrap_or(u64::MAX) as usize),
            None => return Err(format!("no span: {d}")),
        };
        if !(start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)) {
            return Err(format!("span {start}..{end} outside the file or a character ({} bytes): {d}", text.len()));
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let within = lines.get(line - 1).is_some_and(|l| column <= l.chars().count() + 1);
        if !within {
            return Err(format!("line {line}, column {column} is outside the file: {d}"));
        }
        if calmline::engine::call::diag::line_col(text, start) != (line, column) {
            return Err(format!("line and column do not match the span: {d}"));
        }
    }
    let shown = human_locations(&human.err);
    if shown != expected {
        return Err(format!("the human output shows {shown:?}, the JSON {expected:?}\n{}", human.err));
    }
    Ok(())
}

/// Runs `cases` mutants of each `(language folder, file)` through `check`, and the ones that
/// pass through `simulate`.
fn fuzz(name: &str, sources: &[(&str, PathBuf)], personas: &Path, default_cases: u64, mutate_personas: bool) {
    let (seed, cases) = cases(default_cases);
    let dir = tempfile::tempdir().unwrap();
    let originals: Vec<Vec<u8>> = sources.iter().map(|(_, p)| std::fs::read(p).unwrap()).collect();
    let persona_bytes = std::fs::read(personas).unwrap();
    let (mut passed, mut slowest) = (0, Duration::ZERO);
    for &case in &cases {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let folder = dir.path().join(format!("case-{case}"));
        let pick = rng.random_range(0..sources.len());
        let (lang, original) = (&sources[pick].0, &sources[pick].1);
        std::fs::create_dir_all(folder.join(lang)).unwrap();
        let file = folder.join(lang).join(original.file_name().unwrap());
        let persona_file = folder.join("personas.ron");
        let (mutant_path, mutant) = if mutate_personas {
            std::fs::write(&file, &originals[pick]).unwrap();
            (persona_file.clone(), mutate(&persona_bytes, &mut rng))
        } else {
            std::fs::write(&persona_file, &persona_bytes).unwrap();
            (file.clone(), mutate(&originals[pick], &mut rng))
        };
        std::fs::write(&mutant_path, &mutant).unwrap();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| check_case(&folder, &mutant_path)).unwrap_or_else(|panic| {
            let msg =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(format!("panicked: {}", msg.unwrap_or_default()))
        });
        let outcome = outcome.and_then(|()| {
            // A mutant that passes `check` is played by every bot, as `simulate` does (the
            // first SIMULATED of them: the planner makes each take about a second here).
            let lib = Library::load(std::slice::from_ref(&folder), None);
            if lib.has_errors() {
                return Ok(false);
            }
            if passed >= SIMULATED {
                return Ok(true);
            }
            std::panic::catch_unwind(|| {
                for s in &lib.scenarios {
                    let report = simulate(s, 5, case, &Policy::ALL);
                    assert_eq!(report.policies.len(), Policy::ALL.len());
                }
            })
            .map(|()| true)
            .map_err(|_| "simulate panicked".to_string())
        });
        let took = started.elapsed();
        slowest = slowest.max(took);
        match outcome {
            Ok(ok) => passed += ok as usize,
            Err(why) => {
                let keep = root().join("target/fuzz-failures");
                std::fs::create_dir_all(&keep).unwrap();
                let saved = keep.join(format!("{name}-{seed}-{case}.ron"));
                std::fs::write(&saved, &mutant).unwrap();
                panic!(
                    "{name}: case {case} of seed {seed} failed: {why}\nthe mutant is saved as {}\nreplay: \
                     CALMLINE_FUZZ_SEED={seed} CALMLINE_FUZZ_CASE={case} cargo test --test trainer fuzz",
                    saved.display()
                );
            }
        }
        let _ = std::fs::remove_dir_all(&folder);
    }
    eprintln!(
        "{name}: {} mutants, {passed} passed check, {} of them simulated; slowest case {slowest:?}",
        cases.len(),
        passed.min(SIMULATED)
    );
    // A mutant passing `check` must be rare but possible: the mutations are real edits.
    assert!(passed < cases.len(), "every mutant passed check: the mutations do nothing");
}

fn shipped(langs: &[&str]) -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for lang in ["zh", "zh-Hant", "en"] {
        if !langs.contains(&lang) {
            continue;
        }
        let dir = root().join("dialogues").join(lang);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "ron")).map(|f| (lang, f)));
    }
    assert!(!out.is_empty());
    out
}

#[test]
fn fuzz_check_on_mutated_chinese_calls() {
    let personas = root().join("dialogues/personas.ron");
    fuzz("zh", &shipped(&["zh"]), &personas, 1500, false);
}

#[test]
fn fuzz_check_on_mutated_traditional_chinese_calls() {
    let personas = root().join("dialogues/personas.ron");
    fuzz("zh-Hant", &shipped(&["zh-Hant"]), &personas, 500, false);
}

#[test]
fn fuzz_check_on_mutated_english_calls() {
    let personas = root().join("dialogues/personas.ron");
    fuzz("en", &shipped(&["en"]), &personas, 800, false);
}

#[test]
fn fuzz_check_on_mutated_personas() {
    let personas = root().join("dialogues/personas.ron");
    let calls =
        vec![("zh", root().join("dialogues/zh/tutorial.ron")), ("en", root().join("dialogues/en/tutorial.ron"))];
    fuzz("personas", &calls, &personas, 500, true);
}

/// Inputs that crashed `check` (a label ending inside a Chinese character) or showed a
/// place other than the diagnostic's (a byte-order mark; a vertical tab, which ariadne
/// counts as a line break). Each is now one error at its line and column.
#[test]
fn inputs_that_crashed_check_are_reported() {
    let cases = [
        ("zh/cut-string.ron", "83:52", "Expected comma"),
        ("zh/expected-comma.ron", "72:51", "Expected comma"),
        ("zh/expected-colon.ron", "375:20", "Expected colon"),
        ("zh/expected-string.ron", "178:30", "Expected string"),
        ("zh/bom-missing-comma.ron", "88:21", "Expected comma"),
        ("zh/vertical-tab.ron", "89:21", "Expected identifier"),
    ];
    for (file, place, message) in cases {
        let path = format!("tests/fixtures/crash/{file}");
        let o = calmline(&["check", "--no-font-check", &path]);
        let (out, err) = (stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{file}:\n{out}\n{err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        let (line, column) = place.split_once(':').unwrap();
        assert!(err.contains(&format!("{message} (line {line}, column {column})")), "{file}:\n{err}");
        assert!(err.contains(&format!("{path}:{place} ]")), "{file}: the header names {place}:\n{err}");
        assert!(out.contains("1 error"), "{file}: {out}");
        // The JSON output gives the same place.
        let o = calmline(&["check", "--no-font-check", "--format", "json", &path]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let d = &json["diagnostics"][0];
        assert_eq!((d["line"].to_string(), d["column"].to_string()), (line.to_string(), column.to_string()), "{file}");
    }
}
