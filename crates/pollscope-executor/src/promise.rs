//! Host promises: futures that the host (JavaScript, in the browser) settles, simulated in
//! virtual time.
//!
//! `promise(ms, value)` is a promise the host resolves `ms` milliseconds after it was created;
//! `user_promise(label)` is one the learner settles (Resolve or Reject in the browser's live
//! mode; in a virtual-time run it resolves after [`USER_DEFAULT_MS`]). Like a JavaScript
//! promise, it settles whether or not anyone awaits it; awaiting it stores the task's waker,
//! which the settlement wakes (`wake #1 by promise p1`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::context::with_current;
use crate::text::Text;
use crate::trace::{EventKind, PromiseId};

/// When a user's promise settles in a run without a user (virtual time, tests, the CLI).
pub const USER_DEFAULT_MS: u64 = 1_000;

/// A promise that the host resolves with `value` after `ms` milliseconds.
///
/// # Panics
/// When called outside a task of a pollscope executor.
pub fn promise<T>(ms: u64, value: T) -> HostPromise<T> {
    HostPromise {
        id: create(ms, None),
        value: Some(value),
        output: |value, _| value.expect("resolved once"),
        done: false,
    }
}

/// A promise that the learner settles: resolves to `true` (Resolve) or `false` (Reject). In a
/// virtual-time run it resolves after [`USER_DEFAULT_MS`] milliseconds.
///
/// # Panics
/// When called outside a task of a pollscope executor.
pub fn user_promise(label: &str) -> HostPromise<bool> {
    HostPromise {
        id: create(USER_DEFAULT_MS, Some(label.to_string())),
        value: None,
        output: |_, resolved| resolved,
        done: false,
    }
}

fn create(ms: u64, label: Option<String>) -> PromiseId {
    with_current(|current| {
        let Some(inner) = current else {
            panic!("a host promise must be created by a task running on a pollscope executor");
        };
        let id = {
            let mut core = inner.shared.lock();
            let settle_at = core.now + ms;
            let id = core.add_promise(settle_at, true);
            core.record(EventKind::PromiseCreate { promise: id, label: label.as_deref().map(Text::new), settle_at });
            id
        };
        // A live run makes the real promise now.
        if let Some(hook) = &*inner.promise_hook.borrow() {
            hook(id, ms, label.as_deref());
        }
        id
    })
}

/// The future of a host promise (see [`promise`] and [`user_promise`]).
pub struct HostPromise<T> {
    id: PromiseId,
    /// The value it resolves with (`None` for a user's promise, which yields a `bool`).
    value: Option<T>,
    /// The output from the value and whether the promise was resolved.
    output: fn(Option<T>, bool) -> T,
    done: bool,
}

impl<T> fmt::Debug for HostPromise<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HostPromise({})", self.id)
    }
}

// No field is ever pinned.
impl<T> Unpin for HostPromise<T> {}

impl<T> HostPromise<T> {
    /// The promise's id, as the trace shows it.
    pub fn id(&self) -> PromiseId {
        self.id
    }

    fn poll_settled(&mut self, cx: &mut Context<'_>) -> Poll<(Option<T>, bool)> {
        if self.done {
            crate::rt::record(EventKind::PollAfterReady {
                task: crate::rt::current_task(),
                future: "HostPromise".into(),
            });
            crate::unwind::raise("`HostPromise` polled after completion".to_string());
            return Poll::Pending;
        }
        let Some(inner) = with_current(|c| c.cloned()) else {
            panic!("a host promise must be polled by a task running on a pollscope executor");
        };
        let (settled, stale) = {
            let mut core = inner.shared.lock();
            let entry = core.promise(self.id);
            (entry.settled, !entry.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())))
        };
        if let Some(resolved) = settled {
            self.done = true;
            return Poll::Ready((self.value.take(), resolved));
        }
        if stale {
            // Clone outside the lock: cloning records an event.
            let waker = cx.waker().clone();
            let old = inner.shared.lock().promise(self.id).waker.replace(waker);
            drop(old);
        }
        Poll::Pending
    }
}

impl<T> Future for HostPromise<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        this.poll_settled(cx).map(|(value, resolved)| (this.output)(value, resolved))
    }
}

impl<T> Drop for HostPromise<T> {
    /// Dropping the future keeps the promise (the host still settles it) but gives back the
    /// waker it stored.
    fn drop(&mut self) {
        let waker = with_current(|c| c.and_then(|inner| inner.shared.lock().promise(self.id).waker.take()));
        drop(waker);
    }
}
