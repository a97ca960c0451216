//! Reading scenario and persona files: syntax errors from RON, then every meaning error
//! at once, each located by file, line and column. Never panics, whatever the input.

mod convert;
pub mod course;
mod raw;
mod scripts;
pub(crate) mod spans;
mod versions;
mod voices;

pub use convert::convert_call;

use crate::engine::call::course::Course;
use crate::engine::call::diag::{Diagnostic, Message, Severity, msg, offset_of};
use crate::engine::call::lang::Lang;
use crate::engine::call::model::{
    Caller, CallerLines, Ending, Facts, Next, Node, Reply, Scenario, ScenarioTest, Target,
};
use crate::engine::call::persona::{Bound, Effect, EndingKind, Mode, Persona, Swing};
use crate::engine::call::technique::Technique;
use crate::engine::call::voice::VoiceClips;
use raw::{NumberOrRange, OneOrMany, RawPersona, RawScenario};
use spans::{Seg, Spans};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The default reply cap of a call.
pub const DEFAULT_MAX_TURNS: u16 = 40;
/// The name of persona files.
pub const PERSONAS_FILE: &str = "personas.ron";

/// Which characters the shipped font can draw; `check` reports any other.
pub type GlyphCheck<'a> = &'a dyn Fn(char) -> bool;

/// Reads a file as UTF-8 text, with a located diagnostic for anything unreadable.
#[allow(clippy::result_large_err)] // A diagnostic is returned once per file, by value.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let err = |m: Message| Diagnostic::file(Severity::Error, "unreadable", path, m);
    let meta = std::fs::metadata(path).map_err(|e| err(msg!(diag_cannot_read_file, e)))?;
    if meta.is_dir() {
        return Err(err(msg!(diag_is_folder)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(msg!(diag_too_large, meta.len() / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024))));
    }
    let bytes = std::fs::read(path).map_err(|e| err(msg!(diag_cannot_read_file, e)))?;
    decode(path, bytes)
}

/// Bytes to text: a file that is not UTF-8 gets an error at the first bad byte.
#[allow(clippy::result_large_err)] // A diagnostic is returned once per file, by value.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
            }
            Ok(text)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
            let mut d = Diagnostic::at(
                Severity::Error,
                "not-utf8",
                path,
                prefix,
                prefix.len()..prefix.len(),
                msg!(diag_not_utf8, good, format!("{:02x}", bytes[good])),
            );
            d.help = Some(msg!(help_save_as_utf8));
            Err(d)
        }
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME).with_recursion_limit(64)
}

/// Turns a RON error into a located diagnostic, worded by the text tables. The type and
/// field names RON gives are shown as code; the rare errors a scenario file cannot cause
/// keep RON's own words as a value.
fn syntax_error(path: &Path, text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let start = offset_of(text, e.span.start.line, e.span.start.col);
    let end = offset_of(text, e.span.end.line, e.span.end.col).max(start);
    let code = match &e.code {
        E::ExceededRecursionLimit => "too-deep",
        E::MissingStructField { .. } => "missing-field",
        E::NoSuchStructField { .. } => "unknown-field",
        E::DuplicateStructField { .. } => "duplicate-field",
        E::InvalidValueForType { .. } => "wrong-type",
        _ => "syntax",
    };
    let names = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let mut help = None;
    let message = match &e.code {
        _ if text.trim().is_empty() => msg!(diag_empty_file),
        E::Eof => {
            help = Some(msg!(help_eof));
            msg!(diag_ron_eof)
        }
        E::ExpectedArray => msg!(diag_ron_expected_opening, "["),
        E::ExpectedMap => msg!(diag_ron_expected_opening, "{"),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => msg!(diag_ron_expected_opening, "("),
        E::ExpectedArrayEnd => msg!(diag_ron_expected_closing, "]"),
        E::ExpectedMapEnd => msg!(diag_ron_expected_closing, "}"),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => msg!(diag_ron_expected_closing, ")"),
        E::ExpectedComma => msg!(diag_ron_expected_comma),
        E::ExpectedMapColon => msg!(diag_ron_expected_colon),
        E::ExpectedString => msg!(diag_ron_expected_string),
        E::ExpectedStringEnd => msg!(diag_ron_expected_string_end),
        E::ExpectedIdentifier => msg!(diag_ron_expected_identifier),
        E::ExpectedInteger => msg!(diag_ron_expected_integer),
        E::ExpectedFloat => msg!(diag_ron_expected_float),
        E::ExpectedBoolean => msg!(diag_ron_expected_boolean),
        E::ExpectedOption => msg!(diag_ron_expected_option),
        E::ExpectedUnit => msg!(diag_ron_expected_unit),
        E::FloatUnderscore | E::UnderscoreAtBeginning => msg!(diag_ron_number_underscore),
        E::IntegerOutOfBounds => msg!(diag_ron_integer_out_of_bounds),
        E::InvalidIntegerDigit { digit, base } => msg!(diag_ron_invalid_digit, format!("{digit:?}"), base),
        E::InvalidEscape(_) => msg!(diag_ron_invalid_escape),
        E::NoSuchExtension(name) => msg!(diag_ron_no_such_extension, name),
        E::UnclosedBlockComment => msg!(diag_ron_unclosed_comment),
        E::UnexpectedChar(c) => msg!(diag_ron_unexpected_char, format!("{c:?}")),
        E::TrailingCharacters => msg!(diag_ron_trailing),
        E::InvalidIdentifier(id) => msg!(diag_ron_invalid_identifier, format!("{id:?}")),
        E::ExpectedDifferentStructName { expected, found } => msg!(diag_ron_wrong_struct, expected, found),
        E::ExceededRecursionLimit => msg!(diag_ron_too_deep),
        E::MissingStructField { field, .. } => msg!(diag_ron_missing_field, field),
        E::DuplicateStructField { field, .. } => msg!(diag_ron_duplicate_field, field),
        E::NoSuchStructField { expected: [], found, .. } => msg!(diag_ron_unknown_field_none, found),
        E::NoSuchStructField { expected, found, .. } => msg!(diag_ron_unknown_field, found, names(expected)),
        E::NoSuchEnumVariant { expected, found, .. } => msg!(diag_ron_unknown_variant, found, names(expected)),
        E::InvalidValueForType { expected, found } => msg!(diag_ron_wrong_type, expected, found),
        E::ExpectedDifferentLength { expected, found } => msg!(diag_ron_wrong_length, expected, found),
        other => msg!(diag_ron_other, other),
    };
    let mut d = Diagnostic::at(Severity::Error, code, path, text, start..end, message);
    d.help = help;
    d
}

