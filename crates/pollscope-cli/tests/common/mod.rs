//! Helpers for running the built `pollscope` binary as a user would, on files in a scratch
//! directory outside the workspace.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `pollscope ARGS` in `dir`.
pub fn pollscope(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pollscope")).args(args).current_dir(dir).output().expect("the binary runs")
}

/// A fresh directory outside the workspace holding `file` with `source`; `test` keeps
/// directories of different tests apart.
pub fn scratch(test: &str, file: &str, source: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pollscope-cli-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), source).unwrap();
    dir
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
