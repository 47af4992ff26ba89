//! A stand-in for tokio: `pollscope trace --native` links it as `tokio`, so that a program
//! written for tokio compiles unchanged and runs on the Pollscope executor, under virtual time
//! (what tokio calls a paused clock: `#[tokio::main(start_paused = true)]`), exactly as the
//! interpreter runs it. Its parts are the executor's (`pollscope_executor::{sync, combinators}`),
//! shaped like tokio's API.
//!
//! What it has: `#[tokio::main]`, `spawn` (a `JoinHandle` whose output is a `Result`),
//! `task::{spawn, yield_now}`, `time::{sleep, sleep_until, timeout, interval, Instant,
//! Duration}`, `join!`, `select!`, `sync::{mpsc, oneshot}`. Anything else of tokio's is not
//! there (a compile error natively, a diagnostic in the interpreter).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use pollscope_tokio_macros::{join, main, select, test};

/// `tokio::pin!(a, b)`: each local moved into a new one and shadowed by a `Pin<&mut _>` to it;
/// `tokio::pin! { let x = expr; }` declares and pins at once (as tokio's).
#[macro_export]
macro_rules! pin {
    ($($x:ident),* $(,)?) => { $(
        let mut $x = $x;
        #[allow(unused_mut)]
        let mut $x = unsafe { ::core::pin::Pin::new_unchecked(&mut $x) };
    )* };
    ($(let $x:ident = $init:expr;)*) => { $(
        let $x = $init;
        $crate::pin!($x);
    )* };
}

/// Starts a task on the executor; its handle's output is `Ok(output)`. Unlike tokio's, the
/// output must be `Debug`: the trace shows it.
pub fn spawn<F>(future: F) -> task::JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: fmt::Debug + 'static,
{
    task::spawn(future)
}

pub mod task {
    use super::*;

    pub use pollscope_executor::yield_now;

    /// `tokio::task::JoinError`. Pollscope's tasks never end with one: a panic in a task
    /// panics its awaiter (as the prelude's `spawn` does), and there is no `abort`.
    pub struct JoinError(());

    impl fmt::Debug for JoinError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JoinError::Cancelled")
        }
    }

    impl fmt::Display for JoinError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("task was cancelled")
        }
    }

    impl std::error::Error for JoinError {}

    /// A spawned task's handle: a future of `Ok(output)`.
    #[derive(Debug)]
    pub struct JoinHandle<T>(pollscope_executor::JoinHandle<T>);

    impl<T> Future for JoinHandle<T> {
        type Output = Result<T, JoinError>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            Pin::new(&mut self.0).poll(cx).map(Ok)
        }
    }

    pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: fmt::Debug + 'static,
    {
        JoinHandle(pollscope_executor::spawn(future))
    }
}

pub mod time {
    pub use pollscope_executor::Instant;
    pub use pollscope_executor::Sleep;
    pub use pollscope_executor::combinators::{Interval, Timeout, interval, sleep_until, timeout};
    pub use std::time::Duration;

    /// Completes after `duration` of virtual time.
    pub fn sleep(duration: Duration) -> Sleep {
        pollscope_executor::sleep(duration)
    }

    pub mod error {
        pub use pollscope_executor::combinators::Elapsed;
    }
}

pub mod sync {
    pub use pollscope_executor::sync::mutex::{Mutex, MutexGuard, TryLockError};
    pub use pollscope_executor::sync::notify::Notify;
    pub use pollscope_executor::sync::{mpsc, oneshot};
}

/// What the macros expand to.
#[doc(hidden)]
pub mod __private {
    pub use pollscope_executor::combinators::{MaybeDone, Rotation};
    pub use std::future::poll_fn;
    pub use std::pin::Pin;
    pub use std::task::Poll;
}
