//! The HTML report in a real browser: headless Chromium (Debian's `chromium`) renders it
//! with no console errors and with its charts drawn at a visible size. The test skips
//! with a message when Chromium is missing, and fails instead under CI (`CI=true`).

use super::{bad_records, calmline, copy_dir, in_ci, room, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CALMLINE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

pub(super) fn require_chromium() -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if in_ci() => panic!("Chromium is required under CI: install Debian's `chromium` package"),
        None => {
            eprintln!(
                "SKIPPED: Chromium is not installed (apt-get install chromium); the HTML report was not rendered"
            );
            None
        }
    }
}

/// Runs headless Chromium on `page` with `extra` arguments; returns stdout and stderr.
pub(super) fn run_chromium(browser: &Path, profile: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let url = format!("file://{}", page.display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .output()
        .expect("chromium runs");
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Console messages Chromium logged while loading the page.
pub(super) fn console_messages(stderr: &str) -> Vec<String> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect()
}

/// A copy of `page` that records script errors and failed loads from the very start, and
/// at the end writes into the DOM how many charts it finds and how many are drawn at a
/// visible size with shapes in them.
fn instrumented(page: &str) -> String {
    let head = "<head><script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message||(e.target&&(e.target.src||e.target.href))||e.type));},true);</script>";
    let tail = "<script>(function(){var charts=document.querySelectorAll('figure[data-chart] svg');var drawn=0;charts.forEach(function(s){var r=s.getBoundingClientRect();var shapes=s.querySelectorAll('rect,path,polyline,circle,line').length;if(r.width>=200&&r.height>=100&&shapes>5){drawn++;}});var out=document.createElement('pre');out.id='calmline-check';out.textContent='charts='+charts.length+' drawn='+drawn+' errors='+window.__errors.length+' '+window.__errors.join(' | ');document.body.appendChild(out);})();</script></body>";
    page.replacen("<head>", head, 1).replacen("</body>", tail, 1)
}

/// The page holds Chinese text (the room's trainees have Chinese names), so the game's font
/// is embedded, and it has a glyph for every CJK character on the page: the report reads
/// correctly on a computer with no Chinese font.
fn assert_embedded_font_draws_the_page(page: &str) {
    use base64::Engine as _;
    let start =
        page.find("url(data:font/otf;base64,").expect("the font is embedded") + "url(data:font/otf;base64,".len();
    let end = start + page[start..].find(')').unwrap();
    assert!(page[..start].contains("font-family: \"Calmline Sans\""));
    let bytes = base64::engine::general_purpose::STANDARD.decode(&page[start..end]).expect("valid base64");
    let face = ttf_parser::Face::parse(&bytes, 0).expect("a font");
    let cjk: std::collections::BTreeSet<char> =
        page[end..].chars().filter(|&c| ('\u{4e00}'..='\u{9fff}').contains(&c)).collect();
    assert!(cjk.len() > 20, "the page has Chinese text: {cjk:?}");
    let missing: Vec<char> = cjk.into_iter().filter(|&c| face.glyph_index(c).is_none()).collect();
    assert!(missing.is_empty(), "the embedded font lacks {missing:?}");
}

fn check_line(dom: &str) -> String {
    let start = dom.find("<pre id=\"calmline-check\">").expect("the check ran in the page");
    let rest = &dom[start + "<pre id=\"calmline-check\">".len()..];
    rest[..rest.find("</pre>").unwrap_or(rest.len())].to_string()
}

#[test]
fn the_report_renders_in_chromium_with_its_charts_and_no_console_errors() {
    let Some(browser) = require_chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_dir(&bad_records(), &records);
    room(&records);
    let profile = dir.path().join("profile");

    for lang in ["zh-Hans", "zh-Hant", "en"] {
        let html = dir.path().join(format!("report-{lang}.html"));
        let out = calmline(&["report", records.to_str().unwrap(), "--html", html.to_str().unwrap(), "--lang", lang]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let page = std::fs::read_to_string(&html).unwrap();
        let expected_charts = page.matches("data-chart=").count();
        assert!(expected_charts >= 9, "{expected_charts} charts");
        assert_embedded_font_draws_the_page(&page);

        // The page itself: nothing logged to the console.
        let (dom, log) = run_chromium(&browser, &profile, &html, &["--dump-dom"]);
        assert!(dom.contains("data-chart=\"progress\""), "the page rendered:\n{}", &dom[..dom.len().min(400)]);
        assert_eq!(dom.matches("<svg").count(), expected_charts, "every chart is in the rendered DOM");
        let console = console_messages(&log);
        assert!(console.is_empty(), "console messages from the {lang} report:\n{}", console.join("\n"));

        // The same page instrumented: no errors, every chart drawn at a visible size.
        let checked = dir.path().join(format!("checked-{lang}.html"));
        std::fs::write(&checked, instrumented(&page)).unwrap();
        let (dom, log) = run_chromium(&browser, &profile, &checked, &["--dump-dom"]);
        let line = check_line(&dom);
        assert_eq!(
            line.trim(),
            format!("charts={expected_charts} drawn={expected_charts} errors=0"),
            "console: {:?}",
            console_messages(&log)
        );

        let png = dir.path().join(format!("report-{lang}.png"));
        let (_, log) = run_chromium(
            &browser,
            &profile,
            &html,
            &[&format!("--screenshot={}", png.display()), "--window-size=1280,2000"],
        );
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 20_000, "a screenshot of the {lang} report ({size} bytes):\n{log}");
        if let Ok(keep) = std::env::var("CALMLINE_KEEP_SCREENSHOTS") {
            std::fs::create_dir_all(&keep).unwrap();
            std::fs::copy(&png, Path::new(&keep).join(format!("report-{lang}.png"))).unwrap();
            std::fs::copy(&html, Path::new(&keep).join(format!("report-{lang}.html"))).unwrap();
        }
    }
}

#[test]
fn the_browser_check_catches_a_broken_page() {
    let Some(browser) = require_chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let broken = dir.path().join("broken.html");
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
        <figure data-chart=\"x\"><svg width=\"400\" height=\"300\"><rect x=\"0\" y=\"0\" width=\"-5\" height=\"10\"/></svg></figure>\
        <script>notDefinedAnywhere();</script></body></html>";
    std::fs::write(&broken, page).unwrap();
    let (_, log) = run_chromium(&browser, &profile, &broken, &["--dump-dom"]);
    let console = console_messages(&log);
    assert!(console.iter().any(|l| l.contains("negative value")), "{console:?}");
    assert!(console.iter().any(|l| l.contains("notDefinedAnywhere")), "{console:?}");
    let checked = dir.path().join("checked.html");
    std::fs::write(&checked, instrumented(page)).unwrap();
    let (dom, _) = run_chromium(&browser, &profile, &checked, &["--dump-dom"]);
    let line = check_line(&dom);
    assert!(line.starts_with("charts=1 drawn=0 errors=1"), "{line}");
}
