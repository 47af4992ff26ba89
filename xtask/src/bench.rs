//! `cargo xtask bench`: run the criterion benchmarks (extra arguments go to criterion).

use crate::cmd::{cmd, exec};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut command = cmd("cargo", &["bench", "--package", "pollscope-executor", "--bench", "executor", "--"]);
    command.args(args);
    exec(&mut command)
}
