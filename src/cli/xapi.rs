//! `calmline xapi [DIR...]`: call records as xAPI 1.0.3 statements, written as a JSON
//! array (`--out FILE`, or stdout) and/or sent to a Learning Record Store (`--lrs URL`).
//! Statements the LRS has not accepted yet wait in a queue in each records folder and
//! go with the next run. Exit codes: 0 done (everything accepted when sending), 1
//! something is still queued or could not be written, 2 usage.

use super::report::{env_lang, plural};
use crate::engine::Lang;
use crate::engine::record;
use crate::engine::xapi::{self, DEFAULT_HOME_PAGE, DEFAULT_PASS_MARK, Lrs, Options, Queue, QueueError};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable holding the LRS password, so it stays out of shell history.
pub const PASSWORD_VAR: &str = "CALMLINE_LRS_PASSWORD";

#[derive(Debug, clap::Args)]
pub struct XapiArgs {
    /// Records folders (default: the user's records folder, where the game saves).
    pub dirs: Vec<PathBuf>,
    /// Write every statement to this file as a JSON array (without --lrs: default stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Send the statements to this Learning Record Store: its xAPI address, such as
    /// https://lrs.example.com/xAPI (statements go to URL/statements).
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// LRS user (HTTP basic authentication).
    #[arg(long)]
    pub user: Option<String>,
    /// LRS password; or set CALMLINE_LRS_PASSWORD, which keeps it out of shell history.
    #[arg(long)]
    pub password: Option<String>,
    /// The home page of the trainees' accounts and the base of activity ids: use your
    /// training department's address.
    #[arg(long, value_name = "URL", default_value = DEFAULT_HOME_PAGE)]
    pub home_page: String,
    /// The lowest score that passes a resolved call.
    #[arg(long, default_value_t = DEFAULT_PASS_MARK, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub pass_mark: u8,
    /// Statements per request to the LRS.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub batch: u64,
    /// Seconds to wait for each answer from the LRS.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Language of the messages (default: from LANG).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
}

fn is_http(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    (u.starts_with("http://") || u.starts_with("https://")) && u.len() > "https://".len()
}

pub fn run(args: XapiArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(env_lang);
    let zh = lang == Lang::Zh;
    if !is_http(&args.home_page) {
        eprintln!("error: --home-page must be an http(s) address, such as https://training.example.com");
        return 2;
    }
    let password = args.password.clone().or_else(|| std::env::var(PASSWORD_VAR).ok());
    if let Some(url) = &args.lrs {
        if !is_http(url) {
            eprintln!("error: --lrs must be an http(s) address, such as https://lrs.example.com/xAPI");
            return 2;
        }
        if args.user.is_some() && password.is_none() {
            eprintln!("error: --user needs --password (or the {PASSWORD_VAR} environment variable)");
            return 2;
        }
    } else if args.user.is_some() || args.password.is_some() {
        eprintln!("error: --user and --password go with --lrs");
        return 2;
    }
    if args.out.as_ref().is_some_and(|p| p.is_dir()) {
        eprintln!("error: --out names a folder; give a file name");
        return 2;
    }
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

    // Statements go to stdout only when nothing else was asked for; messages then go to
    // stderr so the JSON stays clean.
    let to_stdout = args.out.is_none() && args.lrs.is_none();
    let say = |line: String| {
        if to_stdout {
            eprintln!("{line}");
        } else {
            outln!("{line}");
        }
    };

    let opts = Options { home_page: args.home_page.trim_end_matches('/').to_string(), pass_mark: args.pass_mark };
    let scan = record::scan_folders(&dirs);
    for (dir, e) in &scan.unreadable {
        say(if zh {
            format!("无法读取文件夹 {}：{e}", dir.display())
        } else {
            format!("cannot read the folder {}: {e}", dir.display())
        });
    }
    for s in &scan.skipped {
        say(format!("{} {}: {}", if zh { "跳过" } else { "skipped" }, s.path.display(), s.reason.describe(lang)));
    }

    let mut all: Vec<Value> = Vec::new();
    let mut by_dir: Vec<(PathBuf, Vec<Value>, usize)> = dirs.iter().map(|d| (d.clone(), Vec::new(), 0)).collect();
    let mut previews = 0;
    for (path, r) in &scan.records {
        if r.adjusted {
            previews += 1;
            continue;
        }
        let statements = xapi::statements(r, &opts);
        if let Some(entry) = by_dir.iter_mut().find(|(d, _, _)| path.parent() == Some(d.as_path())) {
            entry.1.extend(statements.iter().cloned());
            entry.2 += 1;
        }
        all.extend(statements);
    }
    let sessions = scan.records.len() - previews;
    say(if zh {
        format!(
            "读取了 {} 个文件，跳过 {} 个：{sessions} 次练习生成 {} 条 xAPI 语句{}。",
            scan.files(),
            scan.skipped.len(),
            all.len(),
            if previews > 0 { format!("（{previews} 次培训师预览不导出）") } else { String::new() }
        )
    } else {
        format!(
            "Read {} {}, skipped {}: {} xAPI statements from {sessions} {}{}.",
            scan.files(),
            plural(scan.files(), "file", "files"),
            scan.skipped.len(),
            all.len(),
            plural(sessions, "session", "sessions"),
            if previews > 0 { format!(" ({previews} trainer previews are not exported)") } else { String::new() }
        )
    });

    let mut code = 0;
    let json = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into());
    if to_stdout {
        outln!("{json}");
    }
    if let Some(out) = &args.out {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        match std::fs::write(out, format!("{json}\n")) {
            Ok(()) => say(if zh { format!("已写入 {}", out.display()) } else { format!("Wrote {}", out.display()) }),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", out.display());
                code = 1;
            }
        }
    }

    if let Some(url) = &args.lrs {
        let mut lrs = Lrs::new(url, args.user.as_deref(), password.as_deref(), Duration::from_secs(args.timeout));
        for (dir, statements, sessions) in by_dir {
            code = code.max(send_folder(&dir, url, statements, sessions, &mut lrs, args.batch as usize, lang));
        }
    }
    code
}

