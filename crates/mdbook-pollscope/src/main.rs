//! `mdbook-pollscope`: the mdBook preprocessor binary.
//!
//! `mdbook-pollscope supports <renderer>` exits 0 for `html` and 1 otherwise; without
//! arguments it reads mdBook's `[context, book]` JSON from stdin and writes the book back.

use std::io::Write;
use std::process::ExitCode;

use mdbook_pollscope::Pollscope;
use mdbook_preprocessor::Preprocessor;

const USAGE: &str = "usage: mdbook-pollscope [supports <renderer>]  (run by mdBook, see its book.toml)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => match preprocess() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("mdbook-pollscope: error: {error:#}");
                ExitCode::FAILURE
            }
        },
        [supports, renderer] if supports == "supports" => {
            if Pollscope.supports_renderer(renderer).unwrap_or(false) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn preprocess() -> mdbook_preprocessor::errors::Result<()> {
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock())?;
    if ctx.mdbook_version != mdbook_preprocessor::MDBOOK_VERSION {
        eprintln!(
            "mdbook-pollscope: warning: built against mdBook {}, called by mdBook {}",
            mdbook_preprocessor::MDBOOK_VERSION,
            ctx.mdbook_version
        );
    }
    let book = Pollscope.run(&ctx, book)?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &book)?;
    stdout.flush()?;
    Ok(())
}
