//! `pollscope`: trace playground programs from the command line. See `pollscope help`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pollscope_cli::cli::main(&args));
}
