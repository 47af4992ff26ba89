//! Streams, as the futures crate has them: the [`Stream`] trait (`poll_next`), its sources
//! ([`iter`], [`once`], [`repeat`], [`unfold`]) and the `StreamExt` adaptors and consumers a
//! single-threaded program meets, each polling as futures-util's does (the same loops, in the
//! same order), written once for both runs: the native stand-in for the futures crate
//! (`crates/pollscope-futures`) uses them over typed values, the interpreter over its own.
//!
//! The adaptors box the stream and the futures they hold, so every one of them is `Unpin`
//! and none needs pin projection.

use std::future::Future;
use std::ops::DerefMut;
use std::pin::Pin;
use std::task::{Context, Poll};

/// `futures::Stream`: a source of values over time; `poll_next` gives `Ready(Some(item))`,
/// `Ready(None)` once it has ended, or `Pending` (having arranged a wake).
pub trait Stream {
    type Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>>;

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

impl<S: Stream + Unpin + ?Sized> Stream for &mut S {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        S::poll_next(Pin::new(&mut **self), cx)
    }
}

impl<S: Stream + Unpin + ?Sized> Stream for Box<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        S::poll_next(Pin::new(&mut **self), cx)
    }
}

impl<P> Stream for Pin<P>
where
    P: DerefMut + Unpin,
    P::Target: Stream,
{
    type Item = <P::Target as Stream>::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().as_mut().poll_next(cx)
    }
}

/// `Debug` that names the type (its futures and closures have no text).
macro_rules! opaque_debug {
    ($($name:ident<$($p:ident),*> $(where $bound:ident: Stream)?),* $(,)?) => {$(
        impl<$($p),*> std::fmt::Debug for $name<$($p),*> $(where $bound: Stream)? {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($name))
            }
        }
    )*};
}

opaque_debug!(
    Once<F>,
    Unfold<T, F, Fut>,
    Map<S, F>,
    Then<S, F, Fut>,
    Filter<S, F, Fut> where S: Stream,
    FilterMap<S, F, Fut>,
    Take<S>,
    Skip<S>,
    Enumerate<S>,
    Collect<S, C>,
    ForEach<S, F, Fut>,
    Fold<S, F, Fut, T>,
);

/// The item of a [`Poll`], or return `Pending` (futures' `ready!`).
macro_rules! ready {
    ($e:expr) => {
        match $e {
            Poll::Ready(v) => v,
            Poll::Pending => return Poll::Pending,
        }
    };
}

/// `stream::iter(items)`: each item at once.
#[derive(Debug)]
pub struct Iter<I> {
    iter: I,
}

impl<I> Unpin for Iter<I> {}

pub fn iter<I: IntoIterator>(items: I) -> Iter<I::IntoIter> {
    Iter { iter: items.into_iter() }
}

impl<I: Iterator> Stream for Iter<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.iter.next())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

/// `stream::repeat(item)`: clones of it, for ever.
#[derive(Debug)]
pub struct Repeat<T> {
    item: T,
}

impl<T> Unpin for Repeat<T> {}

pub fn repeat<T: Clone>(item: T) -> Repeat<T> {
    Repeat { item }
}

impl<T: Clone> Stream for Repeat<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(Some(self.item.clone()))
    }
}

/// `stream::once(fut)`: the future's output, then the end.
pub struct Once<F> {
    future: Option<Pin<Box<F>>>,
}

pub fn once<F: Future>(future: F) -> Once<F> {
    Once { future: Some(Box::pin(future)) }
}

impl<F: Future> Stream for Once<F> {
    type Item = F::Output;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let Some(f) = self.future.as_mut() else { return Poll::Ready(None) };
        let v = ready!(f.as_mut().poll(cx));
        self.future = None;
        Poll::Ready(Some(v))
    }
}

/// `stream::unfold(state, f)`: `f(state)` gives a future of `Some((item, next state))`, or
/// `None` to end.
pub struct Unfold<T, F, Fut> {
    state: Option<T>,
    f: F,
    future: Option<Pin<Box<Fut>>>,
}

impl<T, F, Fut> Unpin for Unfold<T, F, Fut> {}

pub fn unfold<T, F, Fut, Item>(state: T, f: F) -> Unfold<T, F, Fut>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = Option<(Item, T)>>,
{
    Unfold { state: Some(state), f, future: None }
}

impl<T, F, Fut, Item> Stream for Unfold<T, F, Fut>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = Option<(Item, T)>>,
{
    type Item = Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        let this = &mut *self;
        if let Some(state) = this.state.take() {
            this.future = Some(Box::pin((this.f)(state)));
        }
        let future = this.future.as_mut().expect("Unfold must not be polled after it returned `Poll::Ready(None)`");
        let step = ready!(future.as_mut().poll(cx));
        this.future = None;
        match step {
            Some((item, next)) => {
                this.state = Some(next);
                Poll::Ready(Some(item))
            }
            None => Poll::Ready(None),
        }
    }
}

/// `s.next()`: the stream's next item (one `poll_next` per poll).
#[derive(Debug)]
pub struct Next<'a, S: ?Sized> {
    stream: &'a mut S,
}

