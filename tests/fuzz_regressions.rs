//! The fuzz targets' checks (`fuzz/fuzzing.rs`) as plain tests, on stable: every input a fuzzer
//! once crashed on (`fuzz/regressions/TARGET/`) and every program of the corpus go through
//! them. `cargo xtask fuzz` does the fuzzing (docs/fuzzing.md).

#[path = "../fuzz/fuzzing.rs"]
mod fuzzing;

use std::path::Path;

use pollscope_tests::rust_files;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_input_that_once_crashed_a_target_passes_it_now() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 3] =
        [("parse_compile", fuzzing::parse_compile), ("compile_run", fuzzing::compile_run), ("link", fuzzing::link)];
    for (target, check) in targets {
        for file in files(&root.join(target)) {
            eprintln!("{target}: {}", file.display());
            check(&std::fs::read(&file).expect("readable"));
        }
    }
}

#[test]
fn every_corpus_program_passes_every_target() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in ["programs", "tokio", "invalid", "hostile"] {
        for file in rust_files(&tests.join(dir)) {
            let data = std::fs::read(&file).expect("readable");
            fuzzing::parse_compile(&data);
            fuzzing::compile_run(&data);
            fuzzing::link(&data);
            count += 1;
        }
    }
    assert!(count > 50, "{count} programs");
}
