//! The interpreter's fast paths for operands: reading a local by value (`LoadLocal`: a `Copy`
//! value is copied, any other moved out, and a read after the move is caught at its line), and
//! binary operators and compound assignment on integers (values, or places of them, as a
//! comparison pushes). They must agree with the general paths on results, types and panics.

use pollscope_lang::vm::InterpLimits;
use pollscope_lang::vm::host::run_program_with;

fn run(source: &str) -> String {
    let (program, diags) = pollscope_lang::compile(source);
    let program = program.unwrap_or_else(|| panic!("compiles: {diags:?}"));
    run_program_with(program, InterpLimits::default()).to_string()
}

#[test]
fn comparisons_read_integers_through_locals_fields_and_references() {
    let trace = run(concat!(
        "struct P {\n    x: i32,\n}\n\n",
        "async fn main() {\n",
        "    let a: i32 = -3;\n    let b: i32 = 4;\n    let p = P { x: 4 };\n    let r = &a;\n",
        "    println!(\"{} {} {} {} {}\", a < b, p.x == b, *r >= a, &a != &b, p.x > 9);\n",
        "}\n"
    ));
    assert!(trace.contains("print #1 \"true true true true false\""), "{trace}");
}

#[test]
fn arithmetic_through_the_fast_path_keeps_the_type_and_panics_on_overflow() {
    let trace = run(concat!(
        "fn add(x: u8, y: u8) -> u8 {\n    x + y\n}\n\n",
        "async fn main() {\n",
        "    let x: u8 = 250;\n    let y = x - 10;\n    println!(\"{}\", y / 3);\n",
        "    let z = add(x, 10);\n    println!(\"{z}\");\n",
        "}\n"
    ));
    assert!(trace.contains("print #1 \"80\""), "{trace}");
    assert!(trace.contains("attempt to add with overflow"), "{trace}");
    assert!(!trace.contains("print #1 \"260\""), "{trace}");
}

#[test]
fn non_integer_operands_still_take_the_general_path() {
    let trace = run(concat!(
        "async fn main() {\n",
        "    let s = String::from(\"a\");\n    let t = \"b\";\n",
        "    let c = 'x';\n",
        "    println!(\"{} {} {} {}\", s < t.to_string(), s == \"a\", c > 'a', (1, 2) < (1, 3));\n",
        "}\n"
    ));
    assert!(trace.contains("print #1 \"true true true true\""), "{trace}");
}

#[test]
fn compound_assignment_of_integers_in_place_keeps_the_type_and_panics_on_overflow() {
    let trace = run(concat!(
        "struct Counter {\n    left: u8,\n}\n\n",
        "fn bump(c: &mut Counter, by: u8) {\n    c.left += by;\n}\n\n",
        "async fn main() {\n",
        "    let mut c = Counter { left: 250 };\n    let step: u8 = 2;\n    c.left -= step;\n",
        "    let mut total: u32 = 7;\n    total *= 3;\n    total %= 4;\n",
        "    println!(\"{} {}\", c.left, total);\n",
        "    bump(&mut c, 10);\n    println!(\"unreachable {}\", c.left);\n",
        "}\n"
    ));
    assert!(trace.contains("print #1 \"248 1\""), "{trace}");
    assert!(trace.contains("attempt to add with overflow"), "{trace}");
    assert!(!trace.contains("unreachable"), "{trace}");
}

#[test]
fn a_copy_local_is_copied_and_can_be_read_again() {
    let trace = run(
        "async fn main() {\n    let n: u32 = 20;\n    let a = n;\n    let b = n + a;\n    println!(\"{a} {b} {n}\");\n}\n",
    );
    assert!(trace.contains("print #1 \"20 40 20\""), "{trace}");
}

#[test]
fn a_moved_local_holds_its_value_in_its_new_owner() {
    let trace =
        run("async fn main() {\n    let s = String::from(\"hi\");\n    let t = s;\n    println!(\"{t}\");\n}\n");
    assert!(trace.contains("print #1 \"hi\""), "{trace}");
}

#[test]
fn reading_a_local_after_moving_it_out_is_an_error_at_its_use() {
    let trace = run(
        "async fn main() {\n    let s = String::from(\"hi\");\n    let t = s;\n    let u = s;\n    println!(\"{t}{u}\");\n}\n",
    );
    assert!(trace.trim_end().ends_with("error \"use of a moved value\" at 4:13"), "{trace}");
}
