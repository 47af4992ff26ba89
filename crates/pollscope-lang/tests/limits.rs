//! Runaway programs end with a `limit` event naming the limit and where the program was -
//! never a hang, a Rust panic or a host stack overflow.

use pollscope_lang::vm::InterpLimits;
use pollscope_lang::vm::host::run_program_with;

fn run(source: &str, limits: InterpLimits) -> String {
    let (program, diags) = pollscope_lang::compile(source);
    let program = program.unwrap_or_else(|| panic!("compiles: {diags:?}"));
    run_program_with(program, limits).to_string()
}

fn last_line(trace: &str) -> &str {
    trace.lines().last().unwrap_or("")
}

#[test]
fn a_loop_without_await_runs_out_of_fuel_for_its_poll_at_its_line() {
    let trace = run(
        "async fn main() {\n    let mut n: u64 = 0;\n    loop {\n        n += 1;\n    }\n}\n",
        InterpLimits { poll_fuel: 10_000, ..InterpLimits::default() },
    );
    let last = last_line(&trace);
    assert!(last.starts_with("0ms limit fuel 10000 at "), "{trace}");
    assert!(["at 3:", "at 4:", "at 5:"].iter().any(|at| last.contains(at)), "{last}");
}

#[test]
fn a_run_that_yields_forever_runs_out_of_fuel_for_the_run() {
    let trace = run(
        "// pollscope-limits: polls=10000000 events=100000000\nasync fn main() {\n    loop {\n        yield_now().await;\n    }\n}\n",
        InterpLimits { run_fuel: 50_000, ..InterpLimits::default() },
    );
    assert!(last_line(&trace).starts_with("0ms limit fuel 50000 at "), "{}", last_line(&trace));
}

#[test]
fn unbounded_recursion_hits_the_depth_limit_not_the_host_stack() {
    let trace = run(
        "fn down(n: u64) -> u64 {\n    down(n + 1) + 1\n}\n\nasync fn main() {\n    println!(\"{}\", down(0));\n}\n",
        InterpLimits::default(),
    );
    let last = last_line(&trace);
    assert!(last.starts_with("0ms limit depth "), "{last}");
    assert!(last.contains(" at 2:"), "{last}");
}

#[test]
fn recursive_async_fns_hit_the_depth_limit() {
    let trace = run(
        "async fn dive(n: u64) -> u64 {\n    if n == 1_000_000 { return n; }\n    Box::pin(dive(n + 1)).await\n}\n\nasync fn main() {\n    println!(\"{}\", dive(0).await);\n}\n",
        InterpLimits::default(),
    );
    assert!(last_line(&trace).starts_with("0ms limit depth "), "{}", last_line(&trace));
}

#[test]
fn growing_a_vec_forever_hits_the_heap_limit() {
    let trace = run(
        "async fn main() {\n    let mut v = Vec::new();\n    loop {\n        v.push(1u8);\n    }\n}\n",
        InterpLimits { max_heap: 1_000, ..InterpLimits::default() },
    );
    let last = last_line(&trace);
    assert!(last.starts_with("0ms limit heap 1000 at 4:"), "{last}");
}

#[test]
fn printing_forever_hits_the_output_or_event_limit() {
    let trace = run(
        "// pollscope-limits: events=500\nasync fn main() {\n    loop {\n        println!(\"again\");\n    }\n}\n",
        InterpLimits::default(),
    );
    assert_eq!(last_line(&trace), "0ms limit events 500");
    assert_eq!(trace.lines().count(), 500);
}

#[test]
fn a_task_spawning_forever_hits_the_task_limit() {
    let trace = run(
        "// pollscope-limits: tasks=20\nasync fn nothing() {}\n\nasync fn main() {\n    loop {\n        spawn(nothing());\n    }\n}\n",
        InterpLimits::default(),
    );
    assert_eq!(last_line(&trace), "0ms limit tasks 20");
}
