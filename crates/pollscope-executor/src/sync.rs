//! Channels for tasks of one executor, shaped like tokio's (`tokio::sync::{mpsc, oneshot}`):
//! the native stand-in for tokio and the interpreter both use these, so a program that uses
//! tokio's channels makes the same polls and wakes in both runs, and prints what real tokio
//! prints (the semantics are tokio's: a bounded channel's `send` waits for a permit, permits
//! go to waiting senders first come first served, a receiver sees `None` once every sender is
//! gone and the buffer is empty).
//!
//! One thread only: the state is shared with `Rc<RefCell<..>>`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Stores `cx`'s waker in `slot` unless the one there already wakes the same task (as tokio's
/// `AtomicWaker::register` does).
fn wake(waker: Option<Waker>) {
    if let Some(w) = waker {
        w.wake();
    }
}

fn register(slot: &mut Option<Waker>, cx: &Context<'_>) {
    match slot {
        Some(w) if w.will_wake(cx.waker()) => {}
        _ => *slot = Some(cx.waker().clone()),
    }
}

pub mod mpsc {
    use super::*;

    /// `tokio::sync::mpsc::error`.
    pub mod error {
        pub use super::{SendError, TryRecvError};
    }

    /// `tokio::sync::mpsc::error::SendError`: the value that could not be sent.
    pub struct SendError<T>(pub T);

