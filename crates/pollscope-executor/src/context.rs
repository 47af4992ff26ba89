//! The executor a poll runs in: the thread's current executor, halting a run from inside a
//! poll, and recording detail events (future-level polls, state machines, lints).
//!
//! Runtime futures (`sleep`, `spawn`, host promises), wakers and the interpreter reach their
//! executor only through this module, never through the run loop in `executor.rs`.
//!
//! # Future-level detail events
//!
//! A task's poll descends through nested futures. Code that polls a future it can name (the
//! interpreter, for every future of a program) reports each poll with [`future_enter`] and
//! [`future_exit`]; the executor keeps the stack of futures being polled, so each `enter`
//! records who polled it (the task, or the future on top of the stack), and a waker cloned,
//! woken or dropped during the poll is attributed to the innermost future. When the task's poll
//! ends, whatever is still on the stack (a panic unwound through it) is closed as `panicked`.
//!
//! ```text
//! poll #1
//!   enter f1 main by #1
//!     enter f2 Countdown by f1
//!     exit f2 pending at 9:9
//!   exit f1 pending at 14:36
//! pending #1
//! ```

use std::cell::Cell;
use std::marker::PhantomData;
use std::panic;
use std::rc::Rc;
use std::sync::Arc;

use crate::core::Shared;
use crate::executor::Inner;
use crate::trace::{
    EventKind, FutureEnter, FutureExit, FutureId, FutureKind, FutureNew, LimitKind, PollResult, TaskId,
};

thread_local! {
    /// The executor whose task is being polled on this thread, if any: a pointer to the
    /// `Rc` that the innermost live [`PollGuard`] borrows (null when none). A plain pointer in a
    /// `Cell`, not an `Rc`: no count to take and give back, and no destructor, so reading the
    /// thread-local checks nothing.
    static CURRENT: Cell<*const Rc<Inner>> = const { Cell::new(std::ptr::null()) };
    /// Whether that executor records events: lets code skip preparing detail events without
    /// taking the executor's lock (a poll of an untraced run pays one thread-local read).
    static DETAILS: Cell<bool> = const { Cell::new(false) };
}

/// Marks this thread as inside a poll of `inner`'s task until dropped (restores the previous
/// value, so a run nested inside a poll works). It borrows `inner` for as long as it lives:
/// that is what keeps [`CURRENT`]'s pointer valid.
pub(crate) struct PollGuard<'a> {
    previous: *const Rc<Inner>,
    previous_details: bool,
    _inner: PhantomData<&'a Rc<Inner>>,
}

impl<'a> PollGuard<'a> {
    pub(crate) fn enter(inner: &'a Rc<Inner>) -> PollGuard<'a> {
        let tracing = inner.tracing.get();
        let previous = CURRENT.with(|c| c.replace(inner));
        let previous_details = DETAILS.with(|d| d.replace(tracing));
        PollGuard { previous, previous_details, _inner: PhantomData }
    }
}

impl Drop for PollGuard<'_> {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.previous));
        DETAILS.with(|d| d.set(self.previous_details));
    }
}

/// Runs `f` with the executor whose task is being polled on this thread, if any.
pub(crate) fn with_current<R>(f: impl FnOnce(Option<&Rc<Inner>>) -> R) -> R {
    let current = CURRENT.with(Cell::get);
    // SAFETY: a non-null pointer was set by a `PollGuard` that is still alive, and so still
    // borrows the `Rc` it points to: guards are dropped in the reverse order of their making
    // (each lives in a stack frame, and restores the pointer it replaced), and this call runs
    // on this thread inside the one that set it. The reference does not outlive `f`.
    f(unsafe { current.as_ref() })
}

/// The panic payload used to unwind out of a poll that reached a limit, so that a runaway
/// `poll` (printing or spawning in a loop) stops instead of hanging.
pub(crate) struct LimitReached;

/// Unwinds out of the current poll if `shared`'s run reached a limit and this thread is polling
/// one of its tasks. Elsewhere (between polls, another thread) it returns: the run loop sees
/// the halt after the poll.
pub(crate) fn unwind_if_halted(shared: &Arc<Shared>) {
    let halted = shared.lock().halted.is_some();
    unwind_if(halted, shared);
}

