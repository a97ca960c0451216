//! Reading course files (`courses/<id>.ron`): syntax errors from RON, then every problem
//! at once, each at its line and column, checked against the calls of the library.

use super::context::{Ctx, id_span, join};
use super::graph::GlyphCheck;
use super::scripts;
use super::spans::Seg;
use super::text::{did_you_mean, read_text, ron_options, syntax_error};
use crate::engine::call::course::{Course, CourseCall, Unit, UnitMode, Unlock};
use crate::engine::call::diag::{Diagnostic, Message, Severity, msg};
use crate::engine::call::lang::{Lang, Localized};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name of the folder that holds course files.
pub const COURSES_FOLDER: &str = "courses";
/// The pass mark of a call that gives none: grade C.
pub const DEFAULT_PASS: u8 = 65;

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Course")]
#[serde(deny_unknown_fields)]
struct RawCourse {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: Localized,
    #[serde(default)]
    units: Vec<RawUnit>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Unit")]
#[serde(deny_unknown_fields)]
struct RawUnit {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: Localized,
    #[serde(default)]
    mode: UnitMode,
    #[serde(default)]
    say_first: bool,
    #[serde(default)]
    calls: Vec<RawCall>,
    #[serde(default)]
    unlock: Option<RawUnlock>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Call")]
#[serde(deny_unknown_fields)]
struct RawCall {
    #[serde(default)]
    id: String,
    #[serde(default)]
    pass: Option<i64>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawUnlock {
    All,
    Count(i64),
    Average(i64),
}

/// The calls a course may name: each call id with the languages it is written in. A call
/// whose file has errors still counts as known (its own errors are reported there).
#[derive(Clone, Debug, Default)]
pub struct KnownCalls {
    langs: BTreeMap<String, BTreeSet<Lang>>,
}

impl KnownCalls {
    pub fn insert(&mut self, id: &str, lang: Lang) {
        self.langs.entry(id.to_string()).or_default().insert(lang);
    }

    /// The languages call `id` is written in; `None` for a call the library lacks.
    pub fn langs(&self, id: &str) -> Option<&BTreeSet<Lang>> {
        self.langs.get(id)
    }

