//! Recorded voices and persona voices, on the fixture `tests/fixtures/voices/`: the call
//! `parcel` (nodes `open`, with one variant, and `calm`; endings `fixed` and `gone`) and
//! `voices/en/` beside it. The clips there are a line of text named `.ogg`: the engine
//! only looks at the names. Exact codes, files, places and words.

use crate::{calmline, fixture, load_ok};
use calmline::engine::call::voice::{VoiceClips, speech_style};
use calmline::engine::{Lang, Library, Severity};
use calmline::text::message;
use std::path::PathBuf;

fn clip(rel: &str) -> PathBuf {
    fixture("voices/voices/en").join(rel)
}

/// (code, file under the fixture, line, column, English message, English help).
fn shown(lib: &Library) -> Vec<(&'static str, String, usize, usize, String, String)> {
    lib.diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            let file = d.file.strip_prefix(fixture("voices")).unwrap_or(&d.file).display().to_string();
            let help = d.help.as_ref().map(|h| message(h, Lang::En)).unwrap_or_default();
            (d.code, file, d.line, d.column, message(&d.message, Lang::En), help)
        })
        .collect()
}

const NAMES: &str =
    "name a clip after a node or an ending: `id.ogg` for its line, `id.1.ogg`, `id.2.ogg` … for a node's variants";
const FOLDERS: &str = "clips go in voices/LANGUAGE/CALL-ID/, such as voices/en/refund/open.ogg";

#[test]
fn check_names_every_clip_that_is_never_played_and_the_lines_left_unrecorded() {
    let lib = Library::load(&[fixture("voices")], None);
    let got = shown(&lib);
    let orphan = |file: &str, text: &str, help: &str| {
        ("orphan-clip", format!("voices/en/{file}"), 0, 0, text.to_string(), help.to_string())
    };
    let expected = vec![
        orphan(
            "no-such-call/open.ogg",
            "no call `no-such-call` in en was read: this clip is never played",
            FOLDERS,
        ),
        orphan("parcel/angry.ogg", "call `parcel` has no node or ending `angry`: this clip is never played", NAMES),
        orphan("parcel/calm.wav", "`calm.wav` is not an .ogg file: only .ogg clips are played", NAMES),
        orphan("parcel/open.2.ogg", "`open` has no variant 2 (it has 1): this clip is never played", NAMES),
        (
            "partial-voice",
            "en/parcel.ron".to_string(),
            4,
            9,
            "call `parcel` has recorded clips for 3 of its 5 lines; missing: calm.ogg, gone.ogg".to_string(),
            "lines without a clip are read by the computer's voice, which sounds unlike the recording: record the rest, or remove the clips".to_string(),
        ),
    ];
    assert_eq!(got, expected);
    let partial = lib.diagnostics.iter().find(|d| d.code == "partial-voice").unwrap();
    assert_eq!(partial.snippet, "    id: \"parcel\",");
    assert_eq!(
        message(&partial.message, Lang::ZhHant),
        "通話 `parcel` 的 5 句台詞中有 3 句有錄音；缺少：calm.ogg, gone.ogg"
    );
}

#[test]
fn clips_are_found_by_line_and_variant_without_falling_back() {
    let lib = load_ok(&[fixture("voices")]);
    let v = &lib.voices;
    assert_eq!(v.len(), 6, "the .ogg files of en/parcel and en/no-such-call");
    assert!(!v.is_empty());
    assert_eq!(v.clip(Lang::En, "parcel", "open", 0), Some(clip("parcel/open.ogg").as_path()));
    assert_eq!(v.clip(Lang::En, "parcel", "open", 1), Some(clip("parcel/open.1.ogg").as_path()));
    assert_eq!(v.clip(Lang::En, "parcel", "fixed", 0), Some(clip("parcel/fixed.ogg").as_path()));
    // No clip for the line itself, and a variant never falls back to the main line.
    assert_eq!(v.clip(Lang::En, "parcel", "calm", 0), None);
    assert_eq!(v.clip(Lang::En, "parcel", "fixed", 1), None);
    assert_eq!(v.clip(Lang::En, "parcel", "open", 3), None);
    assert_eq!(v.clip(Lang::ZhHans, "parcel", "open", 0), None);
    assert_eq!(v.clip(Lang::En, "refund", "open", 0), None);
}

