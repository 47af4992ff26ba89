//! tokio's and the futures crate's combinators and time utilities, on this executor: what
//! `tokio::join!`, `tokio::select!`, `tokio::time::{timeout, interval, sleep_until}`,
//! `FutureExt::fuse` and `futures::select_biased!` do, written once and used by both the native
//! stand-ins (`crates/pollscope-tokio`, `crates/pollscope-futures`) and the interpreter, so that
//! both runs poll the same futures in the same order.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::rt::{Instant, Sleep, sleep};

/// `Debug` that names the type (its futures have no text).
macro_rules! opaque_debug {
    ($($name:ident),*) => {$(
        impl<F: Future> fmt::Debug for $name<F> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($name))
            }
        }
    )*};
}

opaque_debug!(MaybeDone, JoinAll, Select, Timeout, Fuse, FusedSelect);

impl fmt::Debug for Tick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tick")
    }
}

/// A future and then its output, as in tokio's `join!`: the future is dropped as soon as it
/// completes.
pub enum MaybeDone<F: Future> {
    Future(Pin<Box<F>>),
    Done(F::Output),
    Gone,
}

impl<F: Future> MaybeDone<F> {
    pub fn new(future: F) -> MaybeDone<F> {
        MaybeDone::Future(Box::pin(future))
    }

    /// Polls the future if it is not done yet; whether it is done now.
    pub fn poll_done(&mut self, cx: &mut Context<'_>) -> bool {
        if let MaybeDone::Future(f) = self {
            match f.as_mut().poll(cx) {
                Poll::Ready(v) => *self = MaybeDone::Done(v),
                Poll::Pending => return false,
            }
        }
        true
    }

    /// The output (once).
    pub fn take_output(&mut self) -> F::Output {
        match std::mem::replace(self, MaybeDone::Gone) {
            MaybeDone::Done(v) => v,
            _ => panic!("`MaybeDone` output taken before it was done, or twice"),
        }
    }
}

/// The order `tokio::join!` polls its branches in: each poll starts one branch further than
/// the last (for fairness), wrapping around.
#[derive(Debug, Default)]
pub struct Rotation {
    next_start: usize,
}

impl Rotation {
    /// The branches to poll this time, for `count` branches.
    pub fn order(&mut self, count: usize) -> impl Iterator<Item = usize> + use<> {
        let start = self.next_start;
        self.next_start = if start + 1 >= count { 0 } else { start + 1 };
        (start..count).chain(0..start)
    }
}

/// `tokio::join!` over futures of one output type (the interpreter's): polls every unfinished
/// branch in [`Rotation`] order; ready when all are, with their outputs in branch order.
pub fn join_all<T, F: Future<Output = T>>(futures: Vec<F>) -> JoinAll<F> {
    JoinAll {
        branches: futures.into_iter().map(MaybeDone::new).collect(),
        rotation: Some(Rotation::default()),
        reverse_drop: false,
    }
}

/// `futures::join!` and `futures::future::join_all`: every unfinished branch each poll, always
/// in order (futures-rs switches to polling only woken futures above 30 of them: Pollscope
/// does not).
pub fn join_all_in_order<T, F: Future<Output = T>>(futures: Vec<F>) -> JoinAll<F> {
    JoinAll { branches: futures.into_iter().map(MaybeDone::new).collect(), rotation: None, reverse_drop: false }
}

/// The future of [`join_all`].
pub struct JoinAll<F: Future> {
    branches: Vec<MaybeDone<F>>,
    /// tokio's order; `None`: in order.
    rotation: Option<Rotation>,
    /// Drop the unfinished branches last first, as the locals a `join!` macro expands to.
    reverse_drop: bool,
}

impl<F: Future> JoinAll<F> {
    /// Drops its branches last first when dropped unfinished: what the `join!` macros do
    /// natively (each branch is a local of the expansion); `join_all`'s `Vec` drops in order.
    pub fn dropping_like_locals(mut self) -> JoinAll<F> {
        self.reverse_drop = true;
        self
    }
}

