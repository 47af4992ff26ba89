//! What rustc leaves undefined is a clear error at its line in the interpreter, never a host
//! crash: a null or dangling raw pointer dereferenced, a `drop` that recurses forever, a long
//! chain of values dropped.

fn run(source: &str) -> String {
    pollscope_lang::run(source).unwrap_or_else(|d| panic!("compiles: {d:?}")).to_string()
}

fn last_line(trace: &str) -> &str {
    trace.lines().last().unwrap_or("")
}

#[test]
fn a_null_pointer_dereferenced_is_an_error_at_its_line() {
    let trace = run(
        "fn main() {\n    let p: *const u32 = std::ptr::null();\n    let v = unsafe { *p };\n    println!(\"{}\", v);\n}\n",
    );
    let last = last_line(&trace);
    assert!(last.contains("dereference of a null pointer"), "{trace}");
    assert!(last.ends_with("at 3:22"), "{last}");
}

#[test]
fn a_pointer_to_a_returned_functions_local_dangles() {
    let trace = run(
        "fn dangling() -> *const u32 {\n    let x = 5;\n    &x as *const u32\n}\n\nfn main() {\n    let p = dangling();\n    println!(\"{}\", unsafe { *p });\n}\n",
    );
    assert!(last_line(&trace).contains("this pointer dangles"), "{trace}");
}

#[test]
fn a_pointer_to_a_dropped_value_is_an_error_not_a_stale_read() {
    let trace = run(
        "fn main() {\n    let p: *const String;\n    {\n        let s = String::from(\"gone\");\n        p = &s;\n    }\n    println!(\"{}\", unsafe { &*p });\n}\n",
    );
    assert!(last_line(&trace).contains("moved or dropped"), "{trace}");
    assert!(!trace.contains("gone"), "{trace}");
}

#[test]
fn a_drop_that_drops_its_own_kind_forever_hits_a_limit() {
    let trace = run(
        "struct Again(u32);\n\nimpl Drop for Again {\n    fn drop(&mut self) {\n        let _next = Again(self.0 + 1);\n    }\n}\n\nfn main() {\n    let _a = Again(0);\n}\n",
    );
    assert!(last_line(&trace).contains(" limit "), "{}", last_line(&trace));
}

#[test]
fn calling_an_unsafe_fn_outside_unsafe_is_e0133() {
    let (program, diags) = pollscope_lang::compile(
        "unsafe fn danger() -> u32 {\n    1\n}\n\nfn main() {\n    let a = unsafe { danger() };\n    let b = danger();\n}\n",
    );
    assert!(program.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].to_string().contains("E0133"), "{}", diags[0]);
    assert_eq!(diags[0].span.start.line, 7);
}

#[test]
fn a_long_chain_of_boxed_nodes_drops_without_overflowing_the_host_stack() {
    for drop_impl in ["", "impl Drop for Node {\n    fn drop(&mut self) {}\n}\n"] {
        let source = format!(
            "struct Node(Option<Box<Node>>);\n{drop_impl}\nfn main() {{\n    let mut n = Node(None);\n    for _ in 0..100000 {{\n        n = Node(Some(Box::new(n)));\n    }}\n    println!(\"built\");\n}}\n"
        );
        let trace = run(&source);
        assert!(trace.contains("done main ready"), "{}", last_line(&trace));
    }
}
