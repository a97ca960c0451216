//! The caller's voice: recorded clips a trainer puts beside the calls, and how the speech
//! engine should say a line that has none.
//!
//! Clips live in `<root>/voices/<lang>/<call-id>/<line-id>.ogg`, where `<lang>` is a
//! language folder name ([`Lang::from_id`]: `zh`, `zh-Hans`, `zh-Hant`, `en`) and
//! `<line-id>` a node or ending id. `<line-id>.ogg` is a node's `line`, `<line-id>.<n>.ogg`
//! its n-th variant (n from 1, as [`crate::engine::call::model::Node::text`] counts). Only the
//! names are looked at here, never the sound inside.

use crate::engine::call::diag::{Diagnostic, Message, Severity, msg};
use crate::engine::call::lang::Lang;
use crate::engine::call::model::Scenario;
use crate::engine::call::persona::Persona;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder beside the language folders that holds the clips.
pub const VOICES_DIR: &str = "voices";

/// How much rate and pitch rise from anger 0 to anger 100.
const ANGER_RATE: f32 = 0.35;
const ANGER_PITCH: f32 = 0.25;
/// How many missing clips `partial-voice` names before it counts the rest.
const MISSING_SHOWN: usize = 5;

/// How the speech engine should say a line, each in -1.0..=1.0 (0 = the voice's normal).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeechStyle {
    pub rate: f32,
    pub pitch: f32,
}

/// The persona's voice, raised with anger: the persona's `voice` is the calm caller, and
/// anger adds up to 0.35 to the rate and 0.25 to the pitch at 100 (half that at 50).
/// Both are kept to -1..=1.
pub fn speech_style(persona: &Persona, anger: u8) -> SpeechStyle {
    let heat = anger.min(100) as f32 / 100.0;
    let rise = |base: f32, by: f32| {
        let base = if base.is_finite() { base } else { 0.0 };
        (base + by * heat).clamp(-1.0, 1.0)
    };
    SpeechStyle { rate: rise(persona.voice.rate, ANGER_RATE), pitch: rise(persona.voice.pitch, ANGER_PITCH) }
}

/// The recorded clips found under one or more roots.
#[derive(Clone, Debug, Default)]
pub struct VoiceClips {
    /// Per language and call folder, the clips by file stem (`open`, `open.1`).
    calls: BTreeMap<Lang, BTreeMap<String, BTreeMap<String, PathBuf>>>,
    /// Files that can be no clip: in a folder that names no language, or not `.ogg`.
    strays: Vec<Stray>,
}

#[derive(Clone, Debug)]
struct Stray {
    path: PathBuf,
    /// The call folder it is in, when its language folder is one.
    call: Option<(Lang, String)>,
    /// The language folder's name when it names no language.
    unknown_lang: Option<String>,
}

