//! The browser app: its build (Trunk), its component tests (wasm-bindgen-test in headless
//! Chromium) and its end-to-end tests (Playwright driving Debian's Chromium, `tests/e2e/`).

use std::process::Command;

use crate::cmd::{cmd, exec, root};

/// Debian's chromedriver, which wasm-bindgen-test-runner drives (`webdriver.json` next to the
/// crate's Cargo.toml passes Chromium's flags).
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `trunk ARGS` with npm's binaryen (`wasm-opt`) and esbuild first on PATH, and no update check:
/// Trunk must find the pinned tools of Trunk.toml and never try to download them.
pub fn trunk(args: &[&str]) -> Command {
    let mut path = root().join("node_modules/.bin").into_os_string();
    if let Some(rest) = std::env::var_os("PATH") {
        path.push(":");
        path.push(rest);
    }
    let mut command = cmd("trunk", args);
    command.env("PATH", path).env("TRUNK_SKIP_VERSION_CHECK", "true");
    command
}

/// Lints the web crate for the browser (a native clippy run compiles none of it).
pub fn clippy() -> Result<(), String> {
    exec(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "pollscope-web",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    ))
}

/// The web crate's wasm-bindgen tests: the JS API, live mode and the mounted playground, in
/// headless Chromium.
pub fn component_tests() -> Result<(), String> {
    let mut command = cmd("cargo", &["test", "--target", "wasm32-unknown-unknown", "--package", "pollscope-web"]);
    command.env("CHROMEDRIVER", CHROMEDRIVER);
    exec(&mut command)
}

/// `trunk build --release`: the app in `dist/` (and the editor bundle in `web/generated/`).
pub fn build() -> Result<(), String> {
    exec(&mut trunk(&["build", "--release"]))
}

/// The end-to-end tests against `dist/`, with node's test runner.
pub fn e2e() -> Result<(), String> {
    exec(&mut cmd("node", &["--test", "tests/e2e/"]))
}
