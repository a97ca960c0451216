//! What a map is made of: its boxes and arrows, their sizes, the room a label takes, and
//! the short snippet of a line a box shows. Placement (`place.rs`) fills in positions.

use crate::engine::call::model::Target;
use crate::engine::call::persona::{EndingKind, Mode};
use crate::engine::call::technique::{Family, Technique};

/// A caller node's box, in map units (pixels at scale 1).
pub const NODE_SIZE: (f32, f32) = (200.0, 64.0);
/// An ending's box.
pub const ENDING_SIZE: (f32, f32) = (180.0, 56.0);
/// How wide a snippet may be, in width units: a CJK character counts two, anything else
/// one ([`text_units`]). Two lines of 28 fit a node's box at 11 px.
pub const SNIPPET_UNITS: usize = 52;
/// The space between the arrows of replies that join the same two boxes.
pub const LANE_GAP: f32 = 7.0;
/// An ending that replies of this many caller nodes or more lead to is drawn once beside
/// each of them (see [`MapNode::copy`]), so no arrow has to cross the whole map.
pub const SPLIT_ENDING_AT: usize = 3;

/// The whole map. Coordinates have their origin at the top left; `width` and `height`
/// include a margin around everything drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct CallMap {
    pub width: f32,
    pub height: f32,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapNodeKind {
    /// A caller turn.
    Node,
    /// An ending of the call, of this kind.
    Ending(EndingKind),
}

/// What the map marks on a box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeFlags {
    /// No path from the start reaches it.
    pub unreachable: bool,
    /// No path from it reaches an ending (caller nodes only).
    pub no_way_out: bool,
    /// The bots never reached it (caller nodes: simulate's unvisited nodes; endings: every
    /// reply that leads to it went unpicked). Only with a simulate report.
    pub never_visited: bool,
    /// On the best path.
    pub best: bool,
    /// On the method bot's path.
    pub method: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub id: String,
    pub kind: MapNodeKind,
    /// Centre, in the map's units (pixels at scale 1), origin top-left.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The caller's first words (at most [`SNIPPET_UNITS`], cut at a word or character
    /// boundary, with "…" when cut), or the start of the ending's line.
    pub snippet: String,
    /// The caller's whole line, or the ending's.
    pub line: String,
    /// Index into `scenario.nodes`; `None` for endings.
    pub index: Option<usize>,
    /// Index into `scenario.endings`; `None` for caller nodes.
    pub ending: Option<usize>,
    /// An ending that replies of many nodes lead to ([`SPLIT_ENDING_AT`]) has a box beside
    /// each of those nodes: the same id and ending, numbered 0, 1, … in the order of the
    /// nodes. 0 for everything else.
    pub copy: usize,
    /// The call starts here.
    pub start: bool,
    pub flags: NodeFlags,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    /// Indices into [`CallMap::nodes`].
    pub from: usize,
    pub to: usize,
    /// Which reply: the node's index in `scenario.nodes` and the reply's index (0-based).
    pub node: usize,
    pub reply: usize,
    pub technique: Technique,
    pub family: Family,
    /// `Some(mode)` when the reply goes elsewhere by the caller's mode (a `next_by_mode`
    /// edge): the first of [`MapEdge::modes`]. `None` for a single `next`.
    pub mode: Option<Mode>,
    /// Every mode that takes this reply to this target (empty for a single `next`).
    pub modes: Vec<Mode>,
    /// Polyline from the source's border to the target's border, already moved aside by
    /// its lane.
    pub points: Vec<(f32, f32)>,
    /// Replies that join the same two boxes are drawn side by side: this one's place
    /// (0-based) among `lanes` of them.
    pub lane: usize,
    pub lanes: usize,
    /// Where a mode label goes (its centre), when this edge or another between the same
    /// two boxes is a `next_by_mode` edge: one label for the two boxes, naming every mode
    /// of their arrows ([`label_size`] of [`label_chars`]), placed clear of every box and
    /// every other label where possible.
    pub label: Option<(f32, f32)>,
    pub best: bool,
    pub method: bool,
    /// No bot picked this reply (simulate's unvisited replies, and every reply of a node
    /// no bot reached). Only with a simulate report.
    pub never_visited: bool,
}

