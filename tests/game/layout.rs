//! Layout at the training room's screen sizes: every reply button and the meter lie inside
//! the window, at 100 % and 200 % text. Bevy's UI layout runs headless here, on a camera
//! whose target has the window's size.

use crate::support::*;
use bevy::camera::{ComputedCameraValues, RenderTargetInfo};
use bevy::prelude::*;
use calmline::engine::Lang;
use calmline::game::actions::OnPress;
use calmline::game::screens::call::{MeterTrack, ReplyButton};
use calmline::game::ui::focus::UiFocus;
use calmline::game::{CallPhase, GamePlugin, Screen};

/// A headless game whose UI is laid out for a `width` × `height` window.
fn laid_out(config: calmline::game::config::GameConfig, width: u32, height: u32) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        bevy::state::app::StatesPlugin,
        AssetPlugin::default(),
        bevy::transform::TransformPlugin,
        bevy::input::InputPlugin,
        bevy::window::WindowPlugin {
            primary_window: Some(Window {
                resolution: bevy::window::WindowResolution::new(width, height),
                ..default()
            }),
            exit_condition: bevy::window::ExitCondition::DontExit,
            close_when_requested: false,
            ..default()
        },
        bevy::image::ImagePlugin::default(),
        bevy::image::TextureAtlasPlugin,
        bevy::text::TextPlugin,
        bevy::ui::UiPlugin,
        GamePlugin::new(config),
    ));
    let font = std::fs::read(calmline::paths::font_path().expect("the shipped font")).unwrap();
    let _ = app.world_mut().resource_mut::<Assets<Font>>().insert(AssetId::default(), Font::from_bytes(font));
    app.world_mut().spawn((
        Camera2d,
        Camera {
            computed: ComputedCameraValues {
                target_info: Some(RenderTargetInfo { physical_size: UVec2::new(width, height), scale_factor: 1.0 }),
                ..default()
            },
            ..default()
        },
    ));
    settle(&mut app);
    app
}

/// The training room's screens: a 1024×768 projector and a 1366×768 laptop less its
/// taskbar, and the windows the game opens on them (`window.rs`: 1008×688 and 1280×688).
const SIZES: [(u32, u32); 4] = [(1024, 768), (1366, 728), (1008, 688), (1280, 688)];
const SCALES: [f32; 2] = [1.0, 2.0];

/// Whether `e` is shown: neither it nor an ancestor is hidden or taken out of the layout.
/// (Bevy's visibility propagation needs the renderer; the UI layout does not.)
fn shown(world: &World, mut e: Entity) -> bool {
    loop {
        if world.get::<Visibility>(e) == Some(&Visibility::Hidden)
            || world.get::<Node>(e).is_some_and(|n| n.display == Display::None)
        {
            return false;
        }
        match world.get::<ChildOf>(e) {
            Some(parent) => e = parent.parent(),
            None => return true,
        }
    }
}

fn rect_of(world: &World, e: Entity) -> Option<Rect> {
    let node = world.get::<ComputedNode>(e)?;
    let t = world.get::<UiGlobalTransform>(e)?;
    Some(Rect::from_center_size(t.translation, node.size()))
}

/// The part of the window an entity can show in: the window cut by every ancestor that
/// clips its content (a scrolling list, say). `scrolls` tells whether one of them scrolls.
fn clip_of(world: &World, mut e: Entity, window: Rect) -> (Rect, bool) {
    let (mut clip, mut scrolls) = (window, false);
    while let Some(parent) = world.get::<ChildOf>(e) {
        e = parent.parent();
        if let (Some(node), Some(r)) = (world.get::<Node>(e), rect_of(world, e))
            && !node.overflow.is_visible()
        {
            clip = clip.intersect(r);
            scrolls |= node.overflow.y == OverflowAxis::Scroll || node.overflow.x == OverflowAxis::Scroll;
        }
    }
    (clip, scrolls)
}

