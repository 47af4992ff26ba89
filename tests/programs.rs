//! Every program in `tests/programs/` prints its golden trace.
//!
//! Native: compiled by rustc against the `pollscope` crate (`pollscope trace --native`).

use pollscope_cli::native::{NativeOptions, trace_native};
use pollscope_tests::{check_golden, programs};

#[test]
fn every_program_prints_its_golden_trace_natively() {
    let programs = programs();
    assert!(programs.len() >= 10, "the corpus has {} programs, fewer than 10", programs.len());
    let options = NativeOptions::default();
    let mut failures = Vec::new();
    for program in &programs {
        let golden = program.with_extension("trace");
        match trace_native(program, &options) {
            Ok(run) => {
                if let Err(diff) = check_golden(&golden, &run.trace) {
                    failures.push(diff);
                }
            }
            Err(err) => failures.push(format!("{}: {err}", program.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs failed:\n\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n")
    );
}