impl<F: Future> Drop for JoinAll<F> {
    fn drop(&mut self) {
        if self.reverse_drop {
            while let Some(branch) = self.branches.pop() {
                drop(branch);
            }
        }
    }
}

impl<F: Future> Unpin for JoinAll<F> {}

impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<F::Output>> {
        let this = &mut *self;
        let mut pending = false;
        let n = this.branches.len();
        let order: Vec<usize> = match &mut this.rotation {
            Some(r) => r.order(n).collect(),
            None => (0..n).collect(),
        };
        for i in order {
            if !this.branches[i].poll_done(cx) {
                pending = true;
            }
        }
        if pending {
            return Poll::Pending;
        }
        Poll::Ready(this.branches.iter_mut().map(MaybeDone::take_output).collect())
    }
}

/// The branches of a `tokio::select!` over futures of one output type (the interpreter's):
/// [`next`](Select::next) polls the enabled branches in order and gives the first output with
/// its branch; the caller checks the branch's pattern and asks again if it does not match
/// (which goes on with the next branch in the same pass, as tokio's loop does). Dropping it
/// drops the remaining futures in branch order, as tokio's tuple of futures.
pub struct Select<F> {
    branches: Vec<Option<Pin<Box<F>>>>,
    /// Where the current pass goes on (after a branch whose pattern did not match).
    resume_at: usize,
}

impl<T, F: Future<Output = T>> Select<F> {
    /// The branches; `enabled[i]` false for a branch whose `if` precondition failed.
    pub fn new(futures: Vec<F>, enabled: &[bool]) -> Select<F> {
        let branches = futures
            .into_iter()
            .zip(enabled.iter().copied().chain(std::iter::repeat(true)))
            .map(|(f, on)| on.then(|| Box::pin(f)))
            .collect();
        Select { branches, resume_at: 0 }
    }

    /// Polls the enabled branches from where the pass is; `Ready(Some((i, output)))` for the
    /// first that completes (it is disabled from now on), `Ready(None)` once every branch is
    /// disabled (the `else` branch), `Pending` at the end of a pass without output.
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<(usize, T)>> {
        for i in self.resume_at..self.branches.len() {
            let Some(f) = &mut self.branches[i] else { continue };
            if let Poll::Ready(v) = f.as_mut().poll(cx) {
                self.branches[i] = None;
                self.resume_at = i + 1;
                return Poll::Ready(Some((i, v)));
            }
        }
        self.resume_at = 0;
        if self.branches.iter().all(Option::is_none) {
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}

impl<F> Drop for Select<F> {
    fn drop(&mut self) {
        for branch in self.branches.drain(..) {
            drop(branch);
        }
    }
}

/// `tokio::time::error::Elapsed`: a [`timeout`] ran out.
#[derive(Clone, PartialEq, Eq)]
pub struct Elapsed(());

impl fmt::Debug for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Elapsed(())")
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl std::error::Error for Elapsed {}

/// `tokio::time::timeout`: the future's output, or [`Elapsed`] if `duration` of virtual time
/// passes first. Like tokio's, each poll polls the future first, then the deadline.
pub fn timeout<F: Future>(duration: std::time::Duration, future: F) -> Timeout<F> {
    Timeout { future: Box::pin(future), delay: sleep(duration) }
}

/// The future of [`timeout`].
pub struct Timeout<F> {
    future: Pin<Box<F>>,
    delay: Sleep,
}

impl<F> Unpin for Timeout<F> {}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Poll::Ready(v) = this.future.as_mut().poll(cx) {
            return Poll::Ready(Ok(v));
        }
        match Pin::new(&mut this.delay).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed(()))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// `tokio::time::interval`: ticks at once, then every `period` (missed ticks burst, tokio's
/// default).
pub fn interval(period: std::time::Duration) -> Interval {
    assert!(!period.is_zero(), "`period` must be non-zero.");
    Interval { next: std::rc::Rc::new(std::cell::Cell::new(Instant::now())), period }
}

/// The ticker of [`interval`].
#[derive(Debug)]
pub struct Interval {
    next: std::rc::Rc<std::cell::Cell<Instant>>,
    period: std::time::Duration,
}

impl Interval {
    /// Completes at the next tick, with its instant.
    pub fn tick(&mut self) -> Tick {
        Tick { sleep: None, next: self.next.clone(), period: self.period }
    }

