//! `calmline convert`: a call file (or `personas.ron`) from one Chinese script into the
//! other. Everything the trainee reads is converted, with Taiwan's words for zh-Hant, and
//! so are comments; ids (map keys such as node ids) stay as they are, so the versions
//! still match, and the `lang` field names the new language. Quotation marks become the
//! script's own: 「」 in Traditional, “” in Simplified.

use crate::engine::call::lang::Lang;
use crate::engine::call::load::spans::{Seg, Spans};
use crate::engine::call::script::{ConvertError, convert};

/// `text` converted into `to`.
pub fn convert_call(text: &str, to: Lang) -> Result<String, ConvertError> {
    let spans = Spans::parse(text);
    // The ranges kept as they are, or replaced: the ids, and the `lang` value.
    let mut fixed: Vec<(std::ops::Range<usize>, Option<String>)> =
        spans.map_keys().into_iter().map(|r| (r, None)).collect();
    if let Some(r) = spans.value(&[Seg::Field("lang")]) {
        fixed.push((r, Some(format!("\"{}\"", to.id()))));
    }
    fixed.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut at = 0;
    for (r, replacement) in fixed {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(&quotes(&convert(&text[at..r.start], to)?, to));
        out.push_str(replacement.as_deref().unwrap_or(&text[r.clone()]));
        at = r.end;
    }
    out.push_str(&quotes(&convert(&text[at..], to)?, to));
    Ok(out)
}

/// The script's quotation marks.
fn quotes(text: &str, to: Lang) -> String {
    let pairs: &[(char, char)] = match to {
        Lang::ZhHant => &[('“', '「'), ('”', '」'), ('‘', '『'), ('’', '』')],
        _ => &[('「', '“'), ('」', '”'), ('『', '‘'), ('』', '’')],
    };
    text.chars().map(|c| pairs.iter().find(|(from, _)| *from == c).map_or(c, |(_, to)| *to)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_words_but_not_the_ids() {
        let text =
            "// 退款\nScenario(id: \"r\", lang: \"zh\", title: \"“宽带”退款\", nodes: { \"开始\": (line: \"软件\") })";
        let out = convert_call(text, Lang::ZhHant).unwrap();
        assert_eq!(
            out,
            "// 退款\nScenario(id: \"r\", lang: \"zh-Hant\", title: \"「寬頻」退款\", nodes: { \"开始\": (line: \"軟體\") })"
        );
        let back = convert_call(&out, Lang::ZhHans).unwrap();
        assert_eq!(back, text.replace("lang: \"zh\"", "lang: \"zh-Hans\""));
    }
}