/// The closest of `candidates` to `word`, if any is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count().max(word.chars().count()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A located problem collector for one file.
struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    spans: OnceCell<Spans>,
    diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        Ctx { path, text, spans: OnceCell::new(), diags: Vec::new() }
    }

    fn spans(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::parse(self.text))
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        range: Option<std::ops::Range<usize>>,
        message: Message,
    ) -> &mut Diagnostic {
        let d = match range {
            Some(r) => Diagnostic::at(severity, code, self.path, self.text, r, message),
            None => Diagnostic::file(severity, code, self.path, message),
        };
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// A problem with the value at `path` (or the nearest thing that exists).
    fn at(&mut self, severity: Severity, code: &'static str, path: &[Seg], message: Message) -> &mut Diagnostic {
        let range = self.spans().nearest(path);
        self.push(severity, code, range, message)
    }

    /// A problem with the key at the end of `path`.
    fn at_key(&mut self, severity: Severity, code: &'static str, path: &[Seg], message: Message) -> &mut Diagnostic {
        let range = self.spans().key(path).or_else(|| self.spans().nearest(path));
        self.push(severity, code, range, message)
    }

    /// Errors other than [`GRAPH_ERRORS`]: the call cannot even be drafted.
    fn has_fatal_errors(&self) -> bool {
        self.diags.iter().any(|d| d.is_error() && !GRAPH_ERRORS.contains(&d.code))
    }
}

/// The personas a scenario can name: the built-in `default` and those read from files.
#[derive(Clone, Debug)]
pub struct PersonaSet {
    personas: Vec<Arc<Persona>>,
}

impl Default for PersonaSet {
    fn default() -> Self {
        PersonaSet { personas: vec![Arc::new(Persona::default())] }
    }
}

