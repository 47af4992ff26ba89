//! A stand-in for the `futures` crate: `pollscope trace --native` links it as `futures`, so a
//! program using its single-threaded combinators compiles unchanged and polls as the
//! interpreter does: `join!` (every unfinished branch each poll, in order),
//! `future::join_all` (the same, over a collection), `future::{ready, pending, poll_fn}`, and
//! `FutureExt::{boxed, boxed_local}` with `future::{BoxFuture, LocalBoxFuture}`. The rest of
//! the crate (`select!`, streams, `executor::block_on`) is not there.

use std::future::Future;
use std::pin::Pin;

pub use pollscope_tokio_macros::futures_join as join;

pub mod future {
    use super::*;

    pub use pollscope_executor::combinators::JoinAll;
    pub use std::future::{Pending, PollFn, Ready, pending, poll_fn, ready};

    /// A boxed future (`Send`, as futures-rs's).
    pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
    /// A boxed future.
    pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

    /// Every future's output, in order, once all are ready.
    pub fn join_all<I>(futures: I) -> JoinAll<I::Item>
    where
        I: IntoIterator,
        I::Item: Future,
    {
        pollscope_executor::combinators::join_all_in_order(futures.into_iter().collect())
    }

    pub use super::FutureExt;
}

/// `futures::FutureExt`'s boxing.
pub trait FutureExt: Future {
    fn boxed<'a>(self) -> future::BoxFuture<'a, Self::Output>
    where
        Self: Sized + Send + 'a,
    {
        Box::pin(self)
    }

    fn boxed_local<'a>(self) -> future::LocalBoxFuture<'a, Self::Output>
    where
        Self: Sized + 'a,
    {
        Box::pin(self)
    }
}

impl<F: Future + ?Sized> FutureExt for F {}

pub mod prelude {
    pub use super::FutureExt;
    pub use std::future::Future;
}

/// What the macros expand to.
#[doc(hidden)]
pub mod __private {
    pub use pollscope_executor::combinators::{MaybeDone, Rotation};
    pub use std::future::poll_fn;
    pub use std::pin::Pin;
    pub use std::task::Poll;
}
