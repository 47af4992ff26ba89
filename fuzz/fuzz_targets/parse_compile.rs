//! `cargo xtask fuzz parse_compile`: see `fuzzing::parse_compile` (`fuzz/fuzzing.rs`) for what is checked.
#![no_main]

#[path = "../fuzzing.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::parse_compile(data));
