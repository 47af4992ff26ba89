//! `pollscope check FILE` and `pollscope trace FILE` (interpreted) on programs that do not
//! compile, run as a user would: the built binary, on a file in a scratch directory.

mod common;

use common::{pollscope, scratch, stderr, stdout};

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

/// The rendered diagnostic of `INVALID`: message, file and position, the source line, a caret.
fn assert_rendered_diagnostic(stderr: &str) {
    assert!(stderr.contains("error: cannot find value `cuont` in this scope"), "{stderr}");
    assert!(stderr.contains("bad.rs:3:20"), "{stderr}");
    assert!(stderr.contains("3 │     println!(\"{}\", cuont + 1);"), "{stderr}");
    assert!(stderr.contains("^^^^^"), "{stderr}");
}

#[test]
fn check_on_a_program_that_does_not_compile_shows_the_diagnostic_with_its_source_line_and_exits_2() {
    let dir = scratch("check-invalid", "bad.rs", INVALID);
    let output = pollscope(&dir, &["check", "bad.rs"]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    assert_rendered_diagnostic(&stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn check_on_a_valid_program_prints_nothing_and_exits_0() {
    let dir = scratch("check-valid", "good.rs", VALID);
    let output = pollscope(&dir, &["check", "good.rs"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn check_on_a_syntax_error_points_where_the_semicolon_goes() {
    let dir = scratch("check-syntax", "semi.rs", "async fn main() {\n    let n = 3\n    println!(\"{n}\");\n}\n");
    let output = pollscope(&dir, &["check", "semi.rs"]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    let stderr = stderr(&output);
    assert!(stderr.contains("error: syntax error: expected `;`, found `println`"), "{stderr}");
    assert!(stderr.contains("semi.rs:2:14"), "{stderr}");
    assert!(stderr.contains("2 │     let n = 3"), "{stderr}");
}

#[test]
fn trace_interpreted_on_a_program_that_does_not_compile_prints_the_diagnostic_and_no_trace() {
    let dir = scratch("check-trace", "bad.rs", INVALID);
    let output = pollscope(&dir, &["trace", "bad.rs"]);
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(&output));
    assert_rendered_diagnostic(&stderr(&output));
    assert_eq!(stdout(&output), "", "no trace is printed");
}
