//! `cargo xtask fuzz compile_run`: see `fuzzing::compile_run` (`fuzz/fuzzing.rs`) for what is checked.
#![no_main]

#[path = "../fuzzing.rs"]
mod fuzzing;

/// The heap limit counts live bytes, as in the CLI and the page.
#[global_allocator]
static ALLOC: pollscope_lang::vm::memory::Counting = pollscope_lang::vm::memory::Counting::SYSTEM;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::compile_run(data));
