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

#[test]
fn programs_at_the_nesting_limits_compile_and_run_on_a_wasm_sized_stack() {
    // The browser build links with a 4 MiB stack (.cargo/config.toml); programs just inside the
    // guard's limits must parse, compile, run and be dropped in half of that even unoptimised,
    // whose frames are several times larger than the release build's.
    let deep = format!(
        "async fn main() {{\n    let x: u64 = {}1{};\n    println!(\"{{}}\", x);\n}}\n",
        "(".repeat(60),
        ")".repeat(60)
    );
    let long =
        format!("async fn main() {{\n    let x: u64 = 1{};\n    println!(\"{{}}\", x);\n}}\n", " + 1".repeat(250));
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let a = pollscope_lang::run(&deep).map(|t| t.to_string()).unwrap_or_default();
            let b = pollscope_lang::run(&long).map(|t| t.to_string()).unwrap_or_default();
            (a, b)
        })
        .unwrap();
    let (a, b) = handle.join().expect("no stack overflow");
    assert!(a.contains("print #1 \"1\""), "{a}");
    assert!(b.contains("print #1 \"251\""), "{b}");
    // Past the limits: a diagnostic, not a crash.
    let too_deep = format!("async fn main() {{ let x = {}1{}; }}", "(".repeat(65), ")".repeat(65));
    assert!(pollscope_lang::compile(&too_deep).1[0].message.contains("nests brackets more than 64 deep"));
}

#[test]
fn a_byte_order_mark_at_the_start_is_ignored_as_rustc_ignores_it() {
    // Found by the compile_run fuzz target: a diagnostic's span, measured after the mark,
    // was read from the text before it (a panic slicing inside the mark).
    let bom = "\u{feff}i0\u{1}mtl-i\0\0fsZ";
    let (program, diags) = pollscope_lang::compile(bom);
    assert!(program.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let plain = "async fn main() {\n    println!(\"hi\");\n}\n";
    let with_mark = format!("\u{feff}{plain}");
    assert_eq!(
        pollscope_lang::run(&with_mark).map(|t| t.to_string()),
        pollscope_lang::run(plain).map(|t| t.to_string())
    );
    let broken = "\u{feff}async fn main() {\n    let x = ;\n}\n";
    let (_, with) = pollscope_lang::compile(broken);
    let (_, without) = pollscope_lang::compile(&broken['\u{feff}'.len_utf8()..]);
    assert_eq!(with, without);
}
