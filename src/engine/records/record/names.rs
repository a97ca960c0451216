//! The names of files in a records folder. A record's id, and the stem of its file name,
//! is `{stamp}_{trainee}_{scenario}`, with the names made safe for any file system by
//! [`safe_name`] (which never keeps a `_`); a journal is `{id}.journal`. The game finds a
//! trainee's records by the trainee part ([`trainee_part`]).

/// The extension of journal files (calls in progress).
pub const JOURNAL_EXT: &str = "journal";
/// The most characters and bytes a name contributes to a file name.
const NAME_CHARS: usize = 40;
const NAME_BYTES: usize = 80;

/// A name made safe for any file system: letters and digits of any script are kept,
/// everything else (spaces, slashes, dots, punctuation, control characters) becomes `-`,
/// and the result is at most 40 characters and 80 bytes, so that a file name built from
/// two names stays far below the usual 255-byte limit. The real name is always kept
/// inside the record.
pub fn safe_name(name: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let mut dash = false;
    for c in name.chars() {
        let piece = if c.is_alphanumeric() {
            dash = false;
            c
        } else if !dash && !out.is_empty() {
            dash = true;
            '-'
        } else {
            continue;
        };
        if chars + 1 > NAME_CHARS || out.len() + piece.len_utf8() > NAME_BYTES {
            break;
        }
        out.push(piece);
        chars += 1;
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "trainee".to_string() } else { out }
}

/// The id of a call by `trainee` on `scenario` started at `stamp` (`YYYYMMDD-HHMMSS`).
pub(super) fn call_id(stamp: &str, trainee: &str, scenario: &str) -> String {
    format!("{stamp}_{}_{}", safe_name(trainee), safe_name(scenario))
}

/// The trainee part of a record file's stem: the second `_`-separated field of
/// `{stamp}_{trainee}_{scenario}[-n]`, as [`safe_name`] made it. `None` for a stem not
/// shaped like an id.
pub(super) fn trainee_part(stem: &str) -> Option<&str> {
    let mut fields = stem.split('_');
    let (_stamp, trainee, _scenario) = (fields.next()?, fields.next()?, fields.next()?);
    Some(trainee)
}

/// A record id made usable as a file name (ids written by Calmline already are).
pub(super) fn safe_file_stem(id: &str) -> String {
    let mut out: String =
        id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_') { c } else { '-' }).collect();
    while out.len() > 200 {
        out.pop();
    }
    let out = out.trim_start_matches(['-', '.']).to_string();
    if out.is_empty() { "record".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_keep_letters_of_any_script() {
        assert_eq!(safe_name("王小明"), "王小明");
        assert_eq!(safe_name("Anna Lee"), "Anna-Lee");
        assert_eq!(safe_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_name("a/b\\c:d*e?f"), "a-b-c-d-e-f");
        assert_eq!(safe_name("..."), "trainee");
        assert_eq!(safe_name(""), "trainee");
        assert_eq!(safe_name("a\0b\nc"), "a-b-c");
        assert_eq!(safe_name(&"x".repeat(500)).chars().count(), NAME_CHARS);
        let long = safe_name(&"长".repeat(500));
        assert!(long.len() <= NAME_BYTES && long.chars().all(|c| c == '长'), "{long}");
        assert_eq!(long.chars().count(), NAME_BYTES / 3);
    }

    #[test]
    fn file_stems_from_foreign_ids_are_safe() {
        assert_eq!(safe_file_stem("20260101-101010_Anna_refund"), "20260101-101010_Anna_refund");
        assert_eq!(safe_file_stem("../x"), "x");
        assert_eq!(safe_file_stem(""), "record");
        assert!(safe_file_stem(&"长".repeat(300)).len() <= 200);
    }

    #[test]
    fn the_trainee_part_is_the_second_field_of_an_id() {
        let id = call_id("20260302-090512", "Ann_Lee", "refund");
        assert_eq!(id, "20260302-090512_Ann-Lee_refund");
        assert_eq!(trainee_part(&id), Some("Ann-Lee"));
        assert_eq!(trainee_part("20260302-090512_王小明_refund-2"), Some("王小明"));
        assert_eq!(trainee_part("20260302-090512_Ann"), None);
        assert_eq!(trainee_part("notes"), None);
    }
}
