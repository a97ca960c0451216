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
    // On the 1280×800 screen the window leaves room for its borders: 1264×720.
    assert_eq!((w, h), (1264, 720));
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

/// The pixels of a PNG.
fn pixels(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(BufReader::new(file)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    buf
}

/// A shipped call in Traditional Chinese: the call screen and, played through, its
/// debrief. The same screens in Simplified Chinese are drawn differently (other
/// characters, other words), so neither can be the other language's text.
#[test]
fn a_traditional_chinese_call_and_its_debrief_in_a_real_window() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = |lang: &str, autoplay: bool| {
        let png = dir.path().join(format!("{lang}-{autoplay}.png"));
        let mut args = vec!["--scenario", "lost-parcel", "--lang", lang, "--trainee", "林小美", "--seed", "3"];
        if autoplay {
            args.extend(["--autoplay", "best"]);
        }
        args.extend(["--screenshot", png.to_str().unwrap()]);
        let out = on_screen("1280x800", dir.path(), &args);
        assert!(out.status.success(), "{lang}: {}", String::from_utf8_lossy(&out.stderr));
        let (w, h, colours) = inspect(&png);
        assert_eq!((w, h), (1264, 720));
        assert!(colours > 500, "{lang}: the screenshot looks blank: {colours} colours");
        pixels(&png)
    };
    let (hant_call, hans_call) = (shot("zh-Hant", false), shot("zh-Hans", false));
    assert_ne!(hant_call, hans_call, "the zh-Hant call screen is drawn like the zh-Hans one");
    let (hant_debrief, hans_debrief) = (shot("zh-Hant", true), shot("zh-Hans", true));
    assert_ne!(hant_debrief, hans_debrief, "the zh-Hant debrief is drawn like the zh-Hans one");
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
    assert_eq!((w, h), (1264, 720));
    // The name screen: title, card, field, button, text.
    assert!(colours > 100, "the first screen looks blank: {colours} colours");
}