fn send_folder(
    dir: &Path,
    url: &str,
    statements: Vec<Value>,
    sessions: usize,
    lrs: &mut Lrs,
    batch: usize,
    lang: Lang,
) -> i32 {
    let zh = lang == Lang::Zh;
    if !dir.is_dir() {
        return 0;
    }
    let mut queue = match Queue::load(dir) {
        Ok(q) => q,
        Err(e @ QueueError::Damaged { .. }) => {
            outln!("warning: {e}");
            Queue::default()
        }
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let count = statements.len();
    let (added, before) = queue.enqueue(url, statements);
    // A folder that cannot be written (a read-only share) still sends: what is not
    // accepted now is rebuilt from the records next time.
    let keep = match queue.save(dir) {
        Ok(()) => true,
        Err(e) => {
            if zh {
                outln!("警告：{e}。本次发送不保存队列，未被接受的语句下次会从记录重新生成。");
            } else {
                outln!(
                    "warning: {e}. Sending without keeping the queue: what is not accepted now is rebuilt from the records next time."
                );
            }
            false
        }
    };
    let waiting = queue.pending(url);
    let result = xapi::send(&mut queue, url, lrs, batch, &mut |q: &Queue| if keep { q.save(dir) } else { Ok(()) });
    let sent = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if zh {
        outln!(
            "{}：{sessions} 次练习的 {count} 条语句；之前已被接受 {before} 条，新加入队列 {added} 条，本次发送前队列中共 {waiting} 条；本次被 LRS 接受 {} 条，仍在队列中 {} 条。",
            dir.display(),
            sent.accepted,
            sent.left
        );
    } else {
        outln!(
            "{}: {count} statements from {sessions} {}; {before} accepted earlier, {added} newly queued, {waiting} waiting; {} accepted by the LRS now, {} still queued.",
            dir.display(),
            plural(sessions, "session", "sessions"),
            sent.accepted,
            sent.left
        );
    }
    if !sent.conflicts.is_empty() {
        if zh {
            outln!("  注意：LRS 中已有 {} 条同 ID 但内容不同的语句，LRS 保留它自己的版本。", sent.conflicts.len());
        } else {
            outln!(
                "  Note: the LRS already held {} statements with the same ids and a different content; it keeps its own.",
                sent.conflicts.len()
            );
        }
    }
    for (id, why) in &sent.rejected {
        if zh {
            outln!("  LRS 拒绝了语句 {id}：{why}");
        } else {
            outln!("  The LRS rejected statement {id}: {why}");
        }
    }
    if let Some(stop) = &sent.stop {
        if zh {
            outln!(
                "  发送中止：{stop}。队列保存在 {}，下次运行 calmline xapi 时会继续发送。",
                Queue::path(dir).display()
            );
        } else {
            outln!(
                "  Sending stopped: {stop}. The queue is kept in {}; the next `calmline xapi` run sends it.",
                Queue::path(dir).display()
            );
        }
    }
    if sent.left > 0 { 1 } else { 0 }
}
