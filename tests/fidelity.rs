//! Fidelity: random programs of the subset (async fns, hand-written futures - one races two
//! boxed futures and drops the loser -, `join`, `spawn`, sleeps of milliseconds and of
//! `Duration`s, yields, loops, `if`, `match`, integer arithmetic, enums, a trait called through
//! `dyn` and generics, `Drop` guards, tokio's `select!`, `join!` and `mpsc` channels, futures'
//! `select_biased!` over fused futures and streams) run both
//! ways, and their traces must be byte-identical: interpreted by `pollscope-lang` and compiled by
//! rustc (against the stand-in for tokio).
//!
//! The suite runs seeds `0..16`. For a longer run, `FIDELITY_SEEDS=0..500 cargo test -p
//! pollscope-tests --test fidelity -- --nocapture`; a mismatch leaves its program in
//! `target/fidelity/` (make it a corpus program once the interpreter is fixed).

use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use pollscope_cli::native::{NativeOptions, trace_native};
use pollscope_tests::first_difference;

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Writes one program. Every value is a `u64` kept small (`% 1000`), so no arithmetic can
/// overflow; the shape of the program (which futures, in which order, how they wake) is what
/// varies.
struct Gen {
    rng: Rng,
    out: String,
    vars: Vec<String>,
    fns: usize,
    next_var: usize,
}

impl Gen {
    fn expr(&mut self, depth: u32) -> String {
        let pick = if depth > 2 { self.rng.below(2) } else { self.rng.below(5) };
        match pick {
            0 => self.rng.below(50).to_string(),
            1 if !self.vars.is_empty() => self.vars[self.rng.below(self.vars.len() as u64) as usize].clone(),
            1 => self.rng.below(9).to_string(),
            2 => format!("({} + {}) % 1000", self.expr(depth + 1), self.expr(depth + 1)),
            3 => format!("({} * {}) % 1000", self.expr(depth + 1), self.expr(depth + 1)),
            _ => format!("{} / ({} % 7 + 1)", self.expr(depth + 1), self.expr(depth + 1)),
        }
    }

