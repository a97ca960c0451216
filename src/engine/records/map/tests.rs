use super::*;
use crate::engine::call::load::{PersonaSet, ScenarioContext, parse_scenario_draft};
use crate::engine::call::persona::EndingKind;
use crate::engine::judge::simulate::{Policy, simulate};
use std::path::Path;
use std::sync::Arc;

/// A small call with two replies to the same node, a reply that goes elsewhere by mode,
/// a node nothing reaches and a node with no way out (it loops on itself).
const CALL: &str = r#"
Scenario(
    id: "map-test",
    title: "Map test",
    lang: "en",
    brief: "A call for the map's tests.",
    caller: (name: "Ms Lee", anger: 80),
    start: "open",
    nodes: {
        "open": (
            line: "You charged me for a plan I cancelled! Again! And nobody ever calls back.",
            replies: [
                (text: "Tell me what happened.", technique: "let-vent", feedback: "Good.", next: "mid"),
                (text: "So you were charged again?", technique: "paraphrase", feedback: "Good.", next: "mid"),
                (text: "That's the policy.", technique: "reason-too-early", feedback: "Bad.",
                 next_by_mode: (attack: "angry", emotion: "mid", reasoning: "done")),
            ],
        ),
        "mid": (
            line: "Yes. Fix it.",
            replies: [
                (text: "I'll refund it today.", technique: "point-direction", feedback: "Good.", next: "done"),
                (text: "Calm down.", technique: "tone-policing", feedback: "Bad.", next: "complaint"),
                (text: "Let me check something.", technique: "other", feedback: "Hm.", next: "stuck"),
            ],
        ),
        "angry": (
            line: "Policy? Unbelievable.",
            replies: [
                (text: "I'm sorry.", technique: "apologise", feedback: "Good.", next: "mid"),
                (text: "Bye.", technique: "brush-off", feedback: "Bad.", next: "gone"),
            ],
        ),
        "stuck": (
            line: "Still waiting.",
            replies: [(text: "Still checking.", technique: "other", feedback: "Hm.", next: "stuck")],
        ),
        "orphan": (
            line: "Nobody gets here.",
            replies: [(text: "Done.", technique: "close-call", feedback: "Fine.", next: "done")],
        ),
    },
    endings: {
        "done": (kind: resolved, line: "Fine, thank you."),
        "complaint": (kind: escalated, line: "I want your supervisor."),
        "gone": (kind: hung_up, line: "Forget it."),
    },
)
"#;

fn call() -> Scenario {
    let (s, diags) =
        parse_scenario_draft(Path::new("map-test.ron"), CALL, &PersonaSet::default(), ScenarioContext::default());
    let mut codes: Vec<&str> = diags.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["no-way-out", "unreachable"]);
    s.expect("a draft with only graph errors loads")
}

fn overlap(a: &MapNode, b: &MapNode) -> bool {
    (a.x - b.x).abs() < (a.w + b.w) / 2.0 && (a.y - b.y).abs() < (a.h + b.h) / 2.0
}

#[test]
fn snippets_cut_at_words_and_characters() {
    let line = "Four hundred dollars! For one week! Who signed me up for this?";
    assert_eq!(snippet(line, 20), "Four hundred…");
    assert_eq!(snippet("Short  and\nsweet.", 40), "Short and sweet.");
    // Chinese is cut between characters (each two units wide).
    assert_eq!(
        snippet(
            "\u{4f60}\u{4eec}\u{53c8}\u{6263}\u{4e86}\u{6211}\u{4e24}\u{6b21}\u{94b1}\u{ff0c}\u{623f}\u{79df}\u{90fd}\u{9000}\u{56de}\u{6765}\u{4e86}\u{ff01}",
            10
        ),
        "\u{4f60}\u{4eec}\u{53c8}\u{6263}…"
    );
    assert_eq!(snippet("Supercalifragilisticexpialidocious", 10), "Supercali…");
    assert_eq!(text_units("ab\u{4f60}"), 4);
}

