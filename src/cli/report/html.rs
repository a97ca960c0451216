//! The report as one self-contained HTML page: inline style, charts as inline SVG drawn
//! by plotters, no scripts, no fonts or images to fetch. It opens offline in any browser.
//! When the page holds Chinese text, the game's font is embedded as the last fallback, so
//! the page reads correctly on a computer with no Chinese font installed.

use super::{charts, courses, map, one_line, percent, short_time};
use crate::engine::Lang;
use crate::engine::records::report::heat::ScenarioMap;
use crate::engine::records::report::{NodeReport, Report, ScenarioReport, TraineeReport};
use crate::text::{self, Strings, strings};
use std::fmt::Write as _;

/// Text made safe inside HTML elements and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #e3e8ee; --bg: #f4f6f8; --card: #ffffff;
  --accent: #2f6f8f; --good: #2e8b57; --warn: #d98c1f; --bad: #c0392b;
  --font: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
          "Hiragino Sans GB", "WenQuanYi Micro Hei", "Noto Sans", "Segoe UI", Roboto, Helvetica, Arial,
          "Calmline Sans", sans-serif;
}
* { box-sizing: border-box; }
html { background: var(--bg); }
body { margin: 0; color: var(--ink); font-family: var(--font); font-size: 15px; line-height: 1.55; }
svg text { font-family: var(--font); }
header { background: var(--accent); color: #fff; padding: 28px 0 22px; }
header h1 { margin: 0 0 6px; font-size: 28px; font-weight: 600; letter-spacing: .01em; }
header p { margin: 2px 0; opacity: .92; font-size: 14px; }
.wrap { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
main { padding: 8px 0 40px; }
h2 { font-size: 21px; margin: 34px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 18px; margin: 0 0 10px; }
h4 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); font-weight: 600; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 14px 0; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 6px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; min-width: 150px; flex: 1; }
.kpi b { display: block; font-size: 26px; font-weight: 600; color: var(--accent); }
.kpi span { color: var(--muted); font-size: 13px; }
.stats { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 8px; color: var(--muted); }
.stats b { color: var(--ink); font-weight: 600; }
.note { color: var(--muted); font-size: 13px; margin: 6px 0; }
.files-line { color: var(--muted); margin: 8px 0 0; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: flex-start; }
.charts figure { flex: 1 1 460px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 13px; background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.top td { background: #eef5f8; }
table.picks { table-layout: fixed; }
table.picks th:nth-child(1) { width: 32px; }
table.picks th:nth-child(3) { width: 150px; }
table.picks th:nth-child(4) { width: 96px; }
table.picks th:nth-child(5) { width: 96px; }
table.picks th:nth-child(6), table.picks th:nth-child(7) { width: 124px; }
table.losses { table-layout: fixed; }
table.losses th:nth-child(1) { width: 150px; }
table.losses th:nth-child(3) { width: 150px; }
table.losses th:nth-child(4), table.losses th:nth-child(5) { width: 96px; }
.tag { display: inline-block; font-size: 12px; padding: 1px 7px; border-radius: 9px; background: #eef1f4; color: var(--muted); white-space: nowrap; }
.tag.mistake { background: #fbeaea; color: var(--bad); }
.o-resolved { color: var(--good); font-weight: 600; }
.o-escalated { color: var(--warn); font-weight: 600; }
.o-hung_up { color: var(--bad); font-weight: 600; }
.o-agent_ended { color: var(--muted); font-weight: 600; }
.grade { font-weight: 600; }
.slips { margin: 4px 0 0; padding-left: 20px; }
.matrix td.num { min-width: 64px; }
.caller { color: var(--muted); font-style: italic; margin: 2px 0 6px; }
details { margin: 10px 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
details > summary { cursor: pointer; font-weight: 600; }
code { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; background: #eef1f4; padding: 0 4px; border-radius: 4px; }
footer { color: var(--muted); font-size: 13px; padding: 18px 0 36px; border-top: 1px solid var(--line); }
@media print { header { background: none; color: var(--ink); } .card, .kpi { break-inside: avoid; } }
"#;

fn figure(out: &mut String, kind: &str, svg: Option<String>, caption: &str) {
    if let Some(svg) = svg {
        let _ = write!(
            out,
            "<figure class=\"chart\" data-chart=\"{kind}\">{svg}<figcaption>{}</figcaption></figure>",
            esc(caption)
        );
    }
}

fn outcome_cell(kind: crate::engine::EndingKind, lang: Lang) -> String {
    format!("<span class=\"o-{}\">{}</span>", kind.id(), esc(text::ending(kind, lang)))
}

fn technique_tag(t: crate::engine::Technique, lang: Lang) -> String {
    let class = if t.is_mistake() { "tag mistake" } else { "tag" };
    format!("<span class=\"{class}\">{}</span>", esc(text::technique(t, lang)))
}

/// The family name the embedded font goes by in the page's style.
pub const EMBEDDED_FONT: &str = "Calmline Sans";

/// True for characters that need a CJK font (hanzi, CJK punctuation, full-width forms).
pub(crate) fn needs_cjk_font(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The whole page. `font` is the game's font (OpenType bytes): embedded when the page
/// holds text that needs it.
pub fn page(report: &Report, lang: Lang, font: Option<&[u8]>) -> String {
    let body = body(report, lang);
    match font {
        Some(font) if body.chars().any(needs_cjk_font) => {
            use base64::Engine as _;
            let data = base64::engine::general_purpose::STANDARD.encode(font);
            let face = format!(
                "<style>@font-face {{ font-family: \"{EMBEDDED_FONT}\"; src: url(data:font/otf;base64,{data}) format(\"opentype\"); }}</style>\n</head>"
            );
            body.replacen("</head>", &face, 1)
        }
        _ => body,
    }
}

fn body(report: &Report, lang: Lang) -> String {
    let w = strings(lang);
    let mut out = String::with_capacity(256 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}{}{}</style>\n</head>\n<body>\n",
        w.report_html_lang,
        esc(w.report_title),
        courses::STYLE,
        map::STYLE
    );
    header(&mut out, report, w, lang);
    out.push_str("<main class=\"wrap\">\n");
    if report.counted == 0 && report.interrupted == 0 {
        let _ = write!(out, "<p class=\"card\">{}</p>", esc(w.report_nothing));
    } else {
        overview(&mut out, report, w);
        courses::html(&mut out, &report.courses, lang);
        let _ = writeln!(out, "<h2 id=\"trainees\">{}</h2>", esc(w.report_trainees));
        for (i, t) in report.trainees.iter().enumerate() {
            trainee(&mut out, i, t, w, lang);
        }
        let _ = writeln!(out, "<h2 id=\"calls\">{}</h2>", esc(w.report_calls));
        for (i, s) in report.scenarios.iter().enumerate() {
            scenario(&mut out, i, s, report.map(&s.key), w, lang);
        }
    }
    files(&mut out, report, w, lang);
    let _ = write!(
        out,
        "</main>\n<footer class=\"wrap\">{} {} · {}</footer>\n</body>\n</html>\n",
        esc(w.report_footer),
        env!("CARGO_PKG_VERSION"),
        esc(w.report_javascript_free)
    );
    out
}

fn header(out: &mut String, r: &Report, w: &Strings, lang: Lang) {
    let folders: Vec<String> = r.folders.iter().map(|f| esc(&f.display().to_string())).collect();
    let _ = write!(
        out,
        "<header><div class=\"wrap\"><h1>{}</h1><p>{}{}{} UTC</p><p>{}{}{}</p>",
        esc(w.report_title),
        esc(w.report_generated),
        w.report_colon,
        esc(&short_time(&crate::engine::records::record::now())),
        esc(w.report_folders),
        w.report_colon,
        folders.join(", ")
    );
    if let Some((first, last)) = &r.period {
        let _ = write!(
            out,
            "<p>{}{}{} – {} UTC</p>",
            esc(w.report_period),
            w.report_colon,
            esc(&short_time(first)),
            esc(&short_time(last))
        );
    }
    let _ = write!(
        out,
        "<p><a href=\"#files\" style=\"color:#fff\">{}</a> {}</p>",
        esc(&text::read_skipped(lang, r.files, r.skipped.len())),
        esc(&text::records_line(lang, r.records, r.counted, r.interrupted, r.previews))
    );
    out.push_str("</div></header>\n");
}

fn overview(out: &mut String, r: &Report, w: &Strings) {
    let _ = write!(out, "<h2 id=\"overview\">{}</h2>\n<div class=\"kpis\">", esc(w.report_overview));
    let kpi = |out: &mut String, value: String, name: &str| {
        let _ = write!(out, "<div class=\"kpi\"><b>{}</b><span>{}</span></div>", esc(&value), esc(name));
    };
    kpi(out, r.counted.to_string(), w.report_sessions_counted);
    kpi(out, r.trainees.len().to_string(), w.report_trainees);
    kpi(out, r.scenarios.len().to_string(), w.report_calls);
    kpi(out, r.mean.map_or("-".into(), |m| format!("{m:.1}")), w.report_mean_score);
    kpi(out, percent(r.outcomes.resolved, r.counted), w.report_resolved_rate);
    out.push_str("</div>\n");
    if r.previews > 0 {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(w.report_previews_note));
    }
    if r.interrupted > 0 {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(w.report_interrupted_note));
    }
    out.push_str("<div class=\"card\">");
    figure(out, "trainees", charts::trainees(&r.trainees, w), w.report_chart_trainees);
    figure(out, "outcomes", charts::outcomes(&r.scenarios, w), w.report_chart_outcomes);
    out.push_str("</div>\n");

    // Best score by trainee and call.
    let calls: Vec<&ScenarioReport> = r.scenarios.iter().filter(|s| s.sessions > 0).collect();
    if !calls.is_empty() && !r.trainees.is_empty() {
        let _ = write!(
            out,
            "<div class=\"card\"><h3>{}</h3><table class=\"matrix\"><tr><th>{}</th>",
            esc(w.report_best_by_call),
            esc(w.report_trainee)
        );
        for s in &calls {
            let _ = write!(
                out,
                "<th class=\"num\" title=\"{}\">{} <span class=\"tag\">{}</span></th>",
                esc(&s.key.id),
                esc(&one_line(&s.title, 24)),
                s.key.lang.id()
            );
        }
        out.push_str("</tr>");
        for (i, t) in r.trainees.iter().enumerate() {
            let _ = write!(out, "<tr><td><a href=\"#trainee-{i}\">{}</a></td>", esc(&t.name));
            for s in &calls {
                match t.by_scenario.get(&s.key) {
                    Some((best, n)) => {
                        let _ = write!(
                            out,
                            "<td class=\"num\"><span class=\"grade\">{best}</span> <span class=\"note\">×{n}</span></td>"
                        );
                    }
                    None => out.push_str("<td class=\"num note\">–</td>"),
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</table></div>\n");
    }
}

fn trainee(out: &mut String, i: usize, t: &TraineeReport, w: &Strings, lang: Lang) {
    let _ = write!(out, "<section class=\"card\" id=\"trainee-{i}\"><h3>{}</h3><div class=\"stats\">", esc(&t.name));
    let stat = |out: &mut String, name: &str, value: String| {
        let _ = write!(out, "<span>{}{}<b>{}</b></span>", esc(name), w.report_colon, esc(&value));
    };
    let n = t.sessions;
    stat(out, w.report_sessions, n.to_string());
    stat(out, w.report_best, t.best.map_or("-".into(), |b| b.to_string()));
    stat(out, w.report_mean, t.mean.map_or("-".into(), |m| format!("{m:.1}")));
    stat(out, w.report_resolved, percent(t.outcomes.resolved, n));
    stat(out, w.report_escalated, percent(t.outcomes.escalated, n));
    stat(out, w.report_hung_up, percent(t.outcomes.hung_up, n));
    if t.outcomes.agent_ended > 0 {
        stat(out, w.report_agent_ended, percent(t.outcomes.agent_ended, n));
    }
    if t.interrupted > 0 {
        stat(out, w.report_interrupted, t.interrupted.to_string());
    }
    out.push_str("</div>");
    if let Some(tr) = &t.trend {
        let _ = write!(
            out,
            "<p>{}{}<b>{}</b></p>",
            esc(w.report_progress),
            w.report_colon,
            esc(&text::trend(lang, tr.window, tr.early, tr.late))
        );
    }
    figure(out, "progress", charts::progress(&t.attempts, w), w.report_progress);
    let _ = write!(out, "<h4>{}</h4>", esc(w.report_slips));
    if t.slips.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(w.report_no_slips));
    } else {
        out.push_str("<ol class=\"slips\">");
        for (slip, count) in t.slips.iter().take(5) {
            let _ = write!(out, "<li>{} <span class=\"note\">×{count}</span></li>", esc(&text::slip(slip, lang)));
        }
        out.push_str("</ol>");
    }
    if !t.attempts.is_empty() {
        let _ = write!(
            out,
            "<details><summary>{} ({})</summary><table><tr><th>#</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr>",
            esc(w.report_sessions),
            t.attempts.len(),
            esc(w.report_when),
            esc(w.report_call),
            esc(w.report_score),
            esc(w.report_grade),
            esc(w.report_outcome),
            esc(w.report_hints)
        );
        for (k, a) in t.attempts.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{} <span class=\"tag\">{}</span>{}</td><td class=\"num\">{}</td><td class=\"grade\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                k + 1,
                esc(&short_time(&a.started_at)),
                esc(&a.title),
                a.scenario.lang.id(),
                courses::exam_tag(a.exam, lang),
                a.score,
                a.grade.letter(),
                outcome_cell(a.outcome, lang),
                a.hints
            );
        }
        out.push_str("</table></details>");
    }
    out.push_str("</section>\n");
}

fn scenario(out: &mut String, i: usize, s: &ScenarioReport, m: Option<&ScenarioMap>, w: &Strings, lang: Lang) {
    let _ = write!(
        out,
        "<section class=\"card\" id=\"call-{i}\"><h3>{} <code>{}</code> <span class=\"tag\">{}</span></h3><div class=\"stats\">",
        esc(&s.title),
        esc(&s.key.id),
        s.key.lang.id()
    );
    let stat = |out: &mut String, name: &str, value: String| {
        let _ = write!(out, "<span>{}{}<b>{}</b></span>", esc(name), w.report_colon, esc(&value));
    };
    stat(out, w.report_sessions, s.sessions.to_string());
    stat(out, w.report_trainees, s.trainees.to_string());
    if s.sessions > 0 {
        stat(out, w.report_min, s.spread.min.to_string());
        stat(out, w.report_median, format!("{:.0}", s.spread.median));
        stat(out, w.report_max, s.spread.max.to_string());
        stat(out, w.report_mean, format!("{:.1}", s.spread.mean));
        stat(out, w.report_resolved, percent(s.outcomes.resolved, s.sessions));
        stat(out, w.report_escalated, percent(s.outcomes.escalated, s.sessions));
        stat(out, w.report_hung_up, percent(s.outcomes.hung_up, s.sessions));
        if s.outcomes.agent_ended > 0 {
            stat(out, w.report_agent_ended, percent(s.outcomes.agent_ended, s.sessions));
        }
    }
    if s.interrupted > 0 {
        stat(out, w.report_interrupted, s.interrupted.to_string());
    }
    out.push_str("</div>");
    if s.versions > 1 {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(w.report_versions_note));
    }
    out.push_str("<div class=\"charts\">");
    figure(out, "histogram", charts::histogram(&s.histogram, w), w.report_distribution);
    figure(out, "losses", charts::losses(&s.nodes, w), w.report_lost_chart);
    out.push_str("</div>");
    if let Some(m) = m {
        map::figure(out, i, m, w, lang);
    }

    let _ = write!(out, "<h4>{}</h4>", esc(w.report_where_lost));
    if s.losses.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(w.report_no_losses));
    } else {
        let _ = write!(
            out,
            "<table class=\"losses\"><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
            esc(w.report_node),
            esc(w.report_reply),
            esc(w.report_technique),
            esc(w.report_escalated),
            esc(w.report_hung_up)
        );
        for l in &s.losses {
            let reply = l.reply.as_deref().map_or_else(|| esc(w.report_silence), esc);
            let technique = l.technique.map_or(String::new(), |t| technique_tag(t, lang));
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{reply}</td><td>{technique}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&l.node),
                l.lost.escalated,
                l.lost.hung_up
            );
        }
        out.push_str("</table>");
    }

    if !s.nodes.is_empty() {
        let _ = write!(out, "<h4>{}</h4>", esc(w.report_picks));
        for n in &s.nodes {
            node(out, n, w, lang);
        }
    }
    out.push_str("</section>\n");
}

