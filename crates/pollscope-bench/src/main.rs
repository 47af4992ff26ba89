//! `cargo xtask bench`: the figures of issue 11, Pollscope and its peers measured in one run on
//! this machine, printed as one table (figure, Pollscope, peer, ratio, budget, verdict) and
//! written as JSON.
//!
//! ```text
//! pollscope-bench [--smoke] [--page PAGE.json] [--out OUT.json]
//! ```
//!
//! - `--smoke`: every workload once, no warm-up (CI runs this so the bench cannot rot; its
//!   figures mean nothing);
//! - `--page`: the page's figures measured in headless Chromium by `tests/e2e/measure.mjs
//!   --json` (sizes, first text on screen, runnable editor, the interpreter in wasm);
//! - `--out`: where the JSON goes (`target/bench.json` from xtask);
//! - `--profile interp-polls|interp-fib|exec-spawn[-traced]|exec-yield[-traced]`: only that workload, 5 times, no table - for `perf
//!   record target/release/pollscope-bench --profile interp-polls`.
//!
//! Each Rust figure is the median wall time of several runs after a warm-up (`Instant`); the
//! peers run the same workload in the same process. The executor's workloads (a few
//! milliseconds each) run 35 times, Pollscope and its peers in turns (`time_each`).

use std::fmt::Write as _;
use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Instant;

use futures::task::LocalSpawnExt;
use pollscope_executor::{Executor, Limits, yield_now};
use pollscope_lang::vm::InterpLimits;
use pollscope_lang::vm::host::run_shared;

include!("../../../tests/hostile_cases.rs");

/// Counts live bytes, as the CLI and the page do, so that the hostile programs' peak memory
/// can be read (every workload, Pollscope's and the peers', pays the same small cost).
#[global_allocator]
static ALLOC: pollscope_lang::vm::memory::Counting = pollscope_lang::vm::memory::Counting::SYSTEM;

const TASKS: usize = 10_000;
const YIELDS: usize = 100_000;
const SPINS: u64 = 1_000_000;

const FIB: &str = "fn fib(n: u64) -> u64 {\n    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\n\nasync fn main() {\n    println!(\"{}\", fib(25));\n}\n";

/// The same as [`FIB`] at 22, small enough for the browser's fuel per poll: the program the
/// page runs through `window.pollscope.run` (`tests/e2e/measure.mjs`), compiled and run here
/// the same way for the wasm/native ratio.
pub const FIB22: &str = "fn fib(n: u64) -> u64 {\n    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\n\nasync fn main() {\n    println!(\"{}\", fib(22));\n}\n";

const SPIN: &str = "// pollscope-limits: polls=2000000\nstruct Spin {\n    left: u64,\n}\n\nimpl Future for Spin {\n    type Output = ();\n    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {\n        if self.left == 0 {\n            return Poll::Ready(());\n        }\n        self.left -= 1;\n        cx.waker().wake_by_ref();\n        Poll::Pending\n    }\n}\n\nasync fn main() {\n    Spin { left: 1_000_000 }.await;\n}\n";

/// A future that wakes itself `left` times (the native twin of [`SPIN`]).
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

fn native_fib(n: u64) -> u64 {
    if n < 2 { n } else { native_fib(n - 1) + native_fib(n - 2) }
}

fn big_limits() -> Limits {
    Limits { max_polls: 10_000_000, max_tasks: 1_000_000, max_events: 10_000_000, max_output_bytes: 1 << 20 }
}

/// How many timed runs, after how many warm-up runs.
#[derive(Clone, Copy)]
struct Plan {
    runs: usize,
    warmup: usize,
}

impl Plan {
    /// `factor` times the timed runs (not in a smoke run): for workloads of a few milliseconds,
    /// whose single runs this shared machine scatters by 2x.
    fn more(self, factor: usize) -> Plan {
        Plan { runs: if self.runs > 1 { self.runs * factor } else { self.runs }, ..self }
    }
}

