//! `calmline xapi [DIR...]`: call records as xAPI 1.0.3 statements, written as a JSON
//! array (`--out FILE`, or stdout) and/or sent to a Learning Record Store (`--lrs URL`).
//! Statements the LRS has not accepted yet wait in a queue in each records folder and
//! go with the next run. Exit codes: 0 done (everything accepted when sending), 1
//! something is still queued or could not be written, 2 usage.

use super::report::env_lang;
use crate::engine::record;
use crate::engine::xapi::{self, DEFAULT_HOME_PAGE, DEFAULT_PASS_MARK, Lrs, Options, Queue, QueueError};
use crate::engine::{Lang, Library};
use crate::text::{self, fill, strings};
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
    /// The dialogues folder whose courses name the course-completion statements
    /// (default: dialogues/; without it a course is named by its id alone).
    #[arg(long, value_name = "DIR")]
    pub dialogues: Option<PathBuf>,
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
    let t = strings(lang);
    let error = |message: String| eprintln!("{}", fill(t.error, &[&message]));
    if !is_http(&args.home_page) {
        error(t.xapi_bad_home_page.into());
        return 2;
    }
    let password = args.password.clone().or_else(|| std::env::var(PASSWORD_VAR).ok());
    if let Some(url) = &args.lrs {
        if !is_http(url) {
            error(t.xapi_bad_lrs.into());
            return 2;
        }
        if args.user.is_some() && password.is_none() {
            error(fill(t.xapi_user_needs_password, &[&PASSWORD_VAR]));
            return 2;
        }
    } else if args.user.is_some() || args.password.is_some() {
        error(t.xapi_credentials_need_lrs.into());
        return 2;
    }
    if args.out.as_ref().is_some_and(|p| p.is_dir()) {
        error(t.xapi_out_is_folder.into());
        return 2;
    }
    let defaulted = args.dirs.is_empty();
    let dirs = if defaulted { vec![record::default_dir()] } else { args.dirs.clone() };
    for d in &dirs {
        // The default folder may not exist yet: the game has not saved a call.
        let not_yet = defaulted && !d.exists();
        if !d.is_dir() && !not_yet {
            error(fill(t.report_not_a_folder, &[&d.display()]));
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

    let dialogues = args.dialogues.clone().unwrap_or_else(crate::paths::default_dialogues);
    if args.dialogues.is_some() && !dialogues.is_dir() {
        error(fill(t.replay_no_dialogues, &[&dialogues.display()]));
        return 2;
    }
    let courses = if dialogues.is_dir() { Library::load(&[dialogues], None).courses } else { Vec::new() };

    let opts = Options { home_page: args.home_page.trim_end_matches('/').to_string(), pass_mark: args.pass_mark };
    let scan = record::scan_folders(&dirs);
    for (dir, e) in &scan.unreadable {
        say(fill(t.report_cannot_read_folder, &[&dir.display(), e]));
    }
    for s in &scan.skipped {
        say(fill(t.xapi_skipped, &[&s.path.display(), &text::skip_reason(&s.reason, lang)]));
    }

    let mut all: Vec<Value> = Vec::new();
    let mut by_dir: Vec<(PathBuf, Vec<Value>, usize)> = dirs.iter().map(|d| (d.clone(), Vec::new(), 0)).collect();
    let mut previews = 0;
    for (path, r) in &scan.records {
        if r.adjusted {
            previews += 1;
            continue;
        }
        let statements = xapi::statements_with_courses(r, &opts, &courses);
        if let Some(entry) = by_dir.iter_mut().find(|(d, _, _)| path.parent() == Some(d.as_path())) {
            entry.1.extend(statements.iter().cloned());
            entry.2 += 1;
        }
        all.extend(statements);
    }
    let sessions = scan.records.len() - previews;
    let left_out = if previews > 0 { fill(t.xapi_previews_left_out, &[&previews]) } else { String::new() };
    say(fill(t.xapi_summary, &[&scan.files(), &scan.skipped.len(), &all.len(), &sessions, &left_out]));

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
            Ok(()) => say(fill(t.report_wrote, &[&out.display()])),
            Err(e) => {
                error(fill(t.report_cannot_write, &[&out.display(), &e]));
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
    let t = strings(lang);
    if !dir.is_dir() {
        return 0;
    }
    let mut queue = match Queue::load(dir) {
        Ok(q) => q,
        Err(e @ QueueError::Damaged { .. }) => {
            outln!("{}", fill(t.warning, &[&e]));
            Queue::default()
        }
        Err(e) => {
            eprintln!("{}", fill(t.error, &[&e]));
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
            outln!("{}", fill(t.warning, &[&fill(t.xapi_queue_not_saved, &[&e])]));
            false
        }
    };
    let waiting = queue.pending(url);
    let result = xapi::send(&mut queue, url, lrs, batch, &mut |q: &Queue| if keep { q.save(dir) } else { Ok(()) });
    let sent = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", fill(t.error, &[&e]));
            return 1;
        }
    };
    outln!(
        "{}",
        fill(t.xapi_sent, &[&dir.display(), &count, &sessions, &before, &added, &waiting, &sent.accepted, &sent.left])
    );
    if !sent.conflicts.is_empty() {
        outln!("{}", fill(t.xapi_conflicts, &[&sent.conflicts.len()]));
    }
    for (id, why) in &sent.rejected {
        outln!("{}", fill(t.xapi_rejected, &[id, why]));
    }
    if let Some(stop) = &sent.stop {
        outln!("{}", fill(t.xapi_stopped, &[stop, &Queue::path(dir).display()]));
    }
    if sent.left > 0 { 1 } else { 0 }
}
