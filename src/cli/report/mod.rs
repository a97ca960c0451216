//! `calmline report`: trainees' progress and where callers are lost, from call records.
//! A text summary always goes to stdout; `--html` writes one self-contained page with
//! charts, `--csv` one row per session.

mod charts;
mod csv;
mod html;
mod strings;

use crate::engine::Lang;
use crate::engine::record;
use crate::engine::report::{Report, ScenarioReport, TraineeReport};
use std::path::{Path, PathBuf};
pub(crate) use strings::plural;
use strings::words;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Records folders (default: the user's records folder, where the game saves).
    pub dirs: Vec<PathBuf>,
    /// Write the report as one self-contained HTML page with charts.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write one row per session as CSV (UTF-8 with a byte-order mark, for spreadsheets).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Language of the report (default: from LANG; Chinese when it starts with `zh`).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
}

/// The language from the environment: Chinese when LC_ALL, LC_MESSAGES or LANG asks
/// for it, else English.
pub fn env_lang() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return if v.to_ascii_lowercase().starts_with("zh") { Lang::Zh } else { Lang::En };
        }
    }
    Lang::En
}

pub fn run(args: ReportArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let defaulted = args.dirs.is_empty();
    let dirs = if defaulted { vec![record::default_dir()] } else { args.dirs.clone() };
    for d in &dirs {
        // The default folder may not exist yet: the game has not saved a call.
        let not_yet = defaulted && !d.exists();
        if !d.is_dir() && !not_yet {
            eprintln!("error: {} is not a folder", d.display());
            return 2;
        }
    }
    for out in [&args.html, &args.csv].into_iter().flatten() {
        if out.is_dir() {
            eprintln!("error: {} is a folder; give a file name", out.display());
            return 2;
        }
    }
    let scan = record::scan_folders(&dirs);
    let report = Report::build(&scan);
    print_text(&report, lang);

    let mut code = 0;
    if let Some(path) = &args.html {
        // The game's font makes Chinese text readable on a computer without a Chinese font.
        let font = crate::paths::font_path().and_then(|p| std::fs::read(p).ok());
        let page = html::page(&report, lang, font.as_deref());
        code = code.max(write_out(path, page.as_bytes(), lang));
    }
    if let Some(path) = &args.csv {
        let table = csv::table(&scan);
        code = code.max(write_out(path, table.as_bytes(), lang));
    }
    code
}

fn write_out(path: &Path, bytes: &[u8], lang: Lang) -> i32 {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {e}", parent.display());
        return 1;
    }
    match std::fs::write(path, bytes) {
        Ok(()) => {
            match lang {
                Lang::Zh => outln!("已写入 {}", path.display()),
                Lang::En => outln!("Wrote {}", path.display()),
            }
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            1
        }
    }
}

/// "67%" of `n` out of `total`.
pub(crate) fn percent(n: usize, total: usize) -> String {
    if total == 0 { "-".to_string() } else { format!("{:.0}%", n as f64 * 100.0 / total as f64) }
}

pub(crate) fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max { flat.chars().take(max - 1).chain(std::iter::once('…')).collect() } else { flat }
}

/// A timestamp shortened to minutes, as "2026-11-23 08:00".
pub(crate) fn short_time(ts: &str) -> String {
    match ts.parse::<jiff::Timestamp>() {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => ts.to_string(),
    }
}

fn print_text(r: &Report, lang: Lang) {
    let w = words(lang);
    let zh = lang == Lang::Zh;
    outln!("{}", w.title);
    let folders: Vec<String> = r.folders.iter().map(|f| f.display().to_string()).collect();
    outln!("{}{}{}", w.folders, w.colon, folders.join(w.comma));
    for (dir, e) in &r.unreadable {
        if zh {
            outln!("  无法读取文件夹 {}：{e}", dir.display());
        } else {
            outln!("  cannot read the folder {}: {e}", dir.display());
        }
    }
    outln!("{}", strings::read_skipped(lang, r.files, r.skipped.len()));
    for s in &r.skipped {
        outln!("  {}{}{}", s.path.display(), w.colon, s.reason.describe(lang));
    }
    outln!("{}", strings::records_line(lang, r.records, r.counted, r.interrupted, r.previews));
    if let Some((first, last)) = &r.period {
        outln!("{}{}{} – {}{}UTC{}", w.period, w.colon, short_time(first), short_time(last), w.lparen, w.rparen);
    }
    if r.counted == 0 && r.interrupted == 0 {
        outln!("{}", w.nothing);
        return;
    }
    let o = &r.outcomes;
    let share = |name: &str, n: usize| format!("{name} {n}{}{}{}", w.lparen, percent(n, r.counted), w.rparen);
    outln!(
        "{}{}{} {}{}{}",
        w.overview,
        w.colon,
        w.mean_score,
        r.mean.map_or("-".to_string(), |m| format!("{m:.1}")),
        w.semicolon,
        [share(w.resolved, o.resolved), share(w.escalated, o.escalated), share(w.hung_up, o.hung_up)].join(w.comma),
    );
    outln!();
    outln!("{}", w.trainees);
    for t in &r.trainees {
        print_trainee(t, lang);
    }
    outln!();
    outln!("{}", w.calls);
    for s in &r.scenarios {
        print_scenario(s, lang);
    }
}

