//! The language versions of a call, and the script of each Chinese one, on the fixture
//! `tests/fixtures/versions/`: an English call, a Simplified version with one Traditional
//! character, a Traditional version with three structural differences and two
//! Simplified characters, and a persona whose Traditional name holds a Simplified one.
//! Exact codes, places and words.

use crate::fixture;
use calmline::engine::{Lang, Library, Severity};
use calmline::text::message;

/// (code, file, line, column, English message) of every diagnostic.
fn found() -> Vec<(&'static str, String, usize, usize, String)> {
    let lib = Library::load(&[fixture("versions")], None);
    lib.diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            let file = d.file.strip_prefix(fixture("versions")).unwrap().display().to_string();
            (d.code, file, d.line, d.column, message(&d.message, Lang::En))
        })
        .collect()
}

#[test]
fn every_difference_between_versions_is_named_where_it_is() {
    let drift: Vec<_> = found().into_iter().filter(|d| d.0 == "translation-drift").collect();
    let expected = [
        (22, 9, "`zh-Hant/refund.ron` node `vented` has 2 replies, `en/refund.ron` has 3"),
        (
            35,
            17,
            "`zh-Hant/refund.ron` node `mirrored` reply 1 is `seek-agreement`, in `en/refund.ron` it is `name-the-feeling`",
        ),
        (46, 17, "`zh-Hant/refund.ron` node `felt` reply 1 leads to `direction`, in `en/refund.ron` to `urgent`"),
    ];
    assert_eq!(drift.len(), expected.len(), "{drift:#?}");
    for (d, (line, column, text)) in drift.iter().zip(expected) {
        assert_eq!((d.1.as_str(), d.2, d.3, d.4.as_str()), ("zh-Hant/refund.ron", line, column, text));
    }
    // The Simplified version is the same call as the English one: nothing about it.
    assert!(!found().iter().any(|d| d.0 == "translation-drift" && d.1.starts_with("zh/")));
}

#[test]
fn characters_of_the_other_script_are_found_with_their_place() {
    let scripts: Vec<_> = found().into_iter().filter(|d| d.0 == "wrong-script").collect();
    let shown: Vec<(&str, usize, usize, &str)> =
        scripts.iter().map(|d| (d.1.as_str(), d.2, d.3, d.4.as_str())).collect();
    assert_eq!(
        shown,
        [
            ("personas.ron", 6, 40, "`来` is Simplified Chinese, in a Traditional Chinese call"),
            ("zh/refund.ron", 45, 32, "`麼` is Traditional Chinese, in a Simplified Chinese call"),
            ("zh-Hant/refund.ron", 44, 24, "`够` is Simplified Chinese, in a Traditional Chinese call"),
            ("zh-Hant/refund.ron", 44, 32, "`么` is Simplified Chinese, in a Traditional Chinese call"),
        ]
    );
}

#[test]
fn the_warnings_speak_the_trainers_language() {
    let lib = Library::load(&[fixture("versions")], None);
    let drift = lib.diagnostics.iter().find(|d| d.code == "translation-drift").unwrap();
    assert_eq!(
        message(&drift.message, Lang::ZhHant),
        "`zh-Hant/refund.ron` 的節點 `vented` 有 2 個回覆，`en/refund.ron` 有 3 個"
    );
    let script =
        lib.diagnostics.iter().find(|d| d.code == "wrong-script" && d.file.ends_with("zh-Hant/refund.ron")).unwrap();
    let help = message(script.help.as_ref().unwrap(), Lang::En);
    assert!(help.contains("`夠`") && help.contains("calmline convert --to zh-Hant"), "{help}");
}
