//! Polling a runtime future again after it returned `Ready` is a bug in the caller. The
//! executor records it: a `JoinHandle` (whose output is gone) then panics, which the executor
//! records like any panic; `Sleep` and `YieldNow` are simply `Ready` again.

mod common;

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use common::{assert_in_order, assert_trace, kinds, run_main};
use pollscope_executor::{EventKind, MainEnd, RunEnd, TaskId, join, sleep, spawn, yield_now};

/// A buggy combinator: once its child is ready, it polls the child once more and records
/// whether that second poll was ready too.
struct PollsTwice<F> {
    child: F,
    second: Rc<Cell<Option<bool>>>,
}

impl<F: Future + Unpin> Future for PollsTwice<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        match Pin::new(&mut self.child).poll(cx) {
            Poll::Ready(value) => {
                let again = Pin::new(&mut self.child).poll(cx);
                self.second.set(Some(again.is_ready()));
                Poll::Ready(value)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

async fn answer() -> u32 {
    42
}

fn after_ready(trace: &pollscope_executor::Trace) -> Vec<EventKind> {
    kinds(trace, |k| matches!(k, EventKind::PollAfterReady { .. }))
}

#[test]
fn polling_a_join_handle_after_ready_is_recorded_and_panics_in_the_caller() {
    let second = Rc::new(Cell::new(None));
    let (end, trace) = run_main({
        let second = Rc::clone(&second);
        async move { PollsTwice { child: spawn(answer()), second }.await }
    });
    // The panic unwound out of the second poll: the executor caught it, no crash.
    assert_eq!(end, RunEnd::Done(MainEnd::Panicked));
    assert_eq!(second.get(), None);
    assert_eq!(after_ready(&trace), [EventKind::PollAfterReady { task: Some(TaskId(1)), future: "JoinHandle".into() }]);
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms spawn #2 answer by #1",
            "0ms clone waker #1 (1 alive)",
            "0ms pending #1",
            "0ms poll #2",
            "0ms wake #1 by #2",
            "0ms ready #2 42",
            "0ms poll #1",
            "0ms poll after ready #1 JoinHandle",
            "0ms panic #1 \"`JoinHandle` polled after completion\"",
            "0ms done main panicked, 2 tasks, 3 polls",
        ],
    );
}

#[test]
fn polling_a_sleep_after_ready_is_recorded_and_ready_again() {
    let second = Rc::new(Cell::new(None));
    let (end, trace) = run_main({
        let second = Rc::clone(&second);
        async move { PollsTwice { child: sleep(10), second }.await }
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(second.get(), Some(true));
    assert_eq!(after_ready(&trace), [EventKind::PollAfterReady { task: Some(TaskId(1)), future: "Sleep".into() }]);
    // No second timer: the finished sleep just says Ready.
    assert_in_order(&trace, &["10ms poll #1", "10ms poll after ready #1 Sleep", "10ms ready #1 ()"]);
    assert_eq!(kinds(&trace, |k| matches!(k, EventKind::TimerSet { .. })).len(), 1);
}

#[test]
fn polling_yield_now_after_ready_is_recorded_and_ready_again() {
    let second = Rc::new(Cell::new(None));
    let (end, trace) = run_main({
        let second = Rc::clone(&second);
        async move { PollsTwice { child: yield_now(), second }.await }
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(second.get(), Some(true));
    // The extra poll does not yield again: main is polled twice in all, not three times.
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms wake_by_ref #1 by #1",
            "0ms pending #1",
            "0ms poll #1",
            "0ms poll after ready #1 YieldNow",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 2 polls",
        ],
    );
}

#[test]
fn polling_a_join_after_ready_is_recorded_and_panics_in_the_caller() {
    let second = Rc::new(Cell::new(None));
    let (end, trace) = run_main({
        let second = Rc::clone(&second);
        async move { PollsTwice { child: join(answer(), answer()), second }.await }
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Panicked));
    assert_in_order(&trace, &["0ms poll after ready #1 Join", "0ms panic #1 \"`Join` polled after completion\""]);
}
