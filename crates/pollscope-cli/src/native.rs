//! The native path: compile a playground program with rustc against the `pollscope` crate and
//! run it on the real executor.
//!
//! Each program gets a tiny generated cargo package (named after a hash of the program's path)
//! whose `main.rs` `include!`s the program into a module. All packages share one target
//! directory, so the `pollscope` crate compiles once and a further program compiles in about a
//! second. The cache lives in `target/pollscope-native/` of this workspace, or in
//! `$POLLSCOPE_NATIVE_DIR`.

use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a native run printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeRun {
    /// The canonical trace text.
    pub trace: String,
    /// Whether `main` returned `Ready` (otherwise it panicked, stalled or hit a limit).
    pub completed: bool,
}

/// Why a program could not be run natively.
#[derive(Debug)]
pub enum NativeError {
    /// The program file could not be read.
    Read(PathBuf, std::io::Error),
    /// The program has no `async fn main`.
    NoMain(PathBuf),
    /// A `// pollscope-limits:` line is malformed.
    Limits(PathBuf, String),
    /// rustc rejected the program; the text is cargo's rendered diagnostics.
    Compile(String),
    /// cargo or the program's binary could not be started.
    Spawn(&'static str, std::io::Error),
    /// The program ran longer than the timeout (a `poll` that never returns, usually).
    Timeout(Duration),
    /// The program's process ended abnormally (abort, stack overflow, signal).
    Crashed { status: String, stderr: String },
}

impl fmt::Display for NativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NativeError::Read(path, err) => write!(f, "cannot read {}: {err}", path.display()),
            NativeError::NoMain(path) => write!(
                f,
                "{}: a playground program needs a `main` (`async fn main()`, or `fn main()`); the executor runs it \
                 as task #1",
                path.display()
            ),
            NativeError::Limits(path, message) => write!(f, "{}: {message}", path.display()),
            NativeError::Compile(text) => write!(f, "the program does not compile:\n{text}"),
            NativeError::Spawn(what, err) => write!(f, "cannot start {what}: {err}"),
            NativeError::Timeout(limit) => write!(
                f,
                "the program ran for more than {}s and was stopped: a `poll` that never returns \
                 (a loop without `.await`) blocks the whole executor",
                limit.as_secs()
            ),
            NativeError::Crashed { status, stderr } => {
                write!(f, "the program crashed ({status}):\n{stderr}")
            }
        }
    }
}

impl std::error::Error for NativeError {}

/// Options of a native run.
#[derive(Debug, Clone)]
pub struct NativeOptions {
    /// Where generated packages and their shared target directory live.
    pub cache_dir: PathBuf,
    /// How long the compiled program may run.
    pub timeout: Duration,
}

impl Default for NativeOptions {
    fn default() -> NativeOptions {
        let cache_dir = std::env::var_os("POLLSCOPE_NATIVE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target").join("pollscope-native"));
        NativeOptions { cache_dir, timeout: Duration::from_secs(10) }
    }
}

/// The root of the workspace this CLI was built from; the `pollscope` crate is found there.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace of this CLI exists")
}

/// Compiles `file` against the `pollscope` crate, runs it and returns its trace.
pub fn trace_native(file: &Path, options: &NativeOptions) -> Result<NativeRun, NativeError> {
    let file = file.canonicalize().map_err(|e| NativeError::Read(file.to_path_buf(), e))?;
    let source = std::fs::read_to_string(&file).map_err(|e| NativeError::Read(file.clone(), e))?;
    if !source.contains("fn main") {
        return Err(NativeError::NoMain(file));
    }
    pollscope::Limits::from_source(&source).map_err(|e| NativeError::Limits(file.clone(), e))?;
    let binary = build(&file, options)?;
    run(&binary, options.timeout)
}

fn package_name(file: &Path) -> String {
    let mut hasher = DefaultHasher::new();
    file.hash(&mut hasher);
    format!("prog-{:016x}", hasher.finish())
}

