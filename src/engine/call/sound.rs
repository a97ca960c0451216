//! The phone's own sounds, synthesised as 16-bit PCM: ring-back and busy tones as the
//! national tone plans give them, and a few short cues. Pure math, no files and no audio
//! device: the game plays [`samples`] on its sound thread.

use crate::engine::call::lang::Lang;
use serde::{Deserialize, Serialize};

/// Whose tone plan the ring-back and busy tones follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToneRegion {
    China,
    Taiwan,
    NorthAmerica,
}

impl ToneRegion {
    pub const ALL: [ToneRegion; 3] = [ToneRegion::China, ToneRegion::Taiwan, ToneRegion::NorthAmerica];

    pub fn id(self) -> &'static str {
        match self {
            ToneRegion::China => "china",
            ToneRegion::Taiwan => "taiwan",
            ToneRegion::NorthAmerica => "north_america",
        }
    }

    /// Reads an id, ignoring case: `china` or `cn`, `taiwan` or `tw`, `north_america`,
    /// `na` or `us`.
    pub fn from_id(id: &str) -> Option<Self> {
        match id.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "china" | "cn" => Some(ToneRegion::China),
            "taiwan" | "tw" => Some(ToneRegion::Taiwan),
            "north_america" | "na" | "us" => Some(ToneRegion::NorthAmerica),
            _ => None,
        }
    }

    /// The region whose phones a trainee playing in `lang` knows.
    pub fn for_lang(lang: Lang) -> Self {
        match lang {
            Lang::ZhHans => ToneRegion::China,
            Lang::ZhHant => ToneRegion::Taiwan,
            Lang::En => ToneRegion::NorthAmerica,
        }
    }
}

/// A sound of the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Ring-back: the caller's phone ringing, heard while the call connects.
    Ring(ToneRegion),
    /// The line opening.
    PickUp,
    /// The line closing.
    HangUp,
    /// Busy: the caller is gone.
    Engaged(ToneRegion),
    /// The caller slides back into attack mode.
    Relapse,
    /// The caller agrees.
    Agreement,
}

impl Tone {
    pub fn id(self) -> &'static str {
        match self {
            Tone::Ring(_) => "ring",
            Tone::PickUp => "pick-up",
            Tone::HangUp => "hang-up",
            Tone::Engaged(_) => "engaged",
            Tone::Relapse => "relapse",
            Tone::Agreement => "agreement",
        }
    }

    /// Whether the game plays the sound over and over (one cadence period each time).
    pub fn looping(self) -> bool {
        matches!(self, Tone::Ring(_))
    }
}

pub const SAMPLE_RATE: u32 = 22_050;

/// A tone that goes on and off: its frequencies and the length of each part.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cadence {
    freqs: &'static [f32],
    on_ms: u32,
    off_ms: u32,
}

const fn cadence(freqs: &'static [f32], on_ms: u32, off_ms: u32) -> Cadence {
    Cadence { freqs, on_ms, off_ms }
}

/// The tone plans: per region, ring-back then busy.
const PLANS: [(ToneRegion, Cadence, Cadence); 3] = [
    (ToneRegion::China, cadence(&[450.0], 1000, 4000), cadence(&[450.0], 350, 350)),
    (ToneRegion::Taiwan, cadence(&[440.0, 480.0], 1000, 2000), cadence(&[480.0, 620.0], 500, 500)),
    (ToneRegion::NorthAmerica, cadence(&[440.0, 480.0], 2000, 4000), cadence(&[480.0, 620.0], 500, 500)),
];

/// How many busy cycles [`Tone::Engaged`] holds.
const ENGAGED_CYCLES: usize = 3;
/// The loudness of a tone at its peak, as a share of full scale (all its frequencies together).
const LEVEL: f32 = 0.4;
/// The fade at each end of a burst, so it starts and stops without a click.
const FADE_MS: u32 = 4;

fn plan(region: ToneRegion) -> (Cadence, Cadence) {
    let (_, ring, busy) = PLANS.iter().find(|(r, ..)| *r == region).copied().unwrap_or(PLANS[0]);
    (ring, busy)
}

/// A stretch of sound within a tone, in samples.
struct Burst {
    start: usize,
    len: usize,
    freqs: &'static [f32],
    /// Share of [`LEVEL`].
    level: f32,
    /// When set, the sound dies away with this time constant, in milliseconds.
    decay_ms: Option<f32>,
}

fn burst(start_ms: u32, len_ms: u32, freqs: &'static [f32], level: f32, decay_ms: Option<f32>) -> Burst {
    Burst { start: samples_in(start_ms), len: samples_in(len_ms), freqs, level, decay_ms }
}

