//! "Say it first": the trainee types what they would say before the replies of a turn show,
//! and the reply closest to their words is preselected. The closeness is measured on the text
//! alone, in English or either Chinese script, with no word segmentation and no model:
//!
//! * Both texts are folded first: lower case, full-width ASCII to ASCII, and Chinese to
//!   Simplified with mainland words (OpenCC's `tw2sp`, through [`script::convert`]), so a
//!   trainee typing Traditional finds a Simplified reply and the other way round.
//! * A text becomes a bag of features. Chinese (and Japanese kana, Korean Hangul): each
//!   character and each pair of neighbouring characters, punctuation and spaces between
//!   them dropped. Other scripts: each word, and its character trigrams with the word's edges
//!   marked, so `refund` also meets `refunded`; English function words ("the", "you",
//!   "can't") are left out, as they say little about which reply is meant.
//! * A feature counts sublinearly in how often it occurs, and more the fewer of the offered
//!   replies hold it (inverse document frequency over those replies): what every reply says
//!   ("I'm sorry", the caller's name) decides little. The closeness is the cosine of the two
//!   weighted bags, from 0.0 (nothing shared) to 1.0 (the same text).
//!
//! Nothing here prints or panics, whatever the input.

use crate::engine::call::lang::Lang;
use crate::engine::call::script;
use std::collections::HashMap;

/// How close the trainee's own words are to each offered reply: one value in 0.0..=1.0 per
/// reply, same order.
pub fn closeness(said: &str, replies: &[&str]) -> Vec<f32> {
    let said = features(said);
    let bags: Vec<Bag> = replies.iter().map(|r| features(r)).collect();
    if said.is_empty() {
        return vec![0.0; replies.len()];
    }
    let mut holders: HashMap<&Feature, usize> = HashMap::new();
    for bag in &bags {
        for f in bag.keys() {
            *holders.entry(f).or_default() += 1;
        }
    }
    let offered = bags.len() as f32;
    // A feature no reply holds gets the weight of the rarest: it only lowers every value alike.
    // Every kind of feature counts alike: weighting words against trigrams, or characters
    // against pairs, moved one or two items of the paraphrase set, up or down.
    let weight = |f: &Feature, count: u32| {
        let held = holders.get(f).copied().unwrap_or(1).max(1) as f32;
        (1.0 + (count as f32).ln()) * (1.0 + offered / held).ln()
    };
    let said_weights: HashMap<&Feature, f32> = said.iter().map(|(f, &n)| (f, weight(f, n))).collect();
    let said_norm = norm(said_weights.values().copied());
    bags.iter()
        .map(|bag| {
            let reply_norm = norm(bag.iter().map(|(f, &n)| weight(f, n)));
            let dot: f32 = bag.iter().filter_map(|(f, &n)| said_weights.get(f).map(|w| w * weight(f, n))).sum();
            let value = dot / (said_norm * reply_norm);
            // Also 0.0 for NaN (an empty reply) and for -0.0.
            if value > 0.0 { value.min(1.0) } else { 0.0 }
        })
        .collect()
}

/// The reply to preselect: the index of the closest reply, or None when `said` has nothing to
/// compare (empty after normalisation: no letter, digit or character but English function
/// words) or no reply shares anything with it. Of equally close replies, the first.
pub fn closest(said: &str, replies: &[&str]) -> Option<usize> {
    let mut best = None;
    let mut best_value = 0.0;
    for (i, value) in closeness(said, replies).into_iter().enumerate() {
        if value > best_value {
            best = Some(i);
            best_value = value;
        }
    }
    best
}

/// What a text is compared by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Feature {
    /// A whole word of another script, folded.
    Word(String),
    /// Three characters of such a word, [`EDGE`] standing before its first and after its last.
    Trigram([char; 3]),
    /// One character of a script compared character by character (Chinese).
    Char(char),
    /// Two such characters in a row, punctuation and spaces between them dropped.
    Pair([char; 2]),
}

/// The mark of a word's edge in a trigram: never part of a word.
const EDGE: char = ' ';

/// Each feature of a text with how often it occurs.
type Bag = HashMap<Feature, u32>;

fn norm(weights: impl Iterator<Item = f32>) -> f32 {
    weights.map(|w| w * w).sum::<f32>().sqrt()
}

