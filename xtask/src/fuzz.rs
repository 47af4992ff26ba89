//! `cargo xtask fuzz [TARGET ...] [--seconds N]`: the fuzz targets of `fuzz/` (cargo fuzz on
//! nightly, libFuzzer with AddressSanitizer), each for N seconds (default 60), seeded with
//! every program of the corpus (`tests/programs`, `tests/tokio`, `tests/invalid`,
//! `tests/hostile`), the inputs that once crashed (`fuzz/regressions/`) and what earlier runs
//! found (`fuzz/corpus/`, kept between runs, not committed). `cargo xtask test` runs each for a
//! few seconds (`smoke`). A crash stops the run with the input in `fuzz/artifacts/TARGET/`:
//! fix it, then copy the input to `fuzz/regressions/TARGET/` so that `tests/fuzz_regressions.rs`
//! replays it from then on (docs/fuzzing.md).

use std::path::{Path, PathBuf};

use crate::cmd::{cmd, exec, output, root};

pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The targets, in `fuzz/Cargo.toml`.
pub const TARGETS: [&str; 3] = ["parse_compile", "compile_run", "link"];

/// Nightly (cargo fuzz builds with `-Zsanitizer`) and cargo-fuzz at its pinned version.
pub fn setup() -> Result<(), String> {
    let toolchains = output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|t| t.starts_with("nightly")) {
        exec(&mut cmd("rustup", &["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    let wanted = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    if output("cargo", &["fuzz", "--version"]).is_some_and(|v| v == wanted) {
        return Ok(());
    }
    exec(&mut cmd("cargo", &["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked"]))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = 60u64;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let n = args.next().ok_or("--seconds needs a number")?;
                seconds = n.parse().map_err(|_| format!("--seconds {n}: not a number"))?;
            }
            t if TARGETS.contains(&t) => targets.push(t),
            other => return Err(format!("unknown fuzz target `{other}` (targets: {})", TARGETS.join(", "))),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    setup()?;
    for target in targets {
        fuzz(target, seconds)?;
    }
    Ok(())
}

/// Every target for a few seconds: what `cargo xtask test` runs, so the targets cannot rot.
pub fn smoke() -> Result<(), String> {
    setup()?;
    for target in TARGETS {
        fuzz(target, 10)?;
    }
    Ok(())
}

/// Copies the seed files (every `.rs` of the corpus and the regressions) into one folder.
fn seeds() -> Result<PathBuf, String> {
    let dir = root().join("target/fuzz-seeds");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut from: Vec<PathBuf> =
        ["programs", "tokio", "invalid", "hostile"].iter().map(|d| root().join("tests").join(d)).collect();
    if let Ok(entries) = std::fs::read_dir(root().join("fuzz/regressions")) {
        from.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }
    for folder in from {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()) {
            let name = format!(
                "{}-{}",
                folder.file_name().unwrap_or_default().to_string_lossy(),
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            std::fs::copy(&path, dir.join(name)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(dir)
}

fn fuzz(target: &str, seconds: u64) -> Result<(), String> {
    let corpus = root().join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let seeds = seeds()?;
    let path = |p: &Path| p.to_string_lossy().into_owned();
    // `--no-cfg-fuzzing`: under `cfg(fuzzing)` proc-macro2 records no source locations, so the
    // parser would report every span at line 0 and the fuzzer would test other code than ours.
    let mut run = cmd("cargo", &["+nightly", "fuzz", "run", "--no-cfg-fuzzing", "--fuzz-dir", "fuzz", target]);
    run.args([path(&corpus), path(&seeds)]);
    run.arg("--");
    run.args([
        format!("-max_total_time={seconds}"),
        // An input that runs for seconds is a hang: the interpreter's limits end any run in well
        // under one.
        "-timeout=10".into(),
        "-rss_limit_mb=2048".into(),
        "-max_len=16384".into(),
        "-print_final_stats=1".into(),
        // Leaks are not crashes here: a value that points into itself (a raw pointer or a
        // reference to its own field, as the self-referential example makes) holds its heap
        // cell through an `Rc` and is never freed. Known, listed in docs/fuzzing.md.
        "-detect_leaks=0".into(),
    ]);
    // (And at exit: AddressSanitizer's own leak check.)
    run.env("ASAN_OPTIONS", "detect_leaks=0");
    exec(&mut run)
}
