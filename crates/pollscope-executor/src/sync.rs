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

    struct Chan<T> {
        queue: VecDeque<T>,
        rx_waker: Option<Waker>,
        senders: usize,
        rx_alive: bool,
        /// A bounded channel's permits: a send takes one, a receive gives it back (`None`:
        /// unbounded).
        sem: Option<Rc<Semaphore>>,
    }

    impl<T> Chan<T> {
        /// Buffers a value; the receiver's waker, to wake once the channel is released (a
        /// waker may run the program's `wake`, which must find the channel free).
        #[must_use]
        fn push(&mut self, value: T) -> Option<Waker> {
            self.queue.push_back(value);
            self.rx_waker.take()
        }
    }

    type Shared<T> = Rc<RefCell<Chan<T>>>;

    fn new_chan<T>(permits: Option<usize>) -> (Shared<T>, Shared<T>) {
        let chan = Rc::new(RefCell::new(Chan {
            queue: VecDeque::new(),
            rx_waker: None,
            senders: 1,
            rx_alive: true,
            sem: permits.map(new_semaphore),
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
            let acquire = self.chan.borrow().sem.clone().map(|sem| Acquire { sem, waiter: None });
            Send { chan: self.chan.clone(), value: Some(value), acquire }
        }

        pub fn is_closed(&self) -> bool {
            !self.chan.borrow().rx_alive
        }
    }

    /// The future of [`Sender::send`].
    pub struct Send<T> {
        chan: Shared<T>,
        value: Option<T>,
        /// Waiting for a bounded channel's permit (which the buffered value then holds).
        acquire: Option<Acquire>,
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
            let Some(value) = this.value.take() else { panic!("`Send` polled after completion") };
            if !this.chan.borrow().rx_alive {
                return Poll::Ready(Err(SendError(value)));
            }
            if let Some(acquire) = &mut this.acquire
                && acquire.poll_acquire(cx).is_pending()
            {
                this.value = Some(value);
                return Poll::Pending;
            }
            let waker = this.chan.borrow_mut().push(value);
            wake(waker);
            Poll::Ready(Ok(()))
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
            let (values, sem) = {
                let mut chan = self.chan.borrow_mut();
                chan.rx_alive = false;
                (std::mem::take(&mut chan.queue), chan.sem.clone())
            };
            drop(values);
            // Waiting senders find the channel closed.
            if let Some(sem) = sem {
                sem.wake_all();
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
                    let sem = chan.sem.clone();
                    drop(chan);
                    if let Some(sem) = sem {
                        sem.release();
                    }
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
                // The value's permit goes back, to the first waiting sender if any.
                let sem = chan.sem.clone();
                drop(chan);
                if let Some(sem) = sem {
                    sem.release();
                }
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

/// A first-come-first-served semaphore (what tokio's `Mutex` waits on).
#[derive(Debug)]
struct Semaphore {
    permits: Cell<usize>,
    waiters: RefCell<VecDeque<Rc<Waiter>>>,
}

/// A task waiting for a permit or a notification.
#[derive(Debug)]
struct Waiter {
    waker: RefCell<Option<Waker>>,
    done: Cell<bool>,
}

impl Waiter {
    fn new() -> Rc<Waiter> {
        Rc::new(Waiter { waker: RefCell::new(None), done: Cell::new(false) })
    }

    /// Marks it done and gives its waker, to wake once nothing is borrowed.
    fn finish(&self) -> Option<Waker> {
        self.done.set(true);
        self.waker.borrow_mut().take()
    }
}

/// A semaphore of `permits`.
fn new_semaphore(permits: usize) -> Rc<Semaphore> {
    Rc::new(Semaphore { permits: Cell::new(permits), waiters: RefCell::new(VecDeque::new()) })
}

impl Semaphore {
    /// Wakes every waiter as if granted (a closed channel's senders then find it closed).
    fn wake_all(&self) {
        let all: Vec<_> = self.waiters.borrow_mut().drain(..).collect();
        for w in all {
            wake(w.finish());
        }
    }

    fn release(&self) {
        let next = self.waiters.borrow_mut().pop_front();
        match next {
            Some(w) => wake(w.finish()),
            None => self.permits.set(self.permits.get() + 1),
        }
    }
}

/// Waits for one permit of a [`Semaphore`].
#[derive(Debug)]
struct Acquire {
    sem: Rc<Semaphore>,
    waiter: Option<Rc<Waiter>>,
}

impl Acquire {
    /// `Ready` once a permit is this future's (it then holds it: the caller makes a `Permit`).
    fn poll_acquire(&mut self, cx: &Context<'_>) -> Poll<()> {
        if let Some(w) = &self.waiter {
            if w.done.get() {
                self.waiter = None;
                return Poll::Ready(());
            }
            register(&mut w.waker.borrow_mut(), cx);
            return Poll::Pending;
        }
        if self.sem.permits.get() > 0 && self.sem.waiters.borrow().is_empty() {
            self.sem.permits.set(self.sem.permits.get() - 1);
            return Poll::Ready(());
        }
        let w = Waiter::new();
        register(&mut w.waker.borrow_mut(), cx);
        self.sem.waiters.borrow_mut().push_back(w.clone());
        self.waiter = Some(w);
        Poll::Pending
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        let Some(w) = self.waiter.take() else { return };
        if w.done.get() {
            // Granted but never taken: the permit goes on.
            self.sem.release();
        } else {
            self.sem.waiters.borrow_mut().retain(|x| !Rc::ptr_eq(x, &w));
        }
    }
}

/// A held permit; dropping it lets the next waiter in.
#[derive(Debug)]
pub struct Permit(Rc<Semaphore>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.release();
    }
}

pub mod mutex {
    use super::*;

    /// `tokio::sync::Mutex`: `lock().await` waits its turn (first come, first served) and
    /// gives a guard; dropping the guard lets the next waiter in.
    pub struct Mutex<T> {
        sem: Rc<Semaphore>,
        value: RefCell<T>,
    }

    impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.value.try_borrow() {
                Ok(v) => f.debug_struct("Mutex").field("data", &*v).finish(),
                Err(_) => f.debug_struct("Mutex").field("data", &format_args!("<locked>")).finish(),
            }
        }
    }

    impl<T> Mutex<T> {
        pub fn new(value: T) -> Mutex<T> {
            Mutex { sem: new_semaphore(1), value: RefCell::new(value) }
        }

        pub fn lock(&self) -> Lock<'_, T> {
            Lock { acquire: Acquire { sem: self.sem.clone(), waiter: None }, mutex: self }
        }

        /// The guard, if nobody holds the lock or waits for it.
        pub fn try_lock(&self) -> Result<MutexGuard<'_, T>, TryLockError> {
            if self.sem.permits.get() == 0 || !self.sem.waiters.borrow().is_empty() {
                return Err(TryLockError(()));
            }
            self.sem.permits.set(0);
            Ok(MutexGuard { value: self.value.borrow_mut(), _permit: Permit(self.sem.clone()) })
        }

        pub fn into_inner(self) -> T {
            self.value.into_inner()
        }
    }

    /// `tokio::sync::TryLockError`.
    #[derive(Debug)]
    pub struct TryLockError(());

    impl fmt::Display for TryLockError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("operation would block")
        }
    }

    /// The future of [`Mutex::lock`].
    #[derive(Debug)]
    pub struct Lock<'a, T> {
        acquire: Acquire,
        mutex: &'a Mutex<T>,
    }

    impl<'a, T> Future for Lock<'a, T> {
        type Output = MutexGuard<'a, T>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<MutexGuard<'a, T>> {
            match self.acquire.poll_acquire(cx) {
                Poll::Ready(()) => Poll::Ready(MutexGuard {
                    value: self.mutex.value.borrow_mut(),
                    _permit: Permit(self.acquire.sem.clone()),
                }),
                Poll::Pending => Poll::Pending,
            }
        }
    }

    /// The lock, held: the value, through `Deref`/`DerefMut`.
    pub struct MutexGuard<'a, T> {
        // Declared first, so the value is given back before the next waiter is woken.
        value: std::cell::RefMut<'a, T>,
        _permit: Permit,
    }

    impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(&*self.value, f)
        }
    }

    impl<T> std::ops::Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            &self.value
        }
    }

    impl<T> std::ops::DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            &mut self.value
        }
    }

    /// The interpreter's lock: the same waiting, with the permit handed out (its value lives
    /// in the interpreter's own cell).
    #[derive(Debug, Clone)]
    pub struct RawMutex {
        sem: Rc<Semaphore>,
    }

    impl Default for RawMutex {
        fn default() -> RawMutex {
            RawMutex { sem: new_semaphore(1) }
        }
    }

    impl RawMutex {
        /// Waits for the lock; `Ready` with the permit that holds it.
        pub fn lock(&self) -> RawLock {
            RawLock { acquire: Acquire { sem: self.sem.clone(), waiter: None } }
        }

        /// The permit, if nobody holds the lock or waits for it.
        pub fn try_lock(&self) -> Option<Permit> {
            if self.sem.permits.get() == 0 || !self.sem.waiters.borrow().is_empty() {
                return None;
            }
            self.sem.permits.set(0);
            Some(Permit(self.sem.clone()))
        }
    }

    /// The future of [`RawMutex::lock`].
    #[derive(Debug)]
    pub struct RawLock {
        acquire: Acquire,
    }

    impl Future for RawLock {
        type Output = Permit;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
            match self.acquire.poll_acquire(cx) {
                Poll::Ready(()) => Poll::Ready(Permit(self.acquire.sem.clone())),
                Poll::Pending => Poll::Pending,
            }
        }
    }
}

