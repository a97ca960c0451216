//! The course features in a real window under Xvfb, driven by `xdotool` keys and captured
//! with F12 (which saves to `screenshots/` in the records folder): the course list, an exam
//! call beside a practice call, "say it first", the what-if chart, and the completion screen
//! reached by playing a small course through. Copies are kept in `target/screens/`.

use crate::support::{copy_tree, fixture_dialogues, real_window_tools, xvfb};
use calmline::engine::{Lang, Library, Session};
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Starts the game with `$GAME_ARGS`, sends `$GAME_KEYS` one by one (`type:TEXT` types text,
/// `sleep:N` waits), presses F12 and waits for the screenshot, then quits.
const DRIVE: &str = r#"
set -u
eval "set -- $GAME_ARGS"
"$GAME" play --records "$RECORDS" "$@" >"$LOG" 2>&1 &
pid=$!
wid="$(timeout 60 xdotool search --sync --pid "$pid" --name Calmline | head -1)"
[ -n "$wid" ] || { echo "no window"; kill -9 "$pid"; exit 3; }
sleep 4
xdotool windowfocus --sync "$wid" 2>/dev/null || true
for k in $GAME_KEYS; do
  case "$k" in
    type:*) xdotool type --window "$wid" --delay 80 "$(echo "${k#type:}" | tr _ ' ')";;
    sleep:*) sleep "${k#sleep:}";;
    *) xdotool key --window "$wid" "$k";;
  esac
  sleep 1.5
