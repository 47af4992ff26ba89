//! With tracing off the executor records no events but runs the program exactly the same way:
//! same polls, same order, same virtual time, same end.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::CountPolls;
use pollscope_executor::{Executor, LimitKind, Limits, MainEnd, RunEnd, join, sleep, spawn, yield_now};

type Log = Rc<RefCell<Vec<String>>>;

async fn worker(log: Log, name: &'static str, ms: u64) -> u64 {
    log.borrow_mut().push(format!("{name} starts"));
    sleep(ms).await;
    yield_now().await;
    log.borrow_mut().push(format!("{name} done"));
    ms
}

/// Runs the same program with tracing on or off; returns how it ended, the final clock, what
/// the program saw happen, and the number of events recorded.
fn run(tracing: bool) -> (RunEnd, u64, Vec<String>, usize) {
    let log: Log = Rc::default();
    let executor = Executor::new();
    executor.set_tracing(tracing);
    executor.spawn("main", {
        let log = Rc::clone(&log);
        async move {
            let a = spawn(worker(Rc::clone(&log), "a", 30));
            let b = spawn(worker(Rc::clone(&log), "b", 10));
            let (x, y) = join(a, b).await;
            let z = spawn(worker(Rc::clone(&log), "c", 5)).await;
            log.borrow_mut().push(format!("main got {x} {y} {z}"));
        }
    });
    let end = executor.run();
    let events = executor.trace().events.len();
    let log = log.borrow().clone();
    (end, executor.now(), log, events)
}

#[test]
fn with_tracing_off_nothing_is_recorded_but_the_program_runs_the_same() {
    let (on_end, on_now, on_log, on_events) = run(true);
    let (off_end, off_now, off_log, off_events) = run(false);
    assert!(on_events > 0);
    assert_eq!(off_events, 0);
    assert_eq!(on_end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(off_end, on_end);
    assert_eq!(on_now, 35);
    assert_eq!(off_now, on_now);
    assert_eq!(off_log, on_log);
    assert_eq!(on_log, ["a starts", "b starts", "b done", "a done", "c starts", "c done", "main got 30 10 5"]);
}

#[test]
fn limits_still_end_a_run_with_tracing_off() {
    let executor = Executor::with_limits(Limits { max_polls: 20, ..Limits::default() });
    executor.set_tracing(false);
    let polls = Rc::default();
    executor.spawn("main", CountPolls { polls: Rc::clone(&polls), ready_after: u32::MAX });
    assert_eq!(executor.run(), RunEnd::Limit(LimitKind::Polls));
    assert_eq!(polls.get(), 20);
    assert!(executor.trace().events.is_empty());
}

#[test]
fn tracing_can_be_turned_on_midway() {
    let executor = Executor::new();
    executor.set_tracing(false);
    executor.spawn("main", async { yield_now().await });
    executor.run_until_stalled();
    // The run went as far as it could, unrecorded; what follows is recorded.
    executor.set_tracing(true);
    assert!(executor.trace().events.is_empty());
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_eq!(common::lines(&executor.trace()), ["0ms done main ready, 1 task, 2 polls"]);
}