    impl<T> fmt::Debug for SendError<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("SendError { .. }")
        }
    }

    impl<T> fmt::Display for SendError<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("channel closed")
        }
    }

    impl<T> std::error::Error for SendError<T> {}

    /// A sender waiting for a permit of a bounded channel.
    struct Waiter {
        waker: RefCell<Option<Waker>>,
        granted: Cell<bool>,
    }

    struct Chan<T> {
        queue: VecDeque<T>,
        rx_waker: Option<Waker>,
        senders: usize,
        rx_alive: bool,
        /// Free permits of a bounded channel (`None`: unbounded).
        permits: Option<usize>,
        waiters: VecDeque<Rc<Waiter>>,
    }

    impl<T> Chan<T> {
        /// Buffers a value; the receiver's waker, to wake once the channel is released (a
        /// waker may run the program's `wake`, which must find the channel free).
        #[must_use]
        fn push(&mut self, value: T) -> Option<Waker> {
            self.queue.push_back(value);
            self.rx_waker.take()
        }

        /// A permit comes back (a value was received): to the first waiting sender, if any,
        /// whose waker is returned to be woken.
        #[must_use]
        fn release(&mut self) -> Option<Waker> {
            let permits = self.permits.as_mut()?;
            match self.waiters.pop_front() {
                Some(waiter) => {
                    waiter.granted.set(true);
                    waiter.waker.borrow_mut().take()
                }
                None => {
                    *permits += 1;
                    None
                }
            }
        }
    }

    type Shared<T> = Rc<RefCell<Chan<T>>>;

    fn new_chan<T>(permits: Option<usize>) -> (Shared<T>, Shared<T>) {
        let chan = Rc::new(RefCell::new(Chan {
            queue: VecDeque::new(),
            rx_waker: None,
            senders: 1,
            rx_alive: true,
            permits,
            waiters: VecDeque::new(),
        }));
        (chan.clone(), chan)
    }

    /// A bounded channel of `capacity` values (`tokio::sync::mpsc::channel`).
    pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
        assert!(capacity > 0, "mpsc bounded channel requires buffer > 0");
        let (a, b) = new_chan(Some(capacity));
        (Sender { chan: a }, Receiver { chan: b })
    }

    /// An unbounded channel (`tokio::sync::mpsc::unbounded_channel`).
    pub fn unbounded_channel<T>() -> (UnboundedSender<T>, UnboundedReceiver<T>) {
        let (a, b) = new_chan(None);
        (UnboundedSender { chan: a }, UnboundedReceiver(Receiver { chan: b }))
    }

    pub struct Sender<T> {
        chan: Shared<T>,
    }

    impl<T> fmt::Debug for Sender<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Sender { .. }")
        }
    }

    impl<T> Clone for Sender<T> {
        fn clone(&self) -> Sender<T> {
            self.chan.borrow_mut().senders += 1;
            Sender { chan: self.chan.clone() }
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            let waker = {
                let mut chan = self.chan.borrow_mut();
                chan.senders -= 1;
                if chan.senders == 0 { chan.rx_waker.take() } else { None }
            };
            if let Some(w) = waker {
                w.wake();
            }
        }
    }

    impl<T> Sender<T> {
        /// Waits for a permit, then sends; `Err` if the receiver is gone.
        pub fn send(&self, value: T) -> Send<T> {
            Send { chan: self.chan.clone(), value: Some(value), waiter: None }
        }

        pub fn is_closed(&self) -> bool {
            !self.chan.borrow().rx_alive
        }
    }

    /// The future of [`Sender::send`].
    pub struct Send<T> {
        chan: Shared<T>,
        value: Option<T>,
        waiter: Option<Rc<Waiter>>,
    }

    impl<T> Unpin for Send<T> {}

    impl<T> fmt::Debug for Send<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Send")
        }
    }

    impl<T> fmt::Debug for Recv<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Recv")
        }
    }

    impl<T> Future for Send<T> {
        type Output = Result<(), SendError<T>>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let this = &mut *self;
            let mut chan = this.chan.borrow_mut();
            let Some(value) = this.value.take() else { panic!("`Send` polled after completion") };
            if !chan.rx_alive {
                return Poll::Ready(Err(SendError(value)));
            }
            let granted = match &this.waiter {
                Some(w) => w.granted.get(),
                None => {
                    let free = chan.permits.is_none_or(|p| p > 0) && chan.waiters.is_empty();
                    if free && let Some(p) = &mut chan.permits {
                        *p -= 1;
                    }
                    free
                }
            };
            if granted {
                this.waiter = None;
                let waker = chan.push(value);
                drop(chan);
                wake(waker);
                return Poll::Ready(Ok(()));
            }
            this.value = Some(value);
            let waiter = match &this.waiter {
                Some(w) => w.clone(),
                None => {
                    let w = Rc::new(Waiter { waker: RefCell::new(None), granted: Cell::new(false) });
                    chan.waiters.push_back(w.clone());
                    this.waiter = Some(w.clone());
                    w
                }
            };
            register(&mut waiter.waker.borrow_mut(), cx);
            Poll::Pending
        }
    }

    impl<T> Drop for Send<T> {
        fn drop(&mut self) {
            let Some(waiter) = self.waiter.take() else { return };
            let mut chan = self.chan.borrow_mut();
            if waiter.granted.get() {
                // A permit given to a send that is dropped goes to the next.
                let waker = chan.release();
                drop(chan);
                wake(waker);
            } else {
                chan.waiters.retain(|w| !Rc::ptr_eq(w, &waiter));
            }
        }
    }

    pub struct Receiver<T> {
        chan: Shared<T>,
    }

    impl<T> fmt::Debug for Receiver<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Receiver { .. }")
        }
    }

    impl<T> Drop for Receiver<T> {
        fn drop(&mut self) {
            let (values, waiters) = {
                let mut chan = self.chan.borrow_mut();
                chan.rx_alive = false;
                (std::mem::take(&mut chan.queue), std::mem::take(&mut chan.waiters))
            };
            drop(values);
            for w in waiters {
                let waker = w.waker.borrow_mut().take();
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
        }
    }

    impl<T> Receiver<T> {
        /// The next value; `None` once every sender is gone and the buffer is empty.
        pub fn recv(&mut self) -> Recv<T> {
            Recv { chan: self.chan.clone() }
        }

        /// A value if one is buffered now.
        pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
            let mut chan = self.chan.borrow_mut();
            match chan.queue.pop_front() {
                Some(v) => {
                    let waker = chan.release();
                    drop(chan);
                    wake(waker);
                    Ok(v)
                }
                None if chan.senders == 0 => Err(TryRecvError::Disconnected),
                None => Err(TryRecvError::Empty),
            }
        }

        /// Closes the channel: sends fail from now on; buffered values can still be received.
        pub fn close(&mut self) {
            self.chan.borrow_mut().rx_alive = false;
        }
    }

    /// `tokio::sync::mpsc::error::TryRecvError`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TryRecvError {
        Empty,
        Disconnected,
    }

    /// The future of [`Receiver::recv`].
    pub struct Recv<T> {
        chan: Shared<T>,
    }

    impl<T> Future for Recv<T> {
        type Output = Option<T>;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            let mut chan = self.chan.borrow_mut();
            if let Some(v) = chan.queue.pop_front() {
                let waker = chan.release();
                drop(chan);
                wake(waker);
                return Poll::Ready(Some(v));
            }
            if chan.senders == 0 {
                return Poll::Ready(None);
            }
            register(&mut chan.rx_waker, cx);
            Poll::Pending
        }
    }

    pub struct UnboundedSender<T> {
        chan: Shared<T>,
    }

    impl<T> fmt::Debug for UnboundedSender<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("UnboundedSender { .. }")
        }
    }

    impl<T> Clone for UnboundedSender<T> {
        fn clone(&self) -> UnboundedSender<T> {
            self.chan.borrow_mut().senders += 1;
            UnboundedSender { chan: self.chan.clone() }
        }
    }

    impl<T> Drop for UnboundedSender<T> {
        fn drop(&mut self) {
            drop(Sender { chan: self.chan.clone() });
        }
    }

    impl<T> UnboundedSender<T> {
        /// Sends at once; `Err` if the receiver is gone.
        pub fn send(&self, value: T) -> Result<(), SendError<T>> {
            let mut chan = self.chan.borrow_mut();
            if !chan.rx_alive {
                return Err(SendError(value));
            }
            let waker = chan.push(value);
            drop(chan);
            wake(waker);
            Ok(())
        }

        pub fn is_closed(&self) -> bool {
            !self.chan.borrow().rx_alive
        }
    }

    /// The receiver of an unbounded channel (the same as a bounded one's).
    #[derive(Debug)]
    pub struct UnboundedReceiver<T>(Receiver<T>);

    impl<T> UnboundedReceiver<T> {
        pub fn recv(&mut self) -> Recv<T> {
            self.0.recv()
        }

        pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
            self.0.try_recv()
        }

        pub fn close(&mut self) {
            self.0.close();
        }
    }
}