    /// Each call id with its languages.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &BTreeSet<Lang>)> {
        self.langs.iter().map(|(id, langs)| (id.as_str(), langs))
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.langs.keys().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.langs.is_empty()
    }
}

/// Whether `path` is a course file: a `.ron` file in a folder called `courses`.
pub fn is_course_file(path: &Path) -> bool {
    path.extension().and_then(|x| x.to_str()) == Some("ron")
        && path.parent().and_then(|d| d.file_name()).and_then(|n| n.to_str()) == Some(COURSES_FOLDER)
}

/// The calls in the language folders next to a `courses` folder (`dialogues/en/*.ron`, …),
/// by their `id` alone, without checking them: for a course file checked on its own.
pub fn calls_beside(courses_folder: &Path) -> KnownCalls {
    let mut known = KnownCalls::default();
    let Some(root) = courses_folder.parent() else { return known };
    let Ok(folders) = std::fs::read_dir(root) else { return known };
    for folder in folders.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()) {
        let Some(lang) = folder.file_name().and_then(|n| n.to_str()).and_then(Lang::from_id) else { continue };
        let Ok(files) = std::fs::read_dir(&folder) else { continue };
        for file in files.filter_map(|e| e.ok()).map(|e| e.path()) {
            if file.extension().and_then(|x| x.to_str()) != Some("ron") {
                continue;
            }
            if let Some(id) = read_text(&file).ok().and_then(|text| call_id(&text)) {
                known.insert(&id, lang);
            }
        }
    }
    known
}

/// Adds to `known` the calls beside each course folder (see [`calls_beside`]) whose
/// dialogues folder had no call among `calls_read` (a course checked on its own).
pub(crate) fn add_calls_beside(course_files: &[PathBuf], calls_read: &[&PathBuf], known: &mut KnownCalls) {
    let mut done: Vec<&Path> = Vec::new();
    for folder in course_files.iter().filter_map(|f| f.parent()) {
        let Some(root) = folder.parent() else { continue };
        if done.contains(&folder) || calls_read.iter().any(|f| f.starts_with(root) && !is_course_file(f)) {
            continue;
        }
        done.push(folder);
        for (id, langs) in calls_beside(folder).iter() {
            for lang in langs {
                known.insert(id, *lang);
            }
        }
    }
}

/// A call file's `id`, read without checking the rest of the file.
pub(crate) fn call_id(text: &str) -> Option<String> {
    let span = id_span(text)?;
    let id = text.get(span)?.trim().trim_matches('"').trim();
    (!id.is_empty()).then(|| id.to_string())
}

/// Reads the course files, checks them against `known` calls, and returns the courses
/// without errors (in file order) and every diagnostic. A course id used by two files is
/// an error at the second.
pub fn load_courses(
    files: &[PathBuf],
    known: &KnownCalls,
    glyphs: Option<GlyphCheck>,
) -> (Vec<Arc<Course>>, Vec<Diagnostic>) {
    let mut courses = Vec::new();
    let mut diags = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for f in files {
        let text = match read_text(f) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let (course, mut found) = read_course(f, &text, known, glyphs);
        let mut valid = !found.iter().any(|d| d.is_error());
        // A course with other errors still has its id checked against the others.
        if let Some(course) = &course
            && !course.id.is_empty()
        {
            match seen.get(&course.id) {
                Some(first) => {
                    let span = id_span(&text).unwrap_or(0..0);
                    let message = msg!(diag_course_twice, course.id, first.display());
                    let d = Diagnostic::at(Severity::Error, "duplicate-id", f, &text, span, message);
                    found.push(d.with_help(msg!(help_course_twice)));
                    found.sort_by_key(|d| (d.line, d.column));
                    valid = false;
                }
                None => {
                    seen.insert(course.id.clone(), f.clone());
                }
            }
        }
        diags.extend(found);
        let Some(course) = course.filter(|_| valid) else { continue };
        courses.push(Arc::new(course));
    }
    (courses, diags)
}

/// Reads one course. Returns it when there are no errors (warnings are allowed).
pub fn parse_course(
    path: &Path,
    text: &str,
    known: &KnownCalls,
    glyphs: Option<GlyphCheck>,
) -> (Option<Course>, Vec<Diagnostic>) {
    let (course, diags) = read_course(path, text, known, glyphs);
    let course = course.filter(|_| !diags.iter().any(|d| d.is_error()));
    (course, diags)
}

/// Reads one course, with its errors: the course is there unless the syntax is wrong.
fn read_course(
    path: &Path,
    text: &str,
    known: &KnownCalls,
    glyphs: Option<GlyphCheck>,
) -> (Option<Course>, Vec<Diagnostic>) {
    let raw: RawCourse = match ron_options().from_str(text) {
        Ok(r) => r,
        Err(e) => return (None, vec![syntax_error(path, text, &e)]),
    };
    let mut cx = Ctx::new(path, text);
    let course = build(&mut cx, raw, known);
    check_titles(&mut cx, &course, glyphs);
    let mut diags = std::mem::take(&mut cx.diags);
    diags.sort_by_key(|d| (d.line, d.column));
    (Some(course), diags)
}

fn build(cx: &mut Ctx, raw: RawCourse, known: &KnownCalls) -> Course {
    use Seg::{Field, Index};
    if raw.id.trim().is_empty() {
        cx.at(Severity::Error, "empty-text", &[Field("id")], msg!(diag_course_empty_id));
    }
    title(cx, &raw.title, &[Field("title")], msg!(diag_course_no_title));
    if raw.units.is_empty() {
        cx.at(Severity::Error, "no-units", &[Field("units")], msg!(diag_course_no_units)).help =
            Some(msg!(help_course_no_units));
    }
    let mut unit_ids: HashSet<&str> = HashSet::new();
    let mut units = Vec::with_capacity(raw.units.len());
    for (i, ru) in raw.units.iter().enumerate() {
        let at = [Field("units"), Index(i)];
        let id = ru.id.trim();
        if id.is_empty() {
            cx.at(Severity::Error, "empty-text", &join(&at, &[Field("id")]), msg!(diag_course_unit_empty_id));
        } else if !unit_ids.insert(id) {
            cx.at(Severity::Error, "duplicate-id", &join(&at, &[Field("id")]), msg!(diag_course_unit_twice, id));
        }
        title(cx, &ru.title, &join(&at, &[Field("title")]), msg!(diag_course_unit_no_title));
        if ru.calls.is_empty() {
            cx.at(Severity::Error, "no-calls", &join(&at, &[Field("calls")]), msg!(diag_course_no_calls, id));
        }
        let mut calls = Vec::with_capacity(ru.calls.len());
        for (j, rc) in ru.calls.iter().enumerate() {
            let call_at = join(&at, &[Field("calls"), Index(j)]);
            calls.push(call(cx, rc, &call_at, id, &ru.calls[..j], known));
        }
        let unlock = unlock(cx, ru.unlock.as_ref(), calls.len(), &join(&at, &[Field("unlock")]));
        units.push(Unit {
            id: id.to_string(),
            title: ru.title.clone(),
            mode: ru.mode,
            say_first: ru.say_first,
            calls,
            unlock,
        });
    }
    Course { id: raw.id.trim().to_string(), title: raw.title, units, source: Some(cx.path.to_path_buf()) }
}

/// One call of a unit: a known id, listed once in the unit, with a pass mark in range.
fn call(cx: &mut Ctx, rc: &RawCall, at: &[Seg], unit: &str, before: &[RawCall], known: &KnownCalls) -> CourseCall {
    use Seg::Field;
    let id = rc.id.trim();
    let id_at = join(at, &[Field("id")]);
    if id.is_empty() {
        cx.at(Severity::Error, "empty-text", &id_at, msg!(diag_course_call_empty_id));
    } else if before.iter().any(|b| b.id.trim() == id) {
        cx.at(Severity::Error, "duplicate-id", &id_at, msg!(diag_course_call_twice, id, unit));
    } else {
        match known.langs(id) {
            None => {
                let help = match did_you_mean(id, known.ids()) {
                    Some(s) => msg!(help_did_you_mean, s),
                    None if known.is_empty() => msg!(help_course_no_calls_found),
                    None => msg!(help_course_known_calls, known.ids().collect::<Vec<_>>().join(", ")),
                };
                cx.at(Severity::Error, "unknown-call", &id_at, msg!(diag_course_unknown_call, id)).help = Some(help);
            }
            Some(langs) => {
                let missing: Vec<&str> = Lang::ALL.iter().filter(|l| !langs.contains(l)).map(|l| l.id()).collect();
                if !missing.is_empty() {
                    cx.at(
                        Severity::Warning,
                        "missing-language",
                        &id_at,
                        msg!(diag_course_call_missing_language, id, missing.join(", ")),
                    )
                    .help = Some(msg!(help_course_call_missing_language));
                }
            }
        }
    }
    let pass = match rc.pass {
        None => DEFAULT_PASS,
        Some(p @ 0..=100) => p as u8,
        Some(p) => {
            cx.at(Severity::Error, "out-of-range", &join(at, &[Field("pass")]), msg!(diag_course_pass_range, p));
            DEFAULT_PASS
        }
    };
    CourseCall { id: id.to_string(), pass }
}

/// The unit's unlock rule: `count` from 1 to the number of calls, `average` a score.
fn unlock(cx: &mut Ctx, raw: Option<&RawUnlock>, calls: usize, at: &[Seg]) -> Unlock {
    let value = join(at, &[Seg::Index(0)]);
    match raw {
        None | Some(RawUnlock::All) => Unlock::All,
        Some(&RawUnlock::Count(n)) if n >= 1 && n <= i64::from(u8::MAX) && n as usize <= calls => {
            Unlock::Count(n as u8)
        }
        Some(&RawUnlock::Count(n)) => {
            if calls > 0 {
                cx.at(Severity::Error, "out-of-range", &value, msg!(diag_course_count_range, n, calls));
            }
            Unlock::All
        }
        Some(&RawUnlock::Average(n @ 0..=100)) => Unlock::Average(n as u8),
        Some(&RawUnlock::Average(n)) => {
            cx.at(Severity::Error, "out-of-range", &value, msg!(diag_course_average_range, n));
            Unlock::All
        }
    }
}

/// A title: an error when it is empty in every language, a warning naming the languages
/// it lacks (trainees in those languages see it in another).
fn title(cx: &mut Ctx, t: &Localized, at: &[Seg], none: Message) {
    let missing: Vec<Lang> = Lang::ALL.into_iter().filter(|l| t.exact(*l).trim().is_empty()).collect();
    if missing.len() == Lang::ALL.len() {
        cx.at(Severity::Error, "empty-text", at, none);
    } else if !missing.is_empty() {
        let tags: Vec<&str> = missing.iter().map(|l| l.id()).collect();
        let fields: Vec<String> = missing.iter().map(|l| format!("{}: \"…\"", field_name(*l))).collect();
        cx.at(Severity::Warning, "missing-language", at, msg!(diag_course_title_missing_language, tags.join(", ")))
            .help = Some(msg!(help_course_title_missing_language, fields.join(", ")));
    }
}

/// The field of a [`Localized`] text that holds `lang`.
fn field_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhHans => "zh",
        Lang::ZhHant => "zh_hant",
        Lang::En => "en",
    }
}

