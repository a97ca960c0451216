//! The engine's words in each language, which are data rather than interface text: the
//! caller content it falls back on when a call or persona file leaves it out (closing
//! lines for each ending, interjections when agreeing, relapsing or breaking a silence,
//! the default persona's name), the polite bot's word list, and the display names of the
//! xAPI verbs in statements. This is dialogue, like
//! the calls themselves; every sentence of the interface lives in `crate::text`.

use crate::engine::call::lang::{Lang, Localized};
use crate::engine::call::mode::EndingKind;

/// The caller's last line for an ending the call does not write.
pub fn ending_line(kind: EndingKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (EndingKind::Resolved, Lang::ZhHans) => "好吧，那就这样，谢谢你。",
        (EndingKind::Escalated, Lang::ZhHans) => "不用说了，我要投诉，让你们领导来处理！",
        (EndingKind::HungUp, Lang::ZhHans) => "算了，跟你说不通！（对方挂断了电话）",
        (EndingKind::Resolved, Lang::ZhHant) => "好吧，那就先這樣，謝謝你。",
        (EndingKind::Escalated, Lang::ZhHant) => "不用講了，我要申訴，請你們主管出來處理！",
        (EndingKind::HungUp, Lang::ZhHant) => "算了，跟你講不通！（對方掛斷了電話）",
        (EndingKind::Resolved, Lang::En) => "Fine. Thanks, that's all.",
        (EndingKind::Escalated, Lang::En) => "Forget it. I'm filing a complaint and I want your manager on this.",
        (EndingKind::HungUp, Lang::En) => "I'm done talking to you. (The caller hangs up.)",
        (EndingKind::AgentEnded, Lang::ZhHans) => "（通话已由客服结束。）",
        (EndingKind::AgentEnded, Lang::ZhHant) => "（通話已由客服結束。）",
        (EndingKind::AgentEnded, Lang::En) => "(The agent ends the call.)",
    }
}

/// The caller's interjections in one language (the model's `CallerLines`, as data).
#[derive(Clone, Copy, Debug)]
pub struct Interjections {
    pub agree: &'static [&'static str],
    pub relapse: &'static [&'static str],
    pub silence: &'static [&'static str],
}

/// The caller's interjections for a call that writes none.
pub fn caller_lines(lang: Lang) -> Interjections {
    match lang {
        Lang::ZhHans => Interjections {
            agree: &["对，就是这样。", "没错，就是这个意思。", "嗯，是这样。"],
            relapse: &["你先别跟我讲这些！", "说这些有什么用？我的问题到底怎么办！"],
            silence: &["喂？你还在吗？说话啊！", "怎么不说话了？"],
        },
        Lang::ZhHant => Interjections {
            agree: &["對，就是這樣。", "沒錯，就是這個意思。", "嗯，是這樣沒錯。"],
            relapse: &["你先不要跟我講這些！", "講這些有什麼用？我的問題到底要怎麼處理！"],
            silence: &["喂？你還在嗎？說話啊！", "怎麼不講話了？"],
        },
        Lang::En => Interjections {
            agree: &["Yes, exactly.", "Right, that's it.", "Yes. That's what I'm saying."],
            relapse: &["Don't give me that!", "What good is that? What about my problem?"],
            silence: &["Hello? Are you still there?", "Are you even listening?"],
        },
    }
}

/// The name of the persona used when a call names none.
pub fn default_persona_name() -> Localized {
    Localized::new("普通来电者", "一般來電者", "Ordinary caller")
}

/// The polite bot's words, per language: service phrases that sound good whatever the
/// reply does. Matched case-insensitively, each occurrence counting once.
pub const POLITE_WORDS: [(Lang, &[&str]); 3] = [
    (Lang::ZhHans, &["您", "请", "抱歉", "对不起", "不好意思", "谢谢", "感谢", "理解", "麻烦", "非常"]),
    (Lang::ZhHant, &["您", "請", "抱歉", "對不起", "不好意思", "謝謝", "感謝", "理解", "麻煩", "非常"]),
    (
        Lang::En,
        &[
            "please",
            "sorry",
            "apologi",
            "thank",
            "understand",
            "appreciate",
            "certainly",
            "of course",
            "happy to",
            "glad",
        ],
    ),
];

/// The display name of an ADL xAPI verb (`…/verbs/completed`) in `lang`; the verb's last
/// path segment for a verb Calmline does not send.
pub fn verb_display(verb: &str, lang: Lang) -> &str {
    let name = verb.rsplit('/').next().unwrap_or(verb);
    let words: [&str; 3] = match name {
        "completed" => ["完成", "完成", "completed"],
        "attempted" => ["尝试", "嘗試", "attempted"],
        "passed" => ["通过", "通過", "passed"],
        "failed" => ["未通过", "未通過", "failed"],
        "answered" => ["回答", "回答", "answered"],
        _ => return name,
    };
    match lang {
        Lang::ZhHans => words[0],
        Lang::ZhHant => words[1],
        Lang::En => words[2],
    }
}

/// The phrase-cue bot's lists, per language: ten phrases that sound good (apologies, the
/// "is that right?" check, "you're right") and ten that sound bad (policy, hold, transfer,
/// "calm down"). The bot picks the reply with the most good ones less the bad ones; a
/// call it wins rewards the sound of a reply rather than its technique.
pub const CUE_PHRASES: [(Lang, &[&str], &[&str]); 3] = [
    (
        Lang::ZhHans,
        &["抱歉", "对不起", "不好意思", "您说得对", "对吗", "理解", "感谢", "马上", "帮您", "放心"],
        &["规定", "流程", "不归", "没办法", "请稍等", "转接", "冷静", "系统", "恐怕", "不能"],
    ),
    (
        Lang::ZhHant,
        &["抱歉", "對不起", "不好意思", "您說得對", "對嗎", "理解", "感謝", "馬上", "幫您", "放心"],
        &["規定", "流程", "不歸", "沒辦法", "請稍等", "轉接", "冷靜", "系統", "恐怕", "不能"],
    ),
    (
        Lang::En,
        &[
            "sorry",
            "apologi",
            "you're right",
            "is that right",
            "i understand",
            "thank",
            "right away",
            "let me",
            "of course",
            "i hear",
        ],
        &[
            "policy",
            "i'm afraid",
            "please hold",
            "transfer",
            "calm down",
            "not our",
            "procedure",
            "system",
            "you need to",
            "can't",
        ],
    ),
];
