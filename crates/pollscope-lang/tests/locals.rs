//! Reading a local by value (`LoadLocal`): a `Copy` value is copied, any other is moved out, and
//! reading it again after the move is caught at the line that does it.

use pollscope_lang::vm::InterpLimits;
use pollscope_lang::vm::host::run_program_with;

fn run(source: &str) -> String {
    let (program, diags) = pollscope_lang::compile(source);
    let program = program.unwrap_or_else(|| panic!("compiles: {diags:?}"));
    run_program_with(program, InterpLimits::default()).to_string()
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
