//! The report's words, one table per language.

use crate::engine::Lang;

pub struct Words {
    pub html_lang: &'static str,
    /// ": " in English, a full-width colon in Chinese.
    pub colon: &'static str,
    pub comma: &'static str,
    pub semicolon: &'static str,
    pub lparen: &'static str,
    pub rparen: &'static str,
    pub title: &'static str,
    pub generated: &'static str,
    pub folders: &'static str,
    pub period: &'static str,
    pub overview: &'static str,
    pub sessions_counted: &'static str,
    pub trainees: &'static str,
    pub calls: &'static str,
    pub mean_score: &'static str,
    pub resolved_rate: &'static str,
    pub resolved: &'static str,
    pub escalated: &'static str,
    pub hung_up: &'static str,
    pub trainee: &'static str,
    pub sessions: &'static str,
    pub interrupted: &'static str,
    pub best: &'static str,
    pub mean: &'static str,
    pub median: &'static str,
    pub min: &'static str,
    pub max: &'static str,
    pub slips: &'static str,
    pub no_slips: &'static str,
    pub progress: &'static str,
    pub progress_axis_x: &'static str,
    pub score: &'static str,
    pub grade: &'static str,
    pub when: &'static str,
    pub call: &'static str,
    pub outcome: &'static str,
    pub best_by_call: &'static str,
    pub chart_trainees: &'static str,
    pub chart_outcomes: &'static str,
    pub distribution: &'static str,
    pub count: &'static str,
    pub where_lost: &'static str,
    pub lost_chart: &'static str,
    pub no_losses: &'static str,
    pub node: &'static str,
    pub reply: &'static str,
    pub technique: &'static str,
    pub picks: &'static str,
    pub picked: &'static str,
    pub anger_change: &'static str,
    pub lost_after: &'static str,
    pub in_lost_calls: &'static str,
    pub silence: &'static str,
    pub files: &'static str,
    pub skipped_files: &'static str,
    pub no_skipped: &'static str,
    pub file: &'static str,
    pub reason: &'static str,
    pub nothing: &'static str,
    pub caller_said: &'static str,
    pub versions_note: &'static str,
    pub previews_note: &'static str,
    pub interrupted_note: &'static str,
    pub footer: &'static str,
    pub javascript_free: &'static str,
}

pub const EN: Words = Words {
    html_lang: "en",
    colon: ": ",
    comma: ", ",
    semicolon: "; ",
    lparen: " (",
    rparen: ")",
    title: "Calmline training report",
    generated: "Generated",
    folders: "Records folders",
    period: "Calls from",
    overview: "Overview",
    sessions_counted: "Sessions counted",
    trainees: "Trainees",
    calls: "Calls",
    mean_score: "Mean score",
    resolved_rate: "Resolved",
    resolved: "Resolved",
    escalated: "Escalated",
    hung_up: "Hung up",
    trainee: "Trainee",
    sessions: "Sessions",
    interrupted: "Interrupted",
    best: "Best",
    mean: "Mean",
    median: "Median",
    min: "Min",
    max: "Max",
    slips: "Most frequent slips",
    no_slips: "No slips recorded.",
    progress: "Progress over time",
    progress_axis_x: "Session",
    score: "Score",
    grade: "Grade",
    when: "When (UTC)",
    call: "Call",
    outcome: "Outcome",
    best_by_call: "Best score by trainee and call",
    chart_trainees: "Mean score (bar) and best score (dot) per trainee",
    chart_outcomes: "How calls ended, per call",
    distribution: "Score distribution",
    count: "Sessions",
    where_lost: "Where callers are lost",
    lost_chart: "Calls lost at each node",
    no_losses: "No caller was lost in this call.",
    node: "Node",
    reply: "Reply",
    technique: "Technique",
    picks: "Which reply trainees pick at each node",
    picked: "Picked",
    anger_change: "Anger change",
    lost_after: "Ended the call badly",
    in_lost_calls: "In lost calls",
    silence: "(silence)",
    files: "Files",
    skipped_files: "Skipped files",
    no_skipped: "Every file was read as a record.",
    file: "File",
    reason: "Why it was skipped",
    nothing: "No calls to report yet.",
    caller_said: "Caller",
    versions_note: "These sessions were played on different versions of the call file.",
    previews_note: "Trainer previews (with jumps or a hand-set anger) are not counted.",
    interrupted_note: "Interrupted calls (recovered after a crash) add their turns to the node statistics but have no score.",
    footer: "Made by Calmline",
    javascript_free: "This page is one file with no scripts or downloads: it can be opened offline and sent by e-mail.",
};

