//! The [`Library`]: every persona, scenario and course file read from some dialogue
//! folders, with the recorded voices beside them, and the walk that finds those files.

use super::graph::GlyphCheck;
use super::personas::{PERSONAS_FILE, PersonaSet, parse_personas};
use super::scenarios::{ScenarioContext, parse_scenario};
use super::text::read_text;
use super::{course, versions, voices};
use crate::engine::call::course::Course;
use crate::engine::call::diag::{Diagnostic, Severity, msg};
use crate::engine::call::lang::Lang;
use crate::engine::call::model::Scenario;
use crate::engine::call::voice::VoiceClips;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything read from some dialogue folders and files.
#[derive(Clone, Debug, Default)]
pub struct Library {
    pub scenarios: Vec<Arc<Scenario>>,
    pub personas: PersonaSet,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read: persona, scenario or course.
    pub files: Vec<PathBuf>,
    /// The courses without errors, from `courses/*.ron`, in file order.
    pub courses: Vec<Arc<Course>>,
    /// The recorded clips in the `voices/` folders beside the calls.
    pub voices: VoiceClips,
}

impl Library {
    /// Reads every `.ron` file under `paths` (folders are searched recursively). Persona
    /// files (`personas.ron`) found there or in a parent folder of a path are read first,
    /// course files (any `.ron` in a folder called `courses`) last, checked against the
    /// calls read. Recorded clips come from `voices/` beside the language folders
    /// (`crate::engine::call::voice`); `orphan-clip` and `partial-voice` warn about them.
    pub fn load(paths: &[PathBuf], glyphs: Option<GlyphCheck>) -> Library {
        let mut lib = Library::default();
        let mut files = Vec::new();
        for p in paths {
            collect_files(p, &mut files, &mut lib.diagnostics);
        }
        // Persona files: those listed, plus the nearest personas.ron above each path.
        let mut persona_files: Vec<PathBuf> = files.iter().filter(|f| is_persona_file(f)).cloned().collect();
        for p in paths {
            let mut dir = if p.is_dir() { Some(p.as_path()) } else { p.parent() };
            while let Some(d) = dir {
                let candidate = d.join(PERSONAS_FILE);
                if candidate.is_file() {
                    if !persona_files.iter().any(|f| same_file(f, &candidate)) {
                        persona_files.push(candidate);
                    }
                    break;
                }
                dir = d.parent();
            }
        }
        let mut origin: HashMap<String, PathBuf> = HashMap::new();
        for pf in &persona_files {
            lib.files.push(pf.clone());
            let text = match read_text(pf) {
                Ok(t) => t,
                Err(d) => {
                    lib.diagnostics.push(d);
                    continue;
                }
            };
            let (personas, diags) = parse_personas(pf, &text);
            lib.diagnostics.extend(diags);
            for p in personas {
                if let Some(first) = origin.get(&p.id) {
                    let offset = text.find(&format!("\"{}\"", p.id)).unwrap_or(0);
                    lib.diagnostics.push(Diagnostic::at(
                        Severity::Error,
                        "duplicate-id",
                        pf,
                        &text,
                        offset..offset + p.id.len() + 2,
                        msg!(diag_persona_elsewhere, p.id, first.display()),
                    ));
                    continue;
                }
                origin.insert(p.id.clone(), pf.clone());
                lib.personas.insert(p);
            }
        }
        let mut seen: HashMap<(Lang, String), PathBuf> = HashMap::new();
        let mut texts: Vec<(PathBuf, String)> = Vec::new();
        // Calls a course may name: those read, and those whose file has errors.
        let mut known = course::KnownCalls::default();
        // Calls whose file has errors, by the id the file gives: their clips are not judged.
        let mut failed: HashSet<(Lang, String)> = HashSet::new();
        let mut call_files: Vec<PathBuf> = Vec::new();
        let course_files: Vec<PathBuf> = files.iter().filter(|f| course::is_course_file(f)).cloned().collect();
        for f in files.iter().filter(|f| !is_persona_file(f) && !course::is_course_file(f)) {
            lib.files.push(f.clone());
            call_files.push(f.clone());
            let text = match read_text(f) {
                Ok(t) => t,
                Err(d) => {
                    lib.diagnostics.push(d);
                    continue;
                }
            };
            let folder_lang = f.parent().and_then(|d| d.file_name()).and_then(|n| n.to_str()).and_then(Lang::from_id);
            let (scenario, diags) = parse_scenario(f, &text, &lib.personas, ScenarioContext { folder_lang, glyphs });
            lib.diagnostics.extend(diags);
            match &scenario {
                Some(s) => known.insert(&s.id, s.lang),
                None => {
                    if let Some(id) = course::call_id(&text) {
                        known.insert(&id, folder_lang.unwrap_or_default());
                        failed.insert((folder_lang.unwrap_or_default(), id));
                    }
                }
            }
            if let Some(s) = scenario {
                let key = (s.lang, s.id.clone());
                if let Some(first) = seen.get(&key) {
                    let offset = text.find(&format!("\"{}\"", s.id)).unwrap_or(0);
                    lib.diagnostics.push(
                        Diagnostic::at(
                            Severity::Error,
                            "duplicate-id",
                            f,
                            &text,
                            offset..offset + s.id.len() + 2,
                            msg!(diag_scenario_twice, s.id, s.lang, first.display()),
                        )
                        .with_help(msg!(help_scenario_twice)),
                    );
                    continue;
                }
                seen.insert(key, f.clone());
                lib.scenarios.push(Arc::new(s));
                texts.push((f.clone(), text));
            }
        }
        lib.scenarios.sort_by(|a, b| (a.lang, a.difficulty, &a.id).cmp(&(b.lang, b.difficulty, &b.id)));
        let texts: HashMap<PathBuf, String> = texts.into_iter().collect();
        lib.diagnostics.extend(versions::drift(&lib.scenarios, &|p| texts.get(p).cloned()));
        let loaded: HashSet<(Lang, String)> = lib.scenarios.iter().map(|s| (s.lang, s.id.clone())).collect();
        let (clips, diags) = voices::load_voices(paths, &call_files, &loaded, &failed);
        lib.voices = clips;
        lib.diagnostics.extend(diags);
        lib.diagnostics.extend(lib.voices.check(&lib.scenarios));
        // A course checked without its calls (`check dialogues/courses`) is checked against
        // the calls beside its folder.
        let calls_read: Vec<&PathBuf> = lib.files.iter().filter(|f| !is_persona_file(f)).collect();
        course::add_calls_beside(&course_files, &calls_read, &mut known);
        lib.files.extend(course_files.iter().cloned());
        let (courses, diags) = course::load_courses(&course_files, &known, glyphs);
        lib.courses = courses;
        lib.diagnostics.extend(diags);
        lib
    }