/// [`unwind_if_halted`] for a caller that has just read `halted` under the lock it held anyway
/// (a wake, a print): the common path takes no second lock.
pub(crate) fn unwind_if(halted: bool, shared: &Shared) {
    // Without unwinding (wasm builds use `panic = "abort"`) the poll returns normally; code
    // that can loop (the interpreter) checks `is_halted` itself.
    if !cfg!(panic = "unwind") || !halted {
        return;
    }
    if with_current(|c| c.is_some_and(|inner| std::ptr::eq(Arc::as_ptr(&inner.shared), shared))) {
        panic::resume_unwind(Box::new(LimitReached));
    }
}

/// Whether the run whose task is being polled on this thread is over or halted by a limit:
/// user code that can run for long (the interpreter) stops at once when it is.
pub fn is_halted() -> bool {
    with_current(|c| {
        c.is_some_and(|inner| {
            let core = inner.shared.lock();
            core.halted.is_some() || core.closed
        })
    })
}

/// Ends the run whose task is being polled with a limit reached at a source position
/// (`limit fuel 1000000 at 3:9`). The interpreter reports its own limits this way.
pub fn halt(limit: LimitKind, value: u64, at: Option<(u32, u32)>) {
    with_current(|c| {
        if let Some(inner) = c {
            inner.shared.lock().halt_with(limit, EventKind::Limit { limit, value, at });
        }
    });
}

/// About the bytes the running executor's trace occupies (0 outside a run): what the
/// interpreter leaves out when it measures a program's memory against its heap limit, the
/// trace being bounded by the event limit instead.
pub fn trace_bytes() -> usize {
    with_current(|c| c.map_or(0, |inner| inner.shared.lock().trace_bytes()))
}

/// Whether detail events are wanted now (a task is being polled, tracing is on, the run goes
/// on): the interpreter skips preparing them otherwise.
///
/// One thread-local read: the flag is set while a task of a tracing executor is polled. After
/// a halt it stays set, but recording does nothing then (`Core::record`), so at worst a detail
/// is prepared in vain.
pub fn details_wanted() -> bool {
    DETAILS.with(Cell::get)
}

/// Records a detail event for the task being polled (see [`crate::FutureState`]).
pub fn record_detail(mut state: crate::FutureState) {
    with_current(|c| {
        if let Some(inner) = c {
            let mut core = inner.shared.lock();
            state.task = core.current;
            core.record(EventKind::FutureState(Box::new(state)));
        }
    });
}

/// Records a lint (a detail event) for the task being polled.
pub fn record_lint(message: String) {
    with_current(|c| {
        if let Some(inner) = c {
            let mut core = inner.shared.lock();
            let task = core.current;
            core.record(EventKind::Lint { task, message: message.into() });
        }
    });
}

/// The task being polled on this thread, if any.
pub fn current_task() -> Option<TaskId> {
    with_current(|c| c.and_then(|inner| inner.shared.lock().current))
}

/// Ends the run whose task is being polled with an interpreter error.
pub fn halt_error(message: String, at: Option<(u32, u32)>) {
    with_current(|c| {
        if let Some(inner) = c {
            // An error is not a limit, but it ends the run the same way.
            inner.shared.lock().halt_with(LimitKind::Fuel, EventKind::Error { message: message.into(), at });
        }
    });
}

/// Gives a new future an id and records its creation by the future being polled now. Returns
/// `FutureId(0)` (no id) when no detail events are recorded, so untraced runs pay nothing more
/// than a thread-local read.
pub fn future_new(name: &str, kind: FutureKind, def: Option<u32>) -> FutureId {
    if !details_wanted() {
        return FutureId(0);
    }
    with_current(|c| match c {
        Some(inner) => {
            let mut core = inner.shared.lock();
            core.next_future += 1;
            let future = FutureId(core.next_future);
            let by = core.poll_stack.last().copied();
            core.record(EventKind::FutureNew(Box::new(FutureNew { future, name: name.into(), kind, by, def })));
            future
        }
        None => FutureId(0),
    })
}

