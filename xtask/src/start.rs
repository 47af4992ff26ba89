//! `cargo xtask start`: the main job. Builds the playground and serves it with Trunk on
//! http://127.0.0.1:8080/, rebuilding on every change, until Ctrl-C.

use crate::cmd::exec;
use crate::web::trunk;

const ADDRESS: &str = "127.0.0.1";
const PORT: &str = "8080";

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!(
            "`cargo xtask start` takes no arguments (got `{extra}`); to trace a program in the terminal, run \
             `cargo run -p pollscope-cli -- trace {extra}`"
        ));
    }
    eprintln!("xtask: building the playground; it will be served at http://{ADDRESS}:{PORT}/ (Ctrl-C stops)");
    exec(&mut trunk(&["serve", "--release", "--address", ADDRESS, "--port", PORT]))
}
