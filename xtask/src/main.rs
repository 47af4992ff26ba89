//! Project automation in Rust, run as `cargo xtask <task>` (alias in `.cargo/config.toml`).
//!
//! | task | module | what it does |
//! |---|---|---|
//! | `setup` | [`setup`] | installs every tool the build and tests need, skipping what is present |
//! | `start` | [`start`] | setup, then the main job: build and serve the playground (Trunk) |
//! | `test` | [`test`] | setup, then every test: the README's test command and `.ci/run` |
//! | `bench` | [`bench`] | setup, then every performance figure and its budget, in one table (`--smoke`: once each) |
//! | `book` | [`book`] | the sample mdBook (`tests/book/`) with the `mdbook-pollscope` preprocessor |
//! | `fuzz` | [`fuzz`] | the fuzz targets of `fuzz/` on nightly (cargo fuzz), seeded from the corpus |
//! | `dist` | [`dist`] | the build tools' setup, then the deployable site in `dist/` |
//!
//! [`web`] holds what `start` and `test` share about the browser app (Trunk, its tests).

mod bench;
mod book;
mod cmd;
mod dist;
mod fuzz;
mod setup;
mod start;
mod test;
mod web;

const HELP: &str = "\
cargo xtask <task>

    setup   install the tools the build and tests need (idempotent)
    start   setup, then build and serve the playground at http://127.0.0.1:8080/
    test    setup, then run every test (what CI runs)
    bench   setup, then measure every performance figure against its budget (one table; --smoke: once each)
    book    build the sample mdBook into target/book
    fuzz    the fuzz targets on nightly: [TARGET ...] [--seconds N] (default: all, 60 s each)
    dist    setup, then build the deployable site into dist/ (works under any path)
";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("start") => setup::run().and_then(|()| start::run(&args[1..])),
        Some("test") => setup::run().and_then(|()| test::run()),
        Some("bench") => setup::run().and_then(|()| bench::run(&args[1..])),
        Some("book") => setup::mdbook().and_then(|()| book::book()),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("dist") => setup::build_tools().and_then(|()| dist::run()),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    if let Err(message) = result {
        eprintln!("xtask: error: {message}");
        std::process::exit(1);
    }
}