fn print_trainee(t: &TraineeReport, lang: Lang) {
    let w = words(lang);
    let n = t.sessions;
    let figures = [
        format!("{} {n}", w.sessions),
        format!("{} {}", w.best, t.best.map_or("-".into(), |b| b.to_string())),
        format!("{} {}", w.mean, t.mean.map_or("-".into(), |m| format!("{m:.1}"))),
    ];
    let rates = [
        format!("{} {}", w.resolved, percent(t.outcomes.resolved, n)),
        format!("{} {}", w.escalated, percent(t.outcomes.escalated, n)),
        format!("{} {}", w.hung_up, percent(t.outcomes.hung_up, n)),
    ];
    let mut line = format!("  {}{}{}{}{}", t.name, w.colon, figures.join(w.comma), w.semicolon, rates.join(w.comma));
    if t.interrupted > 0 {
        line.push_str(w.semicolon);
        line.push_str(&strings::interrupted_count(lang, t.interrupted));
    }
    outln!("{line}");
    if let Some(tr) = &t.trend {
        outln!("    {}{}{}", w.progress, w.colon, strings::trend(lang, tr.window, tr.early, tr.late));
    }
    if !t.slips.is_empty() {
        let top: Vec<String> = t.slips.iter().take(3).map(|(s, c)| format!("{} ×{c}", s.label(lang))).collect();
        outln!("    {}{}{}", w.slips, w.colon, top.join(w.comma));
    }
}

fn print_scenario(s: &ScenarioReport, lang: Lang) {
    let w = words(lang);
    let mut head = format!(
        "  {}{}{}{}{}{}{}{}",
        s.title,
        w.lparen,
        s.key.id,
        w.comma,
        s.key.lang.id(),
        w.rparen,
        w.colon,
        strings::sessions_by(lang, s.sessions, s.trainees)
    );
    if s.interrupted > 0 {
        head.push_str(w.comma);
        head.push_str(&strings::interrupted_count(lang, s.interrupted));
    }
    outln!("{head}");
    if s.sessions > 0 {
        let spread = [
            format!("{} {}", w.min, s.spread.min),
            format!("{} {:.0}", w.median, s.spread.median),
            format!("{} {}", w.max, s.spread.max),
            format!("{} {:.1}", w.mean, s.spread.mean),
        ];
        let outcomes = [
            format!("{} {}", w.resolved, s.outcomes.resolved),
            format!("{} {}", w.escalated, s.outcomes.escalated),
            format!("{} {}", w.hung_up, s.outcomes.hung_up),
        ];
        outln!("    {}{}{}{}{}", w.score, w.colon, spread.join(" · "), w.semicolon, outcomes.join(w.comma));
    }
    if s.versions > 1 {
        outln!("    {}", w.versions_note);
    }
    if s.losses.is_empty() {
        if s.sessions > 0 {
            outln!("    {}", w.no_losses);
        }
    } else {
        outln!("    {}{}", w.where_lost, w.colon.trim_end());
        for l in s.losses.iter().take(5) {
            let reply = match (&l.reply, l.technique) {
                (Some(text), Some(t)) => format!("\"{}\" [{}]", one_line(text, 60), t.label(lang)),
                _ => w.silence.to_string(),
            };
            let mut parts = Vec::new();
            if l.lost.escalated > 0 {
                parts.push(format!("{} {}", w.escalated, l.lost.escalated));
            }
            if l.lost.hung_up > 0 {
                parts.push(format!("{} {}", w.hung_up, l.lost.hung_up));
            }
            outln!("      {} `{}`{}{}{}{}", w.node, l.node, w.comma, reply, w.colon, parts.join(w.comma));
        }
    }
    if !s.nodes.is_empty() {
        outln!("    {}{}", w.picks, w.colon.trim_end());
        for n in &s.nodes {
            let picks: usize = n.replies.iter().map(|r| r.picked).sum::<usize>() + n.silences;
            let mut items: Vec<String> = n
                .replies
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{} \"{}\" {}", i + 1, one_line(&r.text, 32), percent(r.picked, picks)))
                .collect();
            if n.silences > 0 {
                items.push(format!("{} {}", w.silence, percent(n.silences, picks)));
            }
            outln!(
                "      {}{}{}{}{}{}",
                n.id,
                w.lparen,
                strings::visits(lang, n.visits),
                w.rparen,
                w.colon,
                items.join(" · ")
            );
        }
    }
}