#[test]
fn scanning_reads_the_folder_names_as_languages_and_merges_roots() {
    let (clips, diags) = VoiceClips::scan(&fixture("voices"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(clips.len(), 6);
    let (none, diags) = VoiceClips::scan(&fixture("good"));
    assert!(none.is_empty() && diags.is_empty());
    let mut merged = none;
    merged.extend(clips.clone());
    merged.extend(clips);
    assert_eq!(merged.len(), 6, "a clip seen twice counts once");
    // The strays are judged once too.
    assert_eq!(merged.check(&[]).len(), 7, "every file is an orphan when no call is loaded, the .wav too");
}

#[test]
fn checking_one_call_file_judges_that_calls_clips_only() {
    let lib = Library::load(&[fixture("voices/en/parcel.ron")], None);
    let codes: Vec<(&str, String)> = shown(&lib).into_iter().map(|d| (d.0, d.1)).collect();
    assert_eq!(
        codes,
        [
            ("orphan-clip", "voices/en/parcel/angry.ogg".to_string()),
            ("orphan-clip", "voices/en/parcel/calm.wav".to_string()),
            ("orphan-clip", "voices/en/parcel/open.2.ogg".to_string()),
            ("partial-voice", "en/parcel.ron".to_string()),
        ],
        "no-such-call is another call's business here"
    );
    assert_eq!(lib.voices.clip(Lang::En, "parcel", "open", 1), Some(clip("parcel/open.1.ogg").as_path()));
    assert_eq!(lib.voices.len(), 5);
}

#[test]
fn a_call_with_many_lines_unrecorded_lists_five_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("en")).unwrap();
    let text = calmline::engine::call::testkit::synthetic_scenario(6, 1);
    std::fs::write(root.join("en/synthetic.ron"), &text).unwrap();
    let call = root.join("voices/en/synthetic-6");
    std::fs::create_dir_all(&call).unwrap();
    std::fs::write(call.join("n0.ogg"), b"").unwrap();
    std::fs::write(call.join("n5.1.ogg"), b"").unwrap();
    // Clips in a folder that names no language.
    std::fs::create_dir_all(root.join("voices/fr/synthetic-6")).unwrap();
    std::fs::write(root.join("voices/fr/synthetic-6/n0.ogg"), b"").unwrap();
    let lib = Library::load(&[root.to_path_buf()], None);
    let found: Vec<(&str, String)> = lib
        .diagnostics
        .iter()
        .filter(|d| d.code == "partial-voice" || d.code == "orphan-clip")
        .map(|d| (d.code, message(&d.message, Lang::En)))
        .collect();
    assert_eq!(
        found,
        [
            (
                "orphan-clip",
                "this clip is in a folder `fr` that names no language (use zh-Hans, zh-Hant, en)".to_string()
            ),
            (
                "partial-voice",
                "call `synthetic-6` has recorded clips for 2 of its 15 lines; missing: n0.1.ogg, n1.ogg, n1.1.ogg, n2.ogg, n2.1.ogg and 8 more"
                    .to_string()
            ),
        ]
    );
    let partial = lib.diagnostics.iter().find(|d| d.code == "partial-voice").unwrap();
    assert_eq!((partial.line, partial.column), (3, 9));
    assert_eq!(
        message(&partial.message, Lang::ZhHans),
        "通话 `synthetic-6` 的 15 句台词中有 2 句有录音；缺少：n0.1.ogg, n1.ogg, n1.1.ogg, n2.ogg, n2.1.ogg，另外还有 8 句"
    );
}