/// Says that the next future entered is polled with a `Context` the program made itself (a
/// hand-written executor's `Context::from_waker`), for the future view.
pub fn own_context_next() {
    if !details_wanted() {
        return;
    }
    with_current(|c| {
        if let Some(inner) = c {
            inner.shared.lock().own_context_next = true;
        }
    });
}

/// Records that `future`'s `poll` is called, at virtual address `addr`, by the future being
/// polled now (or by the task); it is the innermost future being polled until its
/// [`future_exit`].
pub fn future_enter(future: FutureId, name: &str, addr: Option<u64>) {
    if future.0 == 0 || !details_wanted() {
        return;
    }
    with_current(|c| {
        if let Some(inner) = c {
            let mut core = inner.shared.lock();
            let by = match (core.poll_stack.last(), core.current) {
                (Some(&parent), _) => Some(crate::trace::PolledBy::Future(parent)),
                (None, Some(task)) => Some(crate::trace::PolledBy::Task(task)),
                (None, None) => None,
            };
            if let Some(by) = by {
                core.poll_stack.push(future);
                // Before the enter, so that the future tree shows it as the poll goes down.
                if std::mem::take(&mut core.own_context_next) {
                    core.record(EventKind::OwnContext { future });
                }
                core.record(EventKind::FutureEnter(Box::new(FutureEnter { future, name: name.into(), by, addr })));
            }
        }
    });
}

/// Records that `future`'s `poll` returned `result`; `at` is the source span (line, column,
/// end line, end column) of the code that returned it.
pub fn future_exit(future: FutureId, result: PollResult, at: Option<(u32, u32, u32, u32)>) {
    if future.0 == 0 || !DETAILS.with(Cell::get) {
        return;
    }
    // A `Pending` on the way up from a panic raised without unwinding (see `unwind`): with
    // unwinding this exit would not happen, and the future would be closed as panicked by the
    // exit below it that catches the panic. Leave it to that exit here too, so that both
    // builds record the same details.
    if result == PollResult::Pending && crate::unwind::panic_pending() {
        return;
    }
    with_current(|c| {
        if let Some(inner) = c {
            let mut core = inner.shared.lock();
            let Some(depth) = core.poll_stack.iter().rposition(|&f| f == future) else { return };
            // Futures above it were unwound through without reporting (a panic): close them.
            while core.poll_stack.len() > depth + 1 {
                let inner_future = core.poll_stack.pop().expect("above depth");
                core.record(EventKind::FutureExit(Box::new(FutureExit {
                    future: inner_future,
                    result: PollResult::Panicked,
                    at: None,
                })));
            }
            core.poll_stack.pop();
            core.record(EventKind::FutureExit(Box::new(FutureExit { future, result, at })));
        }
    });
}

/// Records that a future was dropped (completed or not).
pub fn future_drop(future: FutureId) {
    if future.0 == 0 || !DETAILS.with(Cell::get) {
        return;
    }
    with_current(|c| {
        if let Some(inner) = c {
            inner.shared.lock().record(EventKind::FutureDrop { future });
        }
    });
}

/// Records the wakers `future` keeps after its poll (nothing if it keeps none).
pub fn wakers_held(future: FutureId, held: Vec<(TaskId, String)>) {
    if future.0 == 0 || held.is_empty() || !DETAILS.with(Cell::get) {
        return;
    }
    with_current(|c| {
        if let Some(inner) = c {
            let held = held.into_iter().map(|(task, at)| (task, at.into())).collect();
            inner.shared.lock().record(EventKind::WakersHeld { future, held });
        }
    });
}

/// Records that `spawn` moved `future` into the new task `task`.
pub fn future_spawned(future: FutureId, task: TaskId) {
    if future.0 == 0 || !DETAILS.with(Cell::get) {
        return;
    }
    with_current(|c| {
        if let Some(inner) = c {
            inner.shared.lock().record(EventKind::FutureSpawn { future, task });
        }
    });
}

/// The task being polled on this thread and the innermost future being polled in it.
pub fn polling() -> (Option<TaskId>, Option<FutureId>) {
    with_current(|c| match c {
        Some(inner) => {
            let core = inner.shared.lock();
            (core.current, core.poll_stack.last().copied())
        }
        None => (None, None),
    })
}
