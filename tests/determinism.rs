//! Determinism natively: every corpus program (`tests/programs`, `tests/tokio`) interpreted three
//! times gives the same trace, detail events included. `tests/e2e/determinism.test.mjs` checks
//! the browser against the same text.

use pollscope_tests::rust_files;

#[test]
fn three_runs_of_every_corpus_program_give_the_same_detailed_trace() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in ["programs", "tokio"] {
        for file in rust_files(&root.join(dir)) {
            let source = std::fs::read_to_string(&file).expect("readable");
            let run = || match pollscope_lang::run(&source) {
                Ok(trace) => trace.details_text(),
                Err(diags) => format!("{diags:?}"),
            };
            let first = run();
            for again in 2..=3 {
                assert!(run() == first, "{}: run {again} differs from the first", file.display());
            }
            count += 1;
        }
    }
    assert!(count > 40, "{count} programs");
}