/// The median wall time of each of `fs`, in milliseconds, timed in turns (a run of each, then
/// again), so that a slow stretch of the machine weighs on all of them alike rather than on
/// whichever ran then.
fn time_each<const N: usize>(plan: Plan, mut fs: [&mut dyn FnMut(); N]) -> [f64; N] {
    for f in fs.iter_mut() {
        for _ in 0..plan.warmup {
            f();
        }
    }
    let mut times = [(); N].map(|_| Vec::with_capacity(plan.runs));
    for _ in 0..plan.runs {
        for (f, times) in fs.iter_mut().zip(times.iter_mut()) {
            let start = Instant::now();
            f();
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    times.map(|mut t| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    })
}

/// The median wall time of `f`, in milliseconds.
fn time(plan: Plan, mut f: impl FnMut()) -> f64 {
    let [median] = time_each(plan, [&mut f]);
    median
}

/// What a row compares, and the budget on the ratio (or on the value, with no peer).
struct Row {
    figure: &'static str,
    pollscope: f64,
    peer: Option<(String, f64)>,
    unit: &'static str,
    /// The budget: ratio to the peer at most this (with a peer), or the value at most this.
    budget: Option<f64>,
    note: String,
}

impl Row {
    fn ratio(&self) -> Option<f64> {
        self.peer.as_ref().map(|(_, p)| self.pollscope / p)
    }

    fn verdict(&self) -> &'static str {
        let Some(budget) = self.budget else { return "-" };
        let measured = self.ratio().unwrap_or(self.pollscope);
        if measured.is_nan() {
            "unmeasured"
        } else if measured <= budget {
            "met"
        } else {
            "MISSED"
        }
    }

    fn budget_text(&self) -> String {
        match (self.budget, &self.peer) {
            (None, _) => "-".to_string(),
            (Some(b), Some(_)) => format!("<= {b}x"),
            (Some(b), None) => format!("<= {b} {}", self.unit),
        }
    }
}

fn value(v: f64, unit: &str) -> String {
    if v.is_nan() {
        return "unmeasured".to_string();
    }
    match unit {
        "ms" if v < 10.0 => format!("{v:.2} ms"),
        "ms" => format!("{v:.1} ms"),
        "KB" => format!("{v:.1} KB"),
        "B" => format!("{v:.1} B"),
        "MB" => format!("{v:.1} MB"),
        _ => format!("{v:.2} {unit}"),
    }
}

fn interp(source: &str) -> Rc<pollscope_lang::Program> {
    Rc::new(pollscope_lang::compile(source).0.expect("the benchmark program compiles"))
}

