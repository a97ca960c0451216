//! Reading persona files (`personas.ron`) into the [`PersonaSet`] a scenario draws its
//! caller from, with the help for an unknown technique.

use super::context::{Ctx, join};
use super::raw::RawPersona;
use super::scripts;
use super::spans::Seg;
use super::text::{ron_options, syntax_error};
use crate::engine::call::diag::{Diagnostic, Message, Severity, msg};
use crate::engine::call::lang::Lang;
use crate::engine::call::persona::{Bound, Effect, EndingKind, Mode, Persona, Swing};
use crate::engine::call::technique::Technique;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// The name of persona files.
pub const PERSONAS_FILE: &str = "personas.ron";

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
        for (tid, eff) in rp.effects.0.iter() {
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

pub(super) fn technique_help(id: &str) -> Message {
    match Technique::suggest(id) {
        Some(t) => msg!(help_did_you_mean, t.id()),
        None => msg!(help_techniques, Technique::ALL.map(|t| t.id()).join(", ")),
    }
}
