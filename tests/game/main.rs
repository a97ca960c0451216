//! The Bevy game: headless App tests driven through every screen by injected keyboard
//! messages and button interactions, the Bevy-free call runtime, the string tables, and
//! the real window under Xvfb.

mod autoplay;
mod call;
mod crash;
mod flow;
mod layout;
mod mouse;
mod practice;
mod records;
mod reload;
mod runtime;
mod settings;
mod sound;
mod support;
mod window;
mod window_course;
