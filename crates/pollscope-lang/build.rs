//! Lists every name the VM's method tables mention (`src/vm/methods/*.rs`, `src/vm/tokio.rs`,
//! `src/vm/stream.rs`),
//! so that the compiler can tell a method call that nothing in the subset can answer (a typo,
//! or a std method Pollscope does not run) at its span, from `check`, instead of at run time.
//! Over-inclusive on purpose: any identifier-like string literal there counts as a name.

use std::collections::BTreeSet;
use std::path::Path;

fn main() {
    let src = Path::new("src").join("vm");
    let mut files = vec![src.join("tokio.rs"), src.join("stream.rs")];
    let methods = src.join("methods");
    println!("cargo::rerun-if-changed={}", methods.display());
    println!("cargo::rerun-if-changed={}", src.join("tokio.rs").display());
    println!("cargo::rerun-if-changed={}", src.join("stream.rs").display());
    for entry in std::fs::read_dir(&methods).expect("src/vm/methods") {
        let path = entry.expect("a directory entry").path();
        println!("cargo::rerun-if-changed={}", path.display());
        files.push(path);
    }
    let mut names = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (i, part) in text.split('"').enumerate() {
            let is_name = !part.is_empty()
                && part.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if i % 2 == 1 && is_name {
                names.insert(part.to_string());
            }
        }
    }
    let list: Vec<String> = names.into_iter().map(|n| format!("{n:?}")).collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("vm_method_names.rs");
    std::fs::write(out, format!("pub const VM_METHOD_NAMES: &[&str] = &[{}];\n", list.join(", ")))
        .expect("writable OUT_DIR");
}