#[test]
fn the_map_has_every_node_ending_and_reply() {
    let s = call();
    let map = layout(&s);
    let ids: Vec<&str> = map.nodes.iter().map(|n| n.id.as_str()).collect();
    // `done` is reached from three nodes: it has a box beside each (see the split test).
    assert_eq!(ids, ["open", "mid", "angry", "stuck", "orphan", "done", "complaint", "gone", "done", "done"]);
    assert!(map.nodes[0].start && map.nodes.iter().filter(|n| n.start).count() == 1);
    assert_eq!(map.nodes[5].kind, MapNodeKind::Ending(EndingKind::Resolved));
    // Every reply has an edge per distinct target: 3 + 2 (by mode) + 3 + 2 + 1 + 1.
    assert_eq!(map.edges.len(), 12);
    for (i, node) in s.nodes.iter().enumerate() {
        for r in 0..node.replies.len() {
            assert!(map.edges.iter().any(|e| e.node == i && e.reply == r), "{}:{r}", node.id);
        }
    }
    // The by-mode reply: attack to `angry`, emotion to `mid`, reasoning to `done`.
    let by_mode: Vec<(&str, Vec<Mode>)> = map
        .edges
        .iter()
        .filter(|e| e.node == 0 && e.reply == 2)
        .map(|e| (map.nodes[e.to].id.as_str(), e.modes.clone()))
        .collect();
    assert_eq!(by_mode, [("angry", vec![Mode::Attack]), ("mid", vec![Mode::Emotion]), ("done", vec![Mode::Reasoning])]);
    assert!(map.edges.iter().filter(|e| e.node == 0 && e.reply == 2).all(|e| e.mode.is_some() && e.label.is_some()));
    assert!(map.edges.iter().filter(|e| e.node == 1).all(|e| e.mode.is_none()));
    assert_eq!(map.nodes[0].snippet, snippet(&s.nodes[0].line, SNIPPET_UNITS));
    assert!(map.nodes[0].snippet.ends_with('…'));
}

#[test]
fn broken_graphs_are_flagged() {
    let map = layout(&call());
    let flags = |id: &str| map.nodes[map.find(id).unwrap()].flags;
    assert!(flags("orphan").unreachable);
    assert!(!flags("orphan").no_way_out);
    assert!(flags("stuck").no_way_out);
    assert!(!flags("stuck").unreachable);
    for id in ["open", "mid", "angry", "done", "complaint", "gone"] {
        assert_eq!((flags(id).unreachable, flags(id).no_way_out), (false, false), "{id}");
    }
}

