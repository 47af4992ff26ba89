//! `cargo xtask dist`: the deployable site in `dist/` (Trunk release build), with its files and
//! sizes listed. Asset URLs are relative, so `dist/` can be published under any path.

use crate::cmd::root;
use crate::web;

pub fn run() -> Result<(), String> {
    web::build()?;
    let dist = root().join("dist");
    let mut files: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_string_lossy().into_owned(), e.metadata().ok()?.len())))
        .collect();
    files.sort();
    eprintln!("xtask: the site is in {} (publish the folder as it is, at any path):", dist.display());
    for (name, bytes) in &files {
        eprintln!("  {name:<48} {:>9.1} KiB", *bytes as f64 / 1024.0);
    }
    let total: u64 = files.iter().map(|(_, b)| b).sum();
    eprintln!(
        "  {:<48} {:>9.1} KiB uncompressed (node tests/e2e/measure.mjs: gzip, brotli)",
        "total",
        total as f64 / 1024.0
    );
    Ok(())
}
