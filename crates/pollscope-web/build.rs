//! Embeds the test corpus (tests/programs/*.rs with their golden traces) for the browser tests
//! of the JavaScript API, which cannot read files at run time.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs") && p.with_extension("trace").exists())
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from(
        "/// (name, source, golden trace) of every corpus program.\npub const CORPUS: &[(&str, &str, &str)] = &[\n",
    );
    for name in &names {
        let rs = dir.join(format!("{name}.rs"));
        let trace = dir.join(format!("{name}.trace"));
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?}), include_str!({:?})),",
            rs.display().to_string(),
            trace.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("corpus.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