#[test]
fn boxes_do_not_overlap_and_arrows_join_their_borders() {
    let map = layout(&call());
    for (i, a) in map.nodes.iter().enumerate() {
        assert!(a.x - a.w / 2.0 >= 0.0 && a.x + a.w / 2.0 <= map.width, "{} inside", a.id);
        assert!(a.y - a.h / 2.0 >= 0.0 && a.y + a.h / 2.0 <= map.height, "{} inside", a.id);
        for b in &map.nodes[i + 1..] {
            assert!(!overlap(a, b), "{} and {} overlap", a.id, b.id);
        }
    }
    for e in &map.edges {
        assert!(e.points.len() >= 2);
        assert!(e.points.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        // Starts near the source and ends near the target (within its box and a lane).
        let near = |p: (f32, f32), n: &MapNode| {
            (p.0 - n.x).abs() <= n.w / 2.0 + 2.0 * LANE_GAP && (p.1 - n.y).abs() <= n.h / 2.0 + 2.0 * LANE_GAP
        };
        if e.from != e.to {
            assert!(near(e.points[0], &map.nodes[e.from]), "{e:?}");
            assert!(near(*e.points.last().unwrap(), &map.nodes[e.to]), "{e:?}");
        }
    }
    // The three replies from `open` to `mid` are side by side.
    let lanes: Vec<(usize, usize)> =
        map.edges.iter().filter(|e| e.node == 0 && map.nodes[e.to].id == "mid").map(|e| (e.lane, e.lanes)).collect();
    assert_eq!(lanes, [(0, 3), (1, 3), (2, 3)]);
}

#[test]
fn a_simulate_report_marks_the_paths_and_what_no_bot_reached() {
    let s = Arc::new(call());
    let sim = simulate(&s, 20, 1, &[Policy::Best, Policy::Method]);
    let map = layout_with(&s, Some(&sim));
    assert!(map.nodes[0].flags.best && map.nodes[0].flags.method);
    assert!(map.edges.iter().any(|e| e.best) && map.edges.iter().any(|e| e.method));
    // The best path ends resolved: its last box is a box of the resolved ending.
    assert!(map.nodes.iter().any(|n| n.id == "done" && n.flags.best));
    // Nobody reaches the orphan; its reply is never picked.
    assert!(map.nodes[map.find("orphan").unwrap()].flags.never_visited);
    assert!(map.edges.iter().filter(|e| e.node == 4).all(|e| e.never_visited));
    // Without a report, nothing is marked.
    let plain = layout(&s);
    assert!(plain.nodes.iter().all(|n| !n.flags.best && !n.flags.method && !n.flags.never_visited));
}

#[test]
fn an_ending_many_nodes_lead_to_has_a_box_beside_each() {
    let s = call();
    let map = layout(&s);
    let done: Vec<(usize, &MapNode)> = map.nodes.iter().enumerate().filter(|(_, n)| n.id == "done").collect();
    assert_eq!(done.iter().map(|(_, n)| n.copy).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(
        done.iter().all(|(_, n)| n.ending == done[0].1.ending && n.kind == MapNodeKind::Ending(EndingKind::Resolved))
    );
    // Each box of `done` is reached from one node: open (by mode), mid and orphan.
    let sources: Vec<Vec<&str>> = done
        .iter()
        .map(|(b, _)| {
            let mut from: Vec<&str> =
                map.edges.iter().filter(|e| e.to == *b).map(|e| map.nodes[e.from].id.as_str()).collect();
            from.dedup();
            from
        })
        .collect();
    assert_eq!(sources, [vec!["open"], vec!["mid"], vec!["orphan"]]);
    // A reply finds the box beside its node.
    let done_index = s.endings.iter().position(|e| e.id == "done").unwrap();
    let mid = s.node_index("mid").unwrap();
    assert_eq!(map.target_box(mid, Target::Ending(done_index)), Some(done[1].0));
    // Endings fewer nodes lead to keep one box.
    assert_eq!(map.nodes.iter().filter(|n| n.id == "complaint").count(), 1);
}

#[test]
fn generated_calls_of_any_shape_are_laid_out() {
    use crate::engine::call::load::parse_scenario;
    use crate::engine::call::testkit::synthetic_scenario;
    // Up to a call too large for the layout, drawn in rows.
    for (nodes, seed) in [(1, 1), (5, 2), (30, 3), (30, 4), (60, 5), (120, 6)] {
        let t0 = std::time::Instant::now();
        let text = synthetic_scenario(nodes, seed);
        let (s, _) =
            parse_scenario(Path::new("synthetic.ron"), &text, &PersonaSet::default(), ScenarioContext::default());
        let s = s.expect("a generated call loads");
        let map = layout(&s);
        assert_eq!(map.nodes.iter().filter(|n| n.index.is_some()).count(), nodes);
        for (i, a) in map.nodes.iter().enumerate() {
            for b in &map.nodes[i + 1..] {
                assert!(!overlap(a, b), "{nodes}/{seed}: {} and {} overlap", a.id, b.id);
            }
        }
        assert!(
            map.edges
                .iter()
                .all(|e| e.points.len() >= 2 && e.points.iter().all(|p| p.0.is_finite() && p.1.is_finite()))
        );
        // Seconds at most, even in a debug build (a 30-node call with arrows back and forth
        // everywhere once took layout-rs 40 s).
        assert!(t0.elapsed() < std::time::Duration::from_secs(10), "{nodes} nodes: {:?}", t0.elapsed());
    }
}