fn rust_rows(plan: Plan) -> Vec<Row> {
    let mut rows = Vec::new();
    let unlimited = InterpLimits { poll_fuel: u64::MAX, run_fuel: u64::MAX, ..InterpLimits::default() };

    // The interpreter: fib(25), against rhai (another interpreter embedded in Rust).
    let fib = interp(FIB);
    let ours = time(plan, || {
        // Traced: `completed` reads the trace (one `print`: tracing costs nothing here).
        let trace = run_shared(fib.clone(), unlimited, true);
        assert!(trace.completed());
    });
    let mut engine = rhai::Engine::new();
    engine.set_max_call_levels(100);
    let ast = engine.compile("fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } } fib(25)").expect("rhai");
    let rhai_fib = time(plan, || {
        black_box(engine.eval_ast::<i64>(&ast).expect("rhai runs"));
    });
    let native = time(plan, || {
        black_box(native_fib(black_box(25)));
    });
    rows.push(Row {
        figure: "interpreter fib(25)",
        pollscope: ours,
        peer: Some(("rhai".into(), rhai_fib)),
        unit: "ms",
        budget: Some(0.5),
        note: format!("native Rust {}", value(native, "ms")),
    });

    // 1,000,000 polls of a self-waking future, against rhai calling a `poll` method as often.
    let spin = interp(SPIN);
    let ours = time(plan, || {
        black_box(run_shared(spin.clone(), unlimited, false));
    });
    let ast = engine
        .compile("fn poll() { if this.left == 0 { true } else { this.left -= 1; false } } let s = #{ left: 1000000 }; let polls = 0; loop { polls += 1; if s.poll() { break; } } polls")
        .expect("rhai");
    let rhai_polls = time(plan, || {
        black_box(engine.eval_ast::<i64>(&ast).expect("rhai runs"));
    });
    let native = time(plan, || {
        let executor = Executor::with_limits(Limits { max_polls: 2_000_000, ..Limits::default() });
        executor.set_tracing(false);
        executor.spawn("main", Spin { left: SPINS });
        executor.run();
    });
    rows.push(Row {
        figure: "1,000,000 polls of a self-waking future",
        pollscope: ours,
        peer: Some(("rhai method calls".into(), rhai_polls)),
        unit: "ms",
        budget: Some(1.0),
        note: format!("the same future in Rust on the executor {}", value(native, "ms")),
    });

    // The interpreter natively, for the wasm/native row (the page measures the wasm side).
    let fib22 = interp(FIB22);
    let browser = InterpLimits { poll_fuel: 2_000_000, run_fuel: 30_000_000, ..InterpLimits::default() };
    let native_fib22 = time(plan, || {
        let trace = run_shared(fib22.clone(), browser, true);
        assert!(trace.completed());
    });
    rows.push(Row {
        figure: "interpreter fib(22), traced (native; wasm in the page rows)",
        pollscope: native_fib22,
        peer: None,
        unit: "ms",
        budget: None,
        note: String::new(),
    });

    // The executor: spawn and run 10,000 empty tasks.
    let spawn = |tracing: bool| {
        let executor = Executor::with_limits(big_limits());
        executor.set_tracing(tracing);
        spawn_empty_tasks(&executor);
        executor.run();
    };
    let [off, on, local, pool, tokio_local] = time_each(
        plan.more(5),
        [
            &mut || spawn(false),
            &mut || spawn(true),
            &mut || {
                let executor = async_executor::LocalExecutor::new();
                for _ in 0..TASKS {
                    executor.spawn(async {}).detach();
                }
                while executor.try_tick() {}
            },
            &mut || {
                let mut pool = futures::executor::LocalPool::new();
                let spawner = pool.spawner();
                for _ in 0..TASKS {
                    spawner.spawn_local(async {}).expect("the pool is alive");
                }
                pool.run();
            },
            &mut || {
                let rt = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
                let set = tokio::task::LocalSet::new();
                set.block_on(&rt, async {
                    for _ in 0..TASKS {
                        tokio::task::spawn_local(async {});
                    }
                    tokio::task::yield_now().await;
                });
                rt.block_on(set);
            },
        ],
    );
    rows.push(Row {
        figure: "executor: spawn + run 10,000 tasks, tracing off",
        pollscope: off,
        peer: Some(("async-executor LocalExecutor".into(), local)),
        unit: "ms",
        budget: Some(1.0),
        note: format!("futures LocalPool {}, tokio LocalSet {}", value(pool, "ms"), value(tokio_local, "ms")),
    });
    rows.push(Row {
        figure: "executor: spawn 10,000, tracing on vs off",
        pollscope: on,
        peer: Some(("tracing off".into(), off)),
        unit: "ms",
        budget: Some(1.5),
        note: String::new(),
    });

    // The executor: one task re-polled 100,000 times (each `yield_now` a wake and a poll).
    let yields = |tracing: bool| {
        let executor = Executor::with_limits(big_limits());
        executor.set_tracing(tracing);
        executor.spawn("main", async {
            for _ in 0..YIELDS {
                yield_now().await;
            }
        });
        executor.run();
    };
    let [off, on, local, tokio_local] = time_each(
        plan.more(5),
        [
            &mut || yields(false),
            &mut || yields(true),
            &mut || {
                let executor = async_executor::LocalExecutor::new();
                executor
                    .spawn(async {
                        for _ in 0..YIELDS {
                            yield_now().await;
                        }
                    })
                    .detach();
                while executor.try_tick() {}
            },
            &mut || {
                let rt = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
                let set = tokio::task::LocalSet::new();
                set.block_on(&rt, async {
                    tokio::task::spawn_local(async {
                        for _ in 0..YIELDS {
                            yield_now().await;
                        }
                    })
                    .await
                    .expect("the task finishes");
                });
            },
        ],
    );
    rows.push(Row {
        figure: "executor: 100,000 re-polls, tracing off",
        pollscope: off,
        peer: Some(("async-executor LocalExecutor".into(), local)),
        unit: "ms",
        budget: Some(1.0),
        note: format!("tokio LocalSet {} (ratio {:.2}x)", value(tokio_local, "ms"), off / tokio_local),
    });
    rows.push(Row {
        figure: "executor: 100,000 re-polls, tracing on vs off",
        pollscope: on,
        peer: Some(("tracing off".into(), off)),
        unit: "ms",
        budget: Some(1.5),
        note: String::new(),
    });

    // A trace at the event limit: what one Step or Back costs (the page rebuilds the state at
    // the cursor from the events, as `replay::snapshot` does).
    let executor = Executor::with_limits(Limits { max_events: 200_000, ..big_limits() });
    executor.spawn("main", async {
        loop {
            yield_now().await;
        }
    });
    executor.run();
    let trace = executor.trace();
    let events = trace.events.len();
    let bytes = std::mem::size_of::<pollscope_executor::Event>() as f64;
    let step = time(plan, || {
        black_box(pollscope_executor::replay::snapshot(&trace, events - 1));
    });
    rows.push(Row {
        figure: "one Step/Back at the event limit (native replay)",
        pollscope: step,
        peer: None,
        unit: "ms",
        budget: Some(8.0),
        note: format!("{events} events; the page runs the same replay in wasm"),
    });
    rows.push(Row {
        figure: "trace: bytes per recorded event (in memory)",
        pollscope: bytes,
        peer: None,
        unit: "B",
        budget: Some(32.0),
        note: "size_of::<Event>(): the vector of events; what they hold on the heap is the next row".into(),
    });
    let (corpus, corpus_events) = corpus_bytes_per_event();
    rows.push(Row {
        figure: "trace: bytes per event, heap included (corpus, interpreted, with details)",
        pollscope: corpus,
        peer: None,
        unit: "B",
        budget: None,
        note: format!("{corpus_events} events of tests/programs"),
    });
    rows
}

