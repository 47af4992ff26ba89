//! Strangers' programs never hang, crash or exhaust memory: every program of `tests/hostile/`
//! (its second line: `// ends: TEXT`) and every generated one of `hostile_cases.rs` ends with
//! its expected line - the last line of its trace, or its first diagnostic - and the live
//! memory of the run (counted by the allocator, as the CLI and the page count it) stays under
//! 256 MB. How long each takes is printed (`-- --nocapture`), not asserted: the budget is in
//! `cargo xtask bench`.

use pollscope_lang::vm::memory;
use pollscope_tests::rust_files;

include!("hostile_cases.rs");

#[global_allocator]
static ALLOC: memory::Counting = memory::Counting::SYSTEM;

/// The most memory a hostile run may take.
const PEAK_LIMIT: isize = 256 << 20;

/// The last line of the run's trace, or the first diagnostic; and the peak live bytes.
fn run(source: &str) -> (String, isize) {
    let (end, peak) = memory::peak_during(|| match pollscope_lang::run(source) {
        Ok(trace) => trace.to_string().lines().last().unwrap_or("").to_string(),
        Err(diags) => diags.first().map(|d| d.message.clone()).unwrap_or_default(),
    });
    (end, peak.expect("the counting allocator is installed"))
}

#[test]
fn every_hostile_program_ends_with_its_line_within_the_memory_bound() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("hostile");
    let mut cases: Vec<(String, String, String)> = rust_files(&dir)
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).expect("readable");
            let ends = source
                .lines()
                .nth(1)
                .and_then(|l| l.strip_prefix("// ends: "))
                .unwrap_or_else(|| panic!("{}: the second line must be `// ends: TEXT`", path.display()))
                .to_string();
            (path.file_stem().unwrap().to_string_lossy().into_owned(), source, ends)
        })
        .collect();
    assert!(cases.len() >= 14, "tests/hostile/ has {} programs", cases.len());
    cases.extend(
        generated_hostile().into_iter().map(|(name, source, ends)| (name.to_string(), source, ends.to_string())),
    );
    let mut failures = Vec::new();
    for (name, source, ends) in &cases {
        let started = std::time::Instant::now();
        let (end, peak) = run(source);
        eprintln!("{name:24} {:>7.1} ms {:>6.1} MB  {end}", started.elapsed().as_secs_f64() * 1e3, peak as f64 / 1e6);
        if !end.contains(ends.as_str()) {
            failures.push(format!("{name}: ends with {end:?}, expected {ends:?}"));
        }
        if peak > PEAK_LIMIT {
            failures.push(format!("{name}: took {} MB", peak >> 20));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_heap_limit_counts_live_bytes_not_allocations() {
    // A program that allocates far more than the limit over its run, but never holds much:
    // 2,000 vectors of 1,000 values, each dropped before the next (about 100 MB in all).
    let source = "async fn main() {\n    let mut total: u64 = 0;\n    for i in 0..2000u64 {\n        let v: Vec<u64> = vec![i; 1000];\n        total += v.len() as u64;\n    }\n    println!(\"{}\", total);\n}\n";
    let (end, peak) = run(source);
    assert_eq!(end, "0ms done main ready, 1 task, 1 polls");
    assert!(peak < 16 << 20, "{peak} bytes");
}