/// What is cut off in a `width` × `height` window:
/// - a reply button or the meter not wholly in view (they must never need scrolling);
/// - any other button or text lying outside the window, unless a list it is in scrolls;
/// - a button, the meter or a text squeezed to nothing;
/// - texts whose visible parts overlap.
fn cut_off(app: &mut App, width: u32, height: u32) -> Vec<String> {
    let window = Rect::new(0.0, 0.0, width as f32, height as f32);
    let world = app.world_mut();
    let mut q = world.query::<(Entity, Option<&Text>, Has<OnPress>, Has<ReplyButton>, Has<MeterTrack>)>();
    let items: Vec<_> = q
        .iter(world)
        .filter(|(_, text, press, _, meter)| text.is_some_and(|t| !t.0.trim().is_empty()) || *press || *meter)
        .map(|(e, text, press, reply, meter)| (e, text.map(|t| t.0.clone()), press, reply, meter))
        .collect();
    let world = &*world;
    let mut out = Vec::new();
    let mut texts: Vec<(String, Rect)> = Vec::new();
    // Half a pixel of rounding either way.
    let within = |inner: Rect, outer: Rect| {
        inner.min.x >= outer.min.x - 0.5
            && inner.min.y >= outer.min.y - 0.5
            && inner.max.x <= outer.max.x + 0.5
            && inner.max.y <= outer.max.y + 0.5
    };
    for (e, text, press, reply, meter) in items {
        if !shown(world, e) {
            continue;
        }
        let Some(r) = rect_of(world, e) else { continue };
        let what = match (&text, press, meter) {
            (Some(t), _, _) => format!("text {:?}", t.chars().take(30).collect::<String>()),
            (_, true, _) => "a button".to_string(),
            _ => "the meter".to_string(),
        };
        if r.height() < 1.0 || r.width() < 1.0 {
            out.push(format!("{what} is squeezed to {r:?}"));
            continue;
        }
        let (clip, scrolls) = clip_of(world, e, window);
        let across = r.min.x >= window.min.x - 0.5 && r.max.x <= window.max.x + 0.5;
        if meter {
            if !within(r, clip) || !within(r, window) {
                out.push(format!("the meter is not wholly in view: {r:?}, view {clip:?}"));
            }
        } else if reply {
            // Very long replies in large text may not all fit: their list scrolls, and
            // `focused_replies_come_into_view` checks each can be brought into view.
            if !across || !(within(r, clip) || scrolls) {
                out.push(format!("a reply is cut off: {r:?}, view {clip:?}"));
            }
        } else if !scrolls && !within(r, window) {
            out.push(format!("{what} lies outside the window at {r:?}"));
        }
        if text.is_some() {
            let visible = r.intersect(clip);
            if visible.width() > 1.0 && visible.height() > 1.0 {
                texts.push((what, visible));
            }
        }
    }
    for (i, (a, ra)) in texts.iter().enumerate() {
        for (b, rb) in &texts[i + 1..] {
            let overlap = ra.intersect(*rb);
            if overlap.width() > 1.0 && overlap.height() > 1.0 {
                out.push(format!("{a} at {ra:?} overlaps {b} at {rb:?}"));
            }
        }
    }
    out
}

