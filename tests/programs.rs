//! Every program in `tests/programs/` prints its golden trace, both ways:
//! compiled by rustc against the `pollscope` crate (`pollscope trace --native`) and interpreted
//! by `pollscope-lang` (`pollscope trace`). Both must equal the golden file, so they equal each
//! other byte for byte.

use pollscope_cli::native::{NativeOptions, trace_native};
use pollscope_tests::{check_golden, first_difference, programs};

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

#[test]
fn every_program_interpreted_prints_the_same_trace_as_compiled_by_rustc() {
    let programs = programs();
    let options = NativeOptions::default();
    let mut failures = Vec::new();
    for program in &programs {
        let source = std::fs::read_to_string(program).expect("readable program");
        let interpreted = match pollscope_lang::run(&source) {
            Ok(trace) => trace.to_string(),
            Err(diags) => {
                let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
                failures.push(format!(
                    "{}: does not compile in the interpreter:\n  {}",
                    program.display(),
                    text.join("\n  ")
                ));
                continue;
            }
        };
        let native = match trace_native(program, &options) {
            Ok(run) => run.trace,
            Err(err) => {
                failures.push(format!("{}: {err}", program.display()));
                continue;
            }
        };
        if interpreted != native {
            failures.push(format!(
                "{}: interpreted and native traces differ:\n{}",
                program.display(),
                first_difference(&native, &interpreted)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs differ:\n\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n")
    );
}

#[test]
fn every_program_interpreted_without_unwinding_prints_the_same_trace() {
    // The browser build cannot unwind (`panic = "abort"`): there program panics travel through
    // the executor's pending-panic slot instead. Run the corpus that way on this thread.
    pollscope_executor::set_unwinding(false);
    let mut failures = Vec::new();
    for program in programs() {
        let source = std::fs::read_to_string(&program).expect("readable program");
        let golden = std::fs::read_to_string(program.with_extension("trace")).expect("golden trace");
        match pollscope_lang::run(&source) {
            Ok(trace) if trace.to_string() == golden => {}
            Ok(trace) => {
                failures.push(format!("{}:\n{}", program.display(), first_difference(&golden, &trace.to_string())))
            }
            Err(diags) => failures.push(format!("{}: {diags:?}", program.display())),
        }
    }
    pollscope_executor::set_unwinding(true);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_program_driven_one_due_item_at_a_time_prints_the_same_trace() {
    // The browser's live mode drives the executor this way: run what is runnable, then wait
    // (for real time, or a real JavaScript promise) and handle the next due item. The order of
    // events must not depend on the driver.
    let mut failures = Vec::new();
    for program in programs() {
        let source = std::fs::read_to_string(&program).expect("readable program");
        let golden = std::fs::read_to_string(program.with_extension("trace")).expect("golden trace");
        let Some(compiled) = pollscope_lang::compile(&source).0 else {
            failures.push(format!("{}: does not compile", program.display()));
            continue;
        };
        let executor = pollscope_lang::vm::host::start(std::rc::Rc::new(compiled), Default::default());
        loop {
            while executor.try_run_one() {}
            if executor.finished().is_some() {
                break;
            }
            let Some((deadline, _)) = executor.next_due() else { break };
            while executor.next_due().is_some_and(|(d, _)| d == deadline) {
                executor.fire_next(None);
            }
        }
        let trace = executor.trace().to_string();
        if trace != golden {
            failures.push(format!("{}:\n{}", program.display(), first_difference(&golden, &trace)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_program_prints_its_golden_details_and_they_nest_inside_the_canonical_trace() {
    // `pollscope trace --details`: the future-level events between the canonical lines. The
    // golden `NAME.details` files are regenerated like the traces (`UPDATE_GOLDEN=1`).
    let mut failures = Vec::new();
    for program in programs() {
        let source = std::fs::read_to_string(&program).expect("readable program");
        let trace = match pollscope_lang::run(&source) {
            Ok(trace) => trace,
            Err(diags) => {
                failures.push(format!("{}: {diags:?}", program.display()));
                continue;
            }
        };
        let details = trace.details_text();
        // Removing the indented lines gives exactly the canonical text.
        let canonical: String = details.lines().filter(|l| !l.starts_with(' ')).map(|l| format!("{l}\n")).collect();
        if canonical != trace.to_string() {
            failures.push(format!("{}: the unindented lines are not the canonical trace", program.display()));
        }
        // Every poll of a future is entered and exited in order, and inside a task's poll.
        if let Err(e) = check_nesting(&trace.events) {
            failures.push(format!("{}: {e}", program.display()));
        }
        if let Err(diff) = check_golden(&program.with_extension("details"), &details) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Checks that future-level `enter`/`exit` events pair up like brackets inside task polls.
fn check_nesting(events: &[pollscope_executor::Event]) -> Result<(), String> {
    use pollscope_executor::{EventKind, PolledBy};
    let mut stack: Vec<pollscope_executor::FutureId> = Vec::new();
    let mut in_poll = None;
    for (i, e) in events.iter().enumerate() {
        match &e.kind {
            EventKind::Poll { task } => {
                if !stack.is_empty() {
                    return Err(format!("event {i}: a task poll starts with futures still entered"));
                }
                in_poll = Some(*task);
            }
            EventKind::Pending { .. } | EventKind::Ready { .. } => {
                if !stack.is_empty() {
                    return Err(format!("event {i}: a task poll ends with {stack:?} still entered"));
                }
                in_poll = None;
            }
            EventKind::Panic { .. } => {
                stack.clear();
                in_poll = None;
            }
            EventKind::FutureEnter(enter) => {
                let (future, by) = (&enter.future, &enter.by);
                let expected = match stack.last() {
                    Some(parent) => PolledBy::Future(*parent),
                    None => PolledBy::Task(in_poll.ok_or(format!("event {i}: enter outside a task poll"))?),
                };
                if *by != expected {
                    return Err(format!("event {i}: {future} entered by {by}, expected {expected}"));
                }
                stack.push(*future);
            }
            EventKind::FutureExit(exit) if stack.pop() != Some(exit.future) => {
                return Err(format!("event {i}: exit of {} that is not the innermost poll", exit.future));
            }
            _ => {}
        }
    }
    Ok(())
}

/// With tracing off (benchmarks, and any embedding that only wants the program run), the
/// interpreter polls without recording details and takes its fast paths for the commonest
/// polls; every program must still end the same way at the same virtual time.
#[test]
fn every_program_interpreted_without_tracing_ends_as_when_traced() {
    use pollscope_lang::vm::{InterpLimits, host};
    let programs = programs();
    let mut failures = Vec::new();
    for program in &programs {
        let source = std::fs::read_to_string(program).expect("readable program");
        let Some(compiled) = pollscope_lang::compile(&source).0 else { continue };
        let compiled = std::rc::Rc::new(compiled);
        let end = |tracing: bool| {
            let executor = host::start(compiled.clone(), InterpLimits::default());
            executor.set_tracing(tracing);
            let end = executor.run();
            (end, executor.now())
        };
        let (traced, untraced) = (end(true), end(false));
        if traced != untraced {
            failures.push(format!("{}: traced {traced:?}, untraced {untraced:?}", program.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