/// The titles' Chinese texts in their own script, and every character drawable.
fn check_titles(cx: &mut Ctx, course: &Course, glyphs: Option<GlyphCheck>) {
    use Seg::{Field, Index};
    let mut places: Vec<Vec<Seg>> = vec![vec![Field("title")]];
    places.extend((0..course.units.len()).map(|i| vec![Field("units"), Index(i), Field("title")]));
    for lang in [Lang::ZhHans, Lang::ZhHant] {
        let ranges: Vec<_> =
            places.iter().filter_map(|p| cx.spans().value(&join(p, &[Field(field_name(lang))]))).collect();
        let found = scripts::wrong_script(cx.path, cx.text, &ranges, lang);
        cx.diags.extend(found);
    }
    let Some(glyphs) = glyphs else { return };
    let titles = std::iter::once(&course.title).chain(course.units.iter().map(|u| &u.title));
    let mut seen = HashSet::new();
    let mut missing = Vec::new();
    for t in titles {
        for c in Lang::ALL.iter().flat_map(|l| t.exact(*l).chars()) {
            if !c.is_whitespace() && !c.is_control() && seen.insert(c) && !glyphs(c) {
                missing.push(c);
            }
        }
    }
    for c in missing {
        let range = cx.text.find(c).map(|o| o..o + c.len_utf8());
        cx.push(Severity::Error, "missing-glyph", range, msg!(diag_missing_glyph, c, format!("{:04X}", c as u32)))
            .help = Some(msg!(help_missing_glyph));
    }
}
