//! Argument parsing and dispatch for the `pollscope` command.
//!
//! Exit codes, the same for every way of running a program:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | the program ran and `main` returned |
//! | 1 | the program ran, but `main` panicked, the run stalled or it hit a limit (trace printed) |
//! | 2 | the program could not be run: it does not compile, timed out or crashed |
//! | 64 | the command line is wrong |

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::native::{NativeOptions, trace_native};

const USAGE: &str = "\
pollscope - watch an executor poll your futures

USAGE:
    pollscope trace --native FILE [--timeout SECONDS]
        Compile FILE with rustc against the `pollscope` crate, run it on the Pollscope
        executor and print its canonical trace (docs/trace-format.md).
    pollscope trace [--details] FILE
        Interpret FILE (a subset of Rust, as in the browser) and print its canonical trace.
        For a program in the subset it is the same text as `trace --native` prints.
        --details adds the future-level events (every poll of every future, what it returned
        and at which line, wakers, state machines) as indented lines between them.
    pollscope check FILE
        Print FILE's diagnostics with source snippets; exit 2 if any is an error.
    pollscope help
        Print this text.

FILE is a playground program: `use` lines, items and an `async fn main()`;
`use pollscope::prelude::*` is implied, and `println!`/`print!` write into the trace.

EXIT CODES:
    0   main returned            1   main panicked, the run stalled or hit a limit
    2   the program could not be compiled or run        64  wrong command line
";

/// Runs the command with `args` (without the program name); returns the exit code.
pub fn main(args: &[String]) -> i32 {
    match parse(args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            0
        }
        Ok(Command::TraceNative { file, timeout }) => {
            let mut options = NativeOptions::default();
            if let Some(timeout) = timeout {
                options.timeout = timeout;
            }
            match trace_native(&file, &options) {
                Ok(run) => {
                    let mut stdout = std::io::stdout().lock();
                    let _ = stdout.write_all(run.trace.as_bytes());
                    let _ = stdout.flush();
                    if run.completed { 0 } else { 1 }
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    2
                }
            }
        }
        Ok(Command::TraceInterpreted { file, details }) => match crate::interp::trace(&file) {
            Ok(trace) => {
                let text = if details { trace.details_text() } else { trace.to_string() };
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(text.as_bytes());
                let _ = stdout.flush();
                if trace.completed() { 0 } else { 1 }
            }
            Err(text) => {
                eprint!("{text}");
                2
            }
        },
        Ok(Command::Check { file }) => match crate::interp::check(&file) {
            Ok((text, errors)) => {
                eprint!("{text}");
                if errors { 2 } else { 0 }
            }
            Err(text) => {
                eprint!("{text}");
                2
            }
        },
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            64
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    TraceNative { file: PathBuf, timeout: Option<Duration> },
    TraceInterpreted { file: PathBuf, details: bool },
    Check { file: PathBuf },
}

fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        None | Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some("trace") => {
            let mut native = false;
            let mut details = false;
            let mut file = None;
            let mut timeout = None;
            while let Some(arg) = args.next() {
                match arg {
                    "--native" => native = true,
                    "--details" => details = true,
                    "--timeout" => {
                        let value = args.next().ok_or("`--timeout` needs a number of seconds")?;
                        let seconds: u64 =
                            value.parse().map_err(|_| format!("`--timeout {value}`: not a number of seconds"))?;
                        timeout = Some(Duration::from_secs(seconds));
                    }
                    flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
                    path if file.is_none() => file = Some(PathBuf::from(path)),
                    extra => return Err(format!("unexpected argument `{extra}`")),
                }
            }
            let file = file.ok_or("`trace` needs a FILE")?;
            if native && details {
                Err("`--details` applies to interpreted runs: a program compiled by rustc cannot report its futures' polls".to_string())
            } else if native {
                Ok(Command::TraceNative { file, timeout })
            } else if timeout.is_some() {
                Err("`--timeout` applies to `--native` runs".to_string())
            } else {
                Ok(Command::TraceInterpreted { file, details })
            }
        }
        Some("check") => {
            let file = args.next().ok_or("`check` needs a FILE")?;
            if let Some(extra) = args.next() {
                return Err(format!("unexpected argument `{extra}`"));
            }
            Ok(Command::Check { file: PathBuf::from(file) })
        }
        Some(other) => Err(format!("unknown command `{other}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn trace_native_takes_a_file_and_an_optional_timeout() {
        assert_eq!(
            parse(&args("trace --native a.rs --timeout 3")),
            Ok(Command::TraceNative { file: "a.rs".into(), timeout: Some(Duration::from_secs(3)) })
        );
        assert_eq!(
            parse(&args("trace a.rs --native")),
            Ok(Command::TraceNative { file: "a.rs".into(), timeout: None })
        );
    }

    #[test]
    fn trace_without_native_is_the_interpreted_path() {
        assert_eq!(parse(&args("trace a.rs")), Ok(Command::TraceInterpreted { file: "a.rs".into(), details: false }));
        assert_eq!(
            parse(&args("trace --details a.rs")),
            Ok(Command::TraceInterpreted { file: "a.rs".into(), details: true })
        );
        assert!(parse(&args("trace --details --native a.rs")).is_err());
    }

    #[test]
    fn wrong_command_lines_are_explained() {
        assert_eq!(parse(&args("trace")), Err("`trace` needs a FILE".to_string()));
        assert_eq!(parse(&args("trace --nativ a.rs")), Err("unknown option `--nativ`".to_string()));
        assert_eq!(parse(&args("frobnicate")), Err("unknown command `frobnicate`".to_string()));
    }
}
