//! `calmline xapi [DIR...]`: call records as xAPI 1.0.3 statements, written as a JSON
//! array (`--out FILE`, or stdout) and/or sent to a Learning Record Store (`--lrs URL`).
//! Statements the LRS has not accepted yet wait in a queue in each records folder and
//! go with the next run. Exit codes: 0 done (everything accepted when sending), 1
//! something is still queued or could not be written, 2 usage.

mod lrs;
mod out;
mod send;

use super::report::env_lang;
use crate::engine::records::record;
use crate::engine::records::xapi::{self, DEFAULT_HOME_PAGE, DEFAULT_PASS_MARK, Options};
use crate::engine::{Lang, Library};
use crate::text::{self, fill, strings};
use lrs::Lrs;
use out::JsonArray;
use send::Folder;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
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
    // One record at a time: a training centre's folders do not fit in memory as
    // statements (about 27 KB of JSON per session).
    let walk = record::walk_folders(&dirs);
    for (dir, e) in &walk.unreadable {
        say(fill(t.report_cannot_read_folder, &[&dir.display(), e]));
    }
    for s in &walk.skipped {
        say(fill(t.xapi_skipped, &[&s.path.display(), &text::skip_reason(&s.reason, lang)]));
    }

    let mut code = 0;
    let mut json: Option<JsonArray<Box<dyn Write>>> = None;
    let mut out_error: Option<std::io::Error> = None;
    if to_stdout {
        json = Some(JsonArray::new(Box::new(BufWriter::new(std::io::stdout().lock()))));
    } else if let Some(out) = &args.out {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        match std::fs::File::create(out) {
            Ok(f) => json = Some(JsonArray::new(Box::new(BufWriter::with_capacity(1 << 20, f)))),
            Err(e) => out_error = Some(e),
        }
    }
    let mut lrs = args
        .lrs
        .as_ref()
        .map(|url| (url, Lrs::new(url, args.user.as_deref(), password.as_deref(), Duration::from_secs(args.timeout))));
    let mut folders: Vec<Folder> = Vec::new();
    if let Some((url, _)) = &lrs {
        let mut seen: Vec<PathBuf> = Vec::new();
        for d in &dirs {
            let canonical = std::fs::canonicalize(d).unwrap_or_else(|_| d.clone());
            if !seen.contains(&canonical) {
                seen.push(canonical);
                folders.extend(Folder::open(d, url, args.batch as usize, lang));
            }
        }
    }

    let (mut statements, mut sessions, mut previews, mut late) = (0, 0, 0, 0);
    for (path, r) in walk.read() {
        let r = match r {
            Ok(r) => r,
            Err(reason) => {
                // Changed since the walk began.
                say(fill(t.xapi_skipped, &[&path.display(), &text::skip_reason(&reason, lang)]));
                late += 1;
                continue;
            }
        };
        if r.adjusted {
            previews += 1;
            continue;
        }
        sessions += 1;
        let made = xapi::statements_with_courses(&r, &opts, &courses);
        statements += made.len();
        if let Some(w) = json.as_mut() {
            for st in &made {
                if let Err(e) = w.push(st) {
                    out_error = Some(e);
                    json = None;
                    break;
                }
            }
        }
        if let Some((_, lrs)) = lrs.as_mut()
            && let Some(folder) = folders.iter_mut().find(|f| path.parent() == Some(f.dir()))
        {
            folder.push(made, lrs);
        }
    }
    if let Some(w) = json.take()
        && let Err(e) = w.finish()
    {
        out_error = Some(e);
    }
    let left_out = if previews > 0 { fill(t.xapi_previews_left_out, &[&previews]) } else { String::new() };
    say(fill(t.xapi_summary, &[&walk.files(), &(walk.skipped.len() + late), &statements, &sessions, &left_out]));

    if let Some(out) = &args.out {
        match out_error {
            None => say(fill(t.report_wrote, &[&out.display()])),
            Some(e) => {
                error(fill(t.report_cannot_write, &[&out.display(), &e]));
                code = 1;
            }
        }
    }
    if let Some((_, lrs)) = lrs.as_mut() {
        for folder in folders {
            code = code.max(folder.finish(lrs, lang));
        }
    }
    code
}
