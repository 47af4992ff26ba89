//! The interpreter's speed, side by side with rhai (another embedded interpreter) and native
//! Rust on the same workloads:
//! - `fib_25`: naive recursive `fib(25)` (242,785 calls), source compiled once;
//! - `polls_1m`: a hand-written self-waking future polled 1,000,000 times by the Pollscope
//!   executor (tracing off, so only polling is measured). rhai has no futures: its version
//!   calls a `poll` method that does the same work on a state object a million times.
//!
//! Run with `cargo bench -p pollscope-lang --bench interp` (or `cargo xtask bench`).

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use criterion::{Criterion, criterion_group, criterion_main};
use pollscope_executor::{Executor, Limits};
use pollscope_lang::vm::InterpLimits;
use pollscope_lang::vm::host::run_shared;

const FIB: &str = "fn fib(n: u64) -> u64 {\n    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\n\nasync fn main() {\n    println!(\"{}\", fib(25));\n}\n";

const SPIN: &str = "// pollscope-limits: polls=2000000\nstruct Spin {\n    left: u64,\n}\n\nimpl Future for Spin {\n    type Output = ();\n    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {\n        if self.left == 0 {\n            return Poll::Ready(());\n        }\n        self.left -= 1;\n        cx.waker().wake_by_ref();\n        Poll::Pending\n    }\n}\n\nasync fn main() {\n    Spin { left: 1_000_000 }.await;\n}\n";

fn native_fib(n: u64) -> u64 {
    if n < 2 { n } else { native_fib(n - 1) + native_fib(n - 2) }
}

struct Spin {
    left: u64,
}

impl Future for Spin {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.left == 0 {
            return Poll::Ready(());
        }
        self.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn program(source: &str) -> Rc<pollscope_lang::Program> {
    Rc::new(pollscope_lang::compile(source).0.expect("the benchmark program compiles"))
}

fn fib_25(c: &mut Criterion) {
    let mut group = c.benchmark_group("fib_25");
    group.sample_size(10);
    let fib = program(FIB);
    group.bench_function("pollscope", |b| {
        b.iter(|| {
            let trace = run_shared(fib.clone(), InterpLimits::default(), true);
            assert!(trace.completed());
        })
    });
    let mut engine = rhai::Engine::new();
    // Debug builds of rhai (benches run once as tests) allow only a shallow call depth.
    engine.set_max_call_levels(100);
    let ast =
        engine.compile("fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } } fib(25)").expect("rhai compiles");
    group.bench_function("rhai", |b| b.iter(|| black_box(engine.eval_ast::<i64>(&ast).expect("rhai runs"))));
    group.bench_function("native", |b| b.iter(|| native_fib(black_box(25))));
    group.finish();
}

fn polls_1m(c: &mut Criterion) {
    let mut group = c.benchmark_group("polls_1m");
    group.sample_size(10);
    let spin = program(SPIN);
    group.bench_function("pollscope", |b| {
        b.iter(|| {
            let trace = run_shared(
                spin.clone(),
                InterpLimits { poll_fuel: u64::MAX, run_fuel: u64::MAX, ..InterpLimits::default() },
                false,
            );
            black_box(trace);
        })
    });
    let engine = rhai::Engine::new();
    let ast = engine
        .compile("fn poll() { if this.left == 0 { true } else { this.left -= 1; false } } let s = #{ left: 1000000 }; let polls = 0; loop { polls += 1; if s.poll() { break; } } polls")
        .expect("rhai compiles");
    group.bench_function("rhai", |b| b.iter(|| black_box(engine.eval_ast::<i64>(&ast).expect("rhai runs"))));
    group.bench_function("native", |b| {
        b.iter(|| {
            let executor = Executor::with_limits(Limits { max_polls: 2_000_000, ..Limits::default() });
            executor.set_tracing(false);
            executor.spawn("main", Spin { left: 1_000_000 });
            executor.run();
        })
    });
    group.finish();
}

criterion_group!(benches, fib_25, polls_1m);
criterion_main!(benches);