pub mod oneshot {
    use super::*;

    /// `tokio::sync::oneshot::error`.
    pub mod error {
        pub use super::RecvError;
    }

    /// `tokio::sync::oneshot::error::RecvError`: the sender was dropped without sending.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RecvError(pub(crate) ());

    impl fmt::Display for RecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("channel closed")
        }
    }

    impl std::error::Error for RecvError {}

    struct Inner<T> {
        value: Option<T>,
        rx_waker: Option<Waker>,
        tx_alive: bool,
        rx_alive: bool,
    }

    /// A channel for one value (`tokio::sync::oneshot::channel`).
    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        let inner = Rc::new(RefCell::new(Inner { value: None, rx_waker: None, tx_alive: true, rx_alive: true }));
        (Sender { inner: Some(inner.clone()) }, Receiver { inner })
    }

    pub struct Sender<T> {
        inner: Option<Rc<RefCell<Inner<T>>>>,
    }

    impl<T> fmt::Debug for Sender<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Sender { .. }")
        }
    }

    impl<T> Sender<T> {
        /// Sends the value; gives it back if the receiver is gone.
        pub fn send(mut self, value: T) -> Result<(), T> {
            let inner = self.inner.take().expect("a sender sends once");
            let waker = {
                let mut inner = inner.borrow_mut();
                inner.tx_alive = false;
                if !inner.rx_alive {
                    return Err(value);
                }
                inner.value = Some(value);
                inner.rx_waker.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
            Ok(())
        }

        pub fn is_closed(&self) -> bool {
            self.inner.as_ref().is_none_or(|i| !i.borrow().rx_alive)
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            let Some(inner) = self.inner.take() else { return };
            let waker = {
                let mut inner = inner.borrow_mut();
                inner.tx_alive = false;
                inner.rx_waker.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
        }
    }

    /// The receiving half: a future of the value.
    pub struct Receiver<T> {
        inner: Rc<RefCell<Inner<T>>>,
    }

    impl<T> fmt::Debug for Receiver<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Receiver { .. }")
        }
    }

    impl<T> Drop for Receiver<T> {
        fn drop(&mut self) {
            let value = {
                let mut inner = self.inner.borrow_mut();
                inner.rx_alive = false;
                inner.value.take()
            };
            drop(value);
        }
    }

    impl<T> Future for Receiver<T> {
        type Output = Result<T, RecvError>;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let mut inner = self.inner.borrow_mut();
            if let Some(v) = inner.value.take() {
                return Poll::Ready(Ok(v));
            }
            if !inner.tx_alive {
                return Poll::Ready(Err(RecvError(())));
            }
            register(&mut inner.rx_waker, cx);
            Poll::Pending
        }
    }
}
