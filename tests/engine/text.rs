//! The text layer: every table complete in the three languages with the same values in
//! each entry, each Chinese table in its own script, every character drawable by the
//! shipped font, and no interface prose left in the engine.

use calmline::engine::FontCoverage;
use calmline::engine::call::script::foreign_chars;
use calmline::engine::{EndingKind, Lang, Mode, PartKind, Technique};
use calmline::text::{self, fill, placeholders, strings};
use std::path::{Path, PathBuf};

#[test]
fn every_table_is_complete_with_the_same_placeholders() {
    let en = strings(Lang::En).entries();
    for lang in [Lang::ZhHans, Lang::ZhHant] {
        let table = strings(lang).entries();
        assert_eq!(table.len(), en.len());
        for ((name, t), (_, e)) in table.iter().zip(&en) {
            assert!(!t.trim().is_empty(), "{lang} `{name}` is empty");
            assert!(!e.trim().is_empty(), "en `{name}` is empty");
            assert_eq!(placeholders(t), placeholders(e), "{lang} `{name}` fills other values than en");
            let language_neutral = t.chars().all(|c| c.is_ascii() || "·→–…×".contains(c));
            assert!(language_neutral || t != e, "{lang} `{name}` is not translated");
        }
    }
}

#[test]
fn each_chinese_table_is_written_in_its_own_script() {
    for (lang, other) in [(Lang::ZhHans, "Traditional"), (Lang::ZhHant, "Simplified")] {
        for (name, t) in strings(lang).entries() {
            let found: String = foreign_chars(t, lang).iter().map(|f| f.found).collect();
            assert!(found.is_empty(), "{lang} `{name}` holds {other} characters: {found}");
        }
    }
    // The Traditional table is Taiwan's, not a character-for-character copy.
    let hant = strings(Lang::ZhHant);
    assert_eq!(hant.lang_name, "繁體中文");
    assert!(hant.list_records.contains("紀錄") || hant.list_records.contains("記錄"), "{}", hant.list_records);
}

#[test]
fn language_names_and_tags() {
    let names: Vec<&str> = Lang::ALL.iter().map(|l| strings(*l).lang_name).collect();
    assert_eq!(names, ["简体中文", "繁體中文", "English"]);
    assert_eq!(strings(Lang::ZhHant).report_html_lang, "zh-TW");
    assert_eq!(strings(Lang::ZhHans).report_html_lang, "zh-CN");
}

#[test]
fn fill_replaces_placeholders_in_order() {
    assert_eq!(fill("{} of {}", &[&1, &"two"]), "1 of two");
    assert_eq!(fill("no values {}", &[]), "no values {}");
    assert_eq!(fill("plain", &[&3]), "plain");
    assert_eq!(text::visits(Lang::En, 1), "1 visit");
    assert_eq!(text::visits(Lang::En, 2), "2 visits");
    assert_eq!(text::read_skipped(Lang::ZhHant, 3, 1), "讀取了 3 個檔案，跳過 1 個。");
}

#[test]
fn the_shipped_font_draws_every_string_of_every_language() {
    let Some(path) = calmline::paths::font_path() else {
        panic!("the shipped font assets/fonts/CalmlineSans-Regular.otf is missing");
    };
    let font = FontCoverage::load(&path).unwrap();
    let mut texts: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        texts.extend(strings(lang).entries().into_iter().map(|(_, t)| t.to_string()));
        texts.extend(Technique::ALL.iter().map(|t| text::technique(*t, lang).to_string()));
        texts.extend(Mode::ALL.iter().map(|m| text::mode(*m, lang).to_string()));
        texts.extend(EndingKind::ALL.iter().map(|k| text::ending(*k, lang).to_string()));
        texts.extend(PartKind::ALL.iter().map(|p| text::part(*p, lang).to_string()));
    }
    texts.push("0123456789 /+-%|·".to_string());
    let mut missing: Vec<char> =
        texts.iter().flat_map(|t| t.chars()).filter(|c| !c.is_whitespace() && !font.covers(*c)).collect();
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "the font lacks {missing:?}");
}

/// The engine's source files, with each file's text.
fn engine_sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine"), &mut out);
    out.sort();
    out
}

