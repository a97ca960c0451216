//! `calmline test`: the scenario tests trainers write in their calls.

use super::{Format, TestArgs};
use crate::engine::Library;
use crate::engine::diag::tally;

pub fn run(args: TestArgs) -> i32 {
    let paths = if args.paths.is_empty() { vec![crate::paths::default_dialogues()] } else { args.paths.clone() };
    for p in &paths {
        if !p.exists() {
            eprintln!("error: no such file or folder: {}", p.display());
            return 2;
        }
    }
    let lib = Library::load(&paths, None);
    if tally(&lib.diagnostics).0 > 0 {
        for d in lib.errors() {
            eprintln!("{}", d.render_plain());
        }
        eprintln!("The calls have errors: run `calmline check` for details.");
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
                    None => outln!("ok    {file} `{}`", r.name),
                    Some(f) => {
                        outln!("FAIL  {file}:{}:{} `{}`: {}", r.line, r.column, r.name, super::audit::failure_text(f))
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
        Format::Human => outln!("{passed} passed, {failed} failed"),
    }
    if failed > 0 { 1 } else { 0 }
}
