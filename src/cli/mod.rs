//! The command line: `play` (the game, the default), and the trainers' tools `check` and
//! `simulate`. Exit codes: 0 success, 1 problems found, 2 usage errors.

/// `println!` that ignores a closed pipe (`calmline check | head` must not panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod audit;
mod check;
mod convert;
mod map;
#[cfg(feature = "game")]
mod play;
mod replay;
mod report;
mod simulate;
mod test;
mod xapi;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use check::run_to as run_check;

#[derive(Debug, Parser)]
#[command(
    name = "calmline",
    version,
    about = "Calmline: practise calming angry callers. Trainers write the calls as RON files."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a call in the game window (the default when no command is given).
    Play(PlayArgs),
    /// Check dialogue files: syntax, meaning, and that the game's font can draw them.
    Check(CheckArgs),
    /// Let bot trainees play a scenario many times: does it reward skill?
    Simulate(SimulateArgs),
    /// Run the scenario tests written in the calls (`tests: [...]`).
    Test(TestArgs),
    /// Replay a call record through the engine: same transcript and score, or where it diverges.
    Replay(replay::ReplayArgs),
    /// Trainees' progress and where callers are lost, from call records (text, HTML, CSV).
    Report(report::ReportArgs),
    /// Call records as xAPI statements; send them to a Learning Record Store with --lrs.
    Xapi(xapi::XapiArgs),
    /// Draft a call in the other Chinese script: --to zh-Hant (Taiwan's words) or zh-Hans.
    Convert(convert::ConvertArgs),
    /// Draw a call as a map (SVG or an HTML page): its nodes, replies, endings, problems and the bots' paths.
    Map(map::MapArgs),
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct PlayArgs {
    /// Go straight to this scenario (by id).
    #[arg(long)]
    pub scenario: Option<String>,
    /// Interface and dialogue language: zh-Hans, zh-Hant or en (`zh` means zh-Hans).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<crate::engine::Lang>,
    /// The trainee's name (skips the name screen).
    #[arg(long)]
    pub trainee: Option<String>,
    /// The dialogues folder.
    #[arg(long)]
    pub dialogues: Option<PathBuf>,
    /// Where call records are saved (default: the user's data folder).
    #[arg(long)]
    pub records: Option<PathBuf>,
    /// Seed for the caller's randomness (default: a new one each call).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Start in full screen.
    #[arg(long)]
    pub fullscreen: bool,
    /// Take the course with this id (from `dialogues/courses/`): the list shows its units.
    #[arg(long)]
    pub course: Option<String>,
    /// Take calls as exams: no anger meter, no mode, no cues, no coach, no retry.
    #[arg(long)]
    pub exam: bool,
    /// "Say it first": type your own words before the replies show.
    #[arg(long)]
    pub say_first: bool,
    /// Start with the sound off (key M turns it on).
    #[arg(long)]
    pub mute: bool,
    /// Sound volume, 0 to 100.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: Option<u8>,
    /// Show the caller's lines without their voice (no clips, no speech).
    #[arg(long)]
    pub no_voice: bool,
    /// A short sound when the caller relapses and when they agree.
    #[arg(long)]
    pub cues: bool,
    /// Read each reply aloud when it takes the keyboard focus.
    #[arg(long)]
    pub read_replies: bool,
    /// The phone tones: china, taiwan or north_america (default: by the call's language).
    #[arg(long, value_parser = parse_tones)]
    pub tones: Option<crate::engine::call::sound::ToneRegion>,
    /// Write each sound played (tones, clips, spoken lines) to this file, a line each.
    #[arg(long)]
    pub sound_log: Option<PathBuf>,
    /// Trainer preview: node ids, techniques, expected anger changes, jumps, an anger slider.
    #[arg(long)]
    pub trainer: bool,
    /// Let a bot play: `best`, `random`, or reply numbers such as `1,3,2`.
    #[arg(long)]
    pub autoplay: Option<String>,
    /// Save a screenshot here and exit: with --autoplay, of the debrief after playing straight
    /// through; without, of the first screen as soon as it is drawn.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: dialogues/).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The font to check characters against (default: the game's shipped font).
    #[arg(long)]
    pub font: Option<PathBuf>,
    /// Do not check characters against the font.
    #[arg(long)]
    pub no_font_check: bool,
    /// Skip the bots (best play, the method bot, the surface bots) and their warnings;
    /// the scenario tests still run.
    #[arg(long)]
    pub no_bots: bool,
    /// Language of the output: zh-Hans, zh-Hant or en (default: from LANG).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<crate::engine::Lang>,
}

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Files or folders whose calls' tests to run (default: dialogues/).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Language of the output: zh-Hans, zh-Hant or en (default: from LANG).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<crate::engine::Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyArg {
    Random,
    Best,
    Worst,
    /// The method as taught.
    Method,
    /// Always the longest reply.
    Longest,
    /// The reply with the most polite words.
    Polite,
    /// The reply with the most good-sounding phrases less bad-sounding ones.
    Cue,
    All,
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The scenario file (its personas.ron is found in its folder or above).
    pub path: PathBuf,
    /// Calls per policy.
    #[arg(long, default_value_t = 1000)]
    pub runs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "all")]
    pub policy: PolicyArg,
    /// Play exactly these reply numbers (1-based, as on screen), e.g. `1,2,1`, with --seed.
    #[arg(long = "path", value_name = "N,N,…", value_delimiter = ',')]
    pub replies: Option<Vec<usize>>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Language of the output: zh-Hans, zh-Hant or en (default: from LANG).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<crate::engine::Lang>,
}

fn parse_lang(s: &str) -> Result<crate::engine::Lang, String> {
    crate::engine::Lang::from_id(s)
        .ok_or_else(|| format!("unknown language `{s}`: use one of {}", crate::engine::Lang::TAGS))
}

fn parse_tones(s: &str) -> Result<crate::engine::call::sound::ToneRegion, String> {
    crate::engine::call::sound::ToneRegion::from_id(s)
        .ok_or_else(|| format!("unknown phone tones `{s}`: use china, taiwan or north_america"))
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    match cli.command.unwrap_or(Command::Play(PlayArgs::default())) {
        Command::Play(args) => play(args),
        Command::Check(args) => check::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Test(args) => test::run(args),
        Command::Replay(args) => replay::run(args),
        Command::Report(args) => report::run(args),
        Command::Xapi(args) => xapi::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Map(args) => map::run(args),
    }
}

#[cfg(feature = "game")]
fn play(args: PlayArgs) -> i32 {
    play::run(args)
}

#[cfg(not(feature = "game"))]
fn play(args: PlayArgs) -> i32 {
    eprintln!("{}", crate::text::strings(args.lang.unwrap_or_default()).play_no_window);
    2
}