impl<S: Stream + Unpin + ?Sized> Future for Next<'_, S> {
    type Output = Option<S::Item>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        Pin::new(&mut *self.stream).poll_next(cx)
    }
}

/// `s.map(f)`.
pub struct Map<S, F> {
    stream: Pin<Box<S>>,
    f: F,
}

impl<S, F> Unpin for Map<S, F> {}

impl<S: Stream, T, F: FnMut(S::Item) -> T> Stream for Map<S, F> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = &mut *self;
        let item = ready!(this.stream.as_mut().poll_next(cx));
        Poll::Ready(item.map(&mut this.f))
    }
}

/// `s.then(f)`: `f(item)` is a future; its output is the item.
pub struct Then<S, F, Fut> {
    stream: Pin<Box<S>>,
    f: F,
    future: Option<Pin<Box<Fut>>>,
}

impl<S, F, Fut> Unpin for Then<S, F, Fut> {}

impl<S: Stream, F: FnMut(S::Item) -> Fut, Fut: Future> Stream for Then<S, F, Fut> {
    type Item = Fut::Output;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Fut::Output>> {
        let this = &mut *self;
        Poll::Ready(loop {
            if let Some(future) = this.future.as_mut() {
                let item = ready!(future.as_mut().poll(cx));
                this.future = None;
                break Some(item);
            } else if let Some(item) = ready!(this.stream.as_mut().poll_next(cx)) {
                this.future = Some(Box::pin((this.f)(item)));
            } else {
                break None;
            }
        })
    }
}

/// `s.filter(f)` (futures': `f(&item)` is a future of a `bool`).
pub struct Filter<S: Stream, F, Fut> {
    stream: Pin<Box<S>>,
    f: F,
    future: Option<Pin<Box<Fut>>>,
    item: Option<S::Item>,
}

impl<S: Stream, F, Fut> Unpin for Filter<S, F, Fut> {}

impl<S: Stream, F: FnMut(&S::Item) -> Fut, Fut: Future<Output = bool>> Stream for Filter<S, F, Fut> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let this = &mut *self;
        Poll::Ready(loop {
            if let Some(future) = this.future.as_mut() {
                let keep = ready!(future.as_mut().poll(cx));
                this.future = None;
                if keep {
                    break this.item.take();
                }
                this.item = None;
            } else if let Some(item) = ready!(this.stream.as_mut().poll_next(cx)) {
                this.future = Some(Box::pin((this.f)(&item)));
                this.item = Some(item);
            } else {
                break None;
            }
        })
    }
}

/// `s.filter_map(f)` (futures': `f(item)` is a future of an `Option`).
pub struct FilterMap<S, F, Fut> {
    stream: Pin<Box<S>>,
    f: F,
    future: Option<Pin<Box<Fut>>>,
}

impl<S, F, Fut> Unpin for FilterMap<S, F, Fut> {}

impl<S: Stream, T, F: FnMut(S::Item) -> Fut, Fut: Future<Output = Option<T>>> Stream for FilterMap<S, F, Fut> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = &mut *self;
        Poll::Ready(loop {
            if let Some(future) = this.future.as_mut() {
                let item = ready!(future.as_mut().poll(cx));
                this.future = None;
                if item.is_some() {
                    break item;
                }
            } else if let Some(item) = ready!(this.stream.as_mut().poll_next(cx)) {
                this.future = Some(Box::pin((this.f)(item)));
            } else {
                break None;
            }
        })
    }
}

/// `s.take(n)`.
pub struct Take<S> {
    stream: Pin<Box<S>>,
    remaining: usize,
}

impl<S> Unpin for Take<S> {}

impl<S: Stream> Stream for Take<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let next = ready!(self.stream.as_mut().poll_next(cx));
        if next.is_some() {
            self.remaining -= 1;
        } else {
            self.remaining = 0;
        }
        Poll::Ready(next)
    }
}

/// `s.skip(n)`.
pub struct Skip<S> {
    stream: Pin<Box<S>>,
    remaining: usize,
}

impl<S> Unpin for Skip<S> {}

impl<S: Stream> Stream for Skip<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        while self.remaining > 0 {
            if ready!(self.stream.as_mut().poll_next(cx)).is_some() {
                self.remaining -= 1;
            } else {
                return Poll::Ready(None);
            }
        }
        self.stream.as_mut().poll_next(cx)
    }
}

/// `s.enumerate()`.
pub struct Enumerate<S> {
    stream: Pin<Box<S>>,
    count: usize,
}

impl<S> Unpin for Enumerate<S> {}

impl<S: Stream> Stream for Enumerate<S> {
    type Item = (usize, S::Item);

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<(usize, S::Item)>> {
        match ready!(self.stream.as_mut().poll_next(cx)) {
            Some(item) => {
                let n = self.count;
                self.count += 1;
                Poll::Ready(Some((n, item)))
            }
            None => Poll::Ready(None),
        }
    }
}

/// `s.collect::<C>()`: every item, once the stream has ended.
pub struct Collect<S, C> {
    stream: Pin<Box<S>>,
    items: C,
}

impl<S, C> Unpin for Collect<S, C> {}

