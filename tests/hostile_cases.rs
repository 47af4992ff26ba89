// Hostile programs too big to keep as files: generated here, each with the text its run must
// end with (the last line of its trace, or its first diagnostic). `tests/hostile.rs` runs them
// with the files of `tests/hostile/`; `pollscope-bench` times them (`include!`d by both).

/// `(name, source, ends)` of every generated hostile program.
pub fn generated_hostile() -> Vec<(&'static str, String, &'static str)> {
    let deep = 50_000;
    let arms: String = (0..10_000).map(|i| format!("        {i} => {i},\n")).collect();
    let statements: String = (0..30_000).map(|i| format!("    let x{i}: u64 = {i};\n")).collect();
    vec![
        (
            "nested_parens",
            format!("async fn main() {{\n    let x = {}1{};\n    println!(\"{{}}\", x);\n}}\n", "(".repeat(deep), ")".repeat(deep)),
            "nests brackets more than 64 deep",
        ),
        (
            "nested_blocks",
            format!("async fn main() {{\n    let x = {}1{};\n}}\n", "{".repeat(deep), "}".repeat(deep)),
            "nests brackets more than 64 deep",
        ),
        (
            "chained_operators",
            format!("async fn main() {{\n    let x = 1{};\n    println!(\"{{}}\", x);\n}}\n", " + 1".repeat(deep)),
            "chains more than 256 operators",
        ),
        (
            "prefix_operators",
            format!("async fn main() {{\n    let x = {}1;\n    println!(\"{{}}\", x);\n}}\n", "-".repeat(deep)),
            "chains more than 256 operators",
        ),
        (
            "nested_types",
            format!("async fn main() {{\n    let v: {}u8{} = Vec::new();\n}}\n", "Vec<".repeat(20_000), ">".repeat(20_000)),
            "chains more than 256 operators",
        ),
        (
            "match_of_10000_arms",
            format!("async fn main() {{\n    let n: u64 = 9999;\n    let r = match n {{\n{arms}        _ => 0,\n    }};\n    println!(\"{{}}\", r);\n}}\n"),
            "done main ready, 1 task, 1 polls",
        ),
        (
            "one_megabyte_source",
            format!("async fn main() {{\n{statements}}}\n{}", "// padding\n".repeat(1 << 15)),
            "Pollscope reads programs of up to 256 KB",
        ),
    ]
}
