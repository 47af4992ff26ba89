//! Future-level detail events, replayed: the future tree of each task at any event, the active
//! poll path, what each poll returned and where, futures moved by `spawn` and dropped unfinished.

use pollscope_executor::replay::{self, Snapshot};
use pollscope_executor::{EventKind, FutureId, PollResult, TaskId, Trace};

fn events(source: &str) -> Trace {
    pollscope_lang::run(source).expect("the program compiles")
}

/// The snapshot right after the `n`-th (0-based) event matching `pick`.
fn after(trace: &Trace, n: usize, pick: impl Fn(&EventKind) -> bool) -> Snapshot {
    let index = trace.events.iter().enumerate().filter(|(_, e)| pick(&e.kind)).nth(n).expect("such an event").0;
    replay::snapshot(trace, index)
}

fn tree(s: &Snapshot, task: u32) -> Vec<(usize, String)> {
    s.future_tree(TaskId(task)).into_iter().map(|(depth, f)| (depth, f.name.clone())).collect()
}

const COUNTDOWN: &str = include_str!("../../../tests/programs/countdown.rs");

#[test]
fn inside_a_poll_the_path_goes_from_the_task_down_to_the_innermost_future() {
    let events = events(COUNTDOWN);
    // At the first enter of Countdown: main is being polled, and polls Countdown.
    let s = after(&events, 0, |k| matches!(k, EventKind::FutureEnter(enter) if enter.name == "Countdown"));
    assert_eq!(tree(&s, 1), [(0, "main".to_string()), (1, "Countdown".to_string())]);
    assert_eq!(s.poll_path, [FutureId(1), FutureId(2)]);
    assert!(s.future(FutureId(2)).unwrap().polling);
}

#[test]
fn each_exit_says_what_poll_returned_and_at_which_line() {
    let events = events(COUNTDOWN);
    let pending = |k: &EventKind| matches!(k, EventKind::FutureExit(exit) if exit.future == FutureId(2));
    let s = after(&events, 0, pending);
    let countdown = s.future(FutureId(2)).unwrap();
    assert_eq!(countdown.last, Some(PollResult::Pending));
    // `Poll::Pending` is on line 21 of countdown.rs; the path is back up to main.
    assert_eq!(countdown.last_at.map(|a| a.0), Some(21));
    assert_eq!(s.poll_path, [FutureId(1)]);
    // The fourth exit is Ready with the value, at `return Poll::Ready("liftoff")` (line 15).
    let s = after(&events, 3, pending);
    let countdown = s.future(FutureId(2)).unwrap();
    assert_eq!(countdown.last, Some(PollResult::Ready("\"liftoff\"".into())));
    assert_eq!(countdown.last_at.map(|a| a.0), Some(15));
    // Awaited to the end, it is dropped right after: it leaves the tree.
    let end = replay::snapshot(&events, events.events.len());
    assert!(end.future(FutureId(2)).unwrap().dropped);
}

#[test]
fn a_future_keeps_its_address_from_its_first_poll_on() {
    let events = events(COUNTDOWN);
    let addrs: Vec<u64> = events
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FutureEnter(enter) if enter.future == FutureId(2) => enter.addr,
            _ => None,
        })
        .collect();
    assert_eq!(addrs.len(), 4);
    assert!(addrs.iter().all(|&a| a == addrs[0]), "{addrs:x?}");
}

#[test]
fn a_spawned_future_moves_into_its_task_and_a_losing_branch_is_dropped() {
    let events = events(
        "async fn worker() -> u32 {\n    sleep(5).await;\n    7\n}\n\nasync fn main() {\n    let handle = spawn(worker());\n    let slow = Box::pin(sleep(50));\n    drop(slow);\n    println!(\"{}\", handle.await);\n}\n",
    );
    // After the spawn, `worker` is task #2's top future, not a child of main.
    let s = after(&events, 0, |k| matches!(k, EventKind::FutureSpawn { .. }));
    assert_eq!(tree(&s, 2), [(0, "worker".to_string())]);
    assert!(!tree(&s, 1).iter().any(|(_, name)| name == "worker"));
    // The dropped sleep never ran: it is created, then dropped unpolled.
    let sleeps: Vec<FutureId> = events
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::FutureNew(new) if new.name == "Sleep" => Some(new.future),
            _ => None,
        })
        .collect();
    let s = after(&events, 0, |k| matches!(k, EventKind::FutureDrop { .. }));
    let dropped = s.tree.iter().find(|f| f.dropped).unwrap();
    assert!(sleeps.contains(&dropped.id));
    assert_eq!(dropped.polls, 0);
}

#[test]
fn a_panic_unwinds_every_future_on_the_path() {
    let events = events(
        "async fn boom() {\n    panic!(\"no\");\n}\n\nasync fn main() {\n    let h = spawn(async { boom().await });\n    let _ = h;\n    yield_now().await;\n}\n",
    );
    let s = after(&events, 0, |k| matches!(k, EventKind::Panic { .. }));
    assert!(s.poll_path.is_empty());
    let panicked: Vec<&str> =
        s.tree.iter().filter(|f| f.last == Some(PollResult::Panicked)).map(|f| f.name.as_str()).collect();
    assert_eq!(panicked, ["main::{async}", "boom"]);
}
