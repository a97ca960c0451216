//! `calmline convert --to zh-Hant PATH…`: drafts of calls in the other Chinese script.
//! A file in a language folder is written to the sibling folder of the target language
//! (`dialogues/zh/x.ron` → `dialogues/zh-Hant/x.ron`), or into `--out DIR`, or to stdout.
//! An existing file is never replaced without `--force`: it may hold a trainer's edits.
//! Exit codes: 0 done, 1 a file could not be read, converted or written, 2 usage.

use super::report::env_lang;
use crate::engine::Lang;
use crate::engine::call::load::{convert_call, read_text};
use crate::text::{fill, strings};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Call files or folders of them (folders are searched for .ron files).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The script to convert into: zh-Hant (Taiwan's words) or zh-Hans.
    #[arg(long, value_parser = super::parse_lang)]
    pub to: Lang,
    /// Write the converted files into this folder (default: the target language's folder
    /// beside the file's own, such as dialogues/zh-Hant/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the converted text instead of writing files.
    #[arg(long, conflicts_with = "out")]
    pub stdout: bool,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Language of the messages (default: from LANG).
    #[arg(long, value_parser = super::parse_lang)]
    pub lang: Option<Lang>,
}

pub fn run(args: ConvertArgs) -> i32 {
    let t = strings(args.lang.unwrap_or_else(env_lang));
    let error = |message: String| eprintln!("{}", fill(t.error, &[&message]));
    if !args.to.is_chinese() {
        error(t.convert_not_chinese.into());
        return 2;
    }
    let mut files = Vec::new();
    for p in &args.paths {
        let before = files.len();
        collect(p, &mut files);
        if files.len() == before {
            error(fill(t.convert_no_files, &[&p.display()]));
            return 2;
        }
    }
    let mut code = 0;
    let mut done = 0;
    for file in &files {
        let converted = match read_text(file) {
            Ok(text) => convert_call(&text, args.to).map_err(|e| e.to_string()),
            Err(d) => Err(crate::text::message(&d.message, args.lang.unwrap_or_else(env_lang))),
        };
        let converted = match converted {
            Ok(c) => c,
            Err(e) => {
                error(fill(t.convert_failed, &[&file.display(), &e]));
                code = 1;
                continue;
            }
        };
        if args.stdout {
            outln!("{converted}");
            done += 1;
            continue;
        }
        let Some(target) = target_of(file, args.to, args.out.as_deref()) else {
            error(fill(t.convert_no_folder, &[&file.display()]));
            return 2;
        };
        if same_file(&target, file) {
            error(fill(t.convert_same_file, &[&file.display()]));
            return 2;
        }
        if target.exists() && !args.force {
            error(fill(t.convert_exists, &[&target.display()]));
            code = 1;
            continue;
        }
        let written =
            target.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&target, converted));
        match written {
            Ok(()) => {
                outln!("{}", fill(t.convert_wrote, &[&target.display(), &file.display()]));
                done += 1;
            }
            Err(e) => {
                error(fill(t.convert_failed, &[&target.display(), &e]));
                code = 1;
            }
        }
    }
    if !args.stdout {
        outln!("{}", fill(t.convert_done, &[&done]));
    }
    code
}

/// `.ron` files at `path`, folders searched in name order.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "ron") {
        out.push(path.to_path_buf());
    }
}

/// Where the converted `file` goes.
fn target_of(file: &Path, to: Lang, out: Option<&Path>) -> Option<PathBuf> {
    let name = file.file_name()?;
    if let Some(dir) = out {
        return Some(dir.join(name));
    }
    let folder = file.parent()?;
    Lang::from_id(folder.file_name()?.to_str()?)?;
    Some(folder.parent()?.join(to.folder()).join(name))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