impl PersonaSet {
    pub fn get(&self, id: &str) -> Option<&Arc<Persona>> {
        self.personas.iter().find(|p| p.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Persona>> {
        self.personas.iter()
    }

    pub fn len(&self) -> usize {
        self.personas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.personas.is_empty()
    }

    /// Adds a persona, replacing one with the same id.
    pub fn insert(&mut self, persona: Persona) {
        match self.personas.iter().position(|p| p.id == persona.id) {
            Some(i) => self.personas[i] = Arc::new(persona),
            None => self.personas.push(Arc::new(persona)),
        }
    }
}

/// Reads a persona file: a list of personas.
pub fn parse_personas(path: &Path, text: &str) -> (Vec<Persona>, Vec<Diagnostic>) {
    let raw: Vec<RawPersona> = match ron_options().from_str(text) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), vec![syntax_error(path, text, &e)]),
    };
    let mut cx = Ctx::new(path, text);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for i in 0..raw.len() {
        for field in ["name", "about"] {
            for (key, lang) in [("zh", Lang::ZhHans), ("zh_hant", Lang::ZhHant)] {
                let at = cx.spans().value(&[Seg::Index(i), Seg::Field(field), Seg::Field(key)]);
                let found = scripts::wrong_script(path, text, &at.into_iter().collect::<Vec<_>>(), lang);
                cx.diags.extend(found);
            }
        }
    }
    for (i, rp) in raw.iter().enumerate() {
        let here = |rest: &[Seg<'static>]| join(&[Seg::Index(i)], rest);
        let before = cx.diags.len();
        let mut p = Persona {
            id: rp.id.trim().to_string(),
            name: rp.name.clone(),
            about: rp.about.clone(),
            ..Persona::default()
        };
        if p.id.is_empty() {
            cx.at(Severity::Error, "empty-text", &here(&[Seg::Field("id")]), msg!(diag_persona_id_empty));
        } else if !seen.insert(p.id.clone()) {
            cx.at(Severity::Error, "duplicate-id", &here(&[Seg::Field("id")]), msg!(diag_persona_twice, p.id));
        }
        if let Some(t) = &rp.thresholds {
            if !(1..=100).contains(&t.attack) || !(1..=100).contains(&t.emotion) || t.emotion >= t.attack {
                cx.at(Severity::Error, "out-of-range", &here(&[Seg::Field("thresholds")]), msg!(diag_thresholds))
                    .help = Some(msg!(help_thresholds));
            } else {
                p.attack_at = t.attack as u8;
                p.emotion_at = t.emotion as u8;
            }
        }
        if let Some(h) = rp.hysteresis {
            let gap = (p.attack_at - p.emotion_at) as i64;
            if !(0..gap.min(21)).contains(&h) {
                cx.at(
                    Severity::Error,
                    "out-of-range",
                    &here(&[Seg::Field("hysteresis")]),
                    msg!(diag_hysteresis, (gap - 1).min(20)),
                );
            } else {
                p.hysteresis = h as u8;
            }
        }
        if let Some(v) = rp.volatility {
            if !(0.1..=5.0).contains(&v) {
                cx.at(Severity::Error, "out-of-range", &here(&[Seg::Field("volatility")]), msg!(diag_volatility));
            } else {
                p.volatility = v as f32;
            }
        }
        if let Some(r) = rp.relapse {
            if !(0.0..=1.0).contains(&r) {
                cx.at(Severity::Error, "out-of-range", &here(&[Seg::Field("relapse")]), msg!(diag_relapse));
            } else {
                p.relapse = r as f32;
            }
        }
        if let Some(n) = rp.patience {
            if !(1..=50).contains(&n) {
                cx.at(Severity::Error, "out-of-range", &here(&[Seg::Field("patience")]), msg!(diag_patience));
            } else {
                p.patience = n as u8;
            }
        }
        if let Some(n) = rp.agreement_bonus {
            if !(0..=50).contains(&n) {
                cx.at(
                    Severity::Error,
                    "out-of-range",
                    &here(&[Seg::Field("agreement_bonus")]),
                    msg!(diag_agreement_bonus),
                );
            } else {
                p.agreement_bonus = n as u8;
            }
        }
        if let Some((a, b)) = rp.silence {
            if !(0..=50).contains(&a) || !(0..=50).contains(&b) {
                cx.at(Severity::Error, "out-of-range", &here(&[Seg::Field("silence")]), msg!(diag_silence));
            } else {
                p.silence = Swing(a as i16, b as i16);
            }
        }
        if let Some(k) = rp.breaking_point {
            if k == EndingKind::Resolved {
                cx.at(
                    Severity::Error,
                    "out-of-range",
                    &here(&[Seg::Field("breaking_point")]),
                    msg!(diag_breaking_point),
                );
            } else {
                p.breaking_point = k;
            }
        }
        if let Some(v) = &rp.voice {
            for (field, value, slot) in [("rate", v.rate, &mut p.voice.rate), ("pitch", v.pitch, &mut p.voice.pitch)] {
                match value {
                    Some(x) if x.is_finite() && (-1.0..=1.0).contains(&x) => *slot = x as f32,
                    Some(x) => {
                        let path = here(&[Seg::Field("voice"), Seg::Field(field)]);
                        cx.at(Severity::Error, "voice-range", &path, msg!(diag_voice_range, field, x)).help =
                            Some(msg!(help_voice_range));
                    }
                    None => {}
                }
            }
        }
        let mut seen_tech = HashSet::new();
        for (k, (tid, eff)) in rp.effects.0.iter().enumerate() {
            let key_path = join(&[Seg::Index(i), Seg::Field("effects")], &[Seg::Key(tid.as_str(), 0)]);
            let Some(t) = Technique::from_id(tid) else {
                let d = cx.at_key(Severity::Error, "unknown-technique", &key_path, msg!(diag_unknown_technique, tid));
                d.help = Some(technique_help(tid));
                continue;
            };
            if !seen_tech.insert(t) {
                let dup = join(&[Seg::Index(i), Seg::Field("effects")], &[Seg::Key(tid.as_str(), 1)]);
                cx.at_key(Severity::Error, "duplicate-id", &dup, msg!(diag_technique_twice, tid));
                continue;
            }
            let _ = k;
            let mut e: Effect = p.effects[t.index()];
            for (mode, range, slot) in [
                ("attack", eff.attack, &mut e.attack),
                ("emotion", eff.emotion, &mut e.emotion),
                ("reasoning", eff.reasoning, &mut e.reasoning),
            ] {
                if let Some((a, b)) = range {
                    if !(-100..=100).contains(&a) || !(-100..=100).contains(&b) {
                        let mut path = key_path.clone();
                        path.push(Seg::Field(mode));
                        cx.at(Severity::Error, "out-of-range", &path, msg!(diag_effect_range));
                    } else {
                        *slot = Swing(a as i16, b as i16);
                    }
                }
            }
            // Personas shape how far anger moves, never against the method.
            for (mode, swing) in [(Mode::Attack, e.attack), (Mode::Emotion, e.emotion), (Mode::Reasoning, e.reasoning)]
            {
                let bound = crate::engine::call::persona::bound(t, mode);
                if !bound.allows(swing) {
                    let mut path = key_path.clone();
                    path.push(Seg::Field(mode.id()));
                    let (id, lo, hi, mode) = (t.id(), swing.lo(), swing.hi(), mode.id());
                    let (message, help) = match bound {
                        Bound::NeverCalms => {
                            (msg!(diag_mistake_calms, id, lo, hi, mode), msg!(help_range_zero_or_more))
                        }
                        _ => (msg!(diag_method_calms, id, lo, hi, mode), msg!(help_range_below_zero)),
                    };
                    cx.at(Severity::Error, "against-the-method", &path, message).help = Some(help);
                }
            }
            p.effects[t.index()] = e;
        }
        if cx.diags.len() == before {
            out.push(p);
        }
    }
    let mut diags = cx.diags;
    diags.sort_by_key(|d| (d.line, d.column));
    (out, diags)
}

