//! The engine's layout: three parts (`call`, `judge`, `records`), each importing only the
//! ones before it, and no import loop between files.
//!
//! Every path a file's code names (`crate::engine::…`, `super::…`, a child module's
//! `name::…`, and `use` lists) is resolved to the file that defines it, following the
//! re-exports of module files. Comments, strings and `#[cfg(test)] mod tests { … }` blocks
//! are left out: a test module may reach anywhere.

use super::root;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

const PARTS: [&str; 3] = ["call", "judge", "records"];

/// One engine file: its module path below `engine` and its code without comments.
struct File {
    module: Vec<String>,
    code: String,
}

fn files() -> BTreeMap<String, File> {
    let base = root().join("src/engine");
    let mut out = BTreeMap::new();
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("src/engine is readable") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&base).unwrap().to_string_lossy().replace('\\', "/");
            let mut module: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
            if module.last().map(String::as_str) == Some("mod") {
                module.pop();
            }
            let code = without_tests(&code_only(&fs::read_to_string(&path).unwrap()));
            out.insert(rel, File { module, code });
        }
    }
    out
}

/// The text with comments, string and character literals blanked out.
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(i + k).copied().unwrap_or('\0');
        if at(0) == '/' && at(1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if at(0) == '/' && at(1) == '*' {
            while i < c.len() && !(c[i] == '*' && c.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if at(0) == 'r' && (at(1) == '"' || (at(1) == '#' && (at(2) == '"' || at(2) == '#'))) {
            let mut hashes = 0;
            i += 1;
            while i < c.len() && c[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            loop {
                if i >= c.len() {
                    break;
                }
                if c[i] == '"' && (0..hashes).all(|h| c.get(i + 1 + h) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if at(0) == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if at(0) == '\'' && at(1) == '\\' {
            i += 2;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if at(0) == '\'' && at(2) == '\'' {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The code before a `#[cfg(test)] mod tests {` block (always the end of a file here).
fn without_tests(code: &str) -> String {
    let squeezed: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    match squeezed.find("#[cfg(test)] mod tests {") {
        Some(at) => squeezed[..at].to_string(),
        None => squeezed,
    }
}

/// Every path in the code, as segments: `use` trees expanded, then paths in expressions.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` declarations (also `pub use`, `pub(crate) use`).
    let mut outside_use = String::new();
    while let Some(at) = find_word(rest, "use") {
        outside_use.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        expand(after[..end].trim(), &mut Vec::new(), &mut out);
        rest = &after[(end + 1).min(after.len())..];
    }
    outside_use.push_str(rest);
    // Paths written in place: `a::b::c`.
    let chars: Vec<char> = outside_use.chars().collect();
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_' || ch == '$';
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            let mut segs = Vec::new();
            loop {
                let start = i;
                while i < chars.len() && is_ident(chars[i]) {
                    i += 1;
                }
                segs.push(chars[start..i].iter().collect::<String>());
                if chars.get(i) == Some(&':')
                    && chars.get(i + 1) == Some(&':')
                    && chars.get(i + 2).is_some_and(|&c| is_ident(c))
                {
                    i += 2;
                } else {
                    break;
                }
            }
            if segs.len() > 1 {
                out.push(segs);
            }
        } else {
            i += 1;
        }
    }
    out
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(word) {
        let at = from + pos;
        let before = at.checked_sub(1).map(|b| bytes[b] as char);
        let after = bytes.get(at + word.len()).map(|&b| b as char);
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !ident(before) && !ident(after) && before != Some(':') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into full paths.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let added: Vec<String> = head.split("::").filter(|s| !s.is_empty()).map(|s| s.trim().to_string()).collect();
        let n = added.len();
        prefix.extend(added);
        let mut depth = 0;
        let mut start = 0;
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..k], prefix, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], prefix, out);
        prefix.truncate(prefix.len() - n);
    } else {
        let name = tree.split(" as ").next().unwrap_or(tree).trim();
        let mut path = prefix.clone();
        path.extend(name.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        out.push(path);
    }
}

struct Tree {
    /// Module path -> file.
    modules: BTreeMap<Vec<String>, String>,
    /// (module, item name) -> the path it re-exports, from the crate's engine root.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
}

impl Tree {
    fn new(files: &BTreeMap<String, File>) -> Tree {
        let modules = files.iter().map(|(rel, f)| (f.module.clone(), rel.clone())).collect();
        let mut tree = Tree { modules, reexports: BTreeMap::new() };
        for f in files.values() {
            let mut rest = f.code.as_str();
            while let Some(at) = rest.find("pub use ") {
                let after = &rest[at + 8..];
                let end = after.find(';').unwrap_or(after.len());
                let mut found = Vec::new();
                expand(&after[..end], &mut Vec::new(), &mut found);
                for path in found {
                    if let Some(full) = tree.absolute(&f.module, &path)
                        && let Some(name) = path.last()
                    {
                        tree.reexports.insert((f.module.clone(), name.clone()), full);
                    }
                }
                rest = &after[end.min(after.len())..];
            }
        }
        tree
    }

    /// A path as written in `module`, from the engine root; `None` outside the engine.
    fn absolute(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let first = path.first()?.as_str();
        let mut base: Vec<String> = module.to_vec();
        let mut rest = path;
        match first {
            "crate" | "$crate" => {
                if path.get(1).map(String::as_str) != Some("engine") {
                    return None;
                }
                base.clear();
                rest = &path[2..];
            }
            "super" => {
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
            }
            "self" => rest = &path[1..],
            _ => {
                // A child module's name.
                let mut child = module.to_vec();
                child.push(first.to_string());
                if !self.modules.contains_key(&child) {
                    return None;
                }
            }
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file that defines what an absolute path names.
    fn file_of(&self, path: &[String], depth: usize) -> Option<String> {
        let longest = (0..=path.len()).rev().find(|&n| self.modules.contains_key(&path[..n]))?;
        let module = &path[..longest];
        if let Some(item) = path.get(longest)
            && depth < 8
            && let Some(target) = self.reexports.get(&(module.to_vec(), item.clone()))
        {
            let mut full = target.clone();
            full.extend(path[longest + 1..].iter().cloned());
            return self.file_of(&full, depth + 1);
        }
        self.modules.get(module).cloned()
    }
}

/// Which file imports which, by what each file's code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let files = files();
    let tree = Tree::new(&files);
    let mut graph = BTreeMap::new();
    for (rel, f) in &files {
        let mut to = BTreeSet::new();
        for path in paths(&f.code) {
            if let Some(full) = tree.absolute(&f.module, &path)
                && let Some(file) = tree.file_of(&full, 0)
                && file != *rel
                && file != "mod.rs"
            {
                to.insert(file);
            }
        }
        graph.insert(rel.clone(), to);
    }
    graph
}

fn part(file: &str) -> Option<usize> {
    PARTS.iter().position(|p| file.starts_with(&format!("{p}/")))
}

#[test]
fn every_engine_file_is_in_one_of_the_three_parts() {
    let stray: Vec<String> = imports().into_keys().filter(|f| f != "mod.rs" && part(f).is_none()).collect();
    assert!(stray.is_empty(), "engine files outside call/, judge/ and records/: {stray:?}");
    for p in PARTS {
        assert!(Path::new(&root().join("src/engine").join(p).join("mod.rs")).is_file(), "{p}/mod.rs");
    }
}

#[test]
fn lower_parts_never_import_higher_ones() {
    let mut wrong = Vec::new();
    for (file, to) in imports() {
        let Some(mine) = part(&file) else { continue };
        for t in to {
            if part(&t).is_some_and(|theirs| theirs > mine) {
                wrong.push(format!("{file} -> {t}"));
            }
        }
    }
    assert!(wrong.is_empty(), "a lower part imports a higher one:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_loop_between_engine_files() {
    let graph = imports();
    // Strongly connected components (Tarjan); any with two files or more is a loop.
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        loops: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.loops.push(component);
            }
        }
    }
    let mut state = State {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        loops: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    let shown: Vec<String> = state
        .loops
        .iter()
        .map(|files| {
            let edges: Vec<String> = files
                .iter()
                .flat_map(|f| graph[f].iter().filter(|t| files.contains(t)).map(move |t| format!("{f} -> {t}")))
                .collect();
            edges.join(", ")
        })
        .collect();
    assert!(shown.is_empty(), "import loops between engine files:\n{}", shown.join("\n"));
}

#[test]
fn the_loop_finder_sees_a_loop_and_a_use_tree() {
    let mut found = Vec::new();
    expand("crate::engine::{a::B, c::{D, e::F as G}}", &mut Vec::new(), &mut found);
    let joined: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["crate::engine::a::B", "crate::engine::c::D", "crate::engine::c::e::F"]);
    let code = code_only("let x = \"crate::engine::z\"; // super::y\nsuper::w::f(); '\"'; 'a");
    assert_eq!(paths(&code), vec![vec!["super".to_string(), "w".into(), "f".into()]]);
}