/// The `.rs` files of a directory of the repository, as (file stem, source).
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            (
                p.file_stem().unwrap_or_default().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect()
}

/// What a trace of the corpus programs (`tests/programs/`, interpreted, detail events
/// included) costs per event: each event's own bytes, what it holds on the heap, and the
/// clock's changes. Returns the bytes per event and the number of events.
fn corpus_bytes_per_event() -> (f64, usize) {
    let (mut bytes, mut events) = (0usize, 0usize);
    for (_, source) in rust_files("tests/programs") {
        let Ok(trace) = pollscope_lang::run(&source) else { continue };
        events += trace.events.len();
        bytes += trace.events.len() * std::mem::size_of::<pollscope_executor::Event>()
            + trace.events.iter().map(|e| e.kind.heap_bytes()).sum::<usize>()
            + std::mem::size_of_val(trace.clock.as_slice());
    }
    (bytes as f64 / events.max(1) as f64, events)
}

/// Every hostile program (`tests/hostile/` and `hostile_cases.rs`), once each: the slowest and
/// the most memory, natively with the CLI's limits.
fn hostile_rows() -> Vec<Row> {
    use pollscope_lang::vm::memory;
    let mut cases = rust_files("tests/hostile");
    cases.extend(generated_hostile().into_iter().map(|(name, source, _)| (name.to_string(), source)));
    let (mut slowest, mut slowest_name) = (0.0f64, String::new());
    let (mut most, mut most_name) = (0isize, String::new());
    for (name, source) in &cases {
        let started = Instant::now();
        let (_, peak) = memory::peak_during(|| black_box(pollscope_lang::run(source).map(|t| t.events.len())));
        let ms = started.elapsed().as_secs_f64() * 1e3;
        let peak = peak.unwrap_or(0);
        if ms > slowest {
            (slowest, slowest_name) = (ms, name.clone());
        }
        if peak > most {
            (most, most_name) = (peak, name.clone());
        }
    }
    vec![
        Row {
            figure: "hostile programs natively: the slowest to end",
            pollscope: slowest,
            peer: None,
            unit: "ms",
            budget: Some(1000.0),
            note: format!("{slowest_name}, of {} programs (tests/hostile/)", cases.len()),
        },
        Row {
            figure: "hostile programs natively: the most memory live",
            pollscope: most as f64 / 1e6,
            peer: None,
            unit: "MB",
            budget: Some(256.0),
            note: most_name,
        },
    ]
}