/// The generated package's `main.rs`. A program with a plain `fn main()` runs it inside task
/// `#1`, as the interpreter does.
fn harness(file: &Path, original: &Path, plain_main: bool) -> String {
    let main = if plain_main { "async { main() }" } else { "main()" };
    // `#[macro_use] extern crate` puts pollscope's `println!`/`print!` in the macro_use prelude
    // ahead of std's, so programs print into the trace without changing their source, and a
    // program may still `use pollscope::println;` itself. A glob import could not do this: it
    // would be ambiguous with std's prelude (E0659).
    format!(
        r#"// @generated by `pollscope trace --native`; do not edit.
#![allow(unused, dead_code, non_snake_case, non_camel_case_types, non_upper_case_globals)]

#[macro_use]
extern crate pollscope;

mod program {{
    use pollscope::prelude::*;

    include!({file:?});

    pub(crate) fn run_main() -> pollscope::Trace {{
        let limits = pollscope::Limits::from_source(include_str!({original:?})).expect("checked by the CLI");
        pollscope::run_with_limits({main}, limits)
    }}
}}

/// `std::time` with `Instant` on the virtual clock (see `virtual_time`).
mod tm {{
    pub use pollscope::time::*;
}}

fn main() {{
    let trace = program::run_main();
    std::print!("{{trace}}");
    std::process::exit(if trace.completed() {{ 0 }} else {{ 1 }});
}}
"#,
        file = file.display().to_string(),
        original = original.display().to_string(),
        main = main,
    )
}

fn manifest(name: &str) -> String {
    let pollscope = workspace_root().join("crates").join("pollscope");
    format!(
        r#"# @generated by `pollscope trace --native`; do not edit.
[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
pollscope = {{ path = {pollscope:?} }}
# Programs written for tokio run on the Pollscope executor (virtual time).
tokio = {{ package = "pollscope-tokio", path = {tokio:?} }}
futures = {{ package = "pollscope-futures", path = {futures:?} }}

# Not part of any enclosing workspace.
[workspace]

[profile.dev]
debug = false
"#,
        pollscope = pollscope.display().to_string(),
        tokio = workspace_root().join("crates").join("pollscope-tokio").display().to_string(),
        futures = workspace_root().join("crates").join("pollscope-futures").display().to_string(),
    )
}

/// Writes `contents` unless the file already holds it, so cargo's freshness check is not
/// disturbed by a new modification time.
fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
}

