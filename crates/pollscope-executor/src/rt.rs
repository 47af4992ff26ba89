//! The runtime functions a program calls from inside its tasks: `sleep`, `yield_now`, `join`,
//! `print`. They find their executor through the thread's current poll.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::context::{unwind_if_halted, with_current};
use crate::core::TimerEntry;
use crate::trace::{EventKind, TaskId, TimerId};

/// Records `kind` on the executor whose task is being polled; does nothing outside a poll.
pub(crate) fn record(kind: EventKind) {
    with_current(|current| {
        if let Some(inner) = current {
            inner.shared.lock().record(kind);
        }
    });
}

/// The task being polled on this thread, if any.
pub(crate) fn current_task() -> Option<TaskId> {
    with_current(|current| current.and_then(|inner| inner.shared.lock().current))
}

/// The virtual time of the executor whose task is being polled.
fn now() -> Option<u64> {
    with_current(|current| current.map(|inner| inner.shared.lock().now))
}

/// Writes program output. Inside a task it becomes `print` events, one per line, attributed to
/// the task that completes the line; outside any task it goes to stdout.
pub fn print(text: &str) {
    with_current(|current| match current {
        Some(inner) => {
            let halted = {
                let mut core = inner.shared.lock();
                core.write_output(text);
                core.halted.is_some()
            };
            crate::context::unwind_if(halted, &inner.shared);
        }
        None => std::print!("{text}"),
    });
}

/// A future that completes after `time` of virtual time: milliseconds (`sleep(10)`) or a
/// [`std::time::Duration`] (`sleep(Duration::from_millis(10))`).
///
/// Like tokio's `sleep`, the deadline is fixed when `sleep` is called (when called outside a
/// task, at its first poll). At its first poll it registers a timer unless the deadline has
/// passed; the timer's waker is a clone of the polling task's waker.
pub fn sleep(time: impl SleepTime) -> Sleep {
    let ms = time.millis();
    Sleep { ms, deadline: now().map(|now| now + ms), timer: None, done: false }
}

impl Sleep {
    /// A sleep until `deadline` (`remaining` from now): `tokio::time::sleep_until`.
    pub(crate) fn until(remaining: std::time::Duration, deadline: Instant) -> Sleep {
        Sleep {
            ms: duration_millis(remaining),
            deadline: Some(duration_millis(deadline.since_start())),
            timer: None,
            done: false,
        }
    }
}

/// What [`sleep`] takes: milliseconds, or a `Duration`.
pub trait SleepTime {
    /// The whole milliseconds to sleep.
    fn millis(self) -> u64;
}

impl SleepTime for u64 {
    fn millis(self) -> u64 {
        self
    }
}

impl SleepTime for std::time::Duration {
    /// The virtual clock counts milliseconds: a part of one rounds up (as tokio's timer wheel
    /// rounds a deadline up to its next millisecond), so a nonzero sleep never ends at once.
    fn millis(self) -> u64 {
        duration_millis(self)
    }
}

/// A `Duration` in the virtual clock's milliseconds, rounded up; the one rule both runs use.
pub fn duration_millis(d: std::time::Duration) -> u64 {
    let ms = d.as_nanos().div_ceil(1_000_000);
    u64::try_from(ms).unwrap_or(u64::MAX)
}

/// The future returned by [`sleep`].
pub struct Sleep {
    ms: u64,
    deadline: Option<u64>,
    /// The timer's id and its key in the executor's timers.
    timer: Option<(TimerId, u32)>,
    done: bool,
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleep").field("ms", &self.ms).field("deadline", &self.deadline).finish()
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            record(EventKind::PollAfterReady { task: current_task(), future: "Sleep".into() });
            return Poll::Ready(());
        }
        let Some(inner) = with_current(|c| c.cloned()) else {
            panic!("`Sleep` must be polled by a task running on a pollscope executor");
        };
        let now = inner.shared.lock().now;
        let deadline = now + self.ms;
        let deadline = *self.deadline.get_or_insert(deadline);
        if now >= deadline {
            // The timer, if any, fired: that is the only way the clock gets past a deadline.
            self.timer = None;
            self.done = true;
            return Poll::Ready(());
        }
        match self.timer {
            None => {
                let waker = cx.waker().clone();
                let timer = inner.shared.lock().add_timer(deadline, waker);
                self.timer = Some(timer);
                unwind_if_halted(&inner.shared);
            }
            Some((_, seq)) => {
                // Polled again before the deadline (by a combinator, say): keep the waker of
                // whoever polls now, as a `Future` must.
                let stale = {
                    let core = inner.shared.lock();
                    core.timers
                        .get(&(deadline, seq))
                        .is_some_and(|e| matches!(e, TimerEntry::Sleep { waker, .. } if !waker.will_wake(cx.waker())))
                };
                if stale {
                    let waker = cx.waker().clone();
                    let old = match inner.shared.lock().timers.get_mut(&(deadline, seq)) {
                        Some(TimerEntry::Sleep { waker: slot, .. }) => Some(std::mem::replace(slot, waker)),
                        _ => None,
                    };
                    drop(old);
                }
            }
        }
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        let (Some((_, seq)), Some(deadline)) = (self.timer, self.deadline) else { return };
        let waker = with_current(|c| c.and_then(|inner| inner.shared.lock().cancel_timer(deadline, seq)));
        drop(waker);
    }
}

