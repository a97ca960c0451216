pub mod cli;
pub mod engine;
#[cfg(feature = "game")]
pub mod game;
pub mod paths;
pub mod text;
