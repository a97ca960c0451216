//! Speed targets (2-core machine): load and check a 10,000-node scenario in under 100 ms;
//! simulate over 100,000 calls a second. Run: `cargo bench --no-default-features`.

use calmline::engine::call::load::{ScenarioContext, parse_scenario};
use calmline::engine::call::testkit::synthetic_scenario;
use calmline::engine::judge::simulate::random_calls;
use calmline::engine::{Library, PersonaSet};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn load_and_check(c: &mut Criterion) {
    let text = synthetic_scenario(10_000, 1);
    let personas = PersonaSet::default();
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("load and check a 10,000-node scenario", |b| {
        b.iter(|| {
            let (s, d) =
                parse_scenario(Path::new("synthetic.ron"), black_box(&text), &personas, ScenarioContext::default());
            assert!(s.is_some() && d.is_empty());
            s
        })
    });
    group.finish();
}

fn simulate(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixture = Library::load(&[root.join("tests/fixtures/good/en/refund.ron")], None).scenarios[0].clone();
    let (s, _) = parse_scenario(
        Path::new("synthetic.ron"),
        &synthetic_scenario(30, 2),
        &PersonaSet::default(),
        ScenarioContext::default(),
    );
    let synthetic = Arc::new(s.expect("valid"));
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    const CALLS: usize = 100_000;
    group.throughput(Throughput::Elements(CALLS as u64));
    group.bench_function("100,000 random calls, 7-node fixture", |b| {
        b.iter(|| random_calls(&fixture, CALLS, black_box(1)))
    });
    group.bench_function("100,000 random calls, 30-node synthetic", |b| {
        b.iter(|| random_calls(&synthetic, CALLS, black_box(1)))
    });
    group.finish();
}

criterion_group!(benches, load_and_check, simulate);
criterion_main!(benches);
