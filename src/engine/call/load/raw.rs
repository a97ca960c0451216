//! The file format as serde reads it: everything optional that has a default, numbers
//! wide enough to range-check ourselves, ids as strings to check them with hints.

use crate::engine::call::lang::Localized;
use crate::engine::call::persona::EndingKind;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Scenario")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub brief: String,
    #[serde(default)]
    pub difficulty: Option<i64>,
    pub caller: RawCaller,
    #[serde(default)]
    pub time_limit: Option<f64>,
    #[serde(default)]
    pub max_turns: Option<i64>,
    #[serde(default)]
    pub start: Option<String>,
    pub nodes: Ordered<RawNode>,
    #[serde(default)]
    pub endings: Ordered<RawEnding>,
    #[serde(default)]
    pub lines: RawLines,
    #[serde(default)]
    pub tests: Vec<RawTest>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Test")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTest {
    pub name: String,
    pub path: Vec<i64>,
    #[serde(default)]
    pub seed: Option<u64>,
    pub expect: RawExpect,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Expect")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExpect {
    #[serde(default)]
    pub outcome: Option<EndingKind>,
    #[serde(default)]
    pub min_score: Option<i64>,
    #[serde(default)]
    pub max_score: Option<i64>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Caller")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCaller {
    pub name: String,
    #[serde(default)]
    pub persona: Option<OneOrMany>,
    #[serde(default)]
    pub anger: Option<NumberOrRange>,
}

/// `persona: "id"` or `persona: ["id", "id"]`.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// `anger: 80` or `anger: (70, 85)`.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum NumberOrRange {
    Number(i64),
    Range(i64, i64),
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Node")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNode {
    pub line: String,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub replies: Vec<RawReply>,
    #[serde(default)]
    pub time_limit: Option<f64>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Reply")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReply {
    pub text: String,
    pub technique: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub next_by_mode: Option<RawByMode>,
    #[serde(default)]
    pub anger: Option<i64>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename = "ByMode")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawByMode {
    #[serde(default)]
    pub attack: Option<String>,
    #[serde(default)]
    pub emotion: Option<String>,
    #[serde(default)]
    pub reasoning: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Ending")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEnding {
    pub kind: EndingKind,
    pub line: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename = "Lines")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLines {
    #[serde(default)]
    pub agree: Vec<String>,
    #[serde(default)]
    pub relapse: Vec<String>,
    #[serde(default)]
    pub silence: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Persona")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPersona {
    pub id: String,
    #[serde(default)]
    pub name: Localized,
    #[serde(default)]
    pub about: Localized,
    #[serde(default)]
    pub thresholds: Option<RawThresholds>,
    #[serde(default)]
    pub hysteresis: Option<i64>,
    #[serde(default)]
    pub volatility: Option<f64>,
    #[serde(default)]
    pub relapse: Option<f64>,
    #[serde(default)]
    pub patience: Option<i64>,
    #[serde(default)]
    pub agreement_bonus: Option<i64>,
    #[serde(default)]
    pub silence: Option<(i64, i64)>,
    #[serde(default)]
    pub breaking_point: Option<EndingKind>,
    #[serde(default)]
    pub effects: Ordered<RawEffect>,
    #[serde(default)]
    pub voice: Option<RawVoice>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Voice")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVoice {
    #[serde(default)]
    pub rate: Option<f64>,
    #[serde(default)]
    pub pitch: Option<f64>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename = "Thresholds")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThresholds {
    pub attack: i64,
    pub emotion: i64,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename = "Effect")]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEffect {
    #[serde(default)]
    pub attack: Option<(i64, i64)>,
    #[serde(default)]
    pub emotion: Option<(i64, i64)>,
    #[serde(default)]
    pub reasoning: Option<(i64, i64)>,
}

/// A map that keeps the file's order and its duplicate keys, so both can be reported.
#[derive(Debug)]
pub(crate) struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map from \"id\" strings to entries: { \"id\": (...), ... }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    entries.push((k, v));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}
