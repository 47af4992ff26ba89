//! `cargo xtask fuzz link`: see `fuzzing::link` (`fuzz/fuzzing.rs`) for what is checked.
#![no_main]

#[path = "../fuzzing.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::link(data));
