//! Languages a call can be written in and the interface can speak.

use serde::{Deserialize, Serialize};

/// A language of the training material: Simplified Chinese, Traditional Chinese (as
/// written in Taiwan) or English. `zh` is accepted everywhere as a name of Simplified
/// Chinese, so files, records and flags from before Traditional Chinese keep working.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans", alias = "zh")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag used on the command line, in records and in settings.
    pub fn id(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The folder of `dialogues/` that holds the calls in this language. Simplified
    /// Chinese keeps the folder `zh` it always had; scenario IRIs use these names too.
    pub fn folder(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The tag for xAPI language maps and the HTML `lang` attribute.
    pub fn region_tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-CN",
            Lang::ZhHant => "zh-TW",
            Lang::En => "en-US",
        }
    }

    /// Either kind of Chinese.
    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::ZhHans | Lang::ZhHant)
    }

    /// Reads a language tag, ignoring case: `zh`, `zh-Hans`, `zh-CN` and `zh-SG` are
    /// Simplified Chinese; `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO` are Traditional.
    pub fn from_id(id: &str) -> Option<Lang> {
        match id.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "zh" | "zh-hans" | "zh-cn" | "zh-sg" | "zh-hans-cn" | "cn" => Some(Lang::ZhHans),
            "zh-hant" | "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant-tw" | "zh-hant-hk" | "tw" => Some(Lang::ZhHant),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The tags [`Lang::from_id`] reads, one per language, for messages that list them.
    pub const TAGS: &'static str = "zh-Hans, zh-Hant, en";
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A short text given in each language (persona names and descriptions). In files:
/// `(zh: "…", zh_hant: "…", en: "…")`, where `zh` is Simplified Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub zh_hant: String,
    #[serde(default)]
    pub en: String,
}

impl Localized {
    pub fn new(zh: impl Into<String>, zh_hant: impl Into<String>, en: impl Into<String>) -> Self {
        Localized { zh: zh.into(), zh_hant: zh_hant.into(), en: en.into() }
    }

    /// The text as written for `lang`, possibly empty.
    pub fn exact(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhHans => &self.zh,
            Lang::ZhHant => &self.zh_hant,
            Lang::En => &self.en,
        }
    }

    /// The text in `lang`; when it is empty, the first of the others that is not, taking
    /// English before the other Chinese script (a Traditional reader is never shown
    /// Simplified text while English is there, nor the other way round).
    pub fn get(&self, lang: Lang) -> &str {
        let order = match lang {
            Lang::ZhHans => [Lang::ZhHans, Lang::En, Lang::ZhHant],
            Lang::ZhHant => [Lang::ZhHant, Lang::En, Lang::ZhHans],
            Lang::En => [Lang::En, Lang::ZhHans, Lang::ZhHant],
        };
        order.into_iter().map(|l| self.exact(l)).find(|t| !t.is_empty()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_aliases() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_id(l.id()), Some(l));
            assert_eq!(Lang::from_id(l.folder()), Some(l));
            assert_eq!(Lang::from_id(l.region_tag()), Some(l));
        }
        assert_eq!(Lang::from_id("ZH_tw"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_id("zh-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_id("fr"), None);
    }

    #[test]
    fn zh_is_read_as_simplified_and_written_as_zh_hans() {
        let l: Lang = serde_json::from_str("\"zh\"").unwrap();
        assert_eq!(l, Lang::ZhHans);
        assert_eq!(serde_json::to_string(&Lang::ZhHant).unwrap(), "\"zh-Hant\"");
        // Settings files are RON: a tag that is not an identifier is written raw.
        let written = ron::to_string(&Some(Lang::ZhHant)).unwrap();
        assert_eq!(written, "Some(r#zh-Hant)");
        assert_eq!(ron::from_str::<Option<Lang>>(&written).unwrap(), Some(Lang::ZhHant));
        assert_eq!(ron::from_str::<Option<Lang>>("Some(zh)").unwrap(), Some(Lang::ZhHans), "settings from before");
    }

    #[test]
    fn localized_falls_back_to_english_before_the_other_script() {
        let t = Localized::new("简", "", "en");
        assert_eq!(t.get(Lang::ZhHant), "en");
        let t = Localized::new("简", "", "");
        assert_eq!(t.get(Lang::ZhHant), "简");
        assert_eq!(Localized::new("", "繁", "").get(Lang::En), "繁");
    }
}