fn build(file: &Path, options: &NativeOptions) -> Result<PathBuf, NativeError> {
    let name = package_name(file);
    let package = options.cache_dir.join("packages").join(&name);
    let target = options.cache_dir.join("target");
    let io = |e| NativeError::Spawn("the build (cannot write the generated package)", e);
    std::fs::create_dir_all(package.join("src")).map_err(io)?;
    write_if_changed(&package.join("Cargo.toml"), &manifest(&name)).map_err(io)?;
    let source = std::fs::read_to_string(file).map_err(io)?;
    // With `std::time` paths rewritten to the virtual clock's (same lines and columns), the
    // package compiles a copy of the program.
    let included = match virtual_time(&source) {
        Some(rewritten) => {
            let copy = package.join("src").join("program.rs");
            write_if_changed(&copy, &rewritten).map_err(io)?;
            copy
        }
        None => file.to_path_buf(),
    };
    write_if_changed(
        &package.join("src").join("main.rs"),
        &harness(&included, file, !source.contains("async fn main")),
    )
    .map_err(io)?;

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--color=never", "--manifest-path"])
        .arg(package.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        // Flags meant for the outer build (coverage, say) would rebuild pollscope each time.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| NativeError::Spawn("cargo", e))?;
    if !output.status.success() {
        return Err(NativeError::Compile(String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    Ok(target.join("debug").join(format!("{name}{}", std::env::consts::EXE_SUFFIX)))
}

fn run(binary: &Path, timeout: Duration) -> Result<NativeRun, NativeError> {
    let mut child = Command::new(binary)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| NativeError::Spawn("the compiled program", e))?;
    // Read both pipes on threads so a program that prints a lot cannot block on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| NativeError::Spawn("the compiled program", e))? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(NativeError::Timeout(timeout));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let trace = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    match status.code() {
        Some(0) => Ok(NativeRun { trace, completed: true }),
        Some(1) => Ok(NativeRun { trace, completed: false }),
        _ => Err(NativeError::Crashed { status: status.to_string(), stderr }),
    }
}

/// The program with its `std::time` (and `core::time`) paths made `crate::tm` paths - the
/// harness's module of std's `time` with `Instant` on the virtual clock - or `None` if it has
/// none. The rewrite keeps every line and column (both are 9 characters) and leaves string
/// literals, character literals and comments alone.
pub fn virtual_time(source: &str) -> Option<String> {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut changed = false;
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with('"') || rest.starts_with("b\"") {
            // A string: up to the closing quote that is not escaped.
            let start = if rest.starts_with('"') { 1 } else { 2 };
            let mut j = start;
            let rb = rest.as_bytes();
            while j < rb.len() && rb[j] != b'"' {
                j += if rb[j] == b'\\' { 2 } else { 1 };
            }
            i += (j + 1).min(rest.len());
        } else if let Some(raw) = raw_string_len(rest) {
            i += raw;
        } else if rest.starts_with('\'') && rest.len() >= 3 {
            // A char literal ('a', '\n', '\'') - or a lifetime, which has no closing quote soon.
            let rb = rest.as_bytes();
            let end = if rb[1] == b'\\' {
                rest[2..].find('\'').map(|e| e + 3)
            } else {
                rest[1..].char_indices().nth(1).filter(|(_, c)| *c == '\'').map(|(e, _)| e + 2)
            };
            i += end.unwrap_or(1);
        } else if (rest.starts_with("std::time") || rest.starts_with("core::time"))
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':'))
        {
            let len = if rest.starts_with("std") { 9 } else { 10 };
            let after = rest.as_bytes().get(len).copied();
            if after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                i += len;
                continue;
            }
            out.push_str(&source[copied..i]);
            out.push_str(if len == 9 { "crate::tm" } else { " crate::tm" });
            i += len;
            copied = i;
            changed = true;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&source[copied..]);
    changed.then_some(out)
}

/// The length of a raw string literal (`r"..."`, `r#"..."#`, `br"..."`) at the start of `s`.
fn raw_string_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("br").or_else(|| s.strip_prefix('r'))?;
    let hashes = body.len() - body.trim_start_matches('#').len();
    if !body[hashes..].starts_with('"') {
        return None;
    }
    let prefix = s.len() - body.len() + hashes + 1;
    let close = format!("\"{}", "#".repeat(hashes));
    s[prefix..].find(&close).map(|e| prefix + e + close.len()).or(Some(s.len()))
}

#[cfg(test)]
mod tests {
    use super::virtual_time;

    #[test]
    fn std_time_paths_become_the_virtual_clocks_and_keep_their_columns() {
        let source = "use std::time::{Duration, Instant};\nlet t = std::time::Instant::now();\n";
        let out = virtual_time(source).expect("rewritten");
        assert_eq!(out, "use crate::tm::{Duration, Instant};\nlet t = crate::tm::Instant::now();\n");
        assert_eq!(out.len(), source.len());
    }

    #[test]
    fn strings_comments_and_other_paths_stay() {
        let source = "// std::time\nlet s = \"std::time\"; let r = r#\"std::time\"#; let c = '\"'; mystd::time::x(); a::std::time;\n";
        assert_eq!(virtual_time(source), None);
        assert_eq!(virtual_time("use std::timeout;"), None);
    }
}
