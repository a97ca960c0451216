//! `calmline map`: a call drawn as a map for trainers, as SVG or as one self-contained
//! HTML page whose boxes and arrows show their words on hover. The bots play the call
//! first (`--runs`, `--seed`) so the map can show the best path, the method bot's path and
//! the replies no bot picked. Without `--out` the page is written as `<call-id>.map.html`
//! in the current folder; `--out -` prints the SVG.

mod legend;
mod node;
mod page;
pub(crate) mod svg;

use super::report::env_lang;
use crate::engine::call::load::{self, ScenarioContext};
use crate::engine::judge::simulate::{self, Policy};
use crate::engine::records::map;
use crate::engine::{Lang, Library, Scenario};
use crate::text::{self, fill, strings};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct MapArgs {
    /// The scenario file (its personas.ron is found in its folder or above).
    pub path: PathBuf,
    /// Where to write the map: FILE.html (a page with hover), FILE.svg, or - for SVG on
    /// standard output (default: <call-id>.map.html in the current folder).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Language of the legend and hover texts: zh-Hans, zh-Hant or en (default: from LANG).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
    /// Calls per bot played to find the paths and the replies never picked.
    #[arg(long, default_value_t = 200)]
    pub runs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Svg,
    Html,
}

pub fn run(args: MapArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let t = strings(lang);
    let error = |message: String| eprintln!("{}", fill(t.error, &[&message]));
    if !args.path.is_file() {
        error(fill(t.sim_no_file, &[&args.path.display()]));
        return 2;
    }
    if args.runs == 0 {
        error(t.sim_no_runs.into());
        return 2;
    }
    let kind = match &args.out {
        None => Kind::Html,
        Some(p) if p.as_os_str() == "-" => Kind::Svg,
        Some(p) => match p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("svg") => Kind::Svg,
            Some("html" | "htm") => Kind::Html,
            _ => {
                error(fill(t.map_bad_out, &[&p.display()]));
                return 2;
            }
        },
    };
    let Some(scenario) = load_call(&args.path, lang) else { return 1 };
    let sim = simulate::simulate(&scenario, args.runs, args.seed, &Policy::ALL);
    let map = map::layout_with(&scenario, Some(&sim));
    let mut opt = svg::Options { prefix: "", sim: true, heat: None, legend: kind == Kind::Svg };
    let picture = svg::svg(&map, &scenario, lang, &opt);
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(format!("{}.map.html", safe(&scenario.id))));
    if out.as_os_str() == "-" {
        outln!("{picture}");
        return 0;
    }
    let bytes = match kind {
        Kind::Svg => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{picture}\n"),
        Kind::Html => {
            let font = crate::paths::font_path().and_then(|p| std::fs::read(p).ok());
            opt.prefix = "legend-";
            let legend = svg::legend(page::WIDTH, lang, &opt);
            page::page(&scenario, &legend, &picture, &sim, lang, font.as_deref())
        }
    };
    super::report::write_out(&out, bytes.as_bytes(), lang)
}

/// The call in the file, or a draft of it when its only errors are in its graph (said on
/// stderr); `None` after printing its errors.
fn load_call(path: &Path, lang: Lang) -> Option<Arc<Scenario>> {
    let t = strings(lang);
    let lib = Library::load(&[path.to_path_buf()], None);
    if let Some(s) = lib.scenarios.first()
        && !lib.has_errors()
    {
        return Some(Arc::clone(s));
    }
    let folder_lang = path.parent().and_then(|d| d.file_name()).and_then(|n| n.to_str()).and_then(Lang::from_id);
    let draft = load::read_text(path).ok().and_then(|text| {
        load::parse_scenario_draft(path, &text, &lib.personas, ScenarioContext { folder_lang, glyphs: None }).0
    });
    if let Some(s) = draft {
        eprintln!("{}", fill(t.warning, &[&fill(t.map_draft_note, &[&path.display()])]));
        return Some(Arc::new(s));
    }
    for d in lib.errors() {
        eprintln!("{}", text::diagnostic_plain(d, lang));
    }
    eprintln!("{}", fill(t.sim_has_errors, &[&path.display()]));
    None
}

/// A call id as a file name: letters, digits, `-` and `_` kept, anything else `_`.
fn safe(id: &str) -> String {
    let s: String = id.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if s.is_empty() { "call".into() } else { s }
}