impl CallMap {
    /// The box of the scenario's node `index`.
    pub fn node_of(&self, index: usize) -> Option<&MapNode> {
        self.nodes.iter().find(|n| n.index == Some(index))
    }

    /// The box with this id (a node's, or an ending's first box).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The box a reply of the scenario's node `from` reaches when it goes to `target`: the
    /// node's box, or the ending's box beside `from` (its first box if it has none there).
    pub fn target_box(&self, from: usize, target: Target) -> Option<usize> {
        match target {
            Target::Node(i) => self.nodes.iter().position(|n| n.index == Some(i)),
            Target::Ending(e) => self
                .edges
                .iter()
                .find(|x| x.node == from && self.nodes[x.to].ending == Some(e))
                .map(|x| x.to)
                .or_else(|| self.nodes.iter().position(|n| n.ending == Some(e))),
        }
    }
}

/// How many characters a mode label for `modes` takes, at most: the modes' English names
/// joined by "/" (the Chinese names are two characters, as wide as four Latin letters).
pub fn label_chars(modes: &[Mode]) -> usize {
    let chars: usize = modes.iter().map(|m| m.id().len()).sum();
    if modes.is_empty() { 0 } else { chars + modes.len() - 1 }
}

/// The room a mode label of `chars` characters takes on the map, centred on
/// [`MapEdge::label`]: 11 px text.
pub fn label_size(chars: usize) -> (f32, f32) {
    (chars as f32 * 6.5 + 8.0, 16.0)
}

/// Width units of `c`: two for CJK and other wide characters, one otherwise.
pub fn char_units(c: char) -> usize {
    if matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
    {
        2
    } else {
        1
    }
}

/// Width units of `s` ([`char_units`]).
pub fn text_units(s: &str) -> usize {
    s.chars().map(char_units).sum()
}

/// The start of `text`, at most `units` wide: whitespace folded, cut at a word boundary
/// where the text has spaces (else at a character), with "…" when cut.
pub fn snippet(text: &str, units: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text_units(&flat) <= units {
        return flat;
    }
    let budget = units.saturating_sub(1);
    let mut cut = 0;
    let mut used = 0;
    let mut last_space = None;
    for (i, c) in flat.char_indices() {
        let w = char_units(c);
        if used + w > budget {
            break;
        }
        if c == ' ' {
            last_space = Some(i);
        }
        used += w;
        cut = i + c.len_utf8();
    }
    // Back off to the last space when the cut falls inside a word, unless that loses more
    // than half of what fits (a very long word).
    let inside_word = flat[cut..].chars().next().is_some_and(|c| c != ' ' && char_units(c) == 1)
        && flat[..cut].chars().last().is_some_and(|c| c != ' ' && char_units(c) == 1);
    if inside_word && let Some(space) = last_space.filter(|&s| s * 2 >= cut) {
        cut = space;
    }
    // Commas, semicolons and colons, full-width ones included, do not end a snippet.
    let head = flat[..cut].trim_end_matches([' ', ',', ';', ':', '\u{FF0C}', '\u{3001}', '\u{FF1B}', '\u{FF1A}']);
    format!("{head}…")
}

/// Blank space around everything drawn.
pub(super) const MARGIN: f32 = 24.0;
/// The space layout-rs keeps around each box: across a row, and between rows.
pub(super) const HALO: (f64, f64) = (44.0, 60.0);
/// The least space between a mode label and a box.
pub(super) const LABEL_GAP: f32 = 3.0;
/// Points per Bézier segment in a polyline.
pub(super) const SAMPLES: usize = 10;

/// The replies between two boxes, which share one arrow in the layout.
pub(super) struct Pair {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) edges: Vec<usize>,
    /// Room for a mode label, in characters.
    pub(super) label: usize,
}
