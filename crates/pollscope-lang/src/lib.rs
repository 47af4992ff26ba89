//! Pollscope's interpreter for a subset of Rust, `async` included.
//!
//! Source text is parsed by `syn`, compiled to bytecode ([`program`]) and run by a VM ([`vm`])
//! whose futures are real `std::future::Future`s polled by the Pollscope executor. A program
//! that runs here prints the same trace as the same file compiled by rustc
//! (`pollscope trace --native`).
//!
//! ```
//! let source = r#"
//!     async fn main() {
//!         sleep(10).await;
//!         println!("{} left", 3);
//!     }
//! "#;
//! let trace = pollscope_lang::run(source).unwrap().to_string();
//! assert!(trace.contains("10ms print #1 \"3 left\""));
//! ```
//!
//! | module | purpose |
//! |---|---|
//! | [`diag`] | spans and diagnostics |
//! | `syntax` | syntax errors, worded for a learner and placed where the fix goes |
//! | [`ty`] | integer types and the annotations that decide them |
//! | [`program`] | the compiled program: items, bytecode, patterns, format strings |
//! | `compile` | syntax to bytecode; never panics, reports what is outside the subset |
//! | [`vm`] | the VM: values, frames, suspended async frames, std methods |

pub mod builtins;
mod compile;
pub mod diag;
mod guard;
pub mod program;
mod syntax;
pub mod ty;
pub mod vm;

pub use diag::{Diagnostic, Pos, Severity, Span};
pub use program::Program;

/// Parses and compiles `source`. Returns the program when there is no error, and every
/// diagnostic either way. Never panics.
pub fn compile(source: &str) -> (Option<Program>, Vec<Diagnostic>) {
    // rustc ignores a byte order mark at the start of a file, and proc-macro2 drops it before
    // measuring spans: the source the spans refer to starts after it.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if let Some(too_deep) = guard::check(source) {
        return (None, vec![too_deep]);
    }
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(e) => {
            let diag = syntax::error(source, &e);
            proc_macro2::extra::invalidate_current_thread_spans();
            return (None, vec![diag]);
        }
    };
    let result = std::panic::catch_unwind(|| compile::compile_file(source, &file));
    drop(file);
    // proc-macro2 keeps every parsed source in a thread-local map for as long as the thread
    // lives (the whole page, in the browser). The program keeps its own spans, so the map
    // can go.
    proc_macro2::extra::invalidate_current_thread_spans();
    match result {
        Ok(r) => r,
        Err(_) => (
            None,
            vec![Diagnostic::error(
                Span::file_start(),
                "internal error: the compiler failed on this program (please report it)",
            )],
        ),
    }
}

/// The diagnostics of `source` (empty when it compiles cleanly).
pub fn check(source: &str) -> Vec<Diagnostic> {
    compile(source).1
}

/// Compiles and runs `source`; its trace, or the diagnostics that stopped it compiling.
pub fn run(source: &str) -> Result<pollscope_executor::Trace, Vec<Diagnostic>> {
    match compile(source) {
        (Some(program), _) => Ok(vm::host::run_program(program)),
        (None, diags) => Err(diags),
    }
}