    fn var(&mut self) -> String {
        self.next_var += 1;
        format!("v{}", self.next_var)
    }

    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{}{}", "    ".repeat(indent), text);
    }

    /// Statements of an async body; `callable` async fns `f0..f{callable}` may be called.
    fn stmts(&mut self, indent: usize, count: u64, callable: usize, depth: u32) {
        let scope = self.vars.len();
        for _ in 0..count {
            let kind = self.rng.below(if depth > 1 { 6 } else { 21 });
            match kind {
                0 | 1 => {
                    let e = self.expr(0);
                    let v = self.var();
                    self.line(indent, &format!("let {v}: u64 = {e};"));
                    self.vars.push(v);
                }
                2 => {
                    let ms = self.rng.below(4) * 5;
                    self.line(indent, &format!("sleep({ms}).await;"));
                }
                3 => self.line(indent, "yield_now().await;"),
                4 => {
                    let e = self.expr(0);
                    let tag = self.rng.below(100);
                    self.line(indent, &format!("println!(\"{tag}: {{}}\", {e});"));
                }
                5 if callable > 0 => {
                    let f = self.rng.below(callable as u64);
                    let e = self.expr(0);
                    let v = self.var();
                    self.line(indent, &format!("let {v} = f{f}({e}).await;"));
                    self.vars.push(v);
                }
                6 if callable > 0 => {
                    let (f, g) = (self.rng.below(callable as u64), self.rng.below(callable as u64));
                    let (a, b) = (self.expr(0), self.expr(0));
                    let (x, y) = (self.var(), self.var());
                    self.line(indent, &format!("let ({x}, {y}) = join(f{f}({a}), f{g}({b})).await;"));
                    self.line(indent, &format!("println!(\"joined {{}} {{}}\", {x}, {y});"));
                    self.vars.push(x);
                    self.vars.push(y);
                }
                7 if callable > 0 => {
                    let f = self.rng.below(callable as u64);
                    let e = self.expr(0);
                    let (h, v) = (self.var(), self.var());
                    self.line(indent, &format!("let {h} = spawn(f{f}({e}));"));
                    self.stmts(indent, 1, callable, depth + 1);
                    if self.rng.chance(80) {
                        self.line(indent, &format!("let {v} = {h}.await;"));
                        self.vars.push(v);
                    }
                }
                8 => {
                    let n = self.rng.below(3) + 1;
                    self.line(indent, &format!("for _ in 0..{n} {{"));
                    self.stmts(indent + 1, 2, callable, depth + 1);
                    self.line(indent, "}");
                }
                9 => {
                    let e = self.expr(0);
                    self.line(indent, &format!("if {e} % 2 == 0 {{"));
                    self.stmts(indent + 1, 2, callable, depth + 1);
                    self.line(indent, "} else {");
                    self.stmts(indent + 1, 1, callable, depth + 1);
                    self.line(indent, "}");
                }
                11 => {
                    let us = self.rng.below(4) * 2500 + self.rng.below(3);
                    self.line(indent, &format!("sleep(Duration::from_micros({us})).await;"));
                }
                12 if callable > 0 => {
                    // A race: a hand-written future polls a boxed call and a boxed sleep; the
                    // loser is dropped (its timer cancelled) when the winner is ready.
                    let f = self.rng.below(callable as u64);
                    let e = self.expr(0);
                    let ms = self.rng.below(4) * 5;
                    let v = self.var();
                    self.line(
                        indent,
                        &format!("let {v} = First {{ a: Box::pin(f{f}({e})), b: Box::pin(sleep({ms})) }}.await;"),
                    );
                    self.line(indent, &format!("println!(\"first {{:?}}\", {v});"));
                }
                13 => {
                    // A guard: its `drop` prints where its scope ends (or a later one's).
                    let e = self.expr(0);
                    let v = self.var();
                    self.line(indent, &format!("let _{v} = Guard({e});"));
                }
                14 => {
                    // A trait object: `Sq` or `Tri` behind `Box<dyn Shape>`, a default method.
                    let e = self.expr(0);
                    let v = self.var();
                    self.line(
                        indent,
                        &format!("let {v}: Box<dyn Shape> = if {e} % 2 == 0 {{ Box::new(Sq({e})) }} else {{ Box::new(Tri({e})) }};"),
                    );
                    self.line(indent, &format!("println!(\"{{}} {{}}\", {v}.describe(), {v}.area());"));
                }
                15 => {
                    // Generics with a bound, and a hand-written `Display`.
                    let (a, b) = (self.expr(0), self.expr(0));
                    self.line(
                        indent,
                        &format!("println!(\"total {{}} of {{}}\", total(&[Sq({a}), Sq({b})]), Sq({a}));"),
                    );
                }
                16 if callable > 0 => {
                    // tokio's `select!`: the loser is dropped; a guard shows when.
                    let f = self.rng.below(callable as u64);
                    let e = self.expr(0);
                    let ms = self.rng.below(4) * 5;
                    let v = self.var();
                    self.line(indent, &format!("let {v} = tokio::select! {{"));
                    self.line(indent + 1, "biased;");
                    self.line(indent + 1, &format!("x = f{f}({e}) => x,"));
                    self.line(indent + 1, &format!("_ = guarded_sleep({ms}) => 1000,"));
                    self.line(indent, "};");
                    self.line(indent, &format!("println!(\"selected {{}}\", {v});"));
                    self.vars.push(v);
                }
                17 if callable > 0 => {
                    let (f, g) = (self.rng.below(callable as u64), self.rng.below(callable as u64));
                    let (a, b, c) = (self.expr(0), self.expr(0), self.expr(0));
                    let (x, y, z) = (self.var(), self.var(), self.var());
                    self.line(
                        indent,
                        &format!("let ({x}, {y}, {z}) = tokio::join!(f{f}({a}), f{g}({b}), async {{ yield_now().await; {c} }});"),
                    );
                    self.line(indent, &format!("println!(\"join! {{}} {{}} {{}}\", {x}, {y}, {z});"));
                    self.vars.extend([x, y, z]);
                }
                18 => {
                    // A tokio channel: a task sends, this body receives until it closes.
                    let capacity = self.rng.below(3) + 1;
                    let n = self.rng.below(4) + 1;
                    let ms = self.rng.below(3) * 5;
                    let e = self.expr(0);
                    let (tx, rx, x) = (self.var(), self.var(), self.var());
                    self.line(
                        indent,
                        &format!("let ({tx}, mut {rx}) = tokio::sync::mpsc::channel::<u64>({capacity});"),
                    );
                    self.line(indent, &format!("spawn(async move {{ for i in 0..{n}u64 {{ {tx}.send((i * 7 + {e}) % 1000).await.unwrap(); sleep({ms}).await; }} }});"));
                    self.line(
                        indent,
                        &format!("while let Some({x}) = {rx}.recv().await {{ println!(\"got {{}}\", {x}); }}"),
                    );
                }
                19 if callable > 0 => {
                    // futures' `select_biased!` in a loop over two fused, pinned futures: each
                    // finishes in its turn, then `complete`.
                    let f = self.rng.below(callable as u64);
                    let e = self.expr(0);
                    let ms = self.rng.below(4) * 5;
                    let (a, b) = (self.var(), self.var());
                    self.line(indent, &format!("let {a} = f{f}({e}).fuse();"));
                    self.line(indent, &format!("let {b} = guarded_sleep({ms}).fuse();"));
                    self.line(indent, &format!("futures::pin_mut!({a}, {b});"));
                    self.line(indent, "loop {");
                    self.line(indent + 1, "futures::select_biased! {");
                    self.line(indent + 2, &format!("x = {a} => println!(\"select_biased {{}}\", x),"));
                    self.line(indent + 2, &format!("_ = {b} => println!(\"select_biased sleep\"),"));
                    self.line(indent + 2, "complete => break,");
                    self.line(indent + 1, "}");
                    self.line(indent, "}");
                }
                20 if callable > 0 => {
                    // A stream: each item through an async fn, filtered, folded.
                    let f = self.rng.below(callable as u64);
                    let n = self.rng.below(4) + 1;
                    let e = self.expr(0);
                    let v = self.var();
                    self.line(
                        indent,
                        &format!(
                            "let {v}: u64 = futures::stream::iter(0..{n}u64).then(|i| f{f}((i + {e}) % 1000)).filter(|x| futures::future::ready(x % 2 == 0)).fold(0u64, |acc, x| async move {{ (acc + x) % 1000 }}).await;"
                        ),
                    );
                    self.line(indent, &format!("println!(\"stream {{}}\", {v});"));
                    self.vars.push(v);
                }
                _ => {
                    let e = self.expr(0);
                    self.line(indent, &format!("match Step::from({e}) {{"));
                    self.line(indent + 1, "Step::Wait(ms) => sleep(ms).await,");
                    self.line(indent + 1, "Step::Yield => yield_now().await,");
                    let n = self.rng.below(4) + 1;
                    self.line(
                        indent + 1,
                        &format!("Step::Count => println!(\"counted {{}}\", Countdown {{ left: {n} }}.await),"),
                    );
                    self.line(indent, "}");
                }
            }
        }
        self.vars.truncate(scope);
    }

    fn program(seed: u64) -> String {
        let mut g = Gen { rng: Rng::new(seed), out: String::new(), vars: Vec::new(), fns: 0, next_var: 0 };
        let _ = writeln!(g.out, "// Generated by tests/fidelity.rs from seed {seed}.");
        g.out.push_str(PRELUDE);
        g.fns = g.rng.below(4) as usize + 1;
        for f in 0..g.fns {
            let _ = writeln!(g.out, "\nasync fn f{f}(n: u64) -> u64 {{");
            g.vars = vec!["n".to_string()];
            let count = g.rng.below(3) + 1;
            g.stmts(1, count, f, 0);
            let e = g.expr(0);
            g.line(1, &e);
            g.out.push_str("}\n");
        }
        g.out.push_str("\nasync fn main() {\n");
        g.vars.clear();
        let count = g.rng.below(4) + 3;
        let callable = g.fns;
        g.stmts(1, count, callable, 0);
        g.out.push_str("}\n");
        g.out
    }
}

