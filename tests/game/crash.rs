//! Nothing is lost when the game is killed mid-call: a real game in a real window (Xvfb)
//! is answered and replied to with real key presses (xdotool), killed with SIGKILL after
//! three replies, and started again; the restart turns the journal into an incomplete
//! record holding every reply made before the kill, under the trainee's exact name and a
//! safe file name.

use crate::support::{fixture_dialogues, real_window_tools, xvfb};
use calmline::engine::records::record::{JOURNAL_EXT, read_record};
use std::path::{Path, PathBuf};

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    found.sort();
    found
}

/// Starts the game in a window, answers the call, presses `1` until the journal holds at
/// least three replies, then kills the game with SIGKILL. Prints the journal's line count.
const PLAY_AND_KILL: &str = r#"
set -u
"$GAME" play --dialogues "$DIALOGUES" --records "$RECORDS" --scenario refund --lang en \
    --trainee "$TRAINEE" --seed 5 >"$LOG" 2>&1 &
pid=$!
wid="$(timeout 60 xdotool search --sync --pid "$pid" --name Calmline | head -1)"
[ -n "$wid" ] || { echo "no window"; kill -9 "$pid"; exit 3; }
sleep 2
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --window "$wid" Return
lines=0
for _ in $(seq 1 80); do
    sleep 0.75
    journal="$(ls "$RECORDS"/*.journal 2>/dev/null | head -1)"
    if [ -n "$journal" ]; then
        lines=$(wc -l < "$journal")
        # The header, then one line per reply.
        [ "$lines" -ge 4 ] && break
    fi
    xdotool key --window "$wid" 1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
echo "journal lines: $lines"
"#;

#[test]
fn a_call_killed_mid_way_comes_back_as_an_incomplete_record() {
    if !real_window_tools(&["xvfb-run", "xdotool"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let trainee = "王 小明/../A.B: test";
    let game = env!("CARGO_BIN_EXE_calmline");
    let dialogues = fixture_dialogues();

    let out = xvfb()
        .args(["bash", "-c", PLAY_AND_KILL])
        .env("GAME", game)
        .env("DIALOGUES", &dialogues)
        .env("RECORDS", &records)
        .env("TRAINEE", trainee)
        .env("LOG", dir.path().join("game.log"))
        .env("CALMLINE_CONFIG_DIR", dir.path().join("config"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    let log = std::fs::read_to_string(dir.path().join("game.log")).unwrap_or_default();
    assert!(out.status.success(), "the scripted call failed: {said}\n{log}");
    let journals = files_with(&records, JOURNAL_EXT);
    assert_eq!(journals.len(), 1, "the killed call left its journal: {said}\n{log}");
    let journalled = std::fs::read_to_string(&journals[0]).unwrap().lines().count() - 1;
    assert!(journalled >= 3, "three replies were journalled before the kill, found {journalled}: {said}\n{log}");
    assert!(files_with(&records, "json").is_empty(), "no record before the restart");

    // The next start recovers the call; a first-screen screenshot run is enough.
    let out = xvfb()
        .arg(game)
        .args(["play", "--dialogues"])
        .arg(&dialogues)
        .arg("--records")
        .arg(&records)
        .arg("--screenshot")
        .arg(dir.path().join("restart.png"))
        .env("CALMLINE_CONFIG_DIR", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "the restart failed: {}", String::from_utf8_lossy(&out.stderr));

    assert!(files_with(&records, JOURNAL_EXT).is_empty(), "the journal became a record");
    let written = files_with(&records, "json");
    assert_eq!(written.len(), 1, "{written:?}");
    let record = read_record(&written[0]).unwrap();
    assert!(!record.complete);
    assert_eq!(record.trainee, trainee);
    assert_eq!(record.seed, 5);
    assert_eq!(record.scenario.id, "refund");
    assert_eq!(record.turns.len(), journalled, "every journalled reply is in the record");
    // Every key press said reply 1: no silences, nothing left unplayed.
    assert!(record.turns.iter().all(|t| t.choice == Some(0)), "{:?}", record.choices());
    assert!(record.unplayed.is_empty());
    assert!(!record.counts(), "an interrupted call never counts as a best score");

    let name = written[0].file_name().unwrap().to_str().unwrap().to_string();
    assert_eq!(written[0].parent(), Some(records.as_path()), "the record stays in the records folder");
    assert!(!name.contains(['/', '\\', ':', ' ']), "a safe file name: {name}");
    assert!(name.contains("王") && name.contains("refund"), "the name still says whose call it was: {name}");
}
