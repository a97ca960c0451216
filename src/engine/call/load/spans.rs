//! Where things are in a RON file. Serde does not keep positions, so after a file has
//! parsed, this small walker over the same text finds the byte range of a value by its
//! path (`nodes` → `"open"` → `replies` → 1 → `next`), to point diagnostics at it.
//! It is forgiving: on text it does not understand it simply finds less.

use std::ops::Range;

#[derive(Debug)]
pub(crate) struct Val {
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Str(String),
    Atom,
    Seq(Vec<Val>),
    Map(Vec<(Val, Val)>),
    Fields(Vec<(String, Range<usize>, Val)>),
}

/// One step of a path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seg<'a> {
    /// A struct field.
    Field(&'a str),
    /// The value of the `n`th map entry whose key is this string.
    Key(&'a str, usize),
    /// A list element.
    Index(usize),
}

pub(crate) struct Spans {
    root: Option<Val>,
}

impl Spans {
    pub fn parse(text: &str) -> Spans {
        let mut p = Parser { s: text.as_bytes(), text, i: 0, depth: 0 };
        p.skip_attributes();
        Spans { root: p.value() }
    }

    /// The value at `path`.
    pub fn value(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|v| v.span.clone())
    }

    /// The key (for a map entry or a field) at the end of `path`, else the value.
    pub fn key(&self, path: &[Seg]) -> Option<Range<usize>> {
        let (last, parent) = path.split_last()?;
        let parent = self.find(parent)?;
        match (last, &parent.kind) {
            (Seg::Key(k, n), Kind::Map(entries)) => entries
                .iter()
                .filter(|(key, _)| matches!(&key.kind, Kind::Str(s) if s == k))
                .nth(*n)
                .map(|(key, _)| key.span.clone()),
            (Seg::Field(f), Kind::Fields(fields)) => {
                fields.iter().find(|(name, _, _)| name == f).map(|(_, r, _)| r.clone())
            }
            _ => self.value(path),
        }
    }

    /// The deepest value along `path` that exists: a missing field points at its struct.
    pub fn nearest(&self, path: &[Seg]) -> Option<Range<usize>> {
        (0..=path.len()).rev().find_map(|n| self.value(&path[..n]))
    }

    /// The byte ranges of every string value (not map keys), quotes included, in order.
    pub fn string_values(&self) -> Vec<Range<usize>> {
        fn walk(v: &Val, out: &mut Vec<Range<usize>>) {
            match &v.kind {
                Kind::Str(_) => out.push(v.span.clone()),
                Kind::Atom => {}
                Kind::Seq(items) => items.iter().for_each(|i| walk(i, out)),
                Kind::Map(entries) => entries.iter().for_each(|(_, value)| walk(value, out)),
                Kind::Fields(fields) => fields.iter().for_each(|(_, _, value)| walk(value, out)),
            }
        }
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            walk(root, &mut out);
        }
        out
    }

    /// The byte ranges of every map key (node and ending ids, technique ids), in order.
    pub fn map_keys(&self) -> Vec<Range<usize>> {
        fn walk(v: &Val, out: &mut Vec<Range<usize>>) {
            match &v.kind {
                Kind::Str(_) | Kind::Atom => {}
                Kind::Seq(items) => items.iter().for_each(|i| walk(i, out)),
                Kind::Map(entries) => entries.iter().for_each(|(key, value)| {
                    out.push(key.span.clone());
                    walk(value, out);
                }),
                Kind::Fields(fields) => fields.iter().for_each(|(_, _, value)| walk(value, out)),
            }
        }
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            walk(root, &mut out);
        }
        out
    }

    fn find(&self, path: &[Seg]) -> Option<&Val> {
        let mut v = self.root.as_ref()?;
        for seg in path {
            v = match (seg, &v.kind) {
                (Seg::Field(f), Kind::Fields(fields)) => &fields.iter().find(|(name, _, _)| name == f)?.2,
                (Seg::Key(k, n), Kind::Map(entries)) => {
                    &entries.iter().filter(|(key, _)| matches!(&key.kind, Kind::Str(s) if s == k)).nth(*n)?.1
                }
                (Seg::Index(i), Kind::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(v)
    }
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    let mut level = 0usize;
                    while self.i < self.s.len() {
                        if self.s[self.i..].starts_with(b"/*") {
                            level += 1;
                            self.i += 2;
                        } else if self.s[self.i..].starts_with(b"*/") {
                            level = level.saturating_sub(1);
                            self.i += 2;
                            if level == 0 {
                                break;
                            }
                        } else {
                            self.i += 1;
                        }
                    }
                }
                Some(c) if c >= 0x80 => {
                    // Unicode whitespace is allowed by RON.
                    match self.text.get(self.i..).and_then(|t| t.chars().next()) {
                        Some(ch) if ch.is_whitespace() => self.i += ch.len_utf8(),
                        _ => return,
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attributes(&mut self) {
        loop {
            self.skip_ws();
            if self.s[self.i..].starts_with(b"#![") {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == b']' {
                        break;
                    }
                }
            } else {
                return;
            }
        }
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        if self.s[self.i..].starts_with(b"r#") {
            self.i += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                // Identifier characters beyond ASCII: take the whole character.
                if c >= 0x80 {
                    match self.text.get(self.i..).and_then(|t| t.chars().next()) {
                        Some(ch) if ch.is_alphanumeric() => self.i += ch.len_utf8(),
                        _ => break,
                    }
                } else {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
        (self.i > start).then_some(start..self.i)
    }

    fn value(&mut self) -> Option<Val> {
        self.depth += 1;
        if self.depth > 256 {
            return None;
        }
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Option<Val> {
        self.skip_ws();
        let start = self.i;
        match self.peek()? {
            b'"' => {
                let text = self.string()?;
                Some(Val { span: start..self.i, kind: Kind::Str(text) })
            }
            b'r' if matches!(self.s.get(self.i + 1), Some(b'"' | b'#')) && self.raw_string_ahead() => {
                let text = self.raw_string()?;
                Some(Val { span: start..self.i, kind: Kind::Str(text) })
            }
            b'b' if self.s.get(self.i + 1) == Some(&b'"') => {
                self.i += 1;
                self.string()?;
                Some(Val { span: start..self.i, kind: Kind::Atom })
            }
            b'\'' => {
                self.i += 1;
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == b'\\' {
                        self.i += 1;
                    } else if c == b'\'' {
                        break;
                    }
                }
                Some(Val { span: start..self.i, kind: Kind::Atom })
            }
            b'[' => {
                self.i += 1;
                let items = self.seq(b']')?;
                Some(Val { span: start..self.i, kind: Kind::Seq(items) })
            }
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b'}' => {
                            self.i += 1;
                            break;
                        }
                        b',' => self.i += 1,
                        _ => {
                            let key = self.value()?;
                            self.skip_ws();
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.i += 1;
                            let value = self.value()?;
                            entries.push((key, value));
                        }
                    }
                }
                Some(Val { span: start..self.i, kind: Kind::Map(entries) })
            }
            b'(' => {
                self.i += 1;
                let kind = self.paren()?;
                Some(Val { span: start..self.i, kind })
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let name = self.ident()?;
                let name = &self.text[name];
                let save = self.i;
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    self.i += 1;
                    let kind = self.paren()?;
                    if name == "Some" {
                        if let Kind::Seq(mut items) = kind {
                            if items.len() == 1 {
                                return items.pop();
                            }
                            return Some(Val { span: start..self.i, kind: Kind::Seq(items) });
                        }
                        return Some(Val { span: start..self.i, kind });
                    }
                    Some(Val { span: start..self.i, kind })
                } else {
                    self.i = save;
                    Some(Val { span: start..self.i, kind: Kind::Atom })
                }
            }
            _ => {
                // A number or another atom: up to the next delimiter.
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b')' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
                (self.i > start).then_some(Val { span: start..self.i, kind: Kind::Atom })
            }
        }
    }

    fn raw_string_ahead(&self) -> bool {
        let mut j = self.i + 1;
        while self.s.get(j) == Some(&b'#') {
            j += 1;
        }
        self.s.get(j) == Some(&b'"')
    }

    fn seq(&mut self, close: u8) -> Option<Vec<Val>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                c if c == close => {
                    self.i += 1;
                    return Some(items);
                }
                b',' => self.i += 1,
                _ => items.push(self.value()?),
            }
        }
    }

    /// The inside of `( … )`: struct fields (`name: value`) or tuple elements.
    fn paren(&mut self) -> Option<Kind> {
        self.skip_ws();
        let save = self.i;
        if self.ident().is_some() {
            self.skip_ws();
            if self.peek() == Some(b':') && self.s.get(self.i + 1) != Some(&b':') {
                self.i = save;
                let mut fields = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b')' => {
                            self.i += 1;
                            return Some(Kind::Fields(fields));
                        }
                        b',' => self.i += 1,
                        _ => {
                            let name = self.ident()?;
                            self.skip_ws();
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.i += 1;
                            let value = self.value()?;
                            fields.push((self.text[name.clone()].trim_start_matches("r#").to_string(), name, value));
                        }
                    }
                }
            }
        }
        self.i = save;
        self.seq(b')').map(Kind::Seq)
    }

    fn string(&mut self) -> Option<String> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.i..)?;
            let mut chars = rest.chars();
            let c = chars.next()?;
            self.i += c.len_utf8();
            match c {
                '"' => return Some(out),
                '\\' => {
                    let e = self.text.get(self.i..)?.chars().next()?;
                    self.i += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'u' => {
                            // \u{XXXX}
                            if self.peek() == Some(b'{') {
                                let end = self.text.get(self.i..)?.find('}')?;
                                let hex = &self.text[self.i + 1..self.i + end];
                                if let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                    out.push(ch);
                                }
                                self.i += end + 1;
                            }
                        }
                        'x' => {
                            let hex = self.text.get(self.i..self.i + 2)?;
                            if let Some(ch) = u8::from_str_radix(hex, 16).ok().map(char::from) {
                                out.push(ch);
                            }
                            self.i += 2;
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    fn raw_string(&mut self) -> Option<String> {
        self.i += 1; // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.i += 1;
        }
        self.i += 1; // quote
        let start = self.i;
        let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
        let end = self.text.get(start..)?.find(&closing)?;
        self.i = start + end + closing.len();
        Some(self.text[start..start + end].to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"#![enable(implicit_some)]
// a comment
Scenario(
    id: "demo", /* block /* nested */ comment */
    nodes: {
        "open": (line: "你好", replies: [(text: "a", next: "b"), (text: "c", next: Some("d"))]),
        "open": (line: "dup"),
    },
    pair: (1, -2.5),
    raw: r#"x"y"#,
)"##;

    fn at(path: &[Seg]) -> Option<&'static str> {
        Spans::parse(TEXT).value(path).map(|r| &TEXT[r])
    }

    #[test]
    fn finds_values_by_path() {
        assert_eq!(at(&[Seg::Field("id")]), Some("\"demo\""));
        assert_eq!(at(&[Seg::Field("nodes"), Seg::Key("open", 0), Seg::Field("line")]), Some("\"你好\""));
        let next = [Seg::Field("nodes"), Seg::Key("open", 0), Seg::Field("replies"), Seg::Index(1), Seg::Field("next")];
        assert_eq!(at(&next), Some("\"d\""));
        assert_eq!(at(&[Seg::Field("nodes"), Seg::Key("open", 1), Seg::Field("line")]), Some("\"dup\""));
        assert_eq!(at(&[Seg::Field("pair"), Seg::Index(1)]), Some("-2.5"));
        assert_eq!(at(&[Seg::Field("raw")]), Some("r#\"x\"y\"#"));
        assert_eq!(at(&[Seg::Field("missing")]), None);
    }

    #[test]
    fn finds_keys_and_nearest_values() {
        let s = Spans::parse(TEXT);
        let k = s.key(&[Seg::Field("nodes"), Seg::Key("open", 1)]).unwrap();
        assert_eq!(&TEXT[k.clone()], "\"open\"");
        assert!(k.start > TEXT.find("dup").unwrap() - 30);
        let r = s.nearest(&[Seg::Field("nodes"), Seg::Key("open", 1), Seg::Field("replies")]).unwrap();
        assert_eq!(&TEXT[r], "(line: \"dup\")");
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in
            ["", "(", "{\"a\":", "[1,2", "\"unterminated", "r#\"x", "(a: 1, b", "\u{0}\u{1}", "Some(", "/* open"]
        {
            let s = Spans::parse(junk);
            assert!(s.value(&[Seg::Field("a")]).is_none(), "{junk:?}");
        }
    }
}