fn technique_help(id: &str) -> Message {
    match Technique::suggest(id) {
        Some(t) => msg!(help_did_you_mean, t.id()),
        None => msg!(help_techniques, Technique::ALL.map(|t| t.id()).join(", ")),
    }
}

/// What a scenario parse needs besides the text.
#[derive(Clone, Copy, Default)]
pub struct ScenarioContext<'a> {
    /// The language the folder implies (`dialogues/zh/…`).
    pub folder_lang: Option<Lang>,
    pub glyphs: Option<GlyphCheck<'a>>,
}

/// Reads one scenario. Returns it when there are no errors (warnings are allowed).
pub fn parse_scenario(
    path: &Path,
    text: &str,
    personas: &PersonaSet,
    context: ScenarioContext,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let raw: RawScenario = match ron_options().from_str(text) {
        Ok(r) => r,
        Err(e) => return (None, vec![syntax_error(path, text, &e)]),
    };
    let mut cx = Ctx::new(path, text);
    let scenario = build_scenario(&mut cx, raw, personas, context);
    if let Some(s) = &scenario {
        let strings = cx.spans().string_values();
        cx.diags.extend(scripts::wrong_script(path, text, &strings, s.lang));
    }
    let mut diags = std::mem::take(&mut cx.diags);
    diags.sort_by_key(|d| (d.line, d.column));
    let scenario = if diags.iter().any(|d| d.is_error()) { None } else { scenario };
    (scenario, diags)
}

/// The errors about the shape of a call's graph that still leave a call that can be drawn
/// and played: a node no path reaches, a node with no way to an ending, no way to a good
/// ending.
pub const GRAPH_ERRORS: [&str; 3] = ["unreachable", "no-way-out", "no-resolution"];

/// Reads one scenario as a draft, for drawing its map: like [`parse_scenario`], but a call
/// whose only errors are [`GRAPH_ERRORS`] is returned too, so the map can show where its
/// graph is broken.
pub fn parse_scenario_draft(
    path: &Path,
    text: &str,
    personas: &PersonaSet,
    context: ScenarioContext,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let raw: RawScenario = match ron_options().from_str(text) {
        Ok(r) => r,
        Err(e) => return (None, vec![syntax_error(path, text, &e)]),
    };
    let mut cx = Ctx::new(path, text);
    let scenario = build_scenario(&mut cx, raw, personas, context);
    let mut diags = std::mem::take(&mut cx.diags);
    diags.sort_by_key(|d| (d.line, d.column));
    let fatal = diags.iter().any(|d| d.is_error() && !GRAPH_ERRORS.contains(&d.code));
    (if fatal { None } else { scenario }, diags)
}

/// An `empty-text` error, saying `what` is empty, when `s` is blank.
fn non_empty(cx: &mut Ctx, s: &str, path: &[Seg], what: Message) {
    if s.trim().is_empty() {
        cx.at(Severity::Error, "empty-text", path, what);
    }
}