/// A call of one node whose replies are the longest of the shipped library, in `lang`.
fn longest_call(lang: Lang) -> String {
    let lib = calmline::engine::Library::load(
        &[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dialogues")],
        None,
    );
    let mut replies: Vec<String> =
        lib.in_lang(lang).flat_map(|s| s.nodes.iter().flat_map(|n| n.replies.iter().map(|r| r.text.clone()))).collect();
    replies.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let line = lib
        .in_lang(lang)
        .flat_map(|s| s.nodes.iter().map(|n| n.line.clone()))
        .max_by_key(|l| l.chars().count())
        .unwrap();
    let reply = |t: &String| format!("(text: {t:?}, technique: \"let-vent\", feedback: \"Why.\", next: \"done\"),");
    format!(
        "Scenario(id: \"longest\", title: \"The longest replies\", lang: {:?}, brief: \"The library's longest replies.\",\n\
         caller: (name: \"Ms Long\", anger: 70), start: \"open\",\n\
         nodes: {{ \"open\": (line: {line:?}, replies: [{} {} {} {}]) }},\n\
         endings: {{ \"done\": (kind: resolved, line: \"Thanks.\") }})\n",
        lang.id(),
        reply(&replies[0]),
        reply(&replies[1]),
        reply(&replies[2]),
        reply(&replies[3]),
    )
}

/// Checks the current screen; `what` names it in the failure.
fn fits(app: &mut App, size: (u32, u32), scale: f32, what: &str, failures: &mut Vec<String>) {
    for _ in 0..3 {
        app.update();
    }
    for problem in cut_off(app, size.0, size.1) {
        failures.push(format!("{}×{} at {:.0} % text, {what}: {problem}", size.0, size.1, scale * 100.0));
    }
}

/// Every screen at the training room's sizes and text scales: name, language, list, a
/// ringing call, a call with the longest replies of the library, the trainer preview and
/// the debrief.
#[test]
fn every_screen_fits_the_training_room_screens() {
    let mut failures = Vec::new();
    for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
        for size in SIZES {
            for scale in SCALES {
                // A fresh workspace for each game: one game's unfinished call would greet the
                // next with a recovery notice.
                let fresh = || {
                    let ws = Workspace::new();
                    std::fs::write(ws.dialogues().join(lang.folder()).join("longest.ron"), longest_call(lang)).unwrap();
                    std::fs::create_dir_all(ws.settings().parent().unwrap()).unwrap();
                    std::fs::write(ws.settings(), format!("(trainee: \"\", lang: None, text_scale: {scale:?})"))
                        .unwrap();
                    ws
                };
                let ws = fresh();
                let mut app = laid_out(ws.config(), size.0, size.1);
                assert_eq!(app.world().resource::<calmline::game::settings::Settings>().text_scale, scale);
                assert_eq!(screen(&app), Screen::Name);
                fits(&mut app, size, scale, "name", &mut failures);
                type_text(&mut app, "Fay Wong-Lindqvist");
                press(&mut app, KeyCode::Enter);
                assert_eq!(screen(&app), Screen::Language);
                fits(&mut app, size, scale, "language", &mut failures);
                press(
                    &mut app,
                    [KeyCode::Digit1, KeyCode::Digit2, KeyCode::Digit3]
                        [Lang::ALL.iter().position(|l| *l == lang).unwrap()],
                );
                assert_eq!(screen(&app), Screen::Scenarios);
                fits(&mut app, size, scale, "list", &mut failures);

                // The longest replies, in a plain call and in the trainer preview.
                for trainer in [false, true] {
                    let ws = fresh();
                    let mut c = ws.config();
                    c.trainee = Some("Fay Wong-Lindqvist".into());
                    c.lang = Some(lang);
                    c.scenario = Some("longest".into());
                    c.trainer = trainer;
                    let mut app = laid_out(c, size.0, size.1);
                    let what = if trainer { "trainer preview" } else { "call" };
                    assert_eq!(phase(&app), Some(CallPhase::Ringing));
                    fits(&mut app, size, scale, &format!("{what}, ringing"), &mut failures);
                    press(&mut app, KeyCode::Enter);
                    assert_eq!(phase(&app), Some(CallPhase::Talking));
                    let replies = {
                        let world = app.world_mut();
                        world.query::<&ReplyButton>().iter(world).count()
                    };
                    assert_eq!(replies, 4, "the four longest replies are on screen");
                    fits(&mut app, size, scale, &format!("{what}, longest replies"), &mut failures);
                    // Moving the focus through the replies brings each wholly into view (or, for
                    // a reply taller than its list, its start).
                    for n in 0..4 {
                        press(&mut app, KeyCode::ArrowDown);
                        for _ in 0..3 {
                            app.update();
                        }
                        let world = app.world();
                        let focused = world.resource::<UiFocus>().get().expect("a reply has the focus");
                        assert_eq!(
                            world.get::<ReplyButton>(focused).map(|b| b.0),
                            Some(n),
                            "the focus moves down the replies"
                        );
                        let r = rect_of(world, focused).unwrap();
                        let window = Rect::new(0.0, 0.0, size.0 as f32, size.1 as f32);
                        let (clip, _) = clip_of(world, focused, window);
                        // Wholly in view; or, when it is taller than the list, its start.
                        let whole = r.intersect(clip).height() + 0.5 >= r.height();
                        let start = r.height() > clip.height() && (r.min.y - clip.min.y).abs() <= 10.0;
                        if !whole && !start {
                            failures.push(format!(
                                "{}×{} at {:.0} % text, {what}: the focused reply {} stays out of view: {r:?}, view {clip:?}",
                                size.0, size.1, scale * 100.0, n + 1
                            ));
                        }
                    }
                }

                // The debrief of a whole call.
                let ws = fresh();
                let mut c = ws.config();
                c.trainee = Some("Fay".into());
                c.lang = Some(lang);
                c.scenario = Some("refund".into());
                let mut app = laid_out(c, size.0, size.1);
                press(&mut app, KeyCode::Enter);
                until(&mut app, 400, "the debrief", |app| {
                    if screen(app) != Screen::Debrief && phase(app) == Some(CallPhase::Talking) {
                        send_key(app, KeyCode::Digit1);
                    }
                    if phase(app) == Some(CallPhase::Ended) {
                        send_key(app, KeyCode::Enter);
                    }
                    screen(app) == Screen::Debrief
                });
                fits(&mut app, size, scale, "debrief", &mut failures);
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}
