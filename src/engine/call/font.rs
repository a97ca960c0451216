//! Which characters the game's font can draw, read from the font's character map.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why a font cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{} is not a usable font: {detail}", path.display())]
    NotAFont { path: PathBuf, detail: String },
    #[error("{} has no Unicode character map", path.display())]
    NoCharacterMap { path: PathBuf },
}

pub struct FontCoverage {
    chars: HashSet<char>,
}

impl FontCoverage {
    /// Reads the font at `path`.
    pub fn load(path: &Path) -> Result<FontCoverage, FontError> {
        let data = std::fs::read(path).map_err(|source| FontError::Unreadable { path: path.to_path_buf(), source })?;
        FontCoverage::from_bytes(&data, path)
    }

    /// The coverage of font bytes already read from `path` (named in errors).
    pub fn from_bytes(data: &[u8], path: &Path) -> Result<FontCoverage, FontError> {
        let face = ttf_parser::Face::parse(data, 0)
            .map_err(|e| FontError::NotAFont { path: path.to_path_buf(), detail: e.to_string() })?;
        let mut chars = HashSet::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let Some(c) = char::from_u32(cp)
                        && sub.glyph_index(cp).is_some_and(|g| g.0 != 0)
                    {
                        chars.insert(c);
                    }
                });
            }
        }
        if chars.is_empty() {
            return Err(FontError::NoCharacterMap { path: path.to_path_buf() });
        }
        Ok(FontCoverage { chars })
    }

    pub fn covers(&self, c: char) -> bool {
        self.chars.contains(&c)
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}
