//! Where Calmline finds its files: the assets folder, the shipped font, the dialogues.

use std::path::{Path, PathBuf};

/// The file name of the shipped font, under `assets/fonts/`.
pub const FONT_FILE: &str = "fonts/CalmlineSans-Regular.otf";

/// The assets folder: `CALMLINE_ASSETS` or `BEVY_ASSET_ROOT` (the folder holding
/// `assets/`) if set, else `assets/` beside the executable or in the current folder, else
/// the source checkout this binary was built from.
pub fn asset_root() -> PathBuf {
    candidates("assets").into_iter().find(|p| p.is_dir()).unwrap_or_else(|| PathBuf::from("assets"))
}

/// The shipped font, if it can be found.
pub fn font_path() -> Option<PathBuf> {
    let p = asset_root().join(FONT_FILE);
    p.is_file().then_some(p)
}

/// The default dialogues folder: `dialogues/` in the current folder, beside the
/// executable, or in the source checkout.
pub fn default_dialogues() -> PathBuf {
    candidates("dialogues").into_iter().find(|p| p.is_dir()).unwrap_or_else(|| PathBuf::from("dialogues"))
}

fn candidates(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for var in ["CALMLINE_ASSETS", "BEVY_ASSET_ROOT"] {
        if let Some(root) = std::env::var_os(var) {
            let root = PathBuf::from(root);
            if name == "assets" && var == "CALMLINE_ASSETS" {
                out.push(root.clone());
            }
            out.push(root.join(name));
        }
    }
    out.push(PathBuf::from(name));
    if let Some(dir) = std::env::current_exe().ok().as_deref().and_then(Path::parent) {
        out.push(dir.join(name));
        // target/release/calmline → the checkout.
        if let Some(up) = dir.parent().and_then(Path::parent) {
            out.push(up.join(name));
        }
    }
    out.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(name));
    out
}