pub const ZH: Words = Words {
    html_lang: "zh-CN",
    colon: "：",
    comma: "，",
    semicolon: "；",
    lparen: "（",
    rparen: "）",
    title: "Calmline 培训报告",
    generated: "生成时间",
    folders: "记录文件夹",
    period: "通话时间",
    overview: "概览",
    sessions_counted: "计入统计的练习",
    trainees: "学员",
    calls: "通话",
    mean_score: "平均分",
    resolved_rate: "解决率",
    resolved: "问题解决",
    escalated: "投诉升级",
    hung_up: "客户挂断",
    trainee: "学员",
    sessions: "练习次数",
    interrupted: "中断",
    best: "最高分",
    mean: "平均分",
    median: "中位数",
    min: "最低",
    max: "最高",
    slips: "最常见的失误",
    no_slips: "没有记录到失误。",
    progress: "成绩变化",
    progress_axis_x: "第几次练习",
    score: "得分",
    grade: "等级",
    when: "时间（UTC）",
    call: "通话",
    outcome: "结果",
    best_by_call: "各学员在各通话中的最高分",
    chart_trainees: "各学员的平均分（柱）和最高分（点）",
    chart_outcomes: "各通话的结果分布",
    distribution: "得分分布",
    count: "练习次数",
    where_lost: "在哪里失去了客户",
    lost_chart: "各节点上失去的通话",
    no_losses: "这通电话中没有失去客户。",
    node: "节点",
    reply: "回复",
    technique: "技巧",
    picks: "学员在每个节点选择的回复",
    picked: "选择",
    anger_change: "怒气变化",
    lost_after: "直接导致通话失败",
    in_lost_calls: "出现在失败的通话中",
    silence: "（沉默）",
    files: "文件",
    skipped_files: "跳过的文件",
    no_skipped: "所有文件都读取为通话记录。",
    file: "文件",
    reason: "跳过原因",
    nothing: "还没有可以统计的通话。",
    caller_said: "客户",
    versions_note: "这些练习是在这通电话的不同版本上完成的。",
    previews_note: "培训师预览（跳转节点或手动设置怒气）不计入统计。",
    interrupted_note: "中断的通话（崩溃后恢复）计入节点统计，但没有得分。",
    footer: "由 Calmline 生成",
    javascript_free: "本页面是一个不含脚本、不需下载任何资源的文件：可以离线打开，也可以通过邮件发送。",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The singular or plural English word for `n` things.
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// "9 visits" at a node.
pub fn visits(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 次到达"),
        Lang::En => format!("{n} {}", plural(n, "visit", "visits")),
    }
}

/// "Read N files, skipped M."
pub fn read_skipped(lang: Lang, files: usize, skipped: usize) -> String {
    match lang {
        Lang::Zh => format!("读取了 {files} 个文件，跳过 {skipped} 个。"),
        Lang::En => format!("Read {files} {}, skipped {skipped}.", plural(files, "file", "files")),
    }
}

/// "10 records: 8 complete sessions, 1 interrupted, 1 trainer preview."
pub fn records_line(lang: Lang, records: usize, counted: usize, interrupted: usize, previews: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "{records} 条记录：{counted} 次完整练习计入统计，{interrupted} 次中断，{previews} 次培训师预览（不计入）。"
        ),
        Lang::En => format!(
            "{records} {}: {counted} complete {} counted, {interrupted} interrupted, {previews} trainer {} (not counted).",
            plural(records, "record", "records"),
            plural(counted, "session", "sessions"),
            plural(previews, "preview", "previews"),
        ),
    }
}

/// "first 2 sessions: mean 48 → last 2: mean 81 (+33)".
pub fn trend(lang: Lang, window: usize, early: f32, late: f32) -> String {
    let change = late - early;
    match lang {
        Lang::Zh => format!("前 {window} 次平均 {early:.0} → 最近 {window} 次平均 {late:.0}（{change:+.0}）"),
        Lang::En => format!(
            "first {window} {s}: mean {early:.0} → last {window}: mean {late:.0} ({change:+.0})",
            s = if window == 1 { "session" } else { "sessions" }
        ),
    }
}

/// "6 sessions by 3 trainees".
pub fn sessions_by(lang: Lang, sessions: usize, trainees: usize) -> String {
    match lang {
        Lang::Zh => format!("{trainees} 名学员共 {sessions} 次练习"),
        Lang::En => format!(
            "{sessions} {} by {trainees} {}",
            if sessions == 1 { "session" } else { "sessions" },
            if trainees == 1 { "trainee" } else { "trainees" }
        ),
    }
}

/// "2 interrupted".
pub fn interrupted_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 次中断"),
        Lang::En => format!("{n} interrupted"),
    }
}