/// The page's figures from `measure.mjs --json` (a flat object of numbers).
fn page_rows(page: &str, native_fib22: f64) -> Vec<Row> {
    let get = |key: &str| -> f64 {
        // A flat JSON object of numbers, as measure.mjs writes it: `"key": 123.4`.
        let Some(at) = page.find(&format!("\"{key}\"")) else { return f64::NAN };
        let rest = &page[at + key.len() + 2..];
        let rest = rest.trim_start().trim_start_matches(':').trim_start();
        let end = rest.find([',', '}', '\n']).unwrap_or(rest.len());
        rest[..end].trim().parse().unwrap_or(f64::NAN)
    };
    let kb = |bytes: f64| bytes / 1000.0;
    vec![
        Row {
            figure: "full page, fetched before the editor is usable (brotli)",
            pollscope: kb(get("page_brotli")),
            peer: None,
            unit: "KB",
            budget: Some(300.0),
            note: "measured with the wasm held back: the editor takes typing without it".into(),
        },
        Row {
            figure: "full page, fetched before the editor is usable (gzip)",
            pollscope: kb(get("page_gzip")),
            peer: None,
            unit: "KB",
            budget: Some(380.0),
            note: String::new(),
        },
        Row {
            figure: "full page, fetched before Run works, the wasm included (brotli)",
            pollscope: kb(get("page_run_brotli")),
            peer: None,
            unit: "KB",
            budget: None,
            note: format!("gzip {}", value(kb(get("page_run_gzip")), "KB")),
        },
        Row {
            figure: "embed before the reader interacts (brotli)",
            pollscope: kb(get("embed_brotli")),
            peer: None,
            unit: "KB",
            budget: Some(120.0),
            note: String::new(),
        },
        Row {
            figure: "something visible after navigation (local)",
            pollscope: get("first_visible_ms"),
            peer: None,
            unit: "ms",
            budget: Some(100.0),
            note: String::new(),
        },
        Row {
            figure: "navigation to an editable editor (local)",
            pollscope: get("editable_ms"),
            peer: None,
            unit: "ms",
            budget: None,
            note:
                "an editor over the page's skeleton, which needs no wasm; on a fast link the wasm is in about as soon"
                    .into(),
        },
        Row {
            figure: "navigation to a runnable editor (local)",
            pollscope: get("runnable_ms"),
            peer: None,
            unit: "ms",
            budget: Some(200.0),
            note: String::new(),
        },
        Row {
            figure: "interpreter fib(22) in wasm (Chromium) vs native",
            pollscope: get("wasm_fib22_ms"),
            peer: Some(("the same, native".into(), native_fib22)),
            unit: "ms",
            budget: Some(2.0),
            note: format!(
                "window.pollscope.run, compile + traced run, after 2 warm-up runs as natively (native: the run only); \
                 the first run after the page loads: {}",
                value(get("wasm_fib22_first_ms"), "ms")
            ),
        },
        Row {
            figure: "timeline: mean frame panning at 64x, run at the event limit",
            pollscope: 1000.0 / get("timeline_pan_fps"),
            peer: None,
            unit: "ms",
            // 60 fps.
            budget: Some(16.7),
            note: format!(
                "a viewport a second, {:.1} fps; flung half a viewport a frame {:.1} fps; a zoom step at most {}",
                get("timeline_pan_fps"),
                get("timeline_fling_fps"),
                value(get("timeline_zoom_worst_ms"), "ms")
            ),
        },
        Row {
            figure: "hostile programs in the page: the slowest, Run to the end",
            pollscope: get("hostile_slowest_ms"),
            peer: None,
            unit: "ms",
            budget: Some(1000.0),
            note: format!("the longest frame while one ran: {}", value(get("hostile_longest_frame_ms"), "ms")),
        },
        Row {
            figure: "hostile programs in the page: WebAssembly memory",
            pollscope: get("hostile_wasm_bytes") / 1e6,
            peer: None,
            unit: "MB",
            budget: Some(256.0),
            note: "the linear memory after the most demanding (it never shrinks)".into(),
        },
        Row {
            figure: "live run: time per poll at 10,000 polls vs at 5,000",
            pollscope: get("live_per_poll_10k_us"),
            peer: Some(("at 5,000".into(), get("live_per_poll_5k_us"))),
            unit: "µs",
            budget: Some(1.25),
            note: format!("linear: the same per poll; 10,000 polls took {}", value(get("live_10k_ms"), "ms")),
        },
    ]
}

