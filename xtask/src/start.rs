//! `cargo xtask start`: the main job. Until the web app exists it traces an example program
//! natively (`pollscope trace --native`); pass another file to trace that one.

use crate::cmd::{cmd, exec};

pub fn run(args: &[String]) -> Result<(), String> {
    let file = args.first().map(String::as_str).unwrap_or("tests/programs/sequential_vs_join.rs");
    eprintln!("xtask: tracing {file} (compiled by rustc, run on the Pollscope executor)");
    exec(&mut cmd("cargo", &["run", "--quiet", "--package", "pollscope-cli", "--", "trace", "--native", file]))
}