    /// The course with `id`.
    pub fn course(&self, id: &str) -> Option<&Arc<Course>> {
        self.courses.iter().find(|c| c.id == id)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The scenario with `id` in `lang`, else in any language.
    pub fn find(&self, id: &str, lang: Lang) -> Option<&Arc<Scenario>> {
        self.scenarios
            .iter()
            .find(|s| s.id == id && s.lang == lang)
            .or_else(|| self.scenarios.iter().find(|s| s.id == id))
    }

    pub fn in_lang(&self, lang: Lang) -> impl Iterator<Item = &Arc<Scenario>> {
        self.scenarios.iter().filter(move |s| s.lang == lang)
    }
}

fn is_persona_file(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()) == Some(PERSONAS_FILE)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn collect_files(p: &Path, out: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
            Err(e) => {
                diags.push(Diagnostic::file(Severity::Error, "unreadable", p, msg!(diag_cannot_read_folder, e)));
                return;
            }
        };
        entries.sort();
        for e in entries {
            let hidden = e.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if e.is_dir() {
                collect_files(&e, out, diags);
            } else if e.extension().and_then(|x| x.to_str()) == Some("ron") {
                out.push(e);
            }
        }
    } else if p.exists() {
        out.push(p.to_path_buf());
    } else {
        diags.push(Diagnostic::file(Severity::Error, "not-found", p, msg!(diag_not_found)));
    }
}
