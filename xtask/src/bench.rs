//! `cargo xtask bench`: run the criterion benchmarks of the executor and of the interpreter
//! (extra arguments go to criterion).

use crate::cmd::{cmd, exec};

pub fn run(args: &[String]) -> Result<(), String> {
    for (package, bench) in [("pollscope-executor", "executor"), ("pollscope-lang", "interp")] {
        let mut command = cmd("cargo", &["bench", "--package", package, "--bench", bench, "--"]);
        command.args(args);
        exec(&mut command)?;
    }
    Ok(())
}
