//! `calmline test`: the scenario tests trainers write in their calls.

use super::report::env_lang;
use super::{Format, TestArgs};
use crate::engine::Library;
use crate::engine::call::diag::tally;
use crate::text::{diagnostic_plain, fill, message, strings};

pub fn run(args: TestArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let t = strings(lang);
    let paths = if args.paths.is_empty() { vec![crate::paths::default_dialogues()] } else { args.paths.clone() };
    for p in &paths {
        if !p.exists() {
            eprintln!("{}", fill(t.error, &[&fill(t.check_no_such_path, &[&p.display()])]));
            return 2;
        }
    }
    let lib = Library::load(&paths, None);
    if tally(&lib.diagnostics).0 > 0 {
        for d in lib.errors() {
            eprintln!("{}", diagnostic_plain(d, lang));
        }
        eprintln!("{}", t.test_has_errors);
        return 1;
    }
    let mut files = Vec::new();
    let (mut passed, mut failed) = (0, 0);
    for scenario in &lib.scenarios {
        let (results, _) = super::audit::tests(scenario);
        let file = scenario.source.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        for r in &results {
            if r.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
            if args.format == Format::Human {
                match &r.failure {
                    None => outln!("{}", fill(t.test_ok, &[&file, &r.name])),
                    Some(f) => {
                        let (why, slip) = super::audit::failure_reason(f);
                        let mut why = message(&why, lang);
                        if let Some(slip) = slip {
                            why.push_str(&message(&slip, lang));
                        }
                        outln!("{}", fill(t.test_fail, &[&file, &r.line, &r.column, &r.name, &why]));
                    }
                }
            }
        }
        files.push(
            serde_json::json!({ "file": file, "scenario": scenario.id, "lang": scenario.lang, "tests": results }),
        );
    }
    match args.format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "passed": passed, "failed": failed, "calls": files }))
                .unwrap_or_default()
        ),
        Format::Human => outln!("{}", fill(t.test_summary, &[&passed, &failed])),
    }
    if failed > 0 { 1 } else { 0 }
}
