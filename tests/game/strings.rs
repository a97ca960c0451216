//! The string tables: complete in both languages, with matching placeholders, and every
//! character drawable by the shipped font.

use calmline::engine::FontCoverage;
use calmline::engine::{EndingKind, Lang, Mode, PartKind, Technique};
use calmline::game::strings::{fill, strings};

#[test]
fn both_tables_are_complete_with_the_same_placeholders() {
    let zh = strings(Lang::Zh).entries();
    let en = strings(Lang::En).entries();
    assert_eq!(zh.len(), en.len());
    for ((name, z), (_, e)) in zh.iter().zip(&en) {
        assert!(!z.trim().is_empty(), "zh `{name}` is empty");
        assert!(!e.trim().is_empty(), "en `{name}` is empty");
        assert_eq!(z.matches("{}").count(), e.matches("{}").count(), "`{name}` has different placeholders");
        assert_ne!(z, e, "`{name}` is not translated");
    }
}

#[test]
fn fill_replaces_placeholders_in_order() {
    assert_eq!(fill("{} of {}", &[&1, &"two"]), "1 of two");
    assert_eq!(fill("no values {}", &[]), "no values {}");
    assert_eq!(fill("plain", &[&3]), "plain");
}

#[test]
fn the_shipped_font_draws_every_ui_string() {
    let Some(path) = calmline::paths::font_path() else {
        panic!("the shipped font assets/fonts/CalmlineSans-Regular.otf is missing");
    };
    let font = FontCoverage::load(&path).unwrap();
    let mut texts: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        texts.extend(strings(lang).entries().into_iter().map(|(_, t)| t.to_string()));
        texts.extend(Technique::ALL.iter().map(|t| t.label(lang).to_string()));
        texts.extend(Mode::ALL.iter().map(|m| m.label(lang).to_string()));
        texts.extend(EndingKind::ALL.iter().map(|k| k.label(lang).to_string()));
        texts.extend(PartKind::ALL.iter().map(|p| p.label(lang).to_string()));
        texts.push(lang.native_name().to_string());
    }
    texts.push("0123456789 /+-%|·".to_string());
    let mut missing: Vec<char> =
        texts.iter().flat_map(|t| t.chars()).filter(|c| !c.is_whitespace() && !font.covers(*c)).collect();
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "the font lacks {missing:?}");
}