done
xdotool key --window "$wid" F12
for i in $(seq 1 40); do ls "$RECORDS"/screenshots/*.png >/dev/null 2>&1 && break; sleep 0.5; done
sleep 1
kill "$pid"; wait "$pid" 2>/dev/null
true
"#;

/// Runs [`DRIVE`] and returns the screenshot F12 saved.
fn drive(dir: &Path, name: &str, args: &[&str], keys: &[&str]) -> PathBuf {
    let records = dir.join(format!("records-{name}"));
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let out = xvfb()
        .args(["bash", "-c", DRIVE])
        .env("GAME", env!("CARGO_BIN_EXE_calmline"))
        .env("RECORDS", &records)
        .env("GAME_ARGS", quoted.join(" "))
        .env("GAME_KEYS", keys.join(" "))
        .env("LOG", dir.join(format!("{name}.log")))
        .env("CALMLINE_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap();
    let log = std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
    assert!(out.status.success(), "{name}: {}\n{log}", String::from_utf8_lossy(&out.stdout));
    assert!(!log.contains("panicked"), "{name}: {log}");
    let shot = std::fs::read_dir(records.join("screenshots"))
        .unwrap_or_else(|e| panic!("{name}: no screenshot folder ({e}):\n{log}"))
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .unwrap_or_else(|| panic!("{name}: F12 saved no screenshot:\n{log}"));
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&shot, keep.join(format!("{name}.png"))).unwrap();
    shot
}

/// Width, height and RGB pixels of a PNG.
fn rgb(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(BufReader::new(file)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let px = buf[..info.buffer_size()].chunks(channels).map(|c| [c[0], c[1], c[2]]).collect();
    (info.width, info.height, px)
}

/// Pixels within 6 of `colour` on each channel, right of `from_x`.
fn count(path: &Path, colour: [u8; 3], from_x: u32) -> usize {
    let (w, _, px) = rgb(path);
    px.iter()
        .enumerate()
        .filter(|(i, p)| {
            (*i as u32 % w) >= from_x && p.iter().zip(colour).all(|(a, b)| (*a as i16 - b as i16).abs() <= 6)
        })
        .count()
}

fn colours(path: &Path) -> usize {
    let (_, _, px) = rgb(path);
    px.into_iter().collect::<std::collections::HashSet<_>>().len()
}

/// The meter's fill in attack mode (the theme's `ATTACK`).
const METER_ATTACK: [u8; 3] = [0xD5, 0x5E, 0x00];
/// The what-if marks' fill: the theme's `REASONING` halfway to white.
const WHAT_IF: [u8; 3] = [128, 185, 217];

#[test]
fn the_course_list_an_exam_call_and_say_it_first_in_a_real_window() {
    if !real_window_tools(&["xvfb-run", "xdotool"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The shipped course on the list.
    let list = drive(dir.path(), "course-list", &["--trainee", "Ana", "--lang", "en", "--course", "onboarding"], &[]);
    let (w, h, _) = rgb(&list);
    assert_eq!((w, h), (1264, 720));
    assert!(colours(&list) > 500, "the course list looks blank");

    // The same call at the same turn, practice then exam: only the practice call has a meter.
    let call = ["--trainee", "Ana", "--lang", "en", "--scenario", "service-failure", "--seed", "3"];
    let practice = drive(dir.path(), "practice-call", &call, &["Return", "1"]);
    let exam = drive(dir.path(), "exam-call", &[&call[..], &["--exam"]].concat(), &["Return", "1"]);
    let meter_practice = count(&practice, METER_ATTACK, 860);
    let meter_exam = count(&exam, METER_ATTACK, 860);
    assert!(meter_practice > 1000, "the practice call shows the meter's fill: {meter_practice} pixels");
    assert_eq!(meter_exam, 0, "the exam call shows no meter");
    assert!(colours(&exam) > 500, "the exam call looks blank");

    // Say it first, typed through the keyboard: the words, then the replies with the closest selected.
    let words = drive(
        dir.path(),
        "say-first",
        &["--trainee", "Ana", "--lang", "en", "--scenario", "double-charge", "--seed", "3", "--say-first"],
        &["Return", "type:tell_me_everything_from_the_start", "Return"],
    );
    assert!(colours(&words) > 500);
}

#[test]
fn the_what_if_path_is_drawn_over_the_chart() {
    if !real_window_tools(&["xvfb-run"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = |name: &str, autoplay: &str| {
        let png = dir.path().join(format!("{name}.png"));
        let out = xvfb()
            .arg(env!("CARGO_BIN_EXE_calmline"))
            .args(["play", "--trainee", "Ana", "--lang", "en", "--scenario", "double-charge", "--seed", "3"])
            .args(["--autoplay", autoplay, "--screenshot"])
            .arg(&png)
            .arg("--records")
            .arg(dir.path().join("records"))
            .env("CALMLINE_CONFIG_DIR", dir.path().join("config"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&png, keep.join(format!("{name}.png"))).unwrap();
        png
    };
    // A mistake at the first turn: the better path is drawn from there.
    let strayed = shot("what-if", "2");
    // The best play: no better path, no marks.
    let best = shot("no-what-if", "best");
    let marks = count(&strayed, WHAT_IF, 0);
    assert!(marks > 300, "the what-if marks are drawn: {marks} pixels");
    assert_eq!(count(&best, WHAT_IF, 0), 0, "a call played best has no what-if");
}

/// The best replies (1-based keys) for `id` in the fixture dialogues with `seed`.
fn best_keys(dialogues: &Path, id: &str, seed: u64) -> Vec<String> {
    let library = Library::load(&[dialogues.to_path_buf()], None);
    let scenario = library.find(id, Lang::En).unwrap().clone();
    let mut session = Session::new(scenario, seed);
    let mut keys = Vec::new();
    while !session.is_over() {
        let reply = calmline::game::autoplay::best_reply(&session);
        keys.push((reply + 1).to_string());
        session.choose(reply, 1.0).unwrap();
    }
    keys
}

#[test]
fn a_small_course_played_through_ends_on_the_completion_screen() {
    if !real_window_tools(&["xvfb-run", "xdotool"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dialogues = dir.path().join("dialogues");
    copy_tree(&fixture_dialogues(), &dialogues);
    std::fs::create_dir_all(dialogues.join("courses")).unwrap();
    std::fs::write(
        dialogues.join("courses/basics.ron"),
        r#"Course(id: "basics", title: (en: "Basics", zh: "基础", zh_hant: "基礎"), units: [
    Unit(id: "practice", title: (en: "Practice", zh: "练习", zh_hant: "練習"), mode: practice,
         calls: [(id: "refund", pass: 70)], unlock: all),
    Unit(id: "final", title: (en: "Final", zh: "考核", zh_hant: "考核"), mode: exam,
         calls: [(id: "timed", pass: 50)], unlock: all),
])
"#,
    )
    .unwrap();
    // The list selects the next call; Return takes it, Return answers; then the best replies,
    // the debrief, back to the list, the exam the same way, and Esc from its debrief.
    let mut keys: Vec<String> = vec!["Return".into(), "Return".into()];
    keys.extend(best_keys(&dialogues, "refund", 7));
    keys.extend(["Return", "Escape", "Return", "Return"].map(String::from));
    keys.extend(best_keys(&dialogues, "timed", 7));
    keys.extend(["Return", "Escape"].map(String::from));
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let args = ["--dialogues", dialogues.to_str().unwrap(), "--trainee", "Fay", "--lang", "en", "--seed", "7"];
    let shot = drive(dir.path(), "completion", &args, &keys);
    assert!(colours(&shot) > 300, "the completion screen looks blank");
    let (records, _) = calmline::engine::records::record::load_records(&dir.path().join("records-completion"));
    let done: Vec<_> = records.iter().filter(|(_, r)| r.attempt.course.as_ref().is_some_and(|c| c.completed)).collect();
    assert_eq!(
        done.len(),
        1,
        "one record completes the course: {:?}",
        records.iter().map(|(_, r)| &r.attempt).collect::<Vec<_>>()
    );
    // The completion screen's border is the theme's `REASONING` blue.
    assert!(count(&shot, [0x00, 0x72, 0xB2], 0) > 1000, "the completion card is on screen");
}

#[test]
fn the_trainer_preview_shows_the_calls_map_in_a_real_window() {
    if !real_window_tools(&["xvfb-run", "xdotool"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let args = ["--trainee", "Ana", "--lang", "en", "--scenario", "double-charge", "--seed", "3", "--trainer"];
    let call = drive(dir.path(), "trainer-call", &args, &["Return", "1"]);
    let map = drive(dir.path(), "trainer-map", &args, &["Return", "1", "g"]);
    assert!(colours(&map) > 300, "the map looks blank");
    // The map covers the call screen: its meter is gone (thin mistake-coloured edges remain).
    let (meter_call, meter_map) = (count(&call, METER_ATTACK, 860), count(&map, METER_ATTACK, 860));
    assert!(meter_call > 1000, "the call screen shows the meter: {meter_call}");
    assert!(meter_map < 300, "the map lies over the call screen: {meter_map} meter-coloured pixels");
    // The current node is filled with the theme's accent.
    assert!(count(&map, ACCENT, 0) > 800, "the current node is marked on the map");
}

/// The theme's `ACCENT`.
const ACCENT: [u8; 3] = [0x0E, 0x6B, 0x63];
