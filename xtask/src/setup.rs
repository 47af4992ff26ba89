//! `cargo xtask setup`: install what the build and the tests need, skipping what is present.
//!
//! Only package registries are reachable on the machines this project runs on (crates.io,
//! npm, Debian), so nothing here downloads a prebuilt binary: Trunk, wasm-bindgen-cli and mdBook
//! are built by `cargo install` at pinned versions, Chromium comes from Debian, and the JS tools
//! (including `wasm-opt` from npm's `binaryen`) from `npm ci`.

use std::path::Path;

use crate::cmd::{cmd, exec, output, root};

/// Trunk 0.22 needs a newer rustc than this project's 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";

/// mdBook for the sample book (`tests/book/`); `mdbook-pollscope` uses the same version's
/// preprocessor API (`mdbook-preprocessor` 0.5).
pub const MDBOOK_VERSION: &str = "0.5.4";

/// wasm-bindgen-cli must equal the `wasm-bindgen` crate in Cargo.lock; this is the version
/// used while no crate depends on `wasm-bindgen` yet (the web app pins the same one).
pub const WASM_BINDGEN_DEFAULT: &str = "0.2.130";

pub fn run() -> Result<(), String> {
    build_tools()?;
    mdbook()?;
    chromium()
}

/// Only what building the site needs (`cargo xtask dist`): no browser.
pub fn build_tools() -> Result<(), String> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    npm_tools()
}

fn wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|t| t == "wasm32-unknown-unknown") {
        return Ok(());
    }
    exec(&mut cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if output("trunk", &["--version"]).is_some_and(|v| v == wanted) {
        return Ok(());
    }
    exec(&mut cmd("cargo", &["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// Without the default `serve` and `watch` features (a web server and a file watcher, with
/// their tokio and notify dependencies): `mdbook build` is all the project runs.
pub fn mdbook() -> Result<(), String> {
    let wanted = format!("mdbook v{MDBOOK_VERSION}");
    if output("mdbook", &["--version"]).is_some_and(|v| v == wanted) {
        return Ok(());
    }
    exec(&mut cmd(
        "cargo",
        &[
            "install",
            "mdbook",
            "--version",
            MDBOOK_VERSION,
            "--locked",
            "--no-default-features",
            "--features",
            "search",
        ],
    ))
}

/// The `wasm-bindgen` version in Cargo.lock, if any crate depends on it.
pub fn wasm_bindgen_version() -> String {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return version.trim_end_matches('"').to_string();
        }
    }
    WASM_BINDGEN_DEFAULT.to_string()
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let version = wasm_bindgen_version();
    if output("wasm-bindgen", &["--version"]).is_some_and(|v| v == format!("wasm-bindgen {version}")) {
        return Ok(());
    }
    // `--locked` fails for this crate: its lockfile pins a crate version the registry lacks.
    exec(&mut cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &format!("={version}"), "--force"]))
}

fn chromium() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    let root_user = output("id", &["-u"]).is_some_and(|id| id == "0");
    let apt = |args: &[&str]| {
        let mut command = if root_user { cmd("apt-get", args) } else { cmd("sudo", &[&["apt-get"], args].concat()) };
        command.env("DEBIAN_FRONTEND", "noninteractive");
        exec(&mut command)
    };
    apt(&["update", "-qq"])?;
    apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
}

fn npm_tools() -> Result<(), String> {
    let root = root();
    if !root.join("package-lock.json").exists() {
        return Ok(());
    }
    // npm ci rewrites node_modules/.package-lock.json; when it matches the lockfile's
    // packages the install is current.
    let installed = std::fs::metadata(root.join("node_modules/.package-lock.json")).and_then(|m| m.modified());
    let wanted = std::fs::metadata(root.join("package-lock.json")).and_then(|m| m.modified());
    if let (Ok(installed), Ok(wanted)) = (installed, wanted)
        && installed >= wanted
    {
        return Ok(());
    }
    exec(&mut cmd("npm", &["ci", "--no-audit", "--no-fund"]))
}
