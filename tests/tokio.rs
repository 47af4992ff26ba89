//! Programs written for tokio (`tests/tokio/NAME.rs`, and the corpus programs with
//! `#[tokio::main` in `tests/programs/`, each with
//! `#[tokio::main(flavor = "current_thread", start_paused = true)]`) print what real tokio
//! prints: `NAME.out` is real tokio's output, recorded once with
//! `RECORD_TOKIO=1 cargo test -p pollscope-tests --test tokio` (which builds them against
//! tokio and futures from crates.io in `target/tokio-record/`). Pollscope must print the same lines,
//! interpreted; and compiled by rustc against the stand-in for tokio (`crates/pollscope-tokio`)
//! it must give the same trace as interpreted.

use std::path::{Path, PathBuf};
use std::process::Command;

use pollscope_cli::native::{NativeOptions, trace_native};
use pollscope_tests::{first_difference, rust_files};

fn tokio_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tokio")
}

/// `tests/tokio/*.rs` and the corpus programs written for tokio.
fn tokio_programs() -> Vec<PathBuf> {
    let mut programs = rust_files(&tokio_dir());
    programs.extend(
        pollscope_tests::programs()
            .into_iter()
            // Except those whose real output is not fixed (they say why at the top).
            .filter(|p| {
                std::fs::read_to_string(p)
                    .is_ok_and(|s| s.contains("#[tokio::main") && !s.contains("Not recorded against real tokio"))
            }),
    );
    programs
}

/// What the interpreter prints for a program (its `print` events' text).
fn interpreted_output(source: &str) -> Result<(String, String), String> {
    match pollscope_lang::run(source) {
        Ok(trace) => Ok((trace.output().map(|line| format!("{line}\n")).collect(), trace.to_string())),
        Err(diags) => Err(diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

#[test]
fn tokio_programs_print_what_real_tokio_prints_and_both_pollscope_runs_agree() {
    if std::env::var_os("RECORD_TOKIO").is_some() {
        record();
    }
    let programs = tokio_programs();
    assert!(programs.len() >= 3, "tests/tokio has {} programs", programs.len());
    let mut failures = Vec::new();
    for program in &programs {
        let source = std::fs::read_to_string(program).expect("readable program");
        let expected = std::fs::read_to_string(program.with_extension("out"))
            .unwrap_or_else(|e| panic!("{}: no recorded output ({e}): RECORD_TOKIO=1", program.display()));
        let (output, trace) = match interpreted_output(&source) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: does not run in the interpreter:\n{e}", program.display()));
                continue;
            }
        };
        if output != expected {
            failures.push(format!(
                "{}: interpreted, prints otherwise than real tokio:\n{}",
                program.display(),
                first_difference(&expected, &output)
            ));
        }
        match trace_native(program, &NativeOptions::default()) {
            Ok(run) if run.trace == trace => {}
            Ok(run) => failures.push(format!(
                "{}: the native run (stand-in for tokio) and the interpreted run differ:\n{}",
                program.display(),
                first_difference(&run.trace, &trace)
            )),
            Err(e) => failures.push(format!("{}: {e}", program.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Builds every program against real tokio and writes its output to `NAME.out`.
fn record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target").join("tokio-record");
    let bin = root.join("src").join("bin");
    std::fs::create_dir_all(&bin).expect("writable target dir");
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"tokio-record\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\", \"time\", \"sync\", \"test-util\"] }\n\
         futures = { version = \"0.3\", default-features = false, features = [\"std\", \"async-await\"] }\n\n\
         [workspace]\n",
    )
    .expect("writable target dir");
    std::fs::write(root.join("src").join("main.rs"), "fn main() {}\n").expect("writable target dir");
    let programs = tokio_programs();
    for program in &programs {
        std::fs::copy(program, bin.join(program.file_name().expect("a file"))).expect("copied program");
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "--bins", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the tokio programs do not build against real tokio");
    for program in &programs {
        let name = program.file_stem().expect("a file name");
        let output = Command::new(root.join("target").join("debug").join(name)).output().expect("the program runs");
        assert!(output.status.success(), "{} failed with real tokio", program.display());
        std::fs::write(program.with_extension("out"), &output.stdout).expect("writable tests/tokio");
    }
}