impl<S: Stream, C: Default + Extend<S::Item>> Future for Collect<S, C> {
    type Output = C;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C> {
        loop {
            match ready!(self.stream.as_mut().poll_next(cx)) {
                Some(item) => self.items.extend(Some(item)),
                None => return Poll::Ready(std::mem::take(&mut self.items)),
            }
        }
    }
}

/// `s.for_each(f)`: `f(item)` is a future, awaited before the next item.
pub struct ForEach<S, F, Fut> {
    stream: Pin<Box<S>>,
    f: F,
    future: Option<Pin<Box<Fut>>>,
}

impl<S, F, Fut> Unpin for ForEach<S, F, Fut> {}

impl<S: Stream, F: FnMut(S::Item) -> Fut, Fut: Future<Output = ()>> Future for ForEach<S, F, Fut> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        loop {
            if let Some(future) = this.future.as_mut() {
                ready!(future.as_mut().poll(cx));
                this.future = None;
            } else if let Some(item) = ready!(this.stream.as_mut().poll_next(cx)) {
                this.future = Some(Box::pin((this.f)(item)));
            } else {
                return Poll::Ready(());
            }
        }
    }
}

/// `s.fold(init, f)`: `f(acc, item)` is a future of the next `acc`.
pub struct Fold<S, F, Fut, T> {
    stream: Pin<Box<S>>,
    f: F,
    acc: Option<T>,
    future: Option<Pin<Box<Fut>>>,
}

impl<S, F, Fut, T> Unpin for Fold<S, F, Fut, T> {}

impl<S: Stream, T, F: FnMut(T, S::Item) -> Fut, Fut: Future<Output = T>> Future for Fold<S, F, Fut, T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = &mut *self;
        loop {
            if let Some(future) = this.future.as_mut() {
                let acc = ready!(future.as_mut().poll(cx));
                this.future = None;
                this.acc = Some(acc);
            }
            let item = ready!(this.stream.as_mut().poll_next(cx));
            let acc = this.acc.take().expect("Fold polled after completion");
            match item {
                Some(item) => this.future = Some(Box::pin((this.f)(acc, item))),
                None => return Poll::Ready(acc),
            }
        }
    }
}

/// The adaptors and consumers (`futures::StreamExt`).
pub trait StreamExt: Stream {
    fn next(&mut self) -> Next<'_, Self>
    where
        Self: Unpin,
    {
        Next { stream: self }
    }

    fn map<T, F: FnMut(Self::Item) -> T>(self, f: F) -> Map<Self, F>
    where
        Self: Sized,
    {
        Map { stream: Box::pin(self), f }
    }

    fn then<Fut: Future, F: FnMut(Self::Item) -> Fut>(self, f: F) -> Then<Self, F, Fut>
    where
        Self: Sized,
    {
        Then { stream: Box::pin(self), f, future: None }
    }

    fn filter<Fut: Future<Output = bool>, F: FnMut(&Self::Item) -> Fut>(self, f: F) -> Filter<Self, F, Fut>
    where
        Self: Sized,
    {
        Filter { stream: Box::pin(self), f, future: None, item: None }
    }

    fn filter_map<T, Fut: Future<Output = Option<T>>, F: FnMut(Self::Item) -> Fut>(
        self,
        f: F,
    ) -> FilterMap<Self, F, Fut>
    where
        Self: Sized,
    {
        FilterMap { stream: Box::pin(self), f, future: None }
    }

    fn take(self, n: usize) -> Take<Self>
    where
        Self: Sized,
    {
        Take { stream: Box::pin(self), remaining: n }
    }

    fn skip(self, n: usize) -> Skip<Self>
    where
        Self: Sized,
    {
        Skip { stream: Box::pin(self), remaining: n }
    }

    fn enumerate(self) -> Enumerate<Self>
    where
        Self: Sized,
    {
        Enumerate { stream: Box::pin(self), count: 0 }
    }

    fn collect<C: Default + Extend<Self::Item>>(self) -> Collect<Self, C>
    where
        Self: Sized,
    {
        Collect { stream: Box::pin(self), items: C::default() }
    }

    fn for_each<Fut: Future<Output = ()>, F: FnMut(Self::Item) -> Fut>(self, f: F) -> ForEach<Self, F, Fut>
    where
        Self: Sized,
    {
        ForEach { stream: Box::pin(self), f, future: None }
    }

    fn fold<T, Fut: Future<Output = T>, F: FnMut(T, Self::Item) -> Fut>(self, init: T, f: F) -> Fold<Self, F, Fut, T>
    where
        Self: Sized,
    {
        Fold { stream: Box::pin(self), f, acc: Some(init), future: None }
    }

    fn boxed<'a>(self) -> Pin<Box<dyn Stream<Item = Self::Item> + Send + 'a>>
    where
        Self: Sized + Send + 'a,
    {
        Box::pin(self)
    }

    fn boxed_local<'a>(self) -> Pin<Box<dyn Stream<Item = Self::Item> + 'a>>
    where
        Self: Sized + 'a,
    {
        Box::pin(self)
    }
}

impl<S: Stream + ?Sized> StreamExt for S {}