/// A future that is `Pending` once, waking its own task first, then `Ready`: the task goes to
/// the back of the run queue so that the others get a turn.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false, done: false }
}

/// The future returned by [`yield_now`].
#[derive(Debug)]
pub struct YieldNow {
    yielded: bool,
    done: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            record(EventKind::PollAfterReady { task: current_task(), future: "YieldNow".into() });
            return Poll::Ready(());
        }
        if self.yielded {
            self.done = true;
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Polls `a` and then `b` in one task until both are ready; their outputs, as a pair.
///
/// Each poll of the `Join` polls every child that is not finished yet, `a` first.
pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join { a: Child::Running(Box::pin(a)), b: Child::Running(Box::pin(b)), done: false }
}

/// One side of a [`Join`]. Children are boxed so `Join` is `Unpin` without unsafe projection;
/// the allocation is not visible in the trace.
enum Child<F: Future> {
    Running(Pin<Box<F>>),
    Ready(F::Output),
    Taken,
}

impl<F: Future> Child<F> {
    /// Polls a running child; `true` when its output is available.
    fn poll(&mut self, cx: &mut Context<'_>) -> bool {
        if let Child::Running(future) = self
            && let Poll::Ready(value) = future.as_mut().poll(cx)
        {
            *self = Child::Ready(value);
        }
        matches!(self, Child::Ready(_))
    }

    fn take(&mut self) -> F::Output {
        match std::mem::replace(self, Child::Taken) {
            Child::Ready(value) => value,
            _ => unreachable!("taken only once both children are ready"),
        }
    }
}

/// The future returned by [`join`].
pub struct Join<A: Future, B: Future> {
    a: Child<A>,
    b: Child<B>,
    done: bool,
}

// `Join` never pins its outputs and its children are pinned in their own boxes, so moving a
// `Join` moves nothing that is pinned.
impl<A: Future, B: Future> Unpin for Join<A, B> {}

impl<A: Future, B: Future> fmt::Debug for Join<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Join").field("done", &self.done).finish_non_exhaustive()
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.done {
            record(EventKind::PollAfterReady { task: current_task(), future: "Join".into() });
            crate::unwind::raise("`Join` polled after completion".to_string());
            return Poll::Pending;
        }
        let this = &mut *self;
        let a_ready = this.a.poll(cx);
        // A panic raised without unwinding in `a` ends this poll, as unwinding would have.
        if crate::unwind::panic_pending() {
            return Poll::Pending;
        }
        let b_ready = this.b.poll(cx);
        if a_ready && b_ready {
            this.done = true;
            Poll::Ready((this.a.take(), this.b.take()))
        } else {
            Poll::Pending
        }
    }
}

/// A moment of the virtual clock: what `std::time::Instant` (and `tokio::time::Instant`) is in
/// a Pollscope program, so that `start.elapsed()` is the virtual time that passed, the same
/// in every run. It prints as std's does on Linux, counted from the start of the run.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(std::time::Duration);

impl Instant {
    /// The virtual time now (the start of the run outside a task).
    pub fn now() -> Instant {
        Instant(std::time::Duration::from_millis(now().unwrap_or(0)))
    }

    /// The virtual time since the start of the run.
    pub fn since_start(self) -> std::time::Duration {
        self.0
    }

    /// An instant at `d` after the start of the run.
    pub fn from_start(d: std::time::Duration) -> Instant {
        Instant(d)
    }

    pub fn elapsed(&self) -> std::time::Duration {
        Instant::now().duration_since(*self)
    }

    /// Zero if `earlier` is later, as std's.
    pub fn duration_since(&self, earlier: Instant) -> std::time::Duration {
        self.0.saturating_sub(earlier.0)
    }

    pub fn saturating_duration_since(&self, earlier: Instant) -> std::time::Duration {
        self.duration_since(earlier)
    }

    pub fn checked_duration_since(&self, earlier: Instant) -> Option<std::time::Duration> {
        self.0.checked_sub(earlier.0)
    }

    pub fn checked_add(&self, d: std::time::Duration) -> Option<Instant> {
        self.0.checked_add(d).map(Instant)
    }

    pub fn checked_sub(&self, d: std::time::Duration) -> Option<Instant> {
        self.0.checked_sub(d).map(Instant)
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instant").field("tv_sec", &self.0.as_secs()).field("tv_nsec", &self.0.subsec_nanos()).finish()
    }
}

impl std::ops::Add<std::time::Duration> for Instant {
    type Output = Instant;
    fn add(self, d: std::time::Duration) -> Instant {
        self.checked_add(d).expect("overflow when adding duration to instant")
    }
}

impl std::ops::AddAssign<std::time::Duration> for Instant {
    fn add_assign(&mut self, d: std::time::Duration) {
        *self = *self + d;
    }
}

impl std::ops::Sub<std::time::Duration> for Instant {
    type Output = Instant;
    fn sub(self, d: std::time::Duration) -> Instant {
        self.checked_sub(d).expect("overflow when subtracting duration from instant")
    }
}

impl std::ops::SubAssign<std::time::Duration> for Instant {
    fn sub_assign(&mut self, d: std::time::Duration) {
        *self = *self - d;
    }
}

impl std::ops::Sub<Instant> for Instant {
    type Output = std::time::Duration;
    fn sub(self, earlier: Instant) -> std::time::Duration {
        self.duration_since(earlier)
    }
}
