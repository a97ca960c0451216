//! The records folder: opened (and checked for writing) at start, journals left by an
//! interrupted call turned into unfinished records, and each trainee's best scores.

use crate::engine::call::course::Course;
use crate::engine::records::progress::Progress;
use crate::engine::records::record::{Record, RecordStore, ScenarioRef, trainee_records};
use crate::engine::{Grade, Lang, Scenario};
use crate::game::config::GameConfig;
use crate::game::library::Dialogues;
use crate::game::notices::{Notice, Notices};
use crate::game::{UiLang, Wake};
use crate::text::{fill, record_error, skip_reason, strings};
use bevy::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A trainee's best complete attempt at a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Best {
    pub total: u8,
    pub grade: Grade,
}

#[derive(Resource)]
pub struct Records {
    pub dir: PathBuf,
    /// The store, or why the folder cannot be written.
    pub store: Result<RecordStore, String>,
    /// Records written from journals of interrupted calls at start.
    pub recovered: Vec<PathBuf>,
    pub recover_problems: Vec<String>,
    best: HashMap<(Lang, String), Best>,
    /// The trainee the cache is for, and their records.
    best_for: Option<String>,
    mine: Vec<Record>,
}

impl Records {
    /// Opens `dir` and recovers interrupted calls with the scenarios of `dialogues`. The
    /// problems met are worded in `lang`.
    pub fn open(dir: &Path, dialogues: &Dialogues, lang: Lang) -> Records {
        // The notice names the folder: only what is wrong with it.
        let store = RecordStore::open(dir).map_err(|e| skip_reason(&e.problem, lang));
        let mut recovered = Vec::new();
        let mut recover_problems = Vec::new();
        if let Ok(store) = &store {
            let find = |r: &ScenarioRef| -> Option<Arc<Scenario>> {
                dialogues
                    .scenarios
                    .iter()
                    .find(|s| s.id == r.id && s.lang == r.lang && format!("{:016x}", s.fingerprint) == r.fingerprint)
                    .cloned()
            };
            let (written, problems) = store.recover(&find);
            recovered = written;
            recover_problems = problems.iter().map(|p| record_error(p, lang)).collect();
        }
        Records {
            dir: dir.to_path_buf(),
            store,
            recovered,
            recover_problems,
            best: HashMap::new(),
            best_for: None,
            mine: Vec::new(),
        }
    }

    /// Reads the trainee's records, unless they are read already. Only the trainee's files
    /// are opened, found by their names.
    fn read(&mut self, trainee: &str) {
        if self.best_for.as_deref() != Some(trainee) {
            let start = std::time::Instant::now();
            let (records, _) = trainee_records(&self.dir, trainee);
            self.mine = records.into_iter().map(|(_, r)| r).collect();
            debug!(
                "records: {} of the trainee's read in {:.0} ms",
                self.mine.len(),
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.best = best_scores(&self.mine);
            self.best_for = Some(trainee.to_string());
        }
    }

    /// The trainee's best complete, unadjusted attempt at the call `id` in `lang`.
    pub fn best(&mut self, trainee: &str, lang: Lang, id: &str) -> Option<Best> {
        self.read(trainee);
        self.best.get(&(lang, id.to_string())).copied()
    }

    /// The trainee's progress through `course`.
    pub fn progress(&mut self, trainee: &str, course: &Course) -> Progress {
        self.read(trainee);
        let mine: Vec<&Record> = self.mine.iter().collect();
        crate::engine::records::progress::progress(course, &mine)
    }

    /// The trainee's record that completed `course`, if any.
    pub fn completion(&mut self, trainee: &str, course: &Course) -> Option<Record> {
        self.read(trainee);
        let done =
            crate::engine::records::progress::progress(course, &self.mine.iter().collect::<Vec<_>>()).completed?;
        self.mine.iter().find(|r| r.id == done.record_id).cloned()
    }

    /// Forget the cached best scores (a call was just recorded).
    pub fn invalidate(&mut self) {
        self.best_for = None;
    }
}

fn best_scores(records: &[Record]) -> HashMap<(Lang, String), Best> {
    let mut best: HashMap<(Lang, String), Best> = HashMap::new();
    for r in records {
        if !r.complete || r.adjusted {
            continue;
        }
        let Some(score) = &r.score else { continue };
        let entry = best
            .entry((r.scenario.lang, r.scenario.id.clone()))
            .or_insert(Best { total: score.total, grade: score.grade });
        if score.total > entry.total {
            *entry = Best { total: score.total, grade: score.grade };
        }
    }
    best
}

pub(super) fn plugin(app: &mut App) {
    let dir = app.world().resource::<GameConfig>().records.clone();
    let lang = app.world().resource::<UiLang>().0;
    let records = Records::open(&dir, app.world().resource::<Dialogues>(), lang);
    app.insert_resource(records);
    app.add_systems(Startup, announce_recovered);
}

fn announce_recovered(
    records: Res<Records>,
    mut notices: ResMut<Notices>,
    lang: Res<UiLang>,
    time: Res<Time<Real>>,
    mut wake: ResMut<Wake>,
) {
    if !records.recovered.is_empty() {
        let text = fill(strings(lang.0).records_recovered, &[&records.recovered.len()]);
        notices.toast(Notice::info(text), time.elapsed_secs_f64(), 10.0);
        wake.now();
    }
}