#[test]
fn a_fully_voiced_call_and_an_unvoiced_one_get_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("en")).unwrap();
    std::fs::copy(fixture("voices/en/parcel.ron"), root.join("en/parcel.ron")).unwrap();
    std::fs::copy(fixture("voices/personas.ron"), root.join("personas.ron")).unwrap();
    let lib = load_ok(&[root.to_path_buf()]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    let call = root.join("voices/en/parcel");
    std::fs::create_dir_all(&call).unwrap();
    for name in ["open", "open.1", "calm", "fixed", "gone"] {
        std::fs::write(call.join(format!("{name}.ogg")), b"").unwrap();
    }
    let lib = load_ok(&[root.to_path_buf()]);
    assert!(lib.diagnostics.is_empty(), "{:?}", lib.diagnostics);
    assert_eq!(lib.voices.len(), 5);
    // The engine's own endings may have clips too; they are never required.
    std::fs::write(call.join("builtin-escalated.ogg"), b"").unwrap();
    assert!(load_ok(&[root.to_path_buf()]).diagnostics.is_empty());
}

#[test]
fn a_voice_out_of_range_is_an_error_at_its_value() {
    let lib = Library::load(&[fixture("voice-range/personas.ron")], None);
    let found: Vec<(&str, Severity, usize, usize, String)> =
        lib.diagnostics.iter().map(|d| (d.code, d.severity, d.line, d.column, message(&d.message, Lang::En))).collect();
    assert_eq!(
        found,
        [
            ("voice-range", Severity::Error, 5, 23, "voice `rate` must be between -1.0 and 1.0, not 3".to_string()),
            ("voice-range", Severity::Error, 9, 24, "voice `pitch` must be between -1.0 and 1.0, not -1.5".to_string()),
        ]
    );
    assert!(lib.diagnostics[0].help.is_some());
    assert!(lib.personas.get("shouter").is_none() && lib.personas.get("whisperer").is_none());
}

#[test]
fn persona_voices_are_read_and_raised_with_anger() {
    let lib = load_ok(&[fixture("voices")]);
    let slow = lib.personas.get("slow-speaker").unwrap();
    assert_eq!((slow.voice.rate, slow.voice.pitch), (-0.3, -0.2));
    let calm = speech_style(slow, 0);
    let angry = speech_style(slow, 100);
    assert_eq!((calm.rate, calm.pitch), (-0.3, -0.2));
    assert!((angry.rate - 0.05).abs() < 1e-6 && (angry.pitch - 0.05).abs() < 1e-6, "{angry:?}");
    // Left out, the voice is the speech engine's normal.
    let default = lib.personas.get("default").unwrap();
    assert_eq!((default.voice.rate, default.voice.pitch), (0.0, 0.0));
}

#[test]
fn the_shipped_personas_have_distinct_voices() {
    let lib = load_ok(&[crate::root().join("dialogues/personas.ron")]);
    let voices: Vec<(String, f32, f32)> = lib
        .personas
        .iter()
        .filter(|p| p.id != "default")
        .map(|p| (p.id.clone(), p.voice.rate, p.voice.pitch))
        .collect();
    assert!(voices.len() >= 10);
    for (i, a) in voices.iter().enumerate() {
        assert!((a.1, a.2) != (0.0, 0.0), "{} has no voice of its own", a.0);
        for b in &voices[i + 1..] {
            assert!((a.1, a.2) != (b.1, b.2), "{} and {} sound the same", a.0, b.0);
        }
    }
}

#[test]
fn calmline_check_shows_both_warnings() {
    let out = calmline(&["check", "tests/fixtures/voices", "--no-font-check", "--no-bots"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "warnings only: {err}");
    assert_eq!(err.matches("this clip is never played").count(), 3, "{err}");
    assert!(err.contains("voices/en/parcel/calm.wav:0:0: warning: `calm.wav` is not an .ogg file"), "{err}");
    assert!(err.contains("`open` has no variant 2 (it has 1): this clip is never played"), "{err}");
    assert!(err.contains("partial-voice"), "{err}");
    assert!(err.contains("missing: calm.ogg, gone.ogg"), "{err}");
    let json = calmline(&["check", "tests/fixtures/voices/en/parcel.ron", "--no-font-check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let codes: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(
        codes.contains(&"partial-voice") && codes.iter().filter(|c| **c == "orphan-clip").count() == 3,
        "{codes:?}"
    );
}