/// `source` without its unit tests and comments.
fn code_of(source: &str) -> String {
    let body = source.split("#[cfg(test)]").next().unwrap_or(source);
    body.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Files of the engine that hold words in a language on purpose: caller content and the
/// polite bot's words (`builtin.rs`), and the characters written in both Chinese scripts
/// (`script.rs`). Neither is interface text.
const LANGUAGE_DATA: [&str; 2] = ["builtin.rs", "script.rs"];

/// The lines of `code` (from the engine file `name`) that hold interface prose.
fn prose_in(name: &str, code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let at = format!("{name}:{}: {}", i + 1, line.trim());
        let trimmed = line.trim();
        // Text chosen by language: `if zh { … }`, `Lang::En => "Some words"` (a
        // language's tag, such as `Lang::En => "en"`, is no prose).
        if trimmed.contains("if zh") || trimmed.contains("let zh =") {
            found.push(at.clone());
        }
        let arm = ["Lang::ZhHans", "Lang::ZhHant", "Lang::En"].iter().any(|l| {
            [format!("{l}) => \""), format!("{l} => \"")].iter().any(|start| {
                trimmed.split_once(start.as_str()).is_some_and(|(_, rest)| {
                    let literal = rest.split('"').next().unwrap_or("");
                    literal.contains(' ') || !literal.is_ascii()
                })
            })
        });
        let data = LANGUAGE_DATA.iter().any(|d| name.ends_with(d));
        if arm && !data {
            found.push(at.clone());
        }
        // Chinese text: an ideograph or Chinese sentence punctuation.
        let chinese = trimmed.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || "，。：；！？".contains(c));
        if chinese && !data {
            found.push(at);
        }
    }
    found
}

#[test]
fn the_engine_holds_no_interface_prose() {
    let sources = engine_sources();
    assert!(sources.len() > 20, "the engine's sources were not found");
    let found: Vec<String> =
        sources.iter().flat_map(|(path, source)| prose_in(&path.display().to_string(), &code_of(source))).collect();
    assert!(found.is_empty(), "interface text in the engine (it belongs in src/text):\n{}", found.join("\n"));
}

#[test]
fn the_prose_check_can_fail() {
    let source = "fn f(zh: bool, l: Lang) -> &'static str {\n    if zh { \"x\" } else { \"y\" }\n    \
                  match l { Lang::En => \"Call over\", Lang::ZhHans => \"zh\", _ => \"通话结束\" }\n}\n\
                  #[cfg(test)]\nmod tests { const T: &str = \"测试\"; }";
    let found = prose_in("src/engine/x.rs", &code_of(source));
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("if zh") && found[1].contains("Call over") && found[2].contains("通话结束"));
    assert!(prose_in("src/engine/call/builtin.rs", &code_of(source)).len() == 1, "language data may hold words");
}

/// An independent judge of the Chinese scripts: `tools/script-audit.py` (CC-CEDICT's
/// character lists through `hanzidentifier`, not OpenCC) over the shipped calls, the
/// personas and the tables. It needs the Python package: `tools/script-audit-setup.sh`
/// installs it (CI runs it), or set CALMLINE_PYTHON to a Python that has it.
#[test]
fn an_independent_converter_finds_no_character_of_the_other_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = std::env::var("CALMLINE_SCRIPT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::home_dir().unwrap_or_default().join(".cache/calmline/script-venv"));
    let python = std::env::var("CALMLINE_PYTHON").unwrap_or_else(|_| {
        let in_venv = venv.join("bin/python");
        if in_venv.is_file() { in_venv.display().to_string() } else { "python3".into() }
    });
    let has_module =
        std::process::Command::new(&python).args(["-c", "import hanzidentifier"]).status().is_ok_and(|s| s.success());
    if !has_module {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{python} lacks the hanzidentifier package: run tools/script-audit-setup.sh"
        );
        eprintln!("skipped: {python} has no hanzidentifier package");
        return;
    }
    let out = std::process::Command::new(&python)
        .arg(root.join("tools/script-audit.py"))
        .args(["dialogues", "src/text"])
        .current_dir(root)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("0 characters of the other script"), "{report}");
}
