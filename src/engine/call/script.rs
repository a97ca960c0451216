//! Simplified and Traditional Chinese: converting a text from one script to the other
//! (for `calmline convert`) and finding the characters that belong to the wrong one (for
//! `calmline check`). Both use OpenCC's dictionaries through `ferrous-opencc`.

use crate::engine::call::lang::Lang;
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Characters OpenCC's `STCharacters` table lists among their own Traditional forms:
/// written in both scripts (`后` in 皇后, `干` in 干擾, `台` in Taiwan), so never flagged in a
/// Traditional text. Derived from OpenCC's data (Apache-2.0) by `tools/both-scripts.py`.
const ALSO_TRADITIONAL: &str = "㐹万丑丰了于云亘仆仇价仿伙余佛佣俊修借僵克党冬准凌几凶出划刮制千升卜占卷厂厘只台叶吁吃合吊同后向周咨咸咽哄唇喂噪回困夫夸奸姜娘它家尸局岩岳巨布帘席干幸广庵弦彩征御志念恤愈愿戚才扎托扣折抵拐挂挨挽据搜斗旋昆暗曲朱朴杆杠杯杰松板极柜栗核梁欲沈沾泛注涂涌淀游漓熏玩璇症皂矩确私秋种筑系胄背胜胡腊腌膻致舍芸苔苹范荐蒙蔑虫蚝蜡蝎表谷跖辟适郁酸采里雕面";

/// The same from `TSCharacters`: Traditional characters that are also Simplified ones.
const ALSO_SIMPLIFIED: &str = "乾剋夥彷徵於牴瞭祇薹藉衹覆阪麽";

/// The conversions Calmline uses.
#[derive(Clone, Copy)]
enum Way {
    /// Simplified to Taiwan Traditional with Taiwan's words (`s2twp`), for `convert`.
    ToTaiwan,
    /// Back (`tw2sp`).
    FromTaiwan,
    /// Character by character to Traditional as written in Taiwan (`s2tw`): OpenCC's own
    /// Traditional forms are taken back to Taiwan's (`羣` to `群`), which a zh-Hant call uses.
    CharToTraditional,
    /// Character by character to Simplified (`t2s`).
    CharToSimplified,
}

/// A converter, built once per way. `None` only if the embedded dictionaries fail to load.
fn converter(way: Way) -> Option<&'static OpenCC> {
    static CELLS: [OnceLock<Option<OpenCC>>; 4] = [const { OnceLock::new() }; 4];
    let config = match way {
        Way::ToTaiwan => BuiltinConfig::S2twp,
        Way::FromTaiwan => BuiltinConfig::Tw2sp,
        Way::CharToTraditional => BuiltinConfig::S2tw,
        Way::CharToSimplified => BuiltinConfig::T2s,
    };
    CELLS[way as usize].get_or_init(|| OpenCC::from_config(config).ok()).as_ref()
}

/// Why a conversion could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// Only the two Chinese scripts convert into each other.
    #[error("only zh-Hans and zh-Hant can be converted to")]
    NotChinese,
    /// The embedded dictionaries did not load.
    #[error("the conversion dictionaries could not be loaded")]
    Dictionaries,
}

/// `text` converted into `to`: Simplified to Taiwan Traditional with Taiwan's words
/// (OpenCC `s2twp`), or back (`tw2sp`). Text in other scripts passes through unchanged.
pub fn convert(text: &str, to: Lang) -> Result<String, ConvertError> {
    let cc = match to {
        Lang::ZhHant => converter(Way::ToTaiwan),
        Lang::ZhHans => converter(Way::FromTaiwan),
        Lang::En => return Err(ConvertError::NotChinese),
    };
    cc.map(|c| c.convert(text)).ok_or(ConvertError::Dictionaries)
}

/// Characters looked up: `None` for one of the text's own script, else its form there.
type Looked = HashMap<char, Option<String>>;

/// A character of the other script found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Foreign {
    /// Byte offset in the text.
    pub offset: usize,
    pub found: char,
    /// The character's form in the text's own script.
    pub instead: String,
}

/// The characters in `text` that belong to the other Chinese script than `lang`'s: a
/// Simplified-only character in a Traditional text, or a Traditional-only one in a
/// Simplified text. Nothing for English, and nothing if the dictionaries cannot load.
pub fn foreign_chars(text: &str, lang: Lang) -> Vec<Foreign> {
    let (cc, also) = match lang {
        Lang::ZhHant => (converter(Way::CharToTraditional), ALSO_TRADITIONAL),
        Lang::ZhHans => (converter(Way::CharToSimplified), ALSO_SIMPLIFIED),
        Lang::En => return Vec::new(),
    };
    let Some(cc) = cc else { return Vec::new() };
    // A call repeats the same few hundred characters: each is looked up in the dictionary
    // once per run and remembered (`None`: it belongs to `lang`'s script).
    static SEEN: [OnceLock<Mutex<Looked>>; 2] = [const { OnceLock::new() }; 2];
    let seen = SEEN[usize::from(lang == Lang::ZhHant)].get_or_init(Default::default);
    let Ok(mut seen) = seen.lock() else { return Vec::new() };
    let mut out = Vec::new();
    let mut buf = [0u8; 4];
    for (offset, c) in text.char_indices() {
        if !is_han(c) || also.contains(c) {
            continue;
        }
        let instead = seen.entry(c).or_insert_with(|| {
            let converted = cc.convert(c.encode_utf8(&mut buf));
            converted.chars().ne(std::iter::once(c)).then_some(converted)
        });
        if let Some(instead) = instead {
            out.push(Foreign { offset, found: c, instead: instead.clone() });
        }
    }
    out
}

/// A CJK ideograph (the blocks the dictionaries cover).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_with_taiwan_words_and_back() {
        let t = convert("我们的宽带套餐和软件", Lang::ZhHant).unwrap();
        assert_eq!(t, "我們的寬頻套餐和軟體");
        assert_eq!(convert(&t, Lang::ZhHans).unwrap(), "我们的宽带套餐和软件");
        assert_eq!(convert("x", Lang::En), Err(ConvertError::NotChinese));
    }

    #[test]
    fn finds_the_other_script_with_offsets() {
        let found = foreign_chars("您好，这是後台", Lang::ZhHant);
        assert_eq!(found, vec![Foreign { offset: "您好，".len(), found: '这', instead: "這".into() }]);
        let found = foreign_chars("退款會在三天內到账", Lang::ZhHans);
        let chars: String = found.iter().map(|f| f.found).collect();
        assert_eq!(chars, "會內");
    }

    #[test]
    fn characters_of_both_scripts_pass() {
        assert!(foreign_chars("皇后、干擾、台灣、一萬公里", Lang::ZhHant).is_empty());
        assert!(foreign_chars("高峰期，人群，床上", Lang::ZhHant).is_empty(), "Taiwan's forms");
        assert!(foreign_chars("English only", Lang::ZhHant).is_empty());
    }
}
