//! The real window: the built game plays a call by itself under Xvfb with Mesa's software
//! Vulkan, saves a screenshot of the debrief and exits 0. When `CI=true`, a missing
//! `xvfb-run` fails the test instead of skipping it.

use std::collections::HashSet;
use std::io::BufReader;
use std::path::Path;
use std::process::Command;

use crate::support::{real_window_tools, xvfb};

/// Width, height and the number of distinct colours of a PNG.
fn inspect(path: &Path) -> (u32, u32, usize) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(BufReader::new(file)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let colours: HashSet<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    (info.width, info.height, colours.len())
}

fn play(dir: &Path, png: &Path, args: &[&str]) {
    let output = xvfb()
        .arg(env!("CARGO_BIN_EXE_calmline"))
        .arg("play")
        .args(args)
        .args(["--autoplay", "best", "--screenshot"])
        .arg(png)
        .arg("--records")
        .arg(dir.join("records"))
        .env("CALMLINE_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the game failed ({}):\n{stderr}", output.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("ICU4X"), "the text shaper's notes must stay out of the console:\n{stderr}");
    let (w, h, colours) = inspect(png);
    assert_eq!((w, h), (1280, 720));
    // A debrief with text, a chart and coloured bands has thousands of colours
    // (anti-aliased text); a blank or single-colour frame has a handful.
    assert!(colours > 500, "the screenshot looks blank: {colours} colours");
    assert!(!dir.join("config/settings.ron").exists(), "a demo run does not change the settings");
}

#[test]
fn a_demo_call_in_a_real_window_ends_with_a_screenshot() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = crate::support::fixture_dialogues();
    let en = dir.path().join("en.png");
    play(dir.path(), &en, &["--dialogues", fixtures.to_str().unwrap(), "--scenario", "refund", "--lang", "en"]);
    // The shipped calls, in Chinese: the first call of the list.
    let zh = dir.path().join("zh.png");
    play(dir.path(), &zh, &["--lang", "zh"]);
}

#[test]
fn without_autoplay_the_first_screen_is_captured() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("first.png");
    let output = xvfb()
        .arg(env!("CARGO_BIN_EXE_calmline"))
        .args(["play", "--screenshot"])
        .arg(&png)
        .arg("--records")
        .arg(dir.path().join("records"))
        .env("CALMLINE_CONFIG_DIR", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (w, h, colours) = inspect(&png);
    assert_eq!((w, h), (1280, 720));
    // The name screen: title, card, field, button, text.
    assert!(colours > 100, "the first screen looks blank: {colours} colours");
}

#[test]
fn clear_messages_instead_of_panics() {
    let bin = env!("CARGO_BIN_EXE_calmline");
    let dir = tempfile::tempdir().unwrap();
    let fixtures = crate::support::fixture_dialogues();
    let run = |args: &[&str]| {
        let out = Command::new(bin).arg("play").args(args).env("CALMLINE_CONFIG_DIR", dir.path()).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).to_string())
    };

    let (code, err) = run(&["--dialogues", fixtures.to_str().unwrap(), "--scenario", "no-such-call"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("there is no scenario `no-such-call`"), "{err}");
    assert!(err.contains("refund (en)") && err.contains("timed (en)") && err.contains("refund (zh)"), "{err}");

    let (code, err) = run(&["--dialogues", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the dialogues folder") && err.contains("does not exist"), "{err}");

    let (code, err) = run(&["--autoplay", "sometimes"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--autoplay takes"), "{err}");

    let (code, err) = run(&["--screenshot", dir.path().join("missing/x.png").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot save the screenshot: the folder"), "{err}");

    // A damaged font is named before any window opens.
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(assets.join("fonts")).unwrap();
    std::fs::write(assets.join(calmline::paths::FONT_FILE), b"not a font at all").unwrap();
    let out = Command::new(bin)
        .args(["play", "--screenshot"])
        .arg(dir.path().join("x.png"))
        .env("CALMLINE_CONFIG_DIR", dir.path())
        .env("CALMLINE_ASSETS", &assets)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the game's font") && err.contains("is damaged"), "{err}");
}
