//! Which characters the game's font can draw, read from the font's character map.

use std::collections::HashSet;
use std::path::Path;

pub struct FontCoverage {
    chars: HashSet<char>,
}

impl FontCoverage {
    /// Reads the font at `path`.
    pub fn load(path: &Path) -> Result<FontCoverage, String> {
        let data = std::fs::read(path).map_err(|e| format!("cannot read the font {}: {e}", path.display()))?;
        FontCoverage::from_bytes(&data, path)
    }

    /// The coverage of font bytes already read from `path` (named in errors).
    pub fn from_bytes(data: &[u8], path: &Path) -> Result<FontCoverage, String> {
        let face =
            ttf_parser::Face::parse(data, 0).map_err(|e| format!("{} is not a usable font: {e}", path.display()))?;
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
            return Err(format!("{} has no Unicode character map", path.display()));
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