fn node(out: &mut String, n: &NodeReport, w: &Strings, lang: Lang) {
    let picks: usize = n.replies.iter().map(|r| r.picked).sum::<usize>() + n.silences;
    let top = n.replies.iter().map(|r| r.picked).max().unwrap_or(0);
    let mut summary = format!("<code>{}</code> · {}", esc(&n.id), esc(&text::visits(lang, n.visits)));
    if n.lost.escalated > 0 {
        let _ =
            write!(summary, " · <span class=\"o-escalated\">{} {}</span>", esc(w.report_escalated), n.lost.escalated);
    }
    if n.lost.hung_up > 0 {
        let _ = write!(summary, " · <span class=\"o-hung_up\">{} {}</span>", esc(w.report_hung_up), n.lost.hung_up);
    }
    let _ = write!(
        out,
        "<details open><summary>{summary}</summary><p class=\"caller\">{}{}{}</p><table class=\"picks\"><tr><th>#</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
        esc(w.report_caller_said),
        w.report_colon,
        esc(&n.line),
        esc(w.report_reply),
        esc(w.report_technique),
        esc(w.report_picked),
        esc(w.report_anger_change),
        esc(w.report_lost_after),
        esc(w.report_in_lost_calls)
    );
    for (k, r) in n.replies.iter().enumerate() {
        let class = if top > 0 && r.picked == top { " class=\"top\"" } else { "" };
        let change = r.anger_change.map_or("–".to_string(), |c| format!("{c:+.1}"));
        let _ = write!(
            out,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{} ({})</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            k + 1,
            esc(&r.text),
            technique_tag(r.technique, lang),
            r.picked,
            percent(r.picked, picks),
            esc(&change),
            r.lost.total(),
            r.in_lost_calls
        );
    }
    if n.silences > 0 {
        let _ = write!(
            out,
            "<tr><td></td><td>{}</td><td></td><td class=\"num\">{} ({})</td><td></td><td></td><td></td></tr>",
            esc(w.report_silence),
            n.silences,
            percent(n.silences, picks)
        );
    }
    out.push_str("</table></details>");
}

fn files(out: &mut String, r: &Report, w: &Strings, lang: Lang) {
    let _ = write!(
        out,
        "<h2 id=\"files\">{}</h2><div class=\"card\"><p>{}</p><p class=\"note\">{}</p>",
        esc(w.report_files),
        esc(&text::read_skipped(lang, r.files, r.skipped.len())),
        esc(&text::records_line(lang, r.records, r.counted, r.interrupted, r.previews))
    );
    for (dir, e) in &r.unreadable {
        let _ = write!(out, "<p class=\"o-hung_up\">{}: {}</p>", esc(&dir.display().to_string()), esc(e));
    }
    if r.skipped.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(w.report_no_skipped));
    } else {
        let _ = write!(
            out,
            "<h4>{}</h4><table><tr><th>{}</th><th>{}</th></tr>",
            esc(w.report_skipped_files),
            esc(w.report_file),
            esc(w.report_reason)
        );
        for s in &r.skipped {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                esc(&s.path.display().to_string()),
                esc(&text::skip_reason(&s.reason, lang))
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</div>\n");
}