/// Lower case, full-width ASCII as ASCII, the ideographic space as a space, and any Chinese in
/// Simplified characters with mainland words.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        out.extend(c.to_lowercase());
    }
    if out.chars().any(script::is_han) {
        // Without the dictionaries, the two scripts are compared as written.
        if let Ok(simplified) = script::convert(&out, Lang::ZhHans) {
            out = simplified;
        }
    }
    out
}

/// A script compared character by character: Chinese, Japanese kana, Korean Hangul.
fn unspaced(c: char) -> bool {
    script::is_han(c)
        || matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

fn features(text: &str) -> Bag {
    let text = fold(text);
    let mut bag = Bag::new();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if unspaced(c) {
            add_word(&mut bag, &mut word);
            *bag.entry(Feature::Char(c)).or_default() += 1;
            if let Some(p) = previous {
                *bag.entry(Feature::Pair([p, c])).or_default() += 1;
            }
            previous = Some(c);
        } else if c.is_alphanumeric() {
            word.push(c);
            // A word or number between two characters parts them.
            previous = None;
        } else if matches!(c, '\'' | '\u{2019}') && !word.is_empty() {
            // "don't" is one word, `dont`.
        } else {
            add_word(&mut bag, &mut word);
        }
    }
    add_word(&mut bag, &mut word);
    bag
}

/// English words that carry little of what a reply is about: articles, pronouns,
/// prepositions, conjunctions, auxiliaries and their contractions (written without the
/// apostrophe, as [`features`] reads them). On the paraphrase set, leaving them out raised the
/// English items written without seeing the replies from 50 % to 62 % (13 to 16 of 26); a list
/// that kept the negations and modals did not.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "are", "arent", "as", "at", "be", "been", "but", "by", "can", "cant", "could",
    "couldnt", "did", "didnt", "do", "does", "doesnt", "dont", "for", "from", "had", "has", "have", "he", "her", "him",
    "i", "id", "if", "ill", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "lets", "me", "my", "no",
    "not", "of", "on", "or", "our", "she", "so", "that", "thats", "the", "their", "them", "there", "theres", "they",
    "this", "to", "up", "us", "was", "wasnt", "we", "were", "what", "whats", "will", "with", "wont", "would",
    "wouldnt", "yes", "you", "youd", "youll", "your", "youre", "youve",
];

