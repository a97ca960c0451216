//! `calmline map --out FILE.html`: the map's SVG inline in one self-contained page, with
//! nothing to fetch. Hovering a box or an arrow shows its words (the SVG's `<title>`s) and
//! thickens it (CSS `:hover`); the map scrolls when it is larger than the window, and a
//! three-line script scrolls it sideways to the start of the call when the page opens. The
//! game's font is embedded when the page holds Chinese.

use crate::cli::report::html::{EMBEDDED_FONT, esc, needs_cjk_font};
use crate::engine::judge::simulate::SimReport;
use crate::engine::{Lang, Scenario};
use crate::text::{fill, strings};

const STYLE: &str = r#"
:root { --font: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Noto Sans", "Segoe UI", Roboto, Helvetica, Arial, "Calmline Sans", sans-serif; }
html { background: #F3F0E8; }
body { margin: 0; color: #1E2A33; font-family: var(--font); font-size: 15px; line-height: 1.5; }
header { padding: 16px 24px 8px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 2px 0; color: #4A5864; font-size: 14px; }
code { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; background: #FFFFFF; padding: 0 4px; border-radius: 4px; }
.map { overflow: auto; margin: 8px 16px 24px; background: #FFFFFF; border: 1px solid #DAD4C6; border-radius: 8px; }
.map svg { display: block; }
.legend { margin: 0 16px; }
.legend svg { display: block; max-width: 100%; height: auto; }
"#;

/// Brings the start of the call into view: the map is often wider than the window.
const SCROLL: &str = "(function(){var m=document.querySelector('.map'),s=m&&m.querySelector('g.node.start');if(!s)return;var b=s.getBoundingClientRect(),c=m.getBoundingClientRect();m.scrollLeft+=b.left+b.width/2-(c.left+c.width/2);})();";

/// The width the legend wraps at: a 1280-pixel window less the page's margins.
pub const WIDTH: f32 = 1230.0;

pub fn page(scenario: &Scenario, legend: &str, svg: &str, sim: &SimReport, lang: Lang, font: Option<&[u8]>) -> String {
    let t = strings(lang);
    let title = fill(t.map_title, &[&scenario.title]);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><p><code>{}</code> · {} · {}</p><p>{}</p></header>\n<div class=\"legend\">{legend}</div>\n<div class=\"map\">{svg}</div>\n<script>{SCROLL}</script>\n</body>\n</html>\n",
        t.report_html_lang,
        esc(&title),
        esc(&title),
        esc(&scenario.id),
        scenario.lang.id(),
        esc(&fill(t.map_runs, &[&sim.runs, &sim.seed])),
        esc(t.map_hover),
    );
    if let Some(font) = font
        && out.chars().any(needs_cjk_font)
    {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(font);
        let face = format!(
            "<style>@font-face {{ font-family: \"{EMBEDDED_FONT}\"; src: url(data:font/otf;base64,{data}) format(\"opentype\"); }}</style>\n</head>"
        );
        out = out.replacen("</head>", &face, 1);
    }
    out
}
