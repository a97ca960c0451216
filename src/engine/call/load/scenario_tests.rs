//! The tests a scenario file carries (`tests: [...]`): names, reply numbers and expected
//! scores, each checked and located for `calmline test`.

use super::context::{Ctx, join, non_empty};
use super::raw;
use super::spans::Seg;
use crate::engine::call::diag::{Severity, msg};
use crate::engine::call::model::ScenarioTest;

/// The scenario's tests: names, reply numbers (1 or more) and scores in range.
pub(super) fn build_tests(cx: &mut Ctx, raw: &[raw::RawTest]) -> Vec<ScenarioTest> {
    use Seg::{Field, Index};
    let mut tests = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let at = [Field("tests"), Index(i)];
        non_empty(cx, &t.name, &join(&at, &[Field("name")]), msg!(diag_empty_test_name));
        if raw[..i].iter().any(|other| other.name.trim() == t.name.trim()) {
            cx.at(Severity::Error, "duplicate-id", &join(&at, &[Field("name")]), msg!(diag_test_twice, t.name));
        }
        let mut path = Vec::with_capacity(t.path.len());
        for (j, &n) in t.path.iter().enumerate() {
            if !(1..=99).contains(&n) {
                cx.at(Severity::Error, "out-of-range", &join(&at, &[Field("path"), Index(j)]), msg!(diag_reply_number));
            }
            path.push(n.clamp(1, 99) as usize);
        }
        if t.path.is_empty() {
            cx.at(Severity::Error, "empty-text", &join(&at, &[Field("path")]), msg!(diag_test_no_path));
        }
        let mut score = |v: Option<i64>, field: &'static str| match v {
            Some(v) if (0..=100).contains(&v) => Some(v as u8),
            Some(_) => {
                cx.at(
                    Severity::Error,
                    "out-of-range",
                    &join(&at, &[Field("expect"), Field(field)]),
                    msg!(diag_score_range),
                );
                None
            }
            None => None,
        };
        let min_score = score(t.expect.min_score, "min_score");
        let max_score = score(t.expect.max_score, "max_score");
        let (line, column) =
            cx.spans().value(&at).map_or((0, 0), |r| crate::engine::call::diag::line_col(cx.text, r.start));
        tests.push(ScenarioTest {
            name: t.name.trim().to_string(),
            path,
            seed: t.seed.unwrap_or(1),
            outcome: t.expect.outcome,
            min_score,
            max_score,
            line,
            column,
        });
    }
    tests
}
