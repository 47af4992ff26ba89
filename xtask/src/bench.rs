//! `cargo xtask bench [--smoke]`: every figure of the performance budgets, Pollscope and its
//! peers measured in one run, printed as one table (figure, Pollscope, peer, ratio, budget,
//! verdict) and written to `target/bench.json`.
//!
//! The page's figures (sizes as sent, first paint, a runnable editor, the interpreter in wasm)
//! come from `tests/e2e/measure.mjs --json` against the release build in `dist/`; the Rust
//! figures from `crates/pollscope-bench`, which also reads the page's and prints the table.
//! `--smoke` (what `cargo xtask test` runs) does every workload once, so the bench cannot rot;
//! its figures mean nothing.

use crate::cmd::{cmd, exec, root};
use crate::web;

pub fn run(args: &[String]) -> Result<(), String> {
    let smoke = args.iter().any(|a| a == "--smoke");
    if !smoke {
        web::build()?;
    }
    measure(smoke)
}

/// Measures and prints the table, `dist/` being built.
pub fn measure(smoke: bool) -> Result<(), String> {
    let target = root().join("target");
    std::fs::create_dir_all(&target).map_err(|e| format!("target/: {e}"))?;
    let page = target.join("bench-page.json");
    let page = page.to_str().ok_or("target/ is not a UTF-8 path")?;
    let loads = if smoke { "1" } else { "5" };
    exec(&mut cmd("node", &["tests/e2e/measure.mjs", loads, "--json", page]))?;
    let out = target.join("bench.json");
    let out = out.to_str().ok_or("target/ is not a UTF-8 path")?;
    let mut bench = cmd("cargo", &["run", "--quiet", "--release", "--package", "pollscope-bench", "--"]);
    bench.args(["--page", page, "--out", out]);
    if smoke {
        bench.arg("--smoke");
    }
    exec(&mut bench)
}