/// `cycles` periods of a cadence, each its on part then its off part. Counted in whole
/// samples per part, so every period has the same length.
fn cadence_samples(c: Cadence, cycles: usize) -> Vec<i16> {
    let (on, period) = (samples_in(c.on_ms), samples_in(c.on_ms) + samples_in(c.off_ms));
    let bursts: Vec<Burst> =
        (0..cycles).map(|k| Burst { start: k * period, len: on, freqs: c.freqs, level: 1.0, decay_ms: None }).collect();
    render(cycles * period, &bursts)
}

fn samples_in(ms: u32) -> usize {
    (ms as u64 * SAMPLE_RATE as u64 / 1000) as usize
}

/// `total` samples of silence with the bursts mixed in.
fn render(total: usize, bursts: &[Burst]) -> Vec<i16> {
    let mut out = vec![0i16; total];
    let fade = samples_in(FADE_MS).max(1) as f32;
    let rate = SAMPLE_RATE as f32;
    for b in bursts {
        let start = b.start.min(out.len());
        let len = b.len.min(out.len() - start);
        let per_freq = LEVEL * b.level / b.freqs.len().max(1) as f32;
        for (i, slot) in out[start..start + len].iter_mut().enumerate() {
            let t = i as f32 / rate;
            let edge = (i as f32 + 1.0).min((len - i) as f32);
            let mut gain = per_freq * (edge / fade).min(1.0);
            if let Some(tau) = b.decay_ms {
                gain *= (-(t * 1000.0) / tau).exp();
            }
            let wave: f32 = b.freqs.iter().map(|f| (std::f32::consts::TAU * f * t).sin()).sum();
            let value = *slot as f32 + gain * wave * i16::MAX as f32;
            *slot = value.clamp(i16::MIN as f32, i16::MAX as f32) as i16;
        }
    }
    out
}

