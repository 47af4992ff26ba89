//! `pollscope check FILE` and `pollscope trace FILE` (interpreted) on programs that do not
//! compile, run as a user would: the built binary, on a file in a scratch directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INVALID: &str = "\
async fn main() {
    let count = 3;
    println!(\"{}\", cuont + 1);
}
";

const VALID: &str = "\
async fn main() {
    let count = 3;
    sleep(5).await;
    println!(\"{} left\", count);
}
";

fn pollscope(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pollscope")).args(args).current_dir(dir).output().expect("the binary runs")
}

/// A fresh directory outside the workspace holding `file` with `source`.
fn scratch(test: &str, file: &str, source: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pollscope-cli-check-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), source).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The rendered diagnostic of `INVALID`: message, file and position, the source line, a caret.
fn assert_rendered_diagnostic(stderr: &str) {
    assert!(stderr.contains("error: cannot find value `cuont` in this scope"), "{stderr}");
    assert!(stderr.contains("bad.rs:3:20"), "{stderr}");
    assert!(stderr.contains("3 │     println!(\"{}\", cuont + 1);"), "{stderr}");
    assert!(stderr.contains("^^^^^"), "{stderr}");
}

#[test]
fn check_on_a_program_that_does_not_compile_shows_the_diagnostic_with_its_source_line_and_exits_2() {
    let dir = scratch("invalid", "bad.rs", INVALID);
    let output = pollscope(&dir, &["check", "bad.rs"]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    assert_rendered_diagnostic(&stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn check_on_a_valid_program_prints_nothing_and_exits_0() {
    let dir = scratch("valid", "good.rs", VALID);
    let output = pollscope(&dir, &["check", "good.rs"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn check_on_a_syntax_error_points_where_the_semicolon_goes() {
    let dir = scratch("syntax", "semi.rs", "async fn main() {\n    let n = 3\n    println!(\"{n}\");\n}\n");
    let output = pollscope(&dir, &["check", "semi.rs"]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    let stderr = stderr(&output);
    assert!(stderr.contains("error: syntax error: expected `;`, found `println`"), "{stderr}");
    assert!(stderr.contains("semi.rs:2:14"), "{stderr}");
    assert!(stderr.contains("2 │     let n = 3"), "{stderr}");
}

#[test]
fn trace_interpreted_on_a_program_that_does_not_compile_prints_the_diagnostic_and_no_trace() {
    let dir = scratch("trace", "bad.rs", INVALID);
    let output = pollscope(&dir, &["trace", "bad.rs"]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    assert_rendered_diagnostic(&stderr(&output));
    assert_eq!(stdout(&output), "", "no trace is printed");
}
