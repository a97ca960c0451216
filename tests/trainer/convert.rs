//! `calmline convert`: a Simplified call drafted into Traditional Chinese (and back) is the
//! same call, in the other script, and never replaces a trainer's file unasked.

use crate::{calmline, root, stderr, stdout};
use calmline::engine::call::script::foreign_chars;
use calmline::engine::{Lang, Library};

#[test]
fn a_simplified_call_becomes_a_traditional_draft_of_the_same_call() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("zh");
    std::fs::create_dir_all(&zh).unwrap();
    std::fs::copy(root().join("dialogues/zh/lost-parcel.ron"), zh.join("lost-parcel.ron")).unwrap();
    std::fs::copy(root().join("dialogues/personas.ron"), dir.path().join("personas.ron")).unwrap();

    let out = calmline(&["convert", "--to", "zh-Hant", zh.join("lost-parcel.ron").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let draft = dir.path().join("zh-Hant/lost-parcel.ron");
    assert!(stdout(&out).contains("zh-Hant/lost-parcel.ron"), "{}", stdout(&out));
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("lang: \"zh-Hant\""));
    assert!(text.contains('「') && !text.contains('“'), "Taiwan's quotation marks");
    assert!(foreign_chars(&text, Lang::ZhHant).is_empty(), "no Simplified character is left");

    // The same call: `check` finds no difference between the two versions, and no error.
    let lib = Library::load(&[dir.path().to_path_buf()], None);
    let problems: Vec<String> = lib.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let (a, b) = (lib.find("lost-parcel", Lang::ZhHans).unwrap(), lib.find("lost-parcel", Lang::ZhHant).unwrap());
    assert_eq!(b.lang, Lang::ZhHant);
    assert_eq!(a.nodes.len(), b.nodes.len());
    assert_ne!(a.nodes[0].line, b.nodes[0].line, "the words were converted");

    // Never over a file that exists: it may hold a trainer's edits.
    std::fs::write(&draft, "edited by hand").unwrap();
    let again = calmline(&["convert", "--to", "zh-Hant", zh.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), "edited by hand");
    let forced = calmline(&["convert", "--to", "zh-Hant", "--force", zh.to_str().unwrap()]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), text);

    // And back: the Traditional draft converts into Simplified text.
    let back = calmline(&["convert", "--to", "zh-Hans", "--stdout", draft.to_str().unwrap()]);
    assert_eq!(back.status.code(), Some(0));
    let back = stdout(&back);
    assert!(back.contains("lang: \"zh-Hans\""));
    assert!(foreign_chars(&back, Lang::ZhHans).is_empty());
}

#[test]
fn convert_refuses_english_and_files_outside_a_language_folder() {
    let out = calmline(&["convert", "--to", "en", "dialogues/zh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("zh-Hans or zh-Hant"), "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let loose = dir.path().join("call.ron");
    std::fs::copy(root().join("dialogues/zh/tutorial.ron"), &loose).unwrap();
    let out = calmline(&["convert", "--to", "zh-Hant", loose.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out DIR"), "{}", stderr(&out));
}
