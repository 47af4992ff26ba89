//! The interpreter's fast paths for operands: reading a local by value (`LoadLocal`: a `Copy`
//! value is copied, any other moved out, and a read after the move is caught at its line), and
//! binary operators and compound assignment on integers (values, or places of them, as a
//! comparison pushes). They must agree with the general paths on results, types and panics.

use pollscope_lang::program::Instr;
use pollscope_lang::vm::InterpLimits;
use pollscope_lang::vm::host::run_program_with;

/// Live bytes counted, as in the CLI and the page: the interpreter then also looks at the live
/// bytes every 1,024 instructions (one of the fuel checks the superinstructions keep).
#[global_allocator]
static ALLOC: pollscope_lang::vm::memory::Counting = pollscope_lang::vm::memory::Counting::SYSTEM;

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

/// The program with its superinstructions undone: each back to its first instruction (the
/// others were left in place), as the compiler wrote it before fusing.
fn unfused(mut program: pollscope_lang::Program) -> pollscope_lang::Program {
    use pollscope_lang::program::Instr;
    for f in &mut program.fns {
        for instr in &mut f.code {
            match *instr {
                Instr::LocalIntBinary { slot, place, .. } => {
                    *instr = if place { Instr::Local(slot) } else { Instr::LoadLocal(slot) };
                }
                Instr::LocalField(slot, _) => *instr = Instr::Local(slot),
                Instr::UnitPop => *instr = Instr::Unit,
                Instr::IntBinary { k, ty, .. } => *instr = Instr::Int(k, ty),
                Instr::LocalCallMethod(slot, _) => *instr = Instr::Local(slot),
                _ => {}
            }
        }
    }
    program
}

/// How many superinstructions `which` accepts the program has.
fn fused_count(program: &pollscope_lang::Program, which: fn(&pollscope_lang::program::Instr) -> bool) -> usize {
    program.fns.iter().map(|f| f.code.iter().filter(|i| which(i)).count()).sum()
}

/// A trace's detail text, and the source position each event was recorded at (the line the
/// page highlights for it).
fn everything(trace: &pollscope_executor::Trace) -> String {
    let at: Vec<String> = trace.events.iter().map(|e| format!("{:?}", e.at())).collect();
    format!("{}\n{}", trace.details_text(), at.join(" "))
}

/// Runs `source` with and without its superinstructions at every fuel limit up to `most` (and
/// around the look at the live bytes every 1,024 instructions), per run and per poll: the same
/// trace, ending at the same place. Returns the whole run's trace.
fn same_at_every_fuel_limit(source: &str, most: u64) -> String {
    let compile = || pollscope_lang::compile(source).0.expect("compiles");
    for fuel in (1..most).chain(1020..1100) {
        for limits in [
            InterpLimits { run_fuel: fuel, ..InterpLimits::default() },
            InterpLimits { poll_fuel: fuel, ..InterpLimits::default() },
            // No memory to spare: the first look at the live bytes ends the run, at the
            // instruction where the run had 1,024 instructions left.
            InterpLimits { run_fuel: fuel, max_heap: 0, ..InterpLimits::default() },
        ] {
            let fused = everything(&run_program_with(compile(), limits));
            let plain = everything(&run_program_with(unfused(compile()), limits));
            assert_eq!(fused, plain, "fuel {fuel}");
        }
    }
    run_program_with(compile(), InterpLimits::default()).to_string()
}

#[test]
fn superinstructions_behave_as_the_three_instructions_they_fuse_at_every_fuel_limit() {
    // `n < 2`, `n - 1`, `x + y` through locals and places; an integer behind a reference (not
    // fused at run time); an overflow; a fused operation that a loop jumps back into.
    let source = concat!(
        "fn fib(n: u64) -> u64 {\n    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\n\n",
        "fn down(r: &u8) -> u8 {\n    *r - 1\n}\n\n",
        "async fn main() {\n",
        "    let mut i: u8 = 0;\n    while i < 6 {\n        i = i + 1;\n    }\n",
        "    println!(\"{} {} {}\", fib(6), down(&i), i * 2);\n",
        "    let big: u8 = 200;\n    println!(\"{}\", big + 100);\n",
        "}\n"
    );
    let fused = pollscope_lang::compile(source).0.expect("compiles");
    let int_binary = |i: &Instr| matches!(i, Instr::LocalIntBinary { .. });
    assert!(fused_count(&fused, int_binary) >= 5, "the compiler fuses the operations above");
    let whole = same_at_every_fuel_limit(source, 400);
    assert!(whole.contains("print #1 \"8 5 12\""), "{whole}");
    assert!(whole.contains("attempt to add with overflow"), "{whole}");
}

#[test]
fn pair_superinstructions_behave_as_the_two_instructions_they_fuse_at_every_fuel_limit() {
    // A field of a struct in a local, behind `&mut`, behind `Pin<&mut Self>` in a hand-written
    // `poll`, behind two references and in a `Box` (these two not fused at run time); methods
    // without arguments on locals (`cx.waker()`, and a wake on a line of its own: its event's
    // position is checked); constants on the right of operators, with an
    // integer, a `Duration` (not fused at run time) and an overflow on the left; statements of
    // type `()`; a loop that jumps back in.
    let source = concat!(
        "struct P {\n    x: u32,\n    y: u32,\n}\n\n",
        "struct Spin {\n    left: u32,\n}\n\n",
        "impl Future for Spin {\n    type Output = u32;\n",
        "    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {\n",
        "        if self.left == 0 {\n            return Poll::Ready(7);\n        }\n",
        "        self.left -= 1;\n        cx.waker().wake_by_ref();\n        let w = cx.waker();\n        w.wake_by_ref();\n",
        "        Poll::Pending\n    }\n}\n\n",
        "fn bump(p: &mut P) {\n    p.y += p.x;\n}\n\n",
        "fn twice(p: &&P) -> u32 {\n    p.x * 2\n}\n\n",
        "async fn main() {\n",
        "    let mut p = P { x: 1, y: 2 };\n    while p.y < 9 {\n        bump(&mut p);\n    }\n",
        "    let b = Box::new(P { x: 5, y: 6 });\n",
        "    let done = Spin { left: 3 }.await;\n",
        "    let d = Duration::from_millis(5) * 2;\n",
        "    let v = vec![1, 2];\n",
        "    println!(\"{} {} {} {} {} {} {}\", p.x, p.y, twice(&&p), b.y, done, d.as_millis(), v.len());\n",
        "    println!(\"{}\", p.y + 4294967290);\n",
        "}\n"
    );
    let fused = pollscope_lang::compile(source).0.expect("compiles");
    let count = |which: fn(&Instr) -> bool| fused_count(&fused, which);
    assert!(count(|i| matches!(i, Instr::LocalField(..))) >= 6, "the field accesses above are fused");
    assert!(count(|i| matches!(i, Instr::LocalCallMethod(..))) >= 2, "the method calls above are fused");
    assert!(count(|i| matches!(i, Instr::IntBinary { .. })) >= 3, "the constants above are fused");
    assert!(count(|i| matches!(i, Instr::UnitPop)) >= 2, "the statements above are fused");
    let whole = same_at_every_fuel_limit(source, 700);
    assert!(whole.contains("print #1 \"1 9 2 6 7 10 2\""), "{whole}");
    assert!(whole.contains("attempt to add with overflow"), "{whole}");
}