    pub fn period(&self) -> std::time::Duration {
        self.period
    }
}

/// The future of [`Interval::tick`].
pub struct Tick {
    sleep: Option<Sleep>,
    next: std::rc::Rc<std::cell::Cell<Instant>>,
    period: std::time::Duration,
}

impl Future for Tick {
    type Output = Instant;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Instant> {
        let this = &mut *self;
        let at = this.next.get();
        let sleep = this.sleep.get_or_insert_with(|| sleep_until(at));
        match Pin::new(sleep).poll(cx) {
            Poll::Ready(()) => {
                this.next.set(at + this.period);
                Poll::Ready(at)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// `tokio::time::sleep_until`: completes at `deadline` of virtual time.
pub fn sleep_until(deadline: Instant) -> Sleep {
    let now = Instant::now();
    Sleep::until(deadline.duration_since(now), deadline)
}

/// `futures::future::Fuse`: the future until it completes, then nothing - it is dropped at once,
/// and polling again gives `Pending` without polling anything. `is_terminated` says which, so
/// `futures::select!` can skip it.
pub struct Fuse<F> {
    inner: Option<F>,
}

impl<F> Fuse<F> {
    pub fn new(future: F) -> Fuse<F> {
        Fuse { inner: Some(future) }
    }

    /// `Fuse::terminated()`: one that has already completed.
    pub fn terminated() -> Fuse<F> {
        Fuse { inner: None }
    }

    pub fn is_terminated(&self) -> bool {
        self.inner.is_none()
    }
}

impl<F: Unpin> Unpin for Fuse<F> {}

impl<F: Future> Future for Fuse<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `inner` is pinned with `self` (structural pinning): it is never moved out,
        // only dropped in place when it is replaced by `None`.
        let this = unsafe { self.get_unchecked_mut() };
        let Some(future) = this.inner.as_mut() else { return Poll::Pending };
        // SAFETY: as above, `future` stays where it is until it is dropped.
        let future = unsafe { Pin::new_unchecked(future) };
        match future.poll(cx) {
            Poll::Ready(v) => {
                this.inner = None;
                Poll::Ready(v)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// What one poll of a [`FusedSelect`] found.
#[derive(Debug)]
pub enum Selected<T> {
    /// Branch `i` completed with this output.
    Branch(usize, T),
    /// Every branch had completed before (`complete =>`).
    Complete,
}

/// The interpreter's `futures::select_biased!`: branches of fused futures, some borrowed from
/// the program (shared cells that outlive the select), some owned (dropped with it, last
/// first, as the macro's `let` bindings are). Each poll polls the unterminated ones in order
/// until one is ready.
pub struct FusedSelect<F> {
    branches: Vec<std::rc::Rc<std::cell::RefCell<Fuse<F>>>>,
}

impl<T, F: Future<Output = T> + Unpin> FusedSelect<F> {
    pub fn new(branches: Vec<std::rc::Rc<std::cell::RefCell<Fuse<F>>>>) -> FusedSelect<F> {
        FusedSelect { branches }
    }

    /// How many branches.
    pub fn len(&self) -> usize {
        self.branches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.branches.is_empty()
    }

    pub fn poll_select(&self, cx: &mut Context<'_>) -> Poll<Selected<T>> {
        let mut any_polled = false;
        for (i, branch) in self.branches.iter().enumerate() {
            let mut fuse = branch.borrow_mut();
            if fuse.is_terminated() {
                continue;
            }
            match Pin::new(&mut *fuse).poll(cx) {
                Poll::Ready(v) => return Poll::Ready(Selected::Branch(i, v)),
                Poll::Pending => any_polled = true,
            }
        }
        if any_polled { Poll::Pending } else { Poll::Ready(Selected::Complete) }
    }
}

impl<F> Drop for FusedSelect<F> {
    fn drop(&mut self) {
        while let Some(branch) = self.branches.pop() {
            drop(branch);
        }
    }
}
