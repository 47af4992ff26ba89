//! Helpers shared by the executor's integration tests: running a program, reading its trace,
//! and a few hand-written futures that hold on to their waker.
//!
//! Each file under `tests/` is its own crate and uses only some of these.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use pollscope_executor::{EventKind, Executor, Limits, RunEnd, TaskId, Trace};

/// Runs `main` as task `#1` on a fresh executor with the default limits.
pub fn run_main<F>(main: F) -> (RunEnd, Trace)
where
    F: Future + 'static,
    F::Output: Debug + 'static,
{
    run_main_with_limits(Limits::default(), main)
}

/// Runs `main` as task `#1` on a fresh executor with `limits`.
pub fn run_main_with_limits<F>(limits: Limits, main: F) -> (RunEnd, Trace)
where
    F: Future + 'static,
    F::Output: Debug + 'static,
{
    let executor = Executor::with_limits(limits);
    executor.spawn("main", main);
    let end = executor.run();
    (end, executor.trace())
}

/// The trace text, one string per event.
pub fn lines(trace: &Trace) -> Vec<String> {
    trace.timed().map(|(time, e)| format!("{time}ms {}", e.kind)).collect()
}

/// Asserts that `expected` lines occur in the trace in this order (other lines may come
/// between them). Prints the whole trace when they do not.
pub fn assert_in_order(trace: &Trace, expected: &[&str]) {
    let all = lines(trace);
    let mut from = 0;
    for want in expected {
        match all[from..].iter().position(|line| line == want) {
            Some(i) => from += i + 1,
            None => panic!("expected line {want:?} (in this order) after line {from} of the trace:\n{trace}"),
        }
    }
}

/// Asserts that the trace is exactly `expected`, line by line.
pub fn assert_trace(trace: &Trace, expected: &[&str]) {
    let all = lines(trace);
    assert_eq!(all, expected, "whole trace:\n{trace}");
}

/// The kinds of the events that match `pred`, in order.
pub fn kinds(trace: &Trace, pred: impl Fn(&EventKind) -> bool) -> Vec<EventKind> {
    trace.events.iter().map(|e| &e.kind).filter(|k| pred(k)).cloned().collect()
}

/// How many events match `pred`.
pub fn count(trace: &Trace, pred: impl Fn(&EventKind) -> bool) -> usize {
    trace.events.iter().filter(|e| pred(&e.kind)).count()
}

/// How many times task `#n` was polled.
pub fn polls_of(trace: &Trace, n: u32) -> usize {
    count(trace, |k| matches!(k, EventKind::Poll { task } if *task == TaskId(n)))
}

/// The ids of the polled tasks, in poll order.
pub fn poll_order(trace: &Trace) -> Vec<u32> {
    trace
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Poll { task } => Some(task.0),
            _ => None,
        })
        .collect()
}

/// The printed lines, in order.
pub fn output(trace: &Trace) -> Vec<String> {
    trace.output().map(str::to_string).collect()
}

/// A place to leave a waker for someone else to call, shared by `Rc`.
#[derive(Clone, Default)]
pub struct WakerSlot(Rc<RefCell<Option<Waker>>>);

impl WakerSlot {
    pub fn new() -> WakerSlot {
        WakerSlot::default()
    }

    /// Stores a clone of `waker`, dropping the one stored before (if any).
    pub fn store(&self, waker: &Waker) {
        let old = self.0.borrow_mut().replace(waker.clone());
        drop(old);
    }

    /// Takes the stored waker out, if any.
    pub fn take(&self) -> Option<Waker> {
        self.0.borrow_mut().take()
    }

    pub fn is_filled(&self) -> bool {
        self.0.borrow().is_some()
    }
}

/// A one-shot signal: `WaitFor` is `Pending` until `set`, leaving its waker in the slot each time
/// it is polled before that. Whoever sets the flag is expected to wake the slot's waker.
#[derive(Clone, Default)]
pub struct Signal {
    pub flag: Rc<Cell<bool>>,
    pub slot: WakerSlot,
}

impl Signal {
    pub fn new() -> Signal {
        Signal::default()
    }

    /// Sets the flag and wakes the waiting task by value (`Waker::wake`), if one is waiting.
    pub fn set_and_wake(&self) {
        self.flag.set(true);
        if let Some(waker) = self.slot.take() {
            waker.wake();
        }
    }

    pub fn wait(&self) -> WaitFor {
        WaitFor { signal: self.clone() }
    }
}

/// The future returned by [`Signal::wait`].
pub struct WaitFor {
    signal: Signal,
}

impl Future for WaitFor {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.signal.flag.get() {
            Poll::Ready(())
        } else {
            self.signal.slot.store(cx.waker());
            Poll::Pending
        }
    }
}

/// A future that counts its polls in a shared cell and is `Pending` (waking itself) until it has
/// been polled `ready_after` times.
pub struct CountPolls {
    pub polls: Rc<Cell<u32>>,
    pub ready_after: u32,
}

impl Future for CountPolls {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls.set(self.polls.get() + 1);
        if self.polls.get() >= self.ready_after {
            Poll::Ready(self.polls.get())
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
