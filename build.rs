//! Link settings for the `calmline` program.
//!
//! On Linux with glibc, relative relocations are packed (`-z pack-relative-relocs`, glibc
//! 2.36 and binutils 2.38 or newer): the program's 400,000-odd internal pointers are fixed
//! up at start from a table of a few kilobytes instead of ten megabytes, which shortens the
//! launch and the memory the game holds. The README gives the figures.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