fn build_scenario(cx: &mut Ctx, raw: RawScenario, personas: &PersonaSet, context: ScenarioContext) -> Option<Scenario> {
    use Seg::{Field, Index, Key};
    non_empty(cx, &raw.id, &[Field("id")], msg!(diag_empty_id));
    non_empty(cx, &raw.title, &[Field("title")], msg!(diag_empty_title));
    if raw.brief.trim().is_empty() {
        cx.at(Severity::Warning, "no-brief", &[Field("brief")], msg!(diag_no_brief)).help = Some(msg!(help_no_brief));
    }
    let lang = match raw.lang.as_deref() {
        None => context.folder_lang.unwrap_or_default(),
        Some(l) => match Lang::from_id(l) {
            Some(lang) => {
                if let Some(folder) = context.folder_lang.filter(|f| *f != lang) {
                    cx.at(
                        Severity::Warning,
                        "language-mismatch",
                        &[Field("lang")],
                        msg!(diag_language_mismatch, lang, folder.folder()),
                    );
                }
                lang
            }
            None => {
                cx.at(Severity::Error, "unknown-language", &[Field("lang")], msg!(diag_unknown_language, l)).help =
                    Some(msg!(help_languages));
                Lang::default()
            }
        },
    };
    let difficulty = match raw.difficulty {
        None => 2,
        Some(d @ 1..=5) => d as u8,
        Some(_) => {
            cx.at(Severity::Error, "out-of-range", &[Field("difficulty")], msg!(diag_difficulty));
            2
        }
    };
    non_empty(cx, &raw.caller.name, &[Field("caller"), Field("name")], msg!(diag_empty_caller_name));
    let persona_ids: Vec<&str> = match &raw.caller.persona {
        None => vec!["default"],
        Some(OneOrMany::One(id)) => vec![id.as_str()],
        Some(OneOrMany::Many(ids)) => ids.iter().map(String::as_str).collect(),
    };
    let listed = matches!(raw.caller.persona, Some(OneOrMany::Many(_)));
    if persona_ids.is_empty() {
        cx.at(Severity::Error, "empty-text", &[Field("caller"), Field("persona")], msg!(diag_no_personas));
    }
    let mut drawn_from: Vec<Arc<Persona>> = Vec::new();
    for (i, persona_id) in persona_ids.iter().enumerate() {
        let path: &[Seg] =
            if listed { &[Field("caller"), Field("persona"), Index(i)] } else { &[Field("caller"), Field("persona")] };
        if persona_ids[..i].contains(persona_id) {
            cx.at(Severity::Error, "duplicate-id", path, msg!(diag_persona_listed_twice, persona_id));
            continue;
        }
        match personas.get(persona_id) {
            Some(p) => drawn_from.push(Arc::clone(p)),
            None => {
                let ids: Vec<&str> = personas.iter().map(|p| p.id.as_str()).collect();
                let help = match did_you_mean(persona_id, ids.iter().copied()) {
                    Some(s) => msg!(help_did_you_mean, s),
                    None => msg!(help_known_personas, ids.join(", ")),
                };
                cx.at(Severity::Error, "unknown-persona", path, msg!(diag_unknown_persona, persona_id)).help =
                    Some(help);
            }
        }
    }
    let persona = drawn_from.first().cloned().unwrap_or_else(|| Arc::new(Persona::default()));
    let in_range = |a: i64| (0..=100).contains(&a);
    let angers = match raw.caller.anger {
        None => (80, 80),
        Some(NumberOrRange::Number(a)) if in_range(a) => (a as u8, a as u8),
        Some(NumberOrRange::Range(lo, hi)) if in_range(lo) && in_range(hi) && lo <= hi => (lo as u8, hi as u8),
        Some(NumberOrRange::Range(lo, hi)) if in_range(lo) && in_range(hi) => {
            cx.at(Severity::Error, "out-of-range", &[Field("caller"), Field("anger")], msg!(diag_anger_range));
            (hi as u8, lo as u8)
        }
        Some(_) => {
            cx.at(Severity::Error, "out-of-range", &[Field("caller"), Field("anger")], msg!(diag_anger));
            (80, 80)
        }
    };
    let anger = ((u16::from(angers.0) + u16::from(angers.1)) / 2) as u8;
    let varies = (drawn_from.len() > 1 || angers.0 != angers.1)
        .then(|| crate::engine::call::model::Variation { personas: drawn_from.clone(), anger: angers });
    let time_limit = check_time(cx, raw.time_limit, &[Field("time_limit")]);
    let max_turns = match raw.max_turns {
        None => DEFAULT_MAX_TURNS,
        Some(n @ 1..=500) => n as u16,
        Some(_) => {
            cx.at(Severity::Error, "out-of-range", &[Field("max_turns")], msg!(diag_max_turns));
            DEFAULT_MAX_TURNS
        }
    };

    // Ids.
    let mut ids: HashMap<&str, Target> = HashMap::with_capacity(raw.nodes.0.len() + raw.endings.0.len());
    let mut counts: HashMap<&str, usize> = HashMap::new();
    if raw.nodes.0.is_empty() {
        cx.at(Severity::Error, "no-nodes", &[Field("nodes")], msg!(diag_no_nodes));
    }
    for (i, (id, _)) in raw.nodes.0.iter().enumerate() {
        let n = counts.entry(id.as_str()).or_insert(0);
        if *n > 0 {
            cx.at_key(
                Severity::Error,
                "duplicate-id",
                &[Field("nodes"), Key(id.as_str(), *n)],
                msg!(diag_node_twice, id),
            );
        } else if id.trim().is_empty() {
            cx.at_key(Severity::Error, "empty-text", &[Field("nodes"), Key("", 0)], msg!(diag_node_id_empty));
        } else {
            ids.insert(id.as_str(), Target::Node(i));
        }
        *n += 1;
    }
    let mut ending_counts: HashMap<&str, usize> = HashMap::new();
    for (i, (id, e)) in raw.endings.0.iter().enumerate() {
        let n = ending_counts.entry(id.as_str()).or_insert(0);
        let key = [Field("endings"), Key(id.as_str(), *n)];
        if *n > 0 {
            cx.at_key(Severity::Error, "duplicate-id", &key, msg!(diag_ending_twice, id));
        } else if counts.contains_key(id.as_str()) {
            cx.at_key(Severity::Error, "duplicate-id", &key, msg!(diag_node_and_ending, id));
        } else if id.trim().is_empty() {
            cx.at_key(Severity::Error, "empty-text", &key, msg!(diag_ending_id_empty));
        } else {
            ids.insert(id.as_str(), Target::Ending(i));
        }
        *n += 1;
        let mut line_path = key.to_vec();
        line_path.push(Field("line"));
        non_empty(cx, &e.line, &line_path, msg!(diag_empty_ending_line));
    }
    let all_ids = || raw.nodes.0.iter().map(|(k, _)| k.as_str()).chain(raw.endings.0.iter().map(|(k, _)| k.as_str()));
    let resolve = |cx: &mut Ctx, id: &str, path: &[Seg]| -> Option<Target> {
        match ids.get(id) {
            Some(t) => Some(*t),
            None => {
                let help = did_you_mean(id, all_ids()).map(|s| msg!(help_did_you_mean, s));
                let d = cx.at(Severity::Error, "unknown-node", path, msg!(diag_unknown_node, id));
                d.help = help.or_else(|| Some(msg!(help_next_names)));
                None
            }
        }
    };

    let start = match raw.start.as_deref() {
        None => 0,
        Some(s) => match resolve(cx, s, &[Field("start")]) {
            Some(Target::Node(i)) => i,
            Some(Target::Ending(_)) => {
                cx.at(Severity::Error, "start-is-ending", &[Field("start")], msg!(diag_start_is_ending));
                0
            }
            None => 0,
        },
    };

    // Nodes and replies.
    let mut nodes = Vec::with_capacity(raw.nodes.0.len());
    let placeholder = Target::Ending(usize::MAX);
    let mut occurrences: HashMap<&str, usize> = HashMap::with_capacity(raw.nodes.0.len());
    for (id, rn) in &raw.nodes.0 {
        let nid = id.as_str();
        let seen = occurrences.entry(nid).or_insert(0);
        let occurrence = *seen;
        *seen += 1;
        let np = [Field("nodes"), Key(nid, occurrence)];
        let sub = |rest: &[Seg<'static>]| join(&np, rest);
        non_empty(cx, &rn.line, &sub(&[Field("line")]), msg!(diag_empty_line));
        for (v, text) in rn.variants.iter().enumerate() {
            non_empty(cx, text, &sub(&[Field("variants"), Index(v)]), msg!(diag_empty_variant));
        }
        let node_time = check_time(cx, rn.time_limit, &sub(&[Field("time_limit")]));
        if rn.replies.is_empty() {
            cx.at_key(Severity::Error, "no-replies", &np, msg!(diag_no_replies, id)).help = Some(msg!(help_no_replies));
        }
        let mut replies = Vec::with_capacity(rn.replies.len());
        for (r, rr) in rn.replies.iter().enumerate() {
            let rp = sub(&[Field("replies"), Index(r)]);
            let with = |f: &'static str| join(&rp, &[Field(f)]);
            non_empty(cx, &rr.text, &with("text"), msg!(diag_empty_reply_text));
            let technique = match Technique::from_id(rr.technique.trim()) {
                Some(t) => t,
                None => {
                    let d = cx.at(
                        Severity::Error,
                        "unknown-technique",
                        &with("technique"),
                        msg!(diag_unknown_technique, rr.technique),
                    );
                    d.help = Some(technique_help(&rr.technique));
                    Technique::Other
                }
            };
            if rr.feedback.trim().is_empty() {
                cx.at(Severity::Warning, "no-feedback", &rp, msg!(diag_no_feedback)).help =
                    Some(msg!(help_no_feedback));
            }
            let anger = match rr.anger {
                None => None,
                Some(-100..=-1) if technique.is_mistake() => {
                    cx.at(Severity::Error, "against-the-method", &with("anger"), msg!(diag_mistake_anger));
                    None
                }
                Some(a @ -100..=100) => Some(a as i16),
                Some(_) => {
                    cx.at(Severity::Error, "out-of-range", &with("anger"), msg!(diag_anger_change));
                    None
                }
            };
            let default = match rr.next.as_deref() {
                Some(n) => resolve(cx, n, &with("next")),
                None => None,
            };
            let mut next = Next::same(default.unwrap_or(placeholder));
            match &rr.next_by_mode {
                Some(by) => {
                    for (mode, slot, value) in [
                        ("attack", &mut next.attack, &by.attack),
                        ("emotion", &mut next.emotion, &by.emotion),
                        ("reasoning", &mut next.reasoning, &by.reasoning),
                    ] {
                        match value {
                            Some(n) => {
                                let mut p = with("next_by_mode");
                                p.push(Field(mode));
                                if let Some(t) = resolve(cx, n, &p) {
                                    *slot = t;
                                }
                            }
                            None if rr.next.is_none() => {
                                cx.at(
                                    Severity::Error,
                                    "no-next",
                                    &with("next_by_mode"),
                                    msg!(diag_no_next_for_mode, mode),
                                );
                            }
                            None => {}
                        }
                    }
                }
                None if rr.next.is_none() => {
                    cx.at(Severity::Error, "no-next", &rp, msg!(diag_no_next)).help = Some(msg!(help_no_next));
                }
                None => {}
            }
            replies.push(Reply { text: rr.text.clone(), technique, feedback: rr.feedback.clone(), next, anger });
        }
        if !replies.is_empty() {
            let first = replies[0].technique;
            if replies.iter().all(|r| r.technique == first) {
                let message = if replies.len() == 1 {
                    msg!(diag_single_reply, id)
                } else {
                    msg!(diag_one_technique, id, first.id())
                };
                cx.at_key(Severity::Warning, "one-technique", &np, message);
            }
        }
        nodes.push(Node {
            id: id.clone(),
            line: rn.line.clone(),
            variants: rn.variants.clone(),
            replies,
            time_limit: node_time,
        });
    }

    let mut endings: Vec<Ending> = raw
        .endings
        .0
        .iter()
        .map(|(id, e)| Ending { id: id.clone(), kind: e.kind, line: e.line.clone(), builtin: false })
        .collect();
    for kind in EndingKind::CALLER {
        if !endings.iter().any(|e| e.kind == kind) {
            endings.push(Ending {
                id: format!("builtin-{}", kind.id()),
                kind,
                line: crate::engine::call::builtin::ending_line(kind, lang).to_string(),
                builtin: true,
            });
        }
    }

    let defaults = crate::engine::call::builtin::caller_lines(lang);
    let pick = |given: &Vec<String>, fallback: &[&str]| {
        if given.is_empty() { fallback.iter().map(ToString::to_string).collect() } else { given.clone() }
    };
    for (list, name) in [(&raw.lines.agree, "agree"), (&raw.lines.relapse, "relapse"), (&raw.lines.silence, "silence")]
    {
        for (i, l) in list.iter().enumerate() {
            non_empty(cx, l, &[Field("lines"), Field(name), Index(i)], msg!(diag_empty_caller_line));
        }
    }
    let lines = CallerLines {
        agree: pick(&raw.lines.agree, defaults.agree),
        relapse: pick(&raw.lines.relapse, defaults.relapse),
        silence: pick(&raw.lines.silence, defaults.silence),
    };

    let tests = build_tests(cx, &raw.tests);
    let mut scenario = Scenario {
        id: raw.id.trim().to_string(),
        title: raw.title,
        lang,
        brief: raw.brief,
        difficulty,
        caller: Caller { name: raw.caller.name, persona, anger, varies, drawn: None },
        time_limit,
        max_turns,
        start,
        nodes,
        endings,
        lines,
        source: Some(cx.path.to_path_buf()),
        fingerprint: fingerprint(cx.text),
        tests,
        facts: Facts::default(),
    };

    check_graph(cx, &scenario);
    if let Some(glyphs) = context.glyphs {
        check_glyphs(cx, &scenario, glyphs);
    }
    // A call whose only errors are in the shape of its graph is still built, for
    // [`parse_scenario_draft`]; [`parse_scenario`] drops it.
    if cx.has_fatal_errors() {
        return None;
    }
    scenario.compute_facts();
    Some(scenario)
}

/// The scenario's tests: names, reply numbers (1 or more) and scores in range.
fn build_tests(cx: &mut Ctx, raw: &[raw::RawTest]) -> Vec<ScenarioTest> {
    use Seg::{Field, Index};
    let mut tests = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let at = [Field("tests"), Index(i)];
        non_empty(cx, &t.name, &join(&at, &[Field("name")]), msg!(diag_empty_test_name));
        if raw[..i].iter().any(|other| other.name.trim() == t.name.trim()) {
            cx.at(Severity::Error, "duplicate-id", &join(&at, &[Field("name")]), msg!(diag_test_twice, t.name));
        }
        let mut path = Vec::with_capacity(t.path.len());
        for (j, &n) in t.path.iter().enumerate() {
            if !(1..=99).contains(&n) {
                cx.at(Severity::Error, "out-of-range", &join(&at, &[Field("path"), Index(j)]), msg!(diag_reply_number));
            }
            path.push(n.clamp(1, 99) as usize);
        }
        if t.path.is_empty() {
            cx.at(Severity::Error, "empty-text", &join(&at, &[Field("path")]), msg!(diag_test_no_path));
        }
        let mut score = |v: Option<i64>, field: &'static str| match v {
            Some(v) if (0..=100).contains(&v) => Some(v as u8),
            Some(_) => {
                cx.at(
                    Severity::Error,
                    "out-of-range",
                    &join(&at, &[Field("expect"), Field(field)]),
                    msg!(diag_score_range),
                );
                None
            }
            None => None,
        };
        let min_score = score(t.expect.min_score, "min_score");
        let max_score = score(t.expect.max_score, "max_score");
        let (line, column) =
            cx.spans().value(&at).map_or((0, 0), |r| crate::engine::call::diag::line_col(cx.text, r.start));
        tests.push(ScenarioTest {
            name: t.name.trim().to_string(),
            path,
            seed: t.seed.unwrap_or(1),
            outcome: t.expect.outcome,
            min_score,
            max_score,
            line,
            column,
        });
    }
    tests
}

