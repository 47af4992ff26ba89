//! Every program in `tests/invalid/` is rejected by `pollscope_lang::compile` with the
//! diagnostics of its golden `NAME.diag` file: one `LINE:COL: error: MESSAGE` line each.
//! Compiling never panics, returns no program, and reports at least one error.
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test -p pollscope-tests --test invalid`
//! and read the diff: every span must point at the offending construct.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pollscope_lang::Severity;
use pollscope_tests::{check_golden, invalid_dir, rust_files};

#[test]
fn every_invalid_program_is_rejected_with_its_golden_diagnostics() {
    let programs = rust_files(&invalid_dir());
    assert!(programs.len() >= 40, "tests/invalid has {} programs, fewer than 40", programs.len());
    let mut failures = Vec::new();
    for program in &programs {
        let source = std::fs::read_to_string(program).expect("readable program");
        let (compiled, diags) = match catch_unwind(AssertUnwindSafe(|| pollscope_lang::compile(&source))) {
            Ok(result) => result,
            Err(_) => {
                failures.push(format!("{}: the compiler panicked", program.display()));
                continue;
            }
        };
        if compiled.is_some() {
            failures.push(format!("{}: compiled to a program, but it must be rejected", program.display()));
        }
        if !diags.iter().any(|d| d.severity == Severity::Error) {
            failures.push(format!("{}: no error reported", program.display()));
        }
        if let Some(internal) = diags.iter().find(|d| d.message.starts_with("internal error")) {
            failures.push(format!("{}: the compiler failed internally: {internal}", program.display()));
        }
        let text: String = diags.iter().map(|d| format!("{d}\n")).collect();
        if let Err(diff) = check_golden(&program.with_extension("diag"), &text) {
            failures.push(diff);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} invalid programs failed:\n\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n")
    );
}