/// Runs `calmline play ARGS` under Xvfb on a `screen`-sized screen (such as `1024x768`).
fn on_screen(screen: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("xvfb-run")
        .args(["-a", "-s", &format!("-screen 0 {screen}x24")])
        .arg(env!("CARGO_BIN_EXE_calmline"))
        .arg("play")
        .args(args)
        .arg("--records")
        .arg(dir.join("records"))
        .env("CALMLINE_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap()
}

/// A projector's 1024×768: the call and its debrief in a window that fits the screen
/// with its title bar and a taskbar (1008×688), with the whole layout drawn.
#[test]
fn on_a_projector_the_call_and_the_debrief_fit_the_screen() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = crate::support::fixture_dialogues();
    let fixtures = fixtures.to_str().unwrap();
    let call = dir.path().join("call.png");
    let args = ["--dialogues", fixtures, "--scenario", "refund", "--lang", "en", "--trainee", "Fay", "--screenshot"];
    let out = on_screen("1024x768", dir.path(), &[&args[..], &[call.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (w, h, colours) = inspect(&call);
    assert_eq!((w, h), (1008, 688));
    assert!(colours > 500, "the call screen looks blank: {colours} colours");
    let debrief = dir.path().join("debrief.png");
    let out = on_screen(
        "1024x768",
        dir.path(),
        &[&args[..args.len() - 1], &["--autoplay", "best", "--screenshot", debrief.to_str().unwrap()]].concat(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (w, h, colours) = inspect(&debrief);
    assert_eq!((w, h), (1008, 688));
    assert!(colours > 500, "the debrief looks blank: {colours} colours");
    // Kept for looking at: target/screens/.
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&call, keep.join("call-1024x768.png")).unwrap();
    std::fs::copy(&debrief, keep.join("debrief-1024x768.png")).unwrap();
}

/// Opens the game on a `screen`-sized screen, reads the window's place and size, presses
/// F11 twice (full screen and back), resizes it, and quits. Prints `xdotool`'s geometry
/// after each step.
const GEOMETRY: &str = r#"
set -u
"$GAME" play --dialogues "$DIALOGUES" --records "$RECORDS" --scenario refund --lang en --trainee Fay >"$LOG" 2>&1 &
pid=$!
wid="$(timeout 60 xdotool search --sync --pid "$pid" --name Calmline | head -1)"
[ -n "$wid" ] || { echo "no window"; kill -9 "$pid"; exit 3; }
sleep 3
echo "== opened"; xdotool getwindowgeometry --shell "$wid"
xdotool windowfocus --sync "$wid" 2>/dev/null || true
# Waits (up to 15 s, for a loaded machine) until the window's geometry is no longer $1.
changed() { for i in $(seq 1 30); do sleep 0.5; [ "$(xdotool getwindowgeometry --shell "$wid")" != "$1" ] && break; done; sleep 1; }
before="$(xdotool getwindowgeometry --shell "$wid")"
xdotool key --window "$wid" F11; changed "$before"
echo "== full screen"; xdotool getwindowgeometry --shell "$wid"
before="$(xdotool getwindowgeometry --shell "$wid")"
xdotool key --window "$wid" F11; changed "$before"
echo "== windowed"; xdotool getwindowgeometry --shell "$wid"
if [ -n "${RESIZE:-}" ]; then xdotool windowsize "$wid" $RESIZE; sleep 3; echo "== resized"; xdotool getwindowgeometry --shell "$wid"; fi
kill "$pid"; wait "$pid" 2>/dev/null
true
"#;

/// Each step's `(x, y, width, height)` from the script's output.
fn geometry(out: &str) -> Vec<(String, (i32, i32, i32, i32))> {
    let mut steps = Vec::new();
    let mut current: Option<(String, [i32; 4])> = None;
    for line in out.lines() {
        if let Some(name) = line.strip_prefix("== ") {
            if let Some((n, g)) = current.take() {
                steps.push((n, (g[0], g[1], g[2], g[3])));
            }
            current = Some((name.to_string(), [0; 4]));
        } else if let (Some((_, g)), Some((k, v))) = (current.as_mut(), line.split_once('=')) {
            let v = v.trim().parse().unwrap_or(0);
            match k {
                "X" => g[0] = v,
                "Y" => g[1] = v,
                "WIDTH" => g[2] = v,
                "HEIGHT" => g[3] = v,
                _ => {}
            }
        }
    }
    if let Some((n, g)) = current {
        steps.push((n, (g[0], g[1], g[2], g[3])));
    }
    steps
}

fn run_geometry(dir: &Path, resize: Option<&str>) -> Vec<(String, (i32, i32, i32, i32))> {
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", "-screen 0 1024x768x24", "bash", "-c", GEOMETRY])
        .env("GAME", env!("CARGO_BIN_EXE_calmline"))
        .env("DIALOGUES", crate::support::fixture_dialogues())
        .env("RECORDS", dir.join("records"))
        .env("LOG", dir.join("game.log"))
        .env("CALMLINE_CONFIG_DIR", dir.join("config"));
    if let Some(r) = resize {
        cmd.env("RESIZE", r);
    }
    let out = cmd.output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    let log = std::fs::read_to_string(dir.join("game.log")).unwrap_or_default();
    assert!(
        out.status.success(),
        "{said}
{log}"
    );
    geometry(&said)
}

/// On a 1024×768 screen the window opens wholly on screen; F11 switches to full screen
/// and back; a size the trainee chose is remembered, and one that no longer
/// fits is not restored.
#[test]
fn the_window_fits_the_screen_switches_to_full_screen_and_remembers_a_chosen_size() {
    if !real_window_tools(&["xvfb-run", "xdotool"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let steps = run_geometry(dir.path(), Some("900 620"));
    let at = |name: &str| {
        steps.iter().find(|(n, _)| n == name).map(|(_, g)| *g).unwrap_or_else(|| panic!("{name}: {steps:?}"))
    };
    let (x, y, w, h) = at("opened");
    assert_eq!((w, h), (1008, 688), "{steps:?}");
    assert!(x >= 0 && y >= 0 && x + w <= 1024 && y + h <= 768, "the window lies on screen: {steps:?}");
    // Full screen takes the screen's corner. (Xvfb has no window manager, which is what
    // stretches a full-screen window over the screen, so its size is not checked here.)
    let (fx, fy, _, _) = at("full screen");
    assert_eq!((fx, fy), (0, 0), "{steps:?}");
    assert_eq!(at("windowed"), (x, y, 1008, 688), "F11 again gives the window back: {steps:?}");
    assert_eq!((at("resized").2, at("resized").3), (900, 620), "{steps:?}");
    let settings = std::fs::read_to_string(dir.path().join("config/settings.ron")).unwrap();
    assert!(settings.contains("width: 900.0") && settings.contains("height: 620.0"), "{settings}");

    // The next start takes the chosen size back.
    let steps = run_geometry(dir.path(), None);
    let (_, _, w, h) = steps[0].1;
    assert_eq!((w, h), (900, 620), "{steps:?}");

    // A size chosen on a larger monitor does not come back where it no longer fits.
    std::fs::write(
        dir.path().join("config/settings.ron"),
        "(trainee: \"Fay\", lang: Some(en), text_scale: 1.0, window: Some((width: 1500.0, height: 900.0, at: Some((40, 30)))))",
    )
    .unwrap();
    let steps = run_geometry(dir.path(), None);
    let (x, y, w, h) = steps[0].1;
    assert_eq!((w, h), (1008, 688), "{steps:?}");
    assert!(x >= 0 && y >= 0 && x + w <= 1024 && y + h <= 768, "{steps:?}");
}

#[test]
fn clear_messages_instead_of_panics() {
    let bin = env!("CARGO_BIN_EXE_calmline");
    let dir = tempfile::tempdir().unwrap();
    let fixtures = crate::support::fixture_dialogues();
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .arg("play")
            .args(args)
            .env("CALMLINE_CONFIG_DIR", dir.path())
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).to_string())
    };

    let (code, err) = run(&["--dialogues", fixtures.to_str().unwrap(), "--scenario", "no-such-call"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("there is no scenario `no-such-call`"), "{err}");
    assert!(err.contains("refund (en)") && err.contains("timed (en)") && err.contains("refund (zh-Hant)"), "{err}");
    // In the language asked for.
    let (code, err) =
        run(&["--dialogues", fixtures.to_str().unwrap(), "--scenario", "no-such-call", "--lang", "zh-Hant"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("錯誤：") && err.contains("中沒有劇本 `no-such-call`"), "{err}");

    let (code, err) = run(&["--dialogues", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the dialogues folder") && err.contains("does not exist"), "{err}");

    let (code, err) = run(&["--autoplay", "sometimes"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--autoplay takes"), "{err}");

    let (code, err) = run(&["--screenshot", dir.path().join("missing/x.png").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot save the screenshot: the folder"), "{err}");

    // No screen to open a window on: said plainly, not a panic from the window system.
    let out = Command::new(bin)
        .args(["play", "--dialogues", fixtures.to_str().unwrap()])
        .env("CALMLINE_CONFIG_DIR", dir.path())
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no screen to open the game on") && !err.contains("panicked"), "{err}");

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

/// Plays the voiced call in a real window with the real sound device and speech engine
/// (on a machine without a sound card, `tools/audio-setup.sh` gives ALSA a null device).
fn voiced_call(dir: &Path, plan: &str, env: &[(&str, &str)]) -> (Vec<String>, String) {
    let dialogues = dir.join("dialogues");
    crate::support::copy_tree(&crate::sound::sound_dialogues(), &dialogues);
    let log = dir.join("sound.log");
    let output = xvfb()
        .arg(env!("CARGO_BIN_EXE_calmline"))
        .args(["play", "--scenario", "voiced", "--lang", "en", "--trainee", "Ade", "--seed", "7", "--autoplay", plan])
        .arg("--dialogues")
        .arg(&dialogues)
        .arg("--screenshot")
        .arg(dir.join("debrief.png"))
        .arg("--records")
        .arg(dir.join("records"))
        .arg("--sound-log")
        .arg(&log)
        .env("CALMLINE_CONFIG_DIR", dir.join("config"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "the game failed ({}):\n{stderr}", output.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let heard = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{}: {e}\n{stderr}", log.display()));
    (heard.lines().map(str::to_string).collect(), stderr)
}

/// A log line without its speech style: `speech <line> <words>`.
fn unstyled(line: &str) -> String {
    match line.strip_prefix("speech ") {
        Some(rest) => {
            let parts: Vec<&str> = rest.splitn(6, ' ').collect();
            format!("speech {} {}", parts[0], parts.get(5).unwrap_or(&""))
        }
        None => line.to_string(),
    }
}

#[test]
fn a_voiced_call_in_a_real_window_rings_speaks_and_hangs_up_in_order() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (heard, stderr) = voiced_call(dir.path(), "1,1,1", &[]);
    let clip = dir.path().join("dialogues/voices/en/voiced/heard.ogg");
    let heard: Vec<String> = heard.iter().map(|l| unstyled(l)).collect();
    assert_eq!(
        heard,
        [
            "tone ring north_america".to_string(),
            "tone pick-up".into(),
            "speech open My parcel went to the wrong address. Again.".into(),
            "speech agree Yes, exactly.".into(),
            format!("clip heard {}", clip.display()),
            "speech agree Yes, exactly.".into(),
            "speech calmer It is. So what now?".into(),
            "speech done By six. Thank you.".into(),
            "tone hang-up".into(),
        ],
        "{stderr}"
    );
    // Where the sound and speech services are installed (CI), they were really used.
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        assert!(!stderr.contains("no sound device"), "{stderr}");
        assert!(!stderr.contains("no speech engine"), "{stderr}");
    }
}

#[test]
fn without_sound_the_game_plays_silently_with_one_message() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    let missing = missing.to_str().unwrap();
    // No ALSA configuration (so no device) and a speech service at an address where none is.
    let env = [("ALSA_CONFIG_PATH", missing), ("SPEECHD_ADDRESS", &*format!("unix_socket:{missing}/speechd.sock"))];
    let (heard, stderr) = voiced_call(dir.path(), "2", &env);
    let heard: Vec<String> = heard.iter().map(|l| unstyled(l)).collect();
    assert_eq!(heard.first().map(String::as_str), Some("tone ring north_america"), "{stderr}");
    assert_eq!(heard.last().map(String::as_str), Some("tone engaged north_america"), "{stderr}");
    let notice = "No sound device and no speech engine: Calmline plays silently.";
    assert_eq!(stderr.matches(notice).count(), 1, "one message:\n{stderr}");
}