fn check_time(cx: &mut Ctx, t: Option<f64>, path: &[Seg]) -> Option<f32> {
    match t {
        None => None,
        Some(s) if (1.0..=600.0).contains(&s) => Some(s as f32),
        Some(_) => {
            cx.at(Severity::Error, "out-of-range", path, msg!(diag_time_limit));
            None
        }
    }
}

/// Reachability, ways out, and a path to a resolved ending.
fn check_graph(cx: &mut Ctx, s: &Scenario) {
    use Seg::{Field, Key};
    let n = s.nodes.len();
    if n == 0 {
        return;
    }
    let node_key = |i: usize| [Field("nodes"), Key(s.nodes[i].id.as_str(), 0)];
    // Targets that did not resolve are already reported; treat them as ways out so they
    // cause no further errors here.
    let successors = |i: usize| s.nodes[i].replies.iter().flat_map(|r| r.next.targets());
    let unresolved =
        s.nodes.iter().flat_map(|n| &n.replies).flat_map(|r| r.next.targets()).any(|t| t == Target::Ending(usize::MAX));
    // Forward reachability from the start.
    let mut reached = vec![false; n];
    let mut queue = VecDeque::from([s.start]);
    reached[s.start] = true;
    let mut resolved_reachable = false;
    while let Some(i) = queue.pop_front() {
        for t in successors(i) {
            match t {
                Target::Node(j) if !reached[j] => {
                    reached[j] = true;
                    queue.push_back(j);
                }
                // A call the agent ends after a warning ends well too (the abusive caller).
                Target::Ending(e) if s.endings.get(e).is_some_and(|e| e.kind.can_end_well()) => {
                    resolved_reachable = true
                }
                _ => {}
            }
        }
    }
    // A node defined twice is reported as a duplicate; the copy is not judged again.
    let first = |i: usize| s.nodes.iter().position(|m| m.id == s.nodes[i].id) == Some(i);
    for i in (0..n).filter(|&i| !reached[i] && first(i)) {
        cx.at_key(Severity::Error, "unreachable", &node_key(i), msg!(diag_unreachable, s.nodes[i].id)).help =
            Some(msg!(help_unreachable));
    }
    // Backward: which nodes can reach some ending?
    let mut preds = vec![Vec::new(); n];
    let mut exits = vec![false; n];
    let mut queue = VecDeque::new();
    for (i, exit) in exits.iter_mut().enumerate() {
        for t in successors(i) {
            match t {
                Target::Node(j) => preds[j].push(i),
                Target::Ending(_) if !*exit => {
                    *exit = true;
                    queue.push_back(i);
                }
                Target::Ending(_) => {}
            }
        }
    }
    while let Some(j) = queue.pop_front() {
        for &i in &preds[j] {
            if !exits[i] {
                exits[i] = true;
                queue.push_back(i);
            }
        }
    }
    for i in (0..n).filter(|&i| reached[i] && !exits[i] && !s.nodes[i].replies.is_empty()) {
        cx.at_key(Severity::Error, "no-way-out", &node_key(i), msg!(diag_no_way_out, s.nodes[i].id));
    }
    if !resolved_reachable && !unresolved {
        let d = cx.at(Severity::Error, "no-resolution", &[Field("endings")], msg!(diag_no_resolution));
        d.help = Some(msg!(help_no_resolution));
    }
}

