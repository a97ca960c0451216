//! Generated scenarios of any size, for benchmarks and property tests.

use crate::engine::call::technique::Technique;
use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use std::fmt::Write;

/// A valid scenario file with `nodes` caller nodes, four replies each, in RON. Every node
/// can move on to the next; the last ones lead to the endings. The same `seed` gives the
/// same file.
pub fn synthetic_scenario(nodes: usize, seed: u64) -> String {
    let nodes = nodes.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = String::with_capacity(nodes * 700);
    let _ = writeln!(
        out,
        "// Generated: {nodes} nodes, seed {seed}.\nScenario(\n    id: \"synthetic-{nodes}\",\n    title: \"Synthetic call\",\n    lang: \"en\",\n    brief: \"A generated call.\",\n    difficulty: 3,\n    caller: (name: \"Caller\", anger: 85),\n    time_limit: 30,\n    max_turns: 60,\n    start: \"n0\",\n    nodes: {{"
    );
    for i in 0..nodes {
        let _ = writeln!(
            out,
            "        \"n{i}\": (\n            line: \"Line {i}: I want this fixed.\",\n            variants: [\"Line {i}, again: fix it.\"],\n            replies: ["
        );
        for r in 0..4 {
            let t = Technique::ALL[rng.random_range(0..Technique::ALL.len())];
            let next = if i + 1 >= nodes {
                match r {
                    0 => "\"done\"".to_string(),
                    1 => "\"complaint\"".to_string(),
                    _ => "\"gone\"".to_string(),
                }
            } else {
                match r {
                    0 => format!("\"n{}\"", i + 1),
                    1 => format!("\"n{}\"", (i + 1 + rng.random_range(0..3usize)).min(nodes - 1)),
                    2 => format!("\"n{}\"", rng.random_range(0..=i)),
                    _ => "\"gone\"".to_string(),
                }
            };
            let by_mode = if r == 1 && i + 1 < nodes {
                format!(", next_by_mode: (reasoning: \"n{}\")", (i + 2).min(nodes - 1))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "                (text: \"Reply {r} at {i}\", technique: \"{}\", feedback: \"Why reply {r} matters.\", next: {next}{by_mode}),",
                t.id()
            );
        }
        let _ = writeln!(out, "            ],\n        ),");
    }
    let _ = writeln!(
        out,
        "    }},\n    endings: {{\n        \"done\": (kind: resolved, line: \"Thanks.\"),\n        \"complaint\": (kind: escalated, line: \"I'm complaining.\"),\n        \"gone\": (kind: hung_up, line: \"Bye.\"),\n    }},\n)"
    );
    out
}
