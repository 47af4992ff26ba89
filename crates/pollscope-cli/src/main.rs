//! `pollscope`: trace playground programs from the command line. See `pollscope help`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pollscope_cli::cli::main(&args));
}

/// The interpreter's heap limit counts the bytes really live (`pollscope_lang::vm::memory`).
#[global_allocator]
static ALLOC: pollscope_lang::vm::memory::Counting = pollscope_lang::vm::memory::Counting::SYSTEM;