fn check_glyphs(cx: &mut Ctx, s: &Scenario, glyphs: GlyphCheck) {
    let mut missing: Vec<char> = Vec::new();
    let mut seen = HashSet::new();
    let texts = std::iter::once(s.title.as_str())
        .chain([s.brief.as_str(), s.caller.name.as_str()])
        .chain(
            s.nodes.iter().flat_map(|n| std::iter::once(n.line.as_str()).chain(n.variants.iter().map(String::as_str))),
        )
        .chain(s.nodes.iter().flat_map(|n| n.replies.iter().flat_map(|r| [r.text.as_str(), r.feedback.as_str()])))
        .chain(s.endings.iter().filter(|e| !e.builtin).map(|e| e.line.as_str()))
        .chain(s.lines.agree.iter().chain(&s.lines.relapse).chain(&s.lines.silence).map(String::as_str));
    for text in texts {
        for c in text.chars() {
            if !c.is_whitespace() && !c.is_control() && seen.insert(c) && !glyphs(c) {
                missing.push(c);
            }
        }
    }
    for c in missing {
        let offset = cx.text.find(c);
        let range = offset.map(|o| o..o + c.len_utf8());
        cx.push(Severity::Error, "missing-glyph", range, msg!(diag_missing_glyph, c, format!("{:04X}", c as u32)))
            .help = Some(msg!(help_missing_glyph));
    }
}

/// The byte range of node `id`'s key in a scenario file's text, to point a diagnostic
/// at a node found by something other than the loader.
pub fn node_span(text: &str, id: &str) -> Option<std::ops::Range<usize>> {
    Spans::parse(text).key(&[Seg::Field("nodes"), Seg::Key(id, 0)])
}

/// The byte range of the scenario's `id` value.
pub fn id_span(text: &str) -> Option<std::ops::Range<usize>> {
    Spans::parse(text).value(&[Seg::Field("id")])
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike the standard hasher.
pub fn fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

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

fn join<'a>(base: &[Seg<'a>], rest: &[Seg<'a>]) -> Vec<Seg<'a>> {
    let mut p = Vec::with_capacity(base.len() + rest.len());
    p.extend_from_slice(base);
    p.extend_from_slice(rest);
    p
}
