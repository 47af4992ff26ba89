//! Helpers for the cross-crate tests: the program corpus in `tests/programs/` and its golden
//! files.
//!
//! Each `NAME.rs` there has a `NAME.trace` golden file: the canonical trace that the program
//! must print. Each `NAME.rs` in `tests/invalid/` has a `NAME.diag` golden file: the
//! diagnostics that reject it. To regenerate the golden files after an intended change, run
//! `UPDATE_GOLDEN=1 cargo test -p pollscope-tests`, then review the diff before committing.

use std::path::{Path, PathBuf};

/// `tests/programs/`.
pub fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// `tests/invalid/`: programs the interpreter must reject, with golden `NAME.diag` files.
pub fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("invalid")
}

/// Every program of the corpus, sorted by file name.
pub fn programs() -> Vec<PathBuf> {
    rust_files(&programs_dir())
}

/// The `.rs` files of `dir`, sorted by file name.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    files
}

/// Whether golden files are being regenerated (`UPDATE_GOLDEN=1`).
pub fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0" && !v.is_empty())
}

/// Compares `actual` with the golden file `golden`, or rewrites it when [`updating`].
/// Returns a description of the difference, if any.
pub fn check_golden(golden: &Path, actual: &str) -> Result<(), String> {
    if updating() {
        std::fs::write(golden, actual).map_err(|e| format!("cannot write {}: {e}", golden.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(golden)
        .map_err(|e| format!("cannot read {} ({e}); run with UPDATE_GOLDEN=1 to create it", golden.display()))?;
    if expected == actual {
        return Ok(());
    }
    Err(format!("{} differs:\n{}", golden.display(), first_difference(&expected, actual)))
}

/// The first differing line of two texts, with a little context, for a readable failure.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let at = expected.iter().zip(&actual).position(|(e, a)| e != a).unwrap_or(expected.len().min(actual.len()));
    let from = at.saturating_sub(3);
    let mut text = String::new();
    for line in &expected[from..at] {
        text.push_str(&format!("    {line}\n"));
    }
    text.push_str(&format!("  line {}:\n", at + 1));
    text.push_str(&format!("  - expected: {}\n", expected.get(at).unwrap_or(&"<end of trace>")));
    text.push_str(&format!("  + actual:   {}\n", actual.get(at).unwrap_or(&"<end of trace>")));
    text
}