impl VoiceClips {
    /// Scans `<root>/voices/*/*/*.ogg` (no error when the folder is missing). Returns
    /// diagnostics for unreadable folders only.
    pub fn scan(root: &Path) -> (VoiceClips, Vec<Diagnostic>) {
        let mut clips = VoiceClips::default();
        let mut diags = Vec::new();
        let dir = root.join(VOICES_DIR);
        if !dir.is_dir() {
            return (clips, diags);
        }
        for lang_dir in entries(&dir, true, &mut diags) {
            let folder = name_of(&lang_dir);
            let lang = Lang::from_id(&folder);
            for call_dir in entries(&lang_dir, true, &mut diags) {
                let call = name_of(&call_dir);
                for file in entries(&call_dir, false, &mut diags) {
                    let is_ogg =
                        file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("ogg"));
                    match lang {
                        Some(lang) if is_ogg => {
                            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                            let found = clips.calls.entry(lang).or_default().entry(call.clone()).or_default();
                            found.entry(stem).or_insert(file);
                        }
                        Some(lang) => clips.strays.push(Stray {
                            path: file,
                            call: Some((lang, call.clone())),
                            unknown_lang: None,
                        }),
                        None => clips.strays.push(Stray { path: file, call: None, unknown_lang: Some(folder.clone()) }),
                    }
                }
            }
        }
        (clips, diags)
    }

    /// Merges clips scanned from several roots. A clip already known for a line is kept.
    pub fn extend(&mut self, other: VoiceClips) {
        for (lang, calls) in other.calls {
            let mine = self.calls.entry(lang).or_default();
            for (call, clips) in calls {
                let folder = mine.entry(call).or_default();
                for (stem, path) in clips {
                    folder.entry(stem).or_insert(path);
                }
            }
        }
        for stray in other.strays {
            if !self.strays.iter().any(|s| s.path == stray.path) {
                self.strays.push(stray);
            }
        }
    }

    /// The clip for a line: node or ending id, variant 0 = the main line. No fallback from
    /// a variant to `<id>.ogg` (the words would differ from the subtitles).
    pub fn clip(&self, lang: Lang, call: &str, line: &str, variant: usize) -> Option<&Path> {
        let clips = self.calls.get(&lang)?.get(call)?;
        let found = if variant == 0 { clips.get(line) } else { clips.get(&format!("{line}.{variant}")) };
        found.map(PathBuf::as_path)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many clips there are (files named `.ogg` in a call folder of a language).
    pub fn len(&self) -> usize {
        self.calls.values().flat_map(|calls| calls.values()).map(BTreeMap::len).sum()
    }

    /// Keeps the call folders `keep` accepts, and the files of folders that name no
    /// language only when `unknown_langs`. The loader drops what a check of some files
    /// only should not judge.
    pub(crate) fn retain(&mut self, keep: impl Fn(Lang, &str) -> bool, unknown_langs: bool) {
        for (lang, calls) in self.calls.iter_mut() {
            calls.retain(|call, _| keep(*lang, call));
        }
        self.calls.retain(|_, calls| !calls.is_empty());
        self.strays.retain(|s| match &s.call {
            Some((lang, call)) => keep(*lang, call),
            None => unknown_langs,
        });
    }

    /// Warnings for `check`: `orphan-clip`, a file that matches no loaded line (its
    /// language folder, call, node or ending id or variant number), or that is not `.ogg`,
    /// at the file; and `partial-voice`, a call with clips for some of its lines but not
    /// all (every node's line and variants, every ending's line), at the call's id.
    pub fn check(&self, scenarios: &[Arc<Scenario>]) -> Vec<Diagnostic> {
        let mut orphans = Vec::new();
        let mut partial = Vec::new();
        let orphan = |path: &Path, message: Message, help: Message| {
            Diagnostic::file(Severity::Warning, "orphan-clip", path, message).with_help(help)
        };
        for stray in &self.strays {
            let name = stray.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let d = match &stray.unknown_lang {
                Some(folder) => {
                    orphan(&stray.path, msg!(diag_clip_unknown_lang, folder, Lang::TAGS), msg!(help_clip_folders))
                }
                None => orphan(&stray.path, msg!(diag_clip_not_ogg, name), msg!(help_clip_names)),
            };
            orphans.push(d);
        }
        for (&lang, calls) in &self.calls {
            for (call, clips) in calls {
                let Some(s) = scenarios.iter().find(|s| s.lang == lang && s.id == *call) else {
                    for path in clips.values() {
                        orphans.push(orphan(path, msg!(diag_clip_unknown_call, call, lang), msg!(help_clip_folders)));
                    }
                    continue;
                };
                let expected = lines_of(s);
                for (stem, path) in clips {
                    let builtin = s.endings.iter().any(|e| e.builtin && e.id == *stem);
                    if !builtin && !expected.contains(stem) {
                        orphans.push(orphan(path, why_orphan(s, stem), msg!(help_clip_names)));
                    }
                }
                let missing: Vec<&String> = expected.iter().filter(|l| !clips.contains_key(*l)).collect();
                if !missing.is_empty() && missing.len() < expected.len() {
                    partial.extend(partial_voice(s, expected.len() - missing.len(), expected.len(), &missing));
                }
            }
        }
        orphans.sort_by(|a, b| a.file.cmp(&b.file));
        orphans.extend(partial);
        orphans
    }
}

/// The clip names (file stems) a fully voiced call has: each node's line and variants,
/// then each ending the call defines.
fn lines_of(s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for node in &s.nodes {
        out.push(node.id.clone());
        out.extend((1..node.line_count()).map(|n| format!("{}.{n}", node.id)));
    }
    out.extend(s.endings.iter().filter(|e| !e.builtin).map(|e| e.id.clone()));
    out
}

/// Why clip `stem` of call `s` matches no line: a variant its node does not have, or an
/// id that is no node or ending.
fn why_orphan(s: &Scenario, stem: &str) -> Message {
    if let Some((id, n)) = stem.rsplit_once('.')
        && let Ok(n) = n.parse::<usize>()
    {
        if let Some(node) = s.nodes.iter().find(|node| node.id == id) {
            return msg!(diag_clip_no_variant, id, n, node.variants.len());
        }
        if s.endings.iter().any(|e| e.id == id) {
            return msg!(diag_clip_no_variant, id, n, 0);
        }
    }
    msg!(diag_clip_unknown_line, s.id, stem)
}

