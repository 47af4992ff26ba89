//! A stand-in for the `futures` crate: `pollscope trace --native` links it as `futures`, so a
//! program using its single-threaded combinators compiles unchanged and polls as the
//! interpreter does: `join!` (every unfinished branch each poll, in order),
//! `future::join_all` (the same, over a collection), `future::{ready, pending, poll_fn}`,
//! `FutureExt::{boxed, boxed_local, fuse}` with `future::{BoxFuture, LocalBoxFuture, Fuse,
//! FusedFuture}`, `select!`/`select_biased!` (both in order: futures' `select!` starts at a
//! random branch) and `pin_mut!`; streams: `Stream`, `stream::{iter, once, repeat, unfold,
//! BoxStream, LocalBoxStream}` and `StreamExt::{next, map, then, filter, filter_map, take, skip,
//! enumerate, collect, for_each, fold, boxed, boxed_local}` (`pollscope_executor::stream`).
//! The rest of the crate (`FuturesUnordered`, channels, `executor::block_on`) is not there.

use std::future::Future;
use std::pin::Pin;

pub use pollscope_tokio_macros::futures_join as join;
pub use pollscope_tokio_macros::{futures_select as select, futures_select as select_biased};

/// `futures::pin_mut!(a, b)`: each local moved into a new one and shadowed by a
/// `Pin<&mut _>` to it, so it can never move again.
#[macro_export]
macro_rules! pin_mut {
    ($($x:ident),* $(,)?) => { $(
        let mut $x = $x;
        #[allow(unused_mut)]
        let mut $x = unsafe { ::core::pin::Pin::new_unchecked(&mut $x) };
    )* }
}

pub mod future {
    use super::*;

    pub use pollscope_executor::combinators::{Fuse, JoinAll};
    pub use std::future::{Pending, PollFn, pending, poll_fn};

    /// `futures::future::ready(v)`: ready at once with `v` - and, unlike std's, a fused future
    /// (`select!` can borrow it by path and skip it once it has given its value).
    pub fn ready<T>(value: T) -> Ready<T> {
        Ready(Some(value))
    }

    /// The future of [`ready`].
    #[derive(Debug, Clone)]
    pub struct Ready<T>(Option<T>);

    impl<T> Unpin for Ready<T> {}

    impl<T> Future for Ready<T> {
        type Output = T;

        fn poll(mut self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<T> {
            std::task::Poll::Ready(self.0.take().expect("Ready polled after completion"))
        }
    }

    impl<T> FusedFuture for Ready<T> {
        fn is_terminated(&self) -> bool {
            self.0.is_none()
        }
    }

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

    /// A future that knows when it has completed, so `select!` skips it after.
    pub trait FusedFuture: Future {
        fn is_terminated(&self) -> bool;
    }

    impl<F: Future> FusedFuture for Fuse<F> {
        fn is_terminated(&self) -> bool {
            Fuse::is_terminated(self)
        }
    }

    impl<F: FusedFuture + ?Sized + Unpin> FusedFuture for &mut F {
        fn is_terminated(&self) -> bool {
            F::is_terminated(&**self)
        }
    }

    impl<F: FusedFuture + ?Sized + Unpin> FusedFuture for Box<F> {
        fn is_terminated(&self) -> bool {
            F::is_terminated(&**self)
        }
    }

    impl<P> FusedFuture for Pin<P>
    where
        P: std::ops::DerefMut + Unpin,
        P::Target: FusedFuture,
    {
        fn is_terminated(&self) -> bool {
            P::Target::is_terminated(&**self)
        }
    }

    impl<T> FusedFuture for Pending<T> {
        fn is_terminated(&self) -> bool {
            false
        }
    }
}

/// `futures::FutureExt`'s boxing and fusing.
pub trait FutureExt: Future {
    /// `Pin::new(self).poll(cx)`, for an `Unpin` future.
    fn poll_unpin(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output>
    where
        Self: Unpin,
    {
        Pin::new(self).poll(cx)
    }

    /// A future that, once completed, is terminated: polled again it gives `Pending`.
    fn fuse(self) -> future::Fuse<Self>
    where
        Self: Sized,
    {
        future::Fuse::new(self)
    }

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

pub mod stream {
    pub use pollscope_executor::stream::{
        Collect, Enumerate, Filter, FilterMap, Fold, ForEach, Iter, Map, Next, Once, Repeat, Skip, Stream, StreamExt,
        Take, Then, Unfold, iter, once, repeat, unfold,
    };

    /// A boxed stream (`Send`, as futures-rs's).
    pub type BoxStream<'a, T> = std::pin::Pin<Box<dyn Stream<Item = T> + Send + 'a>>;
    /// A boxed stream.
    pub type LocalBoxStream<'a, T> = std::pin::Pin<Box<dyn Stream<Item = T> + 'a>>;
}

pub use stream::{Stream, StreamExt};

pub mod prelude {
    pub use super::FutureExt;
    pub use super::future::FusedFuture;
    pub use super::stream::{Stream, StreamExt};
    pub use std::future::Future;
}

/// What the macros expand to.
#[doc(hidden)]
pub mod __private {
    pub use pollscope_executor::combinators::{MaybeDone, Rotation};
    pub use std::future::poll_fn;
    pub use std::pin::Pin;
    pub use std::task::{Context, Poll, Waker};

    /// A future `select!` borrows by path must be fused...
    pub fn assert_fused_future<F: crate::future::FusedFuture + ?Sized>(_: &F) {}
    /// ... and `Unpin` (`pin_mut!` it, or `Box::pin` it).
    pub fn assert_unpin<T: Unpin + ?Sized>(_: &T) {}
}
