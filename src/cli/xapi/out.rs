//! The statements as one JSON array, written as they are made: the same bytes as
//! `serde_json::to_string_pretty` of the whole list, without holding the list.

use serde_json::Value;
use std::io::{self, Write};

pub struct JsonArray<W: Write> {
    out: W,
    written: usize,
    buf: Vec<u8>,
}

impl<W: Write> JsonArray<W> {
    pub fn new(out: W) -> JsonArray<W> {
        JsonArray { out, written: 0, buf: Vec::new() }
    }

    /// Adds one element, indented one level as in a pretty-printed array.
    pub fn push(&mut self, value: &Value) -> io::Result<()> {
        self.buf.clear();
        self.buf.extend_from_slice(if self.written == 0 { b"[\n  " } else { b",\n  " });
        let start = self.buf.len();
        serde_json::to_writer_pretty(&mut self.buf, value).map_err(io::Error::other)?;
        // A line break inside a JSON value is always between tokens (strings escape
        // theirs), so each one gains the array's indentation.
        let mut indented = Vec::with_capacity(self.buf.len() + 64);
        indented.extend_from_slice(&self.buf[..start]);
        for &b in &self.buf[start..] {
            indented.push(b);
            if b == b'\n' {
                indented.extend_from_slice(b"  ");
            }
        }
        self.out.write_all(&indented)?;
        self.written += 1;
        Ok(())
    }

    /// Closes the array, with a final line break, and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(values: &[Value]) -> String {
        let mut a = JsonArray::new(Vec::new());
        for v in values {
            a.push(v).unwrap();
        }
        String::from_utf8(a.finish().unwrap()).unwrap()
    }

    #[test]
    fn the_stream_is_the_pretty_array() {
        let values = [
            json!({"a": 1, "b": [1, 2, {"c": "line\nbreak"}], "d": {}, "e": []}),
            json!("x"),
            json!({"zh": "退款", "n": null}),
        ];
        for n in 0..=values.len() {
            let want = format!("{}\n", serde_json::to_string_pretty(&values[..n].to_vec()).unwrap());
            assert_eq!(streamed(&values[..n]), want, "{n} values");
        }
    }
}
