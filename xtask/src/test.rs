//! `cargo xtask test`: every test, in the order that fails fastest. This is what `.ci/run` runs:
//! formatting, lints, native unit/golden/doc tests, then the browser app's component tests, its
//! release build and its end-to-end tests (`tests/e2e/`, node's test runner), and a smoke run of
//! the benchmark table (`cargo xtask bench --smoke`).

use crate::cmd::{cmd, exec};
use crate::{bench, book, fuzz, web};

pub fn run() -> Result<(), String> {
    let started = std::time::Instant::now();
    // Formatting and lints first: they take seconds and catch the most.
    exec(&mut cmd("cargo", &["fmt", "--all", "--check"]))?;
    exec(&mut cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]))?;
    // Unit, integration and golden tests.
    exec(&mut cmd("cargo", &["test", "--workspace", "--all-targets"]))?;
    exec(&mut cmd("cargo", &["test", "--workspace", "--doc"]))?;
    // The executor and facade must keep compiling for the browser.
    exec(&mut cmd(
        "cargo",
        &[
            "check",
            "--quiet",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "pollscope-executor",
            "--package",
            "pollscope",
        ],
    ))?;
    // The browser app: lints for wasm32, component tests in headless Chromium, the release
    // build, then the end-to-end tests against that build.
    web::clippy()?;
    web::component_tests()?;
    web::build()?;
    // The sample mdBook (target/book), whose embeds the end-to-end tests open.
    book::book()?;
    web::e2e()?;
    // Every fuzz target for a few seconds (docs/fuzzing.md): they cannot rot either.
    fuzz::smoke()?;
    // Every benchmark once, against the build the end-to-end tests used: the table cannot rot.
    bench::measure(true)?;
    eprintln!("xtask: all tests passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}
