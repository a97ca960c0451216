//! Which `voices/` folders a load scans, and which of their call folders it judges.

use crate::engine::call::diag::Diagnostic;
use crate::engine::call::lang::Lang;
use crate::engine::call::voice::{VOICES_DIR, VoiceClips};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The clips for a load of `paths`, in which `call_files` were read: the `voices/` folder
/// of each folder given, and the one beside the language folder of each call file read
/// (`dialogues/en/refund.ron` → `dialogues/voices`).
///
/// A folder given is judged whole: a call folder for no call read is an orphan. A `voices/`
/// found only through call files is judged for the calls read (`check
/// dialogues/en/refund.ron` says nothing about the other calls' clips). Either way the
/// clips of a call whose file has errors (`failed`) are not judged: its errors come first.
pub(super) fn load_voices(
    paths: &[PathBuf],
    call_files: &[PathBuf],
    loaded: &HashSet<(Lang, String)>,
    failed: &HashSet<(Lang, String)>,
) -> (VoiceClips, Vec<Diagnostic>) {
    let mut roots: Vec<(PathBuf, bool)> = Vec::new();
    let mut add = |root: &Path, whole: bool| {
        if !root.join(VOICES_DIR).is_dir() {
            return;
        }
        match roots.iter_mut().find(|(r, _)| same_folder(r, root)) {
            Some((_, w)) => *w |= whole,
            None => roots.push((root.to_path_buf(), whole)),
        }
    };
    for p in paths.iter().filter(|p| p.is_dir()) {
        add(p, true);
    }
    for f in call_files {
        if let Some(root) = f.parent().and_then(Path::parent) {
            add(root, false);
        }
    }
    let mut clips = VoiceClips::default();
    let mut diags = Vec::new();
    for (root, whole) in roots {
        let (mut found, d) = VoiceClips::scan(&root);
        diags.extend(d);
        let call = |lang: Lang, id: &str| (lang, id.to_string());
        if whole {
            found.retain(|lang, id| loaded.contains(&call(lang, id)) || !failed.contains(&call(lang, id)), true);
        } else {
            found.retain(|lang, id| loaded.contains(&call(lang, id)), false);
        }
        clips.extend(found);
    }
    (clips, diags)
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