fn table(rows: &[Row]) -> String {
    let header = ["figure", "Pollscope", "peer", "ratio", "budget", "verdict"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.figure.to_string(),
                value(r.pollscope, r.unit),
                r.peer.as_ref().map(|(n, v)| format!("{n} {}", value(*v, r.unit))).unwrap_or_else(|| "-".into()),
                r.ratio().filter(|x| x.is_finite()).map(|x| format!("{x:.2}x")).unwrap_or_else(|| "-".into()),
                r.budget_text(),
                r.verdict().to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..6)
        .map(|i| cells.iter().map(|c| c[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    let line = |out: &mut String, c: &[String]| {
        let padded: Vec<String> = c.iter().zip(&widths).map(|(s, w)| format!("{s:<w$}")).collect();
        let _ = writeln!(out, "| {} |", padded.join(" | "));
    };
    line(&mut out, &header.map(String::from));
    let _ = writeln!(out, "|{}|", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("|"));
    for c in &cells {
        line(&mut out, c);
    }
    for r in rows.iter().filter(|r| !r.note.is_empty()) {
        let _ = writeln!(out, "- {}: {}", r.figure, r.note);
    }
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_number(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { "null".into() }
}

fn json(rows: &[Row], smoke: bool) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{{\"figure\":{},\"pollscope\":{},\"unit\":{},\"peer\":{},\"peer_value\":{},\"ratio\":{},\"budget\":{},\"verdict\":{},\"note\":{}}}",
                json_string(r.figure),
                json_number(r.pollscope),
                json_string(r.unit),
                r.peer.as_ref().map(|(n, _)| json_string(n)).unwrap_or_else(|| "null".into()),
                r.peer.as_ref().map(|(_, v)| json_number(*v)).unwrap_or_else(|| "null".into()),
                r.ratio().map(json_number).unwrap_or_else(|| "null".into()),
                r.budget.map(json_number).unwrap_or_else(|| "null".into()),
                json_string(r.verdict()),
                json_string(&r.note),
            )
        })
        .collect();
    format!("{{\"smoke\":{smoke},\"rows\":[\n{}\n]}}\n", items.join(",\n"))
}

/// Spawns the [`TASKS`] empty tasks of the spawn row, from outside the executor as the peers
/// do, after a `main` that yields once. The first task spawned is `main`, and the run ends when
/// `main` does: its second poll comes after every empty task's one poll (the run queue is first
/// in, first out), so all of them run, as on the peers. (Until 2026-12-03 the first empty task
/// was `main`, and the row timed 10,000 spawns and one poll against the peers' 10,000 of each.)
fn spawn_empty_tasks(executor: &Executor) {
    executor.spawn("main", yield_now());
    for _ in 0..TASKS {
        executor.spawn("empty", async {});
    }
}

/// `--profile NAME`: one workload, five times, for a profiler.
fn profile(name: &str) {
    let unlimited = InterpLimits { poll_fuel: u64::MAX, run_fuel: u64::MAX, ..InterpLimits::default() };
    if let Some(tracing) = match name {
        "exec-spawn" => Some(false),
        "exec-spawn-traced" => Some(true),
        _ => None,
    } {
        for _ in 0..500 {
            let executor = Executor::with_limits(big_limits());
            executor.set_tracing(tracing);
            spawn_empty_tasks(&executor);
            executor.run();
        }
        return;
    }
    if let Some(tracing) = match name {
        "exec-yield" => Some(false),
        "exec-yield-traced" => Some(true),
        _ => None,
    } {
        for _ in 0..if tracing { 20 } else { 200 } {
            let executor = Executor::with_limits(big_limits());
            executor.set_tracing(tracing);
            executor.spawn("main", async {
                for _ in 0..YIELDS {
                    yield_now().await;
                }
            });
            executor.run();
        }
        return;
    }
    let source = match name {
        "interp-polls" => SPIN,
        "interp-fib" => FIB,
        other => {
            panic!("unknown workload `{other}`: interp-polls, interp-fib, exec-spawn[-traced] or exec-yield[-traced]")
        }
    };
    let program = interp(source);
    for _ in 0..5 {
        black_box(run_shared(program.clone(), unlimited, false));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        return profile(args.get(i + 1).map_or("", String::as_str));
    }
    let smoke = args.iter().any(|a| a == "--smoke");
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let plan = if smoke { Plan { runs: 1, warmup: 0 } } else { Plan { runs: 7, warmup: 2 } };
    let mut rows = rust_rows(plan);
    rows.extend(hostile_rows());
    let native_fib22 =
        rows.iter().find(|r| r.figure.starts_with("interpreter fib(22)")).map_or(f64::NAN, |r| r.pollscope);
    let page = option("--page").map(|p| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")));
    match page {
        Some(page) => rows.extend(page_rows(&page, native_fib22)),
        None => rows.extend(page_rows("{}", native_fib22)),
    }
    print!("{}", table(&rows));
    if smoke {
        println!("(smoke run: every workload once, without warm-up - the figures mean nothing)");
    }
    if let Some(out) = option("--out") {
        std::fs::write(&out, json(&rows, smoke)).unwrap_or_else(|e| panic!("{out}: {e}"));
        println!("written to {out}");
    }
}
