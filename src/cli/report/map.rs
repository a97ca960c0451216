//! The report's map of a call: the call drawn as `calmline map` draws it, with the
//! trainees' calls laid over it (how many calls reached each box, how often each reply was
//! picked, where callers were lost). Scrolls inside its card when larger than the page.

use super::html::esc;
use crate::cli::map::svg::{self, Options};
use crate::engine::Lang;
use crate::engine::records::report::heat::ScenarioMap;
use crate::text::Strings;
use std::fmt::Write as _;

/// The page's style for the map: drawn at full size (never shrunk to the card, which would
/// make its words too small to read), scrolling in both directions.
pub const STYLE: &str = "
.map-scroll { overflow: auto; max-height: 720px; border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; }
figure .map-scroll svg { max-width: none; width: auto; height: auto; }
figure .map-legend svg { max-width: 100%; height: auto; }
";

/// The width the legend wraps at: the report's card.
const LEGEND_WIDTH: f32 = 1040.0;

/// The map of call number `i` of the report, as a chart figure.
pub fn figure(out: &mut String, i: usize, m: &ScenarioMap, w: &Strings, lang: Lang) {
    let prefix = format!("m{i}-");
    let mut opt = Options { prefix: &prefix, sim: false, heat: Some(&m.heat), legend: false };
    let picture = svg::svg(&m.map, &m.scenario, lang, &opt);
    let legend_prefix = format!("m{i}-legend-");
    opt.prefix = &legend_prefix;
    // The legend stays above the map's scrolling box.
    let legend = svg::legend(LEGEND_WIDTH, lang, &opt);
    let _ = write!(
        out,
        "<h4 id=\"map-{i}\">{}</h4><figure class=\"chart\" data-chart=\"map\"><div class=\"map-legend\">{legend}</div><div class=\"map-scroll\">{picture}</div><figcaption>{}</figcaption></figure>",
        esc(w.map_heat_title),
        esc(w.map_hover)
    );
}