/// Adds a finished word and its trigrams to the bag, and empties it.
fn add_word(bag: &mut Bag, word: &mut String) {
    if word.is_empty() {
        return;
    }
    if FUNCTION_WORDS.binary_search(&word.as_str()).is_ok() {
        word.clear();
        return;
    }
    let chars: Vec<char> = std::iter::once(EDGE).chain(word.chars()).chain(std::iter::once(EDGE)).collect();
    for w in chars.windows(3) {
        *bag.entry(Feature::Trigram([w[0], w[1], w[2]])).or_default() += 1;
    }
    *bag.entry(Feature::Word(std::mem::take(word))).or_default() += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_compare_gives_none() {
        let replies = ["I'm sorry, Mr. Guo.", "Could you send a screenshot?"];
        for said in ["", "   ", "\t\n", "…！？", "🙂🙃", "\u{3000}\u{3000}"] {
            assert_eq!(closeness(said, &replies), vec![0.0, 0.0], "{said:?}");
            assert_eq!(closest(said, &replies), None, "{said:?}");
        }
        assert!(closeness("sorry", &[]).is_empty());
        assert_eq!(closest("sorry", &[]), None);
        assert_eq!(closest("sorry", &["", "🙂"]), None);
    }

    #[test]
    fn nothing_shared_gives_none() {
        assert_eq!(closest("banana", &["I'm sorry.", "Tell me more."]), None);
        assert_eq!(closest("退款", &["I'm sorry.", "Tell me more."]), None);
    }

    #[test]
    fn the_same_text_is_one_and_values_stay_in_range() {
        let replies = ["I'm sorry, Mr. Guo.", "Could you send me a screenshot of your statement?", "您好，请讲。"];
        for (i, r) in replies.iter().enumerate() {
            let values = closeness(r, &replies);
            assert!((values[i] - 1.0).abs() < 1e-4, "{values:?}");
            assert_eq!(closest(r, &replies), Some(i));
            assert!(values.iter().all(|v| (0.0..=1.0).contains(v)));
        }
    }

    #[test]
    fn a_rewording_finds_its_reply() {
        let replies = [
            "I'm sorry, Mr. Guo. Taking your money twice is our mistake.",
            "Could you send me a screenshot of your statement first, so I can check?",
            "I've got your account up, Mr. Guo. Start from the twenty-eighth.",
        ];
        assert_eq!(closest("can you email me a picture of the bank statement", &replies), Some(1));
        assert_eq!(closest("Sorry, we took your money twice, that's our mistake", &replies), Some(0));
    }

    #[test]
    fn words_every_reply_shares_count_less() {
        // "sorry" and "Mr. Guo" are in both; only "refund" tells them apart.
        let replies = ["Sorry, Mr. Guo, the refund goes out today.", "Sorry, Mr. Guo, I can hear you, a bit quieter."];
        assert_eq!(closest("sorry mr guo sorry, refund", &replies), Some(0));
    }

    #[test]
    fn trigrams_meet_other_forms_of_a_word() {
        let replies = ["They refunded it.", "We called him."];
        assert_eq!(closest("refund", &replies), Some(0));
    }

    #[test]
    fn full_width_and_case_fold() {
        let replies = ["Is the LOS light red?", "I'll ring you at seven."];
        assert_eq!(closest("ｌｏｓ　ＲＥＤ？", &replies), Some(0));
        assert_eq!(closeness("IS THE LOS LIGHT RED", &replies)[0], closeness("is the los light red", &replies)[0]);
    }

    #[test]
    fn chinese_without_segmentation_or_punctuation() {
        let replies = ["您好，请问有什么可以帮您？", "对不起，是我们扣错了钱。", "麻烦您先发一张截图给我。"];
        assert_eq!(closest("扣错钱了 对不起", &replies), Some(1));
        assert_eq!(closest("截图发我一下", &replies), Some(2));
    }

    #[test]
    fn traditional_words_meet_simplified_replies_and_back() {
        let simplified = ["我帮您查一下宽带线路。", "您先把软件重新装一遍试试。"];
        assert_eq!(closest("要不要把軟體重裝一下", &simplified), Some(1));
        assert_eq!(closest("我查一下寬頻", &simplified), Some(0));
        let traditional = ["我幫您查一下寬頻線路。", "您先把軟體重新裝一遍試試。"];
        assert_eq!(closest("把软件重装一下", &traditional), Some(1));
    }

    #[test]
    fn mixed_scripts_and_odd_input_do_not_panic() {
        let replies = ["LINE官方帳號", "218元 WeChat", "Ünïcödé straße", "\u{0301}\u{200d}", "a\u{0}b", "Ⅻ ①"];
        for said in [
            "LINE 帳號",
            "218",
            "STRASSE",
            "\u{FEFF}",
            "ÀÉÎ",
            "e\u{0301}",
            "🇹🇼🇨🇳",
            "'",
            "''''",
            "x'",
            "'x",
            "\u{10FFFF}",
        ] {
            let values = closeness(said, &replies);
            assert_eq!(values.len(), replies.len());
            assert!(values.iter().all(|v| (0.0..=1.0).contains(v)), "{said:?}: {values:?}");
            assert!(closest(said, &replies).is_none_or(|i| i < replies.len()), "{said:?}");
        }
        assert_eq!(closest("LINE 帳號", &replies), Some(0));
        assert_eq!(closest("218", &replies), Some(1));
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        let bag = features("Won’t, bob's");
        assert!(bag.contains_key(&Feature::Word("bobs".into())));
        assert!(!bag.contains_key(&Feature::Word("s".into())));
        assert!(!bag.contains_key(&Feature::Word("t".into())), "wont is a function word");
    }

    #[test]
    fn function_words_are_sorted_and_left_out() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]), "binary search needs them sorted");
        assert!(features("I'm sure you can do it, and we will").keys().all(|f| *f != Feature::Word("you".into())));
        assert_eq!(closest("you and I", &["You and I.", "We and they."]), None, "nothing but function words");
    }
}