/// What every generated program has: hand-written futures (one races two boxed futures) and
/// an enum that picks a step.
const PRELUDE: &str = r#"
use futures::{FutureExt, StreamExt};
use std::fmt;
use std::time::Duration;

struct Guard(u64);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop guard {}", self.0);
    }
}

async fn guarded_sleep(ms: u64) {
    let _g = Guard(ms);
    sleep(ms).await;
}

trait Shape {
    fn area(&self) -> u64;
    fn describe(&self) -> String {
        format!("area {}", self.area())
    }
}

struct Sq(u64);
struct Tri(u64);

impl Shape for Sq {
    fn area(&self) -> u64 {
        self.0 * self.0 % 1000
    }
}

impl Shape for Tri {
    fn area(&self) -> u64 {
        self.0 * 3 % 1000
    }
    fn describe(&self) -> String {
        format!("triangle of {}", self.0)
    }
}

impl fmt::Display for Sq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sq({})", self.0)
    }
}

fn total<T: Shape>(items: &[T]) -> u64 {
    items.iter().map(|s| s.area()).sum::<u64>() % 1000
}

struct First {
    a: Pin<Box<dyn Future<Output = u64>>>,
    b: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for First {
    type Output = Option<u64>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        if let Poll::Ready(v) = self.a.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        match self.b.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}
struct Countdown {
    left: u64,
}

impl Future for Countdown {
    type Output = u64;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        if self.left == 0 {
            return Poll::Ready(7);
        }
        self.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[derive(Debug)]
enum Step {
    Wait(u64),
    Yield,
    Count,
}

impl Step {
    fn from(n: u64) -> Step {
        match n % 3 {
            0 => Step::Wait(n % 20),
            1 => Step::Yield,
            _ => Step::Count,
        }
    }
}
"#;

fn seeds() -> Range<u64> {
    let Ok(range) = std::env::var("FIDELITY_SEEDS") else { return 0..16 };
    let (a, b) = range.split_once("..").expect("FIDELITY_SEEDS=A..B");
    a.parse().expect("a number")..b.parse().expect("a number")
}

#[test]
fn generated_programs_run_the_same_interpreted_and_compiled_by_rustc() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/fidelity");
    std::fs::create_dir_all(&dir).expect("target/fidelity");
    let options = NativeOptions::default();
    let mut failures = Vec::new();
    let seeds = seeds();
    for seed in seeds.clone() {
        let source = Gen::program(seed);
        // One file per slot (seed modulo 16), so the native packages are reused across runs.
        let path = dir.join(format!("program_{}.rs", seed % 16));
        std::fs::write(&path, &source).expect("writable");
        let interpreted = match pollscope_lang::run(&source) {
            Ok(trace) => trace.to_string(),
            Err(diags) => {
                failures.push(format!("seed {seed}: the interpreter rejects it: {diags:?}\n{source}"));
                continue;
            }
        };
        let native = match trace_native(&path, &options) {
            Ok(run) => run.trace,
            Err(err) => {
                failures.push(format!("seed {seed}: rustc: {err}\n{source}"));
                continue;
            }
        };
        if native != interpreted {
            let kept = dir.join(format!("mismatch_seed_{seed}.rs"));
            std::fs::write(&kept, &source).expect("writable");
            failures.push(format!("seed {seed} ({}):\n{}", kept.display(), first_difference(&native, &interpreted)));
        }
    }
    eprintln!("fidelity: {} generated programs compared, {} mismatches", seeds.end - seeds.start, failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
