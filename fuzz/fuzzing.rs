#![allow(dead_code)] // each target uses one of these functions
//! What the fuzz targets (`fuzz_targets/`) do with an input, as functions, so that every
//! input a fuzzer ever crashed on can be replayed by a plain test (`tests/fuzz_regressions.rs`
//! runs `fuzz/regressions/TARGET/*`). Each checks properties, not only "no panic".

use pollscope_lang::vm::InterpLimits;

/// Interpreter limits small enough that a fuzzer's input runs in milliseconds.
pub fn fuzz_limits() -> InterpLimits {
    InterpLimits { run_fuel: 200_000, poll_fuel: 50_000, max_depth: 400, max_heap: 16 << 20 }
}

/// `parse_compile`: any text compiles to a program or to diagnostics, never a panic; an
/// error's span lies within the text; a refused program has at least one error.
pub fn parse_compile(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let (program, diags) = pollscope_lang::compile(source);
    let lines = source.split('\n').count() as u32;
    for d in &diags {
        assert!(d.span.start.line >= 1 && d.span.start.line <= lines.max(1), "{d:?} outside {lines} lines");
        assert!(d.span.end.line >= d.span.start.line, "{d:?}");
    }
    if program.is_none() {
        assert!(
            diags.iter().any(|d| d.severity == pollscope_lang::Severity::Error),
            "refused without an error: {diags:?}"
        );
    }
}

/// `compile_run`: a program that compiles runs to an end within the limits, never a panic;
/// and runs the same way twice (the trace is deterministic).
pub fn compile_run(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let (Some(mut program), _) = pollscope_lang::compile(source) else { return };
    // The executor's limits, small too (a program may raise them with `// pollscope-limits:`):
    // at the page's 200,000 events a run takes seconds under AddressSanitizer, which libFuzzer
    // reports as a hang.
    let limits = &mut program.limits;
    limits.max_events = limits.max_events.min(20_000);
    limits.max_polls = limits.max_polls.min(20_000);
    limits.max_tasks = limits.max_tasks.min(200);
    limits.max_output_bytes = limits.max_output_bytes.min(64 << 10);
    let program = std::rc::Rc::new(program);
    let first = pollscope_lang::vm::host::run_shared(program.clone(), fuzz_limits(), true);
    let again = pollscope_lang::vm::host::run_shared(program, fuzz_limits(), true);
    let text = first.to_string();
    assert_eq!(text, again.to_string(), "two runs of the same program differ");
    use pollscope_executor::EventKind;
    assert!(
        first.events.iter().any(|e| matches!(
            e.kind,
            EventKind::Done { .. } | EventKind::Limit { .. } | EventKind::Error { .. } | EventKind::Stall { .. }
        )),
        "the run did not end with an outcome: {}",
        text.lines().last().unwrap_or("")
    );
}

/// `link`: any address parses to a program or a message, never a panic; a message quotes at
/// most a short piece of the address; and a program written into a link reads back the same.
pub fn link(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (search, hash) = text.split_once('#').unwrap_or((text, ""));
    if let (_, Err(e)) = pollscope_link::parse(search, hash) {
        assert!(e.0.len() < 600, "a message of {} bytes", e.0.len());
    }
    if text.len() <= pollscope_link::MAX_PROGRAM / 4 {
        let program = pollscope_link::Program::Code { text: text.to_string(), origin: pollscope_link::Origin::Share };
        let fragment = pollscope_link::fragment(&program, &pollscope_link::View::default());
        let (_, opened) = pollscope_link::parse("", &fragment);
        let opened = opened.unwrap_or_else(|e| panic!("our own link does not open: {e}"));
        assert_eq!(opened.program, Some(program));
    }
}