/// The `partial-voice` warning, at the call's id in its file.
fn partial_voice(s: &Scenario, have: usize, total: usize, missing: &[&String]) -> Option<Diagnostic> {
    let file = s.source.as_ref()?;
    let names: Vec<String> = missing.iter().take(MISSING_SHOWN).map(|m| format!("{m}.ogg")).collect();
    let list = names.join(", ");
    let more = missing.len().saturating_sub(MISSING_SHOWN);
    let message = if more == 0 {
        msg!(diag_partial_voice, s.id, have, total, list)
    } else {
        msg!(diag_partial_voice_more, s.id, have, total, list, more)
    };
    let d = match std::fs::read_to_string(file) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let quoted = format!("\"{}\"", s.id);
            let at = text.find(&quoted).map_or(0..0, |i| i..i + quoted.len());
            Diagnostic::at(Severity::Warning, "partial-voice", file, text, at, message)
        }
        Err(_) => Diagnostic::file(Severity::Warning, "partial-voice", file, message),
    };
    Some(d.with_help(msg!(help_partial_voice)))
}

/// The visible entries of `dir` that are folders (`folders`) or files, sorted; an
/// unreadable folder is reported and has none.
fn entries(dir: &Path, folders: bool, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            diags.push(Diagnostic::file(Severity::Error, "unreadable", dir, msg!(diag_cannot_read_folder, e)));
            return Vec::new();
        }
    };
    let mut out: Vec<PathBuf> = read
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| !name_of(p).starts_with('.') && p.is_dir() == folders)
        .collect();
    out.sort();
    out
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::call::persona::VoiceStyle;

    fn persona(rate: f32, pitch: f32) -> Persona {
        Persona { voice: VoiceStyle { rate, pitch }, ..Persona::default() }
    }

    #[test]
    fn anger_raises_rate_and_pitch() {
        let p = persona(0.0, 0.0);
        let mut last = speech_style(&p, 0);
        assert_eq!(last, SpeechStyle { rate: 0.0, pitch: 0.0 });
        for anger in 1..=255u8 {
            let now = speech_style(&p, anger);
            assert!(now.rate >= last.rate && now.pitch >= last.pitch, "at {anger}");
            last = now;
        }
        let full = speech_style(&p, 100);
        assert!((full.rate - 0.35).abs() < 1e-6 && (full.pitch - 0.25).abs() < 1e-6);
        let half = speech_style(&p, 50);
        assert!((half.rate - 0.175).abs() < 1e-6 && (half.pitch - 0.125).abs() < 1e-6);
        assert_eq!(speech_style(&p, 255), full, "anger beyond 100 counts as 100");
    }

    #[test]
    fn the_style_stays_in_range() {
        for (rate, pitch) in [(0.9, 0.95), (1.0, 1.0), (-1.0, -1.0), (f32::NAN, f32::INFINITY), (5.0, -5.0)] {
            for anger in [0, 50, 100] {
                let s = speech_style(&persona(rate, pitch), anger);
                assert!((-1.0..=1.0).contains(&s.rate) && (-1.0..=1.0).contains(&s.pitch), "{rate} {pitch} {anger}");
            }
        }
        assert_eq!(speech_style(&persona(0.9, 0.9), 100), SpeechStyle { rate: 1.0, pitch: 1.0 });
        assert_eq!(speech_style(&persona(f32::NAN, 0.0), 0).rate, 0.0);
    }

    #[test]
    fn personas_keep_their_difference() {
        let (slow, fast) = (persona(-0.3, -0.2), persona(0.2, 0.1));
        for anger in [0, 30, 60, 100] {
            let (a, b) = (speech_style(&slow, anger), speech_style(&fast, anger));
            assert!((b.rate - a.rate - 0.5).abs() < 1e-6 && (b.pitch - a.pitch - 0.3).abs() < 1e-6, "at {anger}");
        }
    }

    #[test]
    fn nothing_is_found_where_there_is_no_voices_folder() {
        let (clips, diags) = VoiceClips::scan(Path::new("/nonexistent/calmline"));
        assert!(clips.is_empty() && diags.is_empty());
        assert_eq!(clips.clip(Lang::En, "refund", "open", 0), None);
        assert!(clips.check(&[]).is_empty());
    }
}
