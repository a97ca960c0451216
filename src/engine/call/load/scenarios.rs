//! Reading one scenario file into a [`Scenario`]: its fields, personas, nodes, replies,
//! endings and caller lines checked, then its graph and glyphs; a draft for the map too.

use super::context::{Ctx, join, non_empty};
use super::graph::{GRAPH_ERRORS, GlyphCheck, check_glyphs, check_graph};
use super::personas::{PersonaSet, technique_help};
use super::raw::{NumberOrRange, OneOrMany, RawScenario};
use super::scenario_tests::build_tests;
use super::scripts;
use super::spans::Seg;
use super::text::{did_you_mean, ron_options, syntax_error};
use crate::engine::call::diag::{Diagnostic, Severity, msg};
use crate::engine::call::lang::Lang;
use crate::engine::call::model::{Caller, CallerLines, Ending, Facts, Next, Node, Reply, Scenario, Target};
use crate::engine::call::persona::{EndingKind, Persona};
use crate::engine::call::technique::Technique;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The default reply cap of a call.
pub const DEFAULT_MAX_TURNS: u16 = 40;

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
    let (scenario, diags) = read_scenario(path, text, personas, context, true);
    let scenario = if diags.iter().any(|d| d.is_error()) { None } else { scenario };
    (scenario, diags)
}

/// Reads one scenario as a draft, for drawing its map: like [`parse_scenario`], but a call
/// whose only errors are [`GRAPH_ERRORS`] is returned too, so the map can show where its
/// graph is broken.
pub fn parse_scenario_draft(
    path: &Path,
    text: &str,
    personas: &PersonaSet,
    context: ScenarioContext,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let (scenario, diags) = read_scenario(path, text, personas, context, false);
    let fatal = diags.iter().any(|d| d.is_error() && !GRAPH_ERRORS.contains(&d.code));
    (if fatal { None } else { scenario }, diags)
}

/// The scenario as built (errors or not) and every problem found, in file order; with
/// `check_scripts`, the check for characters of the other Chinese script too.
fn read_scenario(
    path: &Path,
    text: &str,
    personas: &PersonaSet,
    context: ScenarioContext,
    check_scripts: bool,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let raw: RawScenario = match ron_options().from_str(text) {
        Ok(r) => r,
        Err(e) => return (None, vec![syntax_error(path, text, &e)]),
    };
    let mut cx = Ctx::new(path, text);
    let scenario = build_scenario(&mut cx, raw, personas, context);
    if check_scripts && let Some(s) = &scenario {
        let strings = cx.spans().string_values();
        cx.diags.extend(scripts::wrong_script(path, text, &strings, s.lang));
    }
    let mut diags = std::mem::take(&mut cx.diags);
    diags.sort_by_key(|d| (d.line, d.column));
    (scenario, diags)
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

/// FNV-1a, 64 bits: stable across Rust versions, unlike the standard hasher.
pub fn fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
