//! A large records folder for measuring `calmline xapi` (not run by default):
//!
//! ```sh
//! CALMLINE_BULK_DIR=/tmp/room CALMLINE_BULK_RECORDS=20000 CALMLINE_BULK_TRAINEES=400 \
//!     cargo test --no-default-features --test trainer bulk -- --ignored
//! ```
//!
//! or `tools/make-records.sh DIR [RECORDS] [TRAINEES]`. The calls of the test training room
//! are varied: each copy has its own trainee, id, seed and start time.

use super::room;
use calmline::engine::records::record::{RecordStore, safe_name, scan_folder};

fn var(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
#[ignore = "writes a large records folder; set CALMLINE_BULK_DIR"]
fn make_records() {
    let Some(dir) = std::env::var_os("CALMLINE_BULK_DIR") else {
        panic!("set CALMLINE_BULK_DIR to the folder to fill");
    };
    let (records, trainees) = (var("CALMLINE_BULK_RECORDS", 20_000), var("CALMLINE_BULK_TRAINEES", 400).max(1));
    let seed_room = tempfile::tempdir().unwrap();
    room(seed_room.path());
    let calls: Vec<_> = scan_folder(seed_room.path()).records.into_iter().map(|(_, r)| r).collect();
    let store = RecordStore::open(dir).unwrap();
    let start: jiff::Timestamp = "2026-01-05T08:00:00Z".parse().unwrap();
    for k in 0..records {
        let mut r = calls[k % calls.len()].clone();
        let length =
            match (r.started_at.parse::<jiff::Timestamp>(), r.ended_at.as_deref().map(str::parse::<jiff::Timestamp>)) {
                (Ok(a), Some(Ok(b))) => b.duration_since(a),
                _ => jiff::SignedDuration::from_secs(60),
            };
        let at = start + jiff::SignedDuration::from_secs(97 * k as i64);
        r.trainee = format!("Trainee {:04}", k % trainees);
        r.seed = k as u64;
        r.started_at = at.to_string();
        r.ended_at = Some((at + length).to_string());
        r.id = format!("{}_{}_{}_{k}", at.strftime("%Y%m%d-%H%M%S"), safe_name(&r.trainee), r.scenario.id);
        store.write(&r).unwrap();
    }
}
