//! Detail events: the state machine of every interpreted async body, after each poll.

use pollscope_executor::{EventKind, FutureState};

fn states(source: &str) -> Vec<FutureState> {
    let trace = pollscope_lang::run(source).expect("the program compiles");
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FutureState(s) => Some((**s).clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_async_fn_is_suspended_at_each_await_then_returned() {
    let s = states(
        "async fn worker(n: u32) -> u32 {\n    let doubled = n * 2;\n    sleep(10).await;\n    yield_now().await;\n    doubled\n}\n\nasync fn main() {\n    let v = worker(4).await;\n    println!(\"{}\", v);\n}\n",
    );
    let worker: Vec<&FutureState> = s.iter().filter(|s| s.name == "worker").collect();
    let names: Vec<&str> = worker.iter().map(|s| s.state.as_str()).collect();
    assert_eq!(names, ["Suspend0", "Suspend1", "Returned"]);
    assert_eq!(worker[0].awaits, 2);
    assert_eq!(worker[0].await_at.map(|a| (a.0, a.1)), Some((3, 5)));
    assert_eq!(worker[1].await_at.map(|a| (a.0, a.1)), Some((4, 5)));
    // The locals kept across the first await, with their Debug text.
    assert_eq!(worker[0].locals, vec![("n".to_string(), "4".to_string()), ("doubled".to_string(), "8".to_string())]);
    // main awaits worker: main's own state machine is suspended at its one await meanwhile.
    let main: Vec<&str> = s.iter().filter(|s| s.name == "main").map(|s| s.state.as_str()).collect();
    assert_eq!(main, ["Suspend0", "Suspend0", "Returned"]);
    assert!(worker[0].lives.contains("main"), "worker lives in main's frame: {}", worker[0].lives);
    assert!(worker.iter().all(|w| w.future == worker[0].future), "one future keeps one id");
}

#[test]
fn a_reference_into_its_own_locals_is_reported_as_a_self_reference() {
    let s = states(
        "async fn main() {\n    let data = vec![1, 2, 3];\n    let first = &data[0];\n    sleep(10).await;\n    println!(\"{}\", first);\n}\n",
    );
    assert_eq!(s[0].state, "Suspend0");
    assert_eq!(s[0].self_refs, vec!["first -> data".to_string()]);
}

#[test]
fn detail_events_are_left_out_of_the_canonical_text() {
    let trace = pollscope_lang::run("async fn main() {\n    sleep(1).await;\n}\n").unwrap();
    assert!(trace.events.iter().any(|e| e.is_detail()));
    assert!(!trace.to_string().contains("state "), "{trace}");
}

#[test]
fn a_panicking_async_fn_ends_in_the_panicked_state() {
    let s = states(
        "async fn boom() {\n    yield_now().await;\n    panic!(\"no\");\n}\n\nasync fn main() {\n    boom().await;\n}\n",
    );
    let boom: Vec<&str> = s.iter().filter(|s| s.name == "boom").map(|s| s.state.as_str()).collect();
    assert_eq!(boom, ["Suspend0", "Panicked"]);
}

#[test]
fn events_caused_by_program_code_carry_their_source_line() {
    let trace =
        pollscope_lang::run("async fn main() {\n    println!(\"a\");\n    sleep(5).await;\n    println!(\"b\");\n}\n")
            .unwrap();
    let at = |needle: &str| {
        trace.events.iter().find(|e| e.kind.to_string().contains(needle)).and_then(|e| e.at()).map(|a| a.0)
    };
    assert_eq!(at("print #1 \"a\""), Some(2));
    assert_eq!(at("set timer"), Some(3));
    assert_eq!(at("print #1 \"b\""), Some(4));
    // What the executor does by itself has no line.
    assert_eq!(at("poll #1"), None);
    assert_eq!(at("fire timer"), None);
}

#[test]
fn a_poll_that_computes_for_long_gets_a_never_yields_lint() {
    let trace = pollscope_lang::run(
        "async fn busy() -> u64 {\n    let mut sum: u64 = 0;\n    for i in 0..100_000u64 {\n        sum += i;\n    }\n    sum\n}\n\nasync fn main() {\n    println!(\"{}\", spawn(busy()).await);\n}\n",
    )
    .unwrap();
    let lints: Vec<String> = trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Lint { message, .. } => Some(message.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(lints.len(), 1, "{lints:?}");
    assert!(lints[0].starts_with("Never yields: task #2 ran "), "{}", lints[0]);
    assert!(!trace.to_string().contains("lint"), "lints stay out of the canonical text");
}

#[test]
fn values_stay_small() {
    // Every instruction moves values on the operand stack: keep them compact.
    assert!(
        std::mem::size_of::<pollscope_lang::vm::value::Value>() <= 72,
        "{}",
        std::mem::size_of::<pollscope_lang::vm::value::Value>()
    );
}