/// Mono samples of one tone at [`SAMPLE_RATE`]: for `Ring` one full cadence period (on,
/// then off), for `Engaged` three on/off cycles, the short cues as they are. Each burst
/// fades in and out over a few milliseconds; the peak stays below half of full scale.
pub fn samples(tone: Tone) -> Vec<i16> {
    match tone {
        Tone::Ring(region) => cadence_samples(plan(region).0, 1),
        Tone::Engaged(region) => cadence_samples(plan(region).1, ENGAGED_CYCLES),
        // A soft click as the handset lifts, then a short low hum as the line opens.
        Tone::PickUp => render(
            samples_in(120),
            &[burst(0, 15, &[1500.0, 2300.0], 0.5, Some(4.0)), burst(35, 85, &[300.0], 0.25, Some(40.0))],
        ),
        // The handset going down: a click and a fainter rattle.
        Tone::HangUp => render(
            samples_in(150),
            &[burst(0, 25, &[1200.0, 2000.0], 0.6, Some(6.0)), burst(70, 20, &[900.0, 1600.0], 0.3, Some(5.0))],
        ),
        // Two notes falling a fifth: E5 to A4.
        Tone::Relapse => {
            render(samples_in(250), &[burst(0, 110, &[659.26], 0.6, None), burst(130, 120, &[440.0], 0.6, None)])
        }
        // Two notes rising a fifth: C5 to G5.
        Tone::Agreement => {
            render(samples_in(250), &[burst(0, 110, &[523.25], 0.6, None), burst(130, 120, &[783.99], 0.6, None)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The power of `freq` in `x` (Goertzel), relative to the signal's length.
    fn power(x: &[i16], freq: f32) -> f64 {
        let w = std::f64::consts::TAU * freq as f64 / SAMPLE_RATE as f64;
        let coeff = 2.0 * w.cos();
        let (mut s1, mut s2) = (0.0f64, 0.0f64);
        for &v in x {
            let s = v as f64 + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (x.len() as f64).powi(2)
    }

    fn n(ms: u32) -> usize {
        samples_in(ms)
    }

    #[test]
    fn ring_back_lasts_one_cadence_period() {
        assert_eq!(samples(Tone::Ring(ToneRegion::China)).len(), 5 * 22_050);
        assert_eq!(samples(Tone::Ring(ToneRegion::Taiwan)).len(), 3 * 22_050);
        assert_eq!(samples(Tone::Ring(ToneRegion::NorthAmerica)).len(), 6 * 22_050);
        assert_eq!(samples(Tone::Engaged(ToneRegion::China)).len(), 3 * 2 * n(350));
        assert_eq!(samples(Tone::Engaged(ToneRegion::Taiwan)).len(), 3 * 22_050);
        assert_eq!(samples(Tone::Engaged(ToneRegion::NorthAmerica)).len(), 3 * 22_050);
        assert_eq!(samples(Tone::PickUp).len(), n(120));
        assert_eq!(samples(Tone::HangUp).len(), n(150));
        assert_eq!(samples(Tone::Relapse).len(), n(250));
        assert_eq!(samples(Tone::Agreement).len(), n(250));
    }

    #[test]
    fn the_on_parts_sound_the_plans_frequencies() {
        let china = samples(Tone::Ring(ToneRegion::China));
        let on = &china[..n(1000)];
        assert!(power(on, 450.0) > 50.0 * power(on, 440.0).max(power(on, 480.0)));
        for region in [ToneRegion::Taiwan, ToneRegion::NorthAmerica] {
            let ring = samples(Tone::Ring(region));
            let on = &ring[..n(1000)];
            let (a, b, off) = (power(on, 440.0), power(on, 480.0), power(on, 450.0));
            assert!(a > 50.0 * off && b > 50.0 * off, "{region:?}: {a} {b} {off}");
            let busy = samples(Tone::Engaged(region));
            let on = &busy[..n(500)];
            let (a, b, off) = (power(on, 480.0), power(on, 620.0), power(on, 440.0));
            assert!(a > 50.0 * off && b > 50.0 * off, "{region:?} busy: {a} {b} {off}");
        }
        let busy = samples(Tone::Engaged(ToneRegion::China));
        let on = &busy[..n(350)];
        assert!(power(on, 450.0) > 20.0 * power(on, 620.0));
    }

    #[test]
    fn the_off_parts_are_silent_and_the_bursts_fade() {
        for (region, on, off) in [(ToneRegion::China, 1000, 4000), (ToneRegion::Taiwan, 1000, 2000)] {
            let ring = samples(Tone::Ring(region));
            assert!(ring[n(on)..n(on + off)].iter().all(|&s| s == 0), "{region:?}");
            assert!(ring[0].abs() < 200 && ring[n(on) - 1].abs() < 200, "{region:?} clicks");
        }
        let busy = samples(Tone::Engaged(ToneRegion::China));
        for k in 0..3 {
            let start = k * 2 * n(350);
            assert!(busy[start + n(350)..start + 2 * n(350)].iter().all(|&s| s == 0));
            assert!(busy[start + 10..start + n(350) - 10].iter().any(|&s| s.abs() > 5000));
        }
    }

    #[test]
    fn every_tone_stays_below_half_of_full_scale() {
        let tones = ToneRegion::ALL.iter().flat_map(|r| [Tone::Ring(*r), Tone::Engaged(*r)]).chain([
            Tone::PickUp,
            Tone::HangUp,
            Tone::Relapse,
            Tone::Agreement,
        ]);
        for tone in tones {
            let s = samples(tone);
            let peak = s.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0);
            assert!(peak > 1000 && peak < 16_384, "{tone:?}: {peak}");
            assert_eq!(tone.looping(), matches!(tone, Tone::Ring(_)));
        }
    }

    #[test]
    fn the_cues_move_the_right_way() {
        let relapse = samples(Tone::Relapse);
        let (first, second) = (&relapse[..n(110)], &relapse[n(130)..]);
        assert!(power(first, 659.26) > power(first, 440.0) && power(second, 440.0) > power(second, 659.26));
        let agree = samples(Tone::Agreement);
        let (first, second) = (&agree[..n(110)], &agree[n(130)..]);
        assert!(power(first, 523.25) > power(first, 783.99) && power(second, 783.99) > power(second, 523.25));
    }

    #[test]
    fn ids_and_regions() {
        for r in ToneRegion::ALL {
            assert_eq!(ToneRegion::from_id(r.id()), Some(r));
        }
        assert_eq!(ToneRegion::from_id("US"), Some(ToneRegion::NorthAmerica));
        assert_eq!(ToneRegion::from_id("tw"), Some(ToneRegion::Taiwan));
        assert_eq!(ToneRegion::from_id("cn"), Some(ToneRegion::China));
        assert_eq!(ToneRegion::from_id("na"), Some(ToneRegion::NorthAmerica));
        assert_eq!(ToneRegion::from_id("mars"), None);
        assert_eq!(ToneRegion::for_lang(Lang::ZhHant), ToneRegion::Taiwan);
        assert_eq!(ToneRegion::for_lang(Lang::ZhHans), ToneRegion::China);
        assert_eq!(ToneRegion::for_lang(Lang::En), ToneRegion::NorthAmerica);
        assert_eq!(serde_json::to_string(&ToneRegion::NorthAmerica).unwrap(), "\"north_america\"");
        let ids: Vec<&str> = [Tone::Ring(ToneRegion::China), Tone::PickUp, Tone::HangUp]
            .into_iter()
            .chain([Tone::Engaged(ToneRegion::Taiwan), Tone::Relapse, Tone::Agreement])
            .map(Tone::id)
            .collect();
        assert_eq!(ids, ["ring", "pick-up", "hang-up", "engaged", "relapse", "agreement"]);
    }
}