pub mod notify {
    use super::*;

    /// `tokio::sync::Notify`: `notified().await` waits for a `notify_one` (which leaves a permit
    /// when nobody waits) or a `notify_waiters` (which wakes everyone waiting, or whose
    /// `notified()` was made before it).
    #[derive(Debug, Default)]
    pub struct Notify {
        inner: Rc<Inner>,
    }

    #[derive(Debug, Default)]
    struct Inner {
        permit: Cell<bool>,
        waiters: RefCell<VecDeque<Rc<Waiter>>>,
        /// How many times `notify_waiters` was called.
        generation: Cell<u64>,
    }

    impl Notify {
        pub fn new() -> Notify {
            Notify::default()
        }

        pub fn notify_one(&self) {
            let first = self.inner.waiters.borrow_mut().pop_front();
            match first {
                Some(w) => wake(w.finish()),
                None => self.inner.permit.set(true),
            }
        }

        pub fn notify_waiters(&self) {
            self.inner.generation.set(self.inner.generation.get() + 1);
            let all: Vec<_> = self.inner.waiters.borrow_mut().drain(..).collect();
            for w in all {
                wake(w.finish());
            }
        }

        pub fn notified(&self) -> Notified {
            Notified { inner: self.inner.clone(), generation: self.inner.generation.get(), waiter: None }
        }
    }

    /// The future of [`Notify::notified`].
    #[derive(Debug)]
    pub struct Notified {
        inner: Rc<Inner>,
        generation: u64,
        waiter: Option<Rc<Waiter>>,
    }

    impl Future for Notified {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            let this = &mut *self;
            if let Some(w) = &this.waiter {
                if w.done.get() {
                    this.waiter = None;
                    return Poll::Ready(());
                }
                register(&mut w.waker.borrow_mut(), cx);
                return Poll::Pending;
            }
            if this.inner.generation.get() != this.generation {
                return Poll::Ready(());
            }
            if this.inner.permit.replace(false) {
                return Poll::Ready(());
            }
            let w = Waiter::new();
            register(&mut w.waker.borrow_mut(), cx);
            this.inner.waiters.borrow_mut().push_back(w.clone());
            this.waiter = Some(w);
            Poll::Pending
        }
    }

    impl Drop for Notified {
        fn drop(&mut self) {
            let Some(w) = self.waiter.take() else { return };
            if w.done.get() {
                return;
            }
            self.inner.waiters.borrow_mut().retain(|x| !Rc::ptr_eq(x, &w));
        }
    }
}
