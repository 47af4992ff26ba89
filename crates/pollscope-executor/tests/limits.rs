//! Limits end a runaway run with a `limit` event, always the last one, instead of a hang: too
//! many polls, tasks, events or bytes of output. A poll that runs away inside itself (printing
//! or spawning in a loop) is unwound.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{CountPolls, assert_trace, count, output, run_main_with_limits};
use pollscope_executor::{EventKind, Executor, LimitKind, Limits, MainEnd, RunEnd, print, spawn};

fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut limits = Limits::default();
    f(&mut limits);
    limits
}

#[test]
fn a_task_that_wakes_itself_forever_ends_at_the_poll_limit() {
    let polls = Rc::new(Cell::new(0));
    let (end, trace) = run_main_with_limits(
        limits(|l| l.max_polls = 3),
        CountPolls { polls: Rc::clone(&polls), ready_after: u32::MAX },
    );
    assert_eq!(end, RunEnd::Limit(LimitKind::Polls));
    assert_eq!(polls.get(), 3);
    assert_eq!(trace.last().unwrap().kind, EventKind::Limit { limit: LimitKind::Polls, value: 3, at: None });
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms wake_by_ref #1 by #1",
            "0ms pending #1",
            "0ms poll #1",
            "0ms wake_by_ref #1 by #1",
            "0ms pending #1",
            "0ms poll #1",
            "0ms wake_by_ref #1 by #1",
            "0ms pending #1",
            "0ms limit polls 3",
        ],
    );
}

#[test]
fn the_poll_limit_counts_the_polls_of_all_tasks() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_polls = 10), async {
        let a = spawn(CountPolls { polls: Rc::default(), ready_after: u32::MAX });
        let b = spawn(CountPolls { polls: Rc::default(), ready_after: u32::MAX });
        a.await;
        b.await;
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Polls));
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Poll { .. })), 10);
    assert_eq!(common::lines(&trace).last().unwrap(), "0ms limit polls 10");
}

#[test]
fn spawning_in_a_loop_ends_at_the_task_limit() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_tasks = 4), async {
        loop {
            drop(spawn(async {}));
        }
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Tasks));
    // Main and three more; the fifth spawn hit the limit and unwound main's poll, which is
    // not reported as a panic.
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms spawn #2 spawning_in_a_loop_ends_at_the_task_limit::{async} by #1",
            "0ms spawn #3 spawning_in_a_loop_ends_at_the_task_limit::{async} by #1",
            "0ms spawn #4 spawning_in_a_loop_ends_at_the_task_limit::{async} by #1",
            "0ms limit tasks 4",
        ],
    );
}

#[test]
fn spawning_past_the_task_limit_from_outside_gives_a_handle_without_a_task() {
    let executor = Executor::with_limits(limits(|l| l.max_tasks = 1));
    let main = executor.spawn("main", async {});
    let extra = executor.spawn("extra", async {});
    assert!(main.id().is_some());
    assert_eq!(extra.id(), None);
    assert_eq!(executor.run(), RunEnd::Limit(LimitKind::Tasks));
    // The run stopped before polling anything.
    assert_trace(&executor.trace(), &["0ms spawn #1 main", "0ms limit tasks 1"]);
}

#[test]
fn a_poll_that_prints_forever_is_unwound_at_the_event_limit() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_events = 10), async {
        loop {
            print("x\n");
        }
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Events));
    // The limit event is one of the ten.
    assert_eq!(trace.events.len(), 10);
    assert_eq!(output(&trace).len(), 7);
    assert_eq!(common::lines(&trace).last().unwrap(), "0ms limit events 10");
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Panic { .. } | EventKind::Done { .. })), 0);
}

#[test]
fn a_task_is_not_polled_once_recording_its_poll_reached_the_event_limit() {
    let polls = Rc::new(Cell::new(0));
    let (end, trace) = run_main_with_limits(limits(|l| l.max_events = 2), {
        let polls = Rc::clone(&polls);
        std::future::poll_fn(move |_| {
            polls.set(polls.get() + 1);
            std::task::Poll::Ready(())
        })
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Events));
    // The `limit` line took the place of `poll #1`: the run stopped there, so main never ran.
    assert_trace(&trace, &["0ms spawn #1 main", "0ms limit events 2"]);
    assert_eq!(polls.get(), 0);
}

#[test]
fn printing_past_the_output_limit_ends_the_run() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_output_bytes = 10), async {
        loop {
            print("abc\n");
        }
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Output));
    // 4 + 4 bytes fit; the third line would make 12.
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms print #1 \"abc\"",
            "0ms print #1 \"abc\"",
            "0ms limit output-bytes 10",
        ],
    );
}

#[test]
fn output_without_newlines_counts_towards_the_output_limit_too() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_output_bytes = 100), async {
        loop {
            print("x");
        }
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Output));
    assert_eq!(common::lines(&trace).last().unwrap(), "0ms limit output-bytes 100");
}

#[test]
fn output_up_to_the_limit_is_allowed() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_output_bytes = 10), async {
        print("1234567\n");
        print("9\n");
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(output(&trace), ["1234567", "9"]);
}

fn lints(trace: &pollscope_executor::Trace) -> Vec<String> {
    trace
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Lint { message, .. } => Some(message.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_busy_wait_that_hits_the_limit_is_explained() {
    // Waking itself at once each poll, the task never waits, so the clock never moves.
    let (end, trace) = run_main_with_limits(
        limits(|l| l.max_polls = 2_000),
        CountPolls { polls: Rc::new(Cell::new(0)), ready_after: u32::MAX },
    );
    assert_eq!(end, RunEnd::Limit(LimitKind::Polls));
    let lints = lints(&trace);
    assert_eq!(lints.len(), 1, "{lints:?}");
    assert!(lints[0].starts_with("Busy wait: for its last 1000 polls, task #1 woke itself"), "{}", lints[0]);
    // The limit stays the last event.
    assert!(matches!(trace.last().unwrap().kind, EventKind::Limit { .. }));
}

#[test]
fn a_run_that_waits_on_timers_is_not_called_a_busy_wait() {
    let (end, trace) = run_main_with_limits(limits(|l| l.max_polls = 2_000), async {
        loop {
            pollscope_executor::sleep(1).await;
        }
    });
    assert_eq!(end, RunEnd::Limit(LimitKind::Polls));
    assert_eq!(lints(&trace), Vec::<String>::new());
}

#[test]
fn a_few_self_wakes_before_the_limit_are_not_called_a_busy_wait() {
    let (end, trace) = run_main_with_limits(
        limits(|l| l.max_polls = 999),
        CountPolls { polls: Rc::new(Cell::new(0)), ready_after: u32::MAX },
    );
    assert_eq!(end, RunEnd::Limit(LimitKind::Polls));
    assert_eq!(lints(&trace), Vec::<String>::new());
}
