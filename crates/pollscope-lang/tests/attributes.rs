//! Inner attributes: lint levels change no behaviour and are accepted (rustdoc writes
//! `#![allow(unused)]` before every example it sends to a playground); others are refused.
//! (Not in the corpus: the native harness `include!`s a program, where inner attributes are
//! not allowed.)

#[test]
fn lint_levels_are_accepted() {
    let source = "#![allow(unused)]\n#![deny(warnings)]\n#![expect(dead_code)]\nasync fn main() {\n    println!(\"{}\", 1 + 1);\n}\n";
    let (program, diags) = pollscope_lang::compile(source);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(program.is_some());
    let trace = pollscope_lang::run(source).expect("runs").to_string();
    assert!(trace.contains("print #1 \"2\""), "{trace}");
}

#[test]
fn other_inner_attributes_are_refused_at_their_span() {
    let diags = pollscope_lang::check("#![no_std]\nasync fn main() {}\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].span.start.line, diags[0].span.start.col), (1, 1));
    assert!(diags[0].message.contains("inner attributes other than lint levels"), "{}", diags[0].message);
}
