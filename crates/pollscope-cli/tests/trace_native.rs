//! The `pollscope trace --native` command, run as a user would: the built binary, from another
//! directory, on programs that work and programs that do not.

mod common;

use common::{pollscope, scratch, stderr, stdout};

#[test]
fn a_program_outside_the_workspace_is_traced_by_a_relative_path() {
    let dir = scratch(
        "relative",
        "hello.rs",
        "async fn main() {\n    let n = 2;\n    sleep(5).await;\n    println!(\"{} left\", n);\n}\n",
    );
    let output = pollscope(&dir, &["trace", "--native", "hello.rs"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let trace = stdout(&output);
    assert!(trace.contains("5ms print #1 \"2 left\"\n"), "{trace}");
    assert!(trace.ends_with("5ms done main ready, 1 task, 2 polls\n"), "{trace}");
}

#[test]
fn a_compile_error_is_shown_with_its_file_and_line_and_exits_2() {
    let dir = scratch("compile-error", "broken.rs", "async fn main() {\n    let x: u32 = \"text\";\n}\n");
    let output = pollscope(&dir, &["trace", "--native", "broken.rs"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("the program does not compile"), "{err}");
    assert!(err.contains("mismatched types"), "{err}");
    assert!(err.contains("broken.rs:2:"), "the error names the program's file and line: {err}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn a_program_without_main_is_explained() {
    let dir = scratch("no-main", "nomain.rs", "fn helper() {}\n");
    let output = pollscope(&dir, &["trace", "--native", "nomain.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("needs a `main`"), "{}", stderr(&output));
}

#[test]
fn a_stalled_run_prints_its_trace_and_exits_1() {
    let dir = scratch("stall", "stall.rs", "async fn main() {\n    std::future::pending::<()>().await;\n}\n");
    let output = pollscope(&dir, &["trace", "--native", "stall.rs"]);
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(&output));
    assert!(stdout(&output).ends_with("0ms stuck #1 main: no waker alive (lost waker)\n"), "{}", stdout(&output));
}

#[test]
fn a_poll_that_never_returns_is_stopped_by_the_timeout() {
    let dir = scratch("timeout", "forever.rs", "async fn main() {\n    loop {}\n}\n");
    let output = pollscope(&dir, &["trace", "--native", "forever.rs", "--timeout", "1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("ran for more than 1s and was stopped"), "{}", stderr(&output));
}

#[test]
fn a_missing_file_is_reported() {
    let dir = scratch("missing", "present.rs", "");
    let output = pollscope(&dir, &["trace", "--native", "absent.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read absent.rs"), "{}", stderr(&output));
}

#[test]
fn a_wrong_command_line_exits_64_with_usage() {
    let dir = std::env::temp_dir();
    let output = pollscope(&dir, &["trace"]);
    assert_eq!(output.status.code(), Some(64));
    assert!(stderr(&output).contains("USAGE"));
}
