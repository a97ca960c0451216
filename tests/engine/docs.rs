//! The documentation's examples are real: each RON block in docs/scenario-format.md that
//! is marked as a complete scenario must pass `check` with no problems at all.

use super::{load_ok, root};
use calmline::engine::call::load::{ScenarioContext, parse_scenario};
use std::path::Path;

fn blocks(doc: &str, marker: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(doc)).expect("the doc exists");
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("```ron {marker}") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            out.push(body.join("\n"));
        }
    }
    out
}

#[test]
fn the_annotated_examples_pass_check() {
    let personas = load_ok(&[root().join("dialogues/personas.ron")]).personas;
    let examples = blocks("docs/scenario-format.md", "complete");
    assert!(examples.len() >= 2, "the format doc shows a minimal and a complete example");
    for (i, text) in examples.iter().enumerate() {
        let (s, d) = parse_scenario(Path::new("docs/scenario-format.md"), text, &personas, ScenarioContext::default());
        assert!(d.is_empty(), "example {i} has problems: {d:#?}");
        assert!(s.is_some());
    }
}

#[test]
fn the_course_example_is_valid_against_the_shipped_calls() {
    use calmline::engine::call::load::course::{KnownCalls, parse_course};
    let lib = load_ok(&[root().join("dialogues")]);
    let mut known = KnownCalls::default();
    for s in &lib.scenarios {
        known.insert(&s.id, s.lang);
    }
    let examples = blocks("docs/courses.md", "course");
    assert_eq!(examples.len(), 1, "docs/courses.md shows a complete course");
    for text in examples {
        let (c, d) = parse_course(Path::new("docs/courses.md"), &text, &known, None);
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(c.unwrap().units.len(), 3);
    }
}

#[test]
fn the_persona_example_is_valid() {
    for text in blocks("docs/scenario-format.md", "personas") {
        let (p, d) = calmline::engine::call::load::parse_personas(Path::new("docs/scenario-format.md"), &text);
        assert!(d.is_empty(), "{d:#?}");
        assert!(!p.is_empty());
    }
}

#[test]
fn the_documented_effect_table_is_the_code() {
    use calmline::engine::Technique;
    use calmline::engine::call::persona::DEFAULT_EFFECTS;
    let text = std::fs::read_to_string(root().join("docs/caller-model.md")).unwrap();
    let mut rows = 0;
    for line in text.lines() {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let Some(t) = cells.first().and_then(|c| Technique::from_id(c)) else { continue };
        let e = DEFAULT_EFFECTS[t.index()];
        let want: Vec<String> =
            [e.attack, e.emotion, e.reasoning].iter().map(|s| format!("{}..{}", s.lo(), s.hi())).collect();
        assert_eq!(&cells[1..4], want.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), "row {}", t.id());
        rows += 1;
    }
    assert_eq!(rows, Technique::ALL.len());
}

/// The phrase-cue bot's lists in dialogues/README.md are the ones the bot uses.
#[test]
fn the_documented_cue_phrases_are_the_code() {
    use calmline::engine::judge::simulate::CUE_PHRASES;
    let text = std::fs::read_to_string(root().join("dialogues/README.md")).unwrap();
    let mut rows = 0;
    for (lang, good, bad) in CUE_PHRASES {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", lang.id())))
            .unwrap_or_else(|| panic!("no cue row for {lang}"));
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let split = |cell: &str| -> Vec<String> {
            let sep = if lang == calmline::engine::Lang::En { ", " } else { " " };
            cell.split(sep).map(str::to_string).collect()
        };
        assert_eq!(split(cells[1]), good.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{lang} good");
        assert_eq!(split(cells[2]), bad.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{lang} bad");
        rows += 1;
    }
    assert_eq!(rows, 3);
}
