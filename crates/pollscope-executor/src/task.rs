//! `spawn` and `JoinHandle`: a task's output travels through a shared slot to its awaiter.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::context::with_current;
use crate::executor::TaskObj;
use crate::names::task_name;
use crate::trace::{EventKind, TaskId};

/// Spawns `future` as a new task on the running executor and returns a handle to await its
/// output. The task is named after the future's type: `worker` for `worker(3)` where `worker` is
/// an `async fn`, `Countdown` for a struct that implements `Future`.
///
/// Unlike tokio's, this `spawn` needs no `Send` (the executor is single-threaded) but needs
/// `Debug` on the output, which the trace shows when the task finishes.
///
/// # Panics
/// When called outside a task of a pollscope executor.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: fmt::Debug + 'static,
{
    let name = task_name(std::any::type_name::<F>());
    with_current(|current| match current {
        Some(inner) => inner.spawn(name, future),
        None => panic!("`spawn` must be called from a task running on a pollscope executor"),
    })
}

/// [`spawn`] with an explicit task name. The interpreter spawns its futures through this,
/// naming them as `spawn` names the same futures compiled by rustc.
///
/// # Panics
/// When called outside a task of a pollscope executor.
pub fn spawn_named<F>(name: String, future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: fmt::Debug + 'static,
{
    with_current(|current| match current {
        Some(inner) => inner.spawn(name, future),
        None => panic!("`spawn` must be called from a task running on a pollscope executor"),
    })
}

/// Where a task's output waits for its `JoinHandle`.
enum SlotState<T> {
    Running,
    Ready(T),
    Taken,
    Panicked(String),
}

struct JoinSlot<T> {
    state: SlotState<T>,
    /// The waker of the task awaiting the handle, if it has been polled and is waiting.
    waiter: Option<Waker>,
}

/// An owned permission to await a spawned task's output.
///
/// Awaiting it gives the task's output; the awaiting task is woken by the task when it
/// finishes. Dropping it detaches the task, which keeps running. If the task panicked, awaiting
/// the handle panics too.
pub struct JoinHandle<T> {
    task: Option<TaskId>,
    slot: Rc<RefCell<JoinSlot<T>>>,
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.task {
            Some(task) => write!(f, "JoinHandle({task})"),
            None => write!(f, "JoinHandle(detached)"),
        }
    }
}

impl<T> JoinHandle<T> {
    pub(crate) fn new(task: TaskId) -> JoinHandle<T> {
        JoinHandle {
            task: Some(task),
            slot: Rc::new(RefCell::new(JoinSlot { state: SlotState::Running, waiter: None })),
        }
    }

    /// A handle to a task that was never created (its spawn hit the task limit); it never
    /// finishes.
    pub(crate) fn detached() -> JoinHandle<T> {
        JoinHandle { task: None, slot: Rc::new(RefCell::new(JoinSlot { state: SlotState::Running, waiter: None })) }
    }

    pub(crate) fn slot(&self) -> Slot<T> {
        Slot(Rc::clone(&self.slot))
    }

    /// The id of the task, as the trace shows it.
    pub fn id(&self) -> Option<TaskId> {
        self.task
    }

    /// Whether the task has finished (returned or panicked).
    pub fn is_finished(&self) -> bool {
        !matches!(self.slot.borrow().state, SlotState::Running)
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.slot.borrow_mut();
        match std::mem::replace(&mut slot.state, SlotState::Taken) {
            SlotState::Ready(value) => Poll::Ready(value),
            SlotState::Running => {
                slot.state = SlotState::Running;
                if !slot.waiter.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                    // Clone outside the borrow: cloning records an event, which does not touch
                    // the slot, but the old waker's drop should happen after the borrow ends.
                    let new = cx.waker().clone();
                    let old = slot.waiter.replace(new);
                    drop(slot);
                    drop(old);
                }
                Poll::Pending
            }
            SlotState::Panicked(message) => {
                slot.state = SlotState::Panicked(message);
                drop(slot);
                let task = self.task.map_or("?".to_string(), |t| t.to_string());
                crate::unwind::raise(format!("awaited task {task} panicked"));
                Poll::Pending
            }
            SlotState::Taken => {
                drop(slot);
                crate::rt::record(EventKind::PollAfterReady { task: crate::rt::current_task(), future: "JoinHandle" });
                crate::unwind::raise("`JoinHandle` polled after completion".to_string());
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for JoinHandle<T> {
    /// Detaching gives back the awaiter's waker the handle kept. Without this the clone stayed
    /// in the slot, shared with the still-running task, until that task finished and woke the
    /// awaiter, which no longer awaits it: a spurious wake, and until then a waker counted
    /// alive (`stuck .. 1 waker alive`) that nothing will ever call for the awaiter's sake.
    fn drop(&mut self) {
        // Take it out first: dropping a waker records an event, outside the slot's borrow.
        let waiter = self.slot.borrow_mut().waiter.take();
        drop(waiter);
    }
}

/// The task side of a [`JoinHandle`].
pub(crate) struct Slot<T>(Rc<RefCell<JoinSlot<T>>>);

impl<T> Slot<T> {
    fn finish(&self, state: SlotState<T>) {
        let waiter = {
            let mut slot = self.0.borrow_mut();
            slot.state = state;
            slot.waiter.take()
        };
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    }
}

/// A spawned future, wrapped to hand its output to the [`JoinHandle`] and its `Debug` text to
/// the trace. The future is stored inline (the executor boxes the whole `TaskFuture` once) and
/// pinned structurally: it is never moved out, and `TaskFuture` has no `Drop` of its own.
pub(crate) struct TaskFuture<F: Future> {
    future: F,
    slot: Slot<F::Output>,
}

impl<F: Future> TaskFuture<F> {
    pub(crate) fn new(future: F, slot: Slot<F::Output>) -> TaskFuture<F> {
        TaskFuture { future, slot }
    }
}

impl<F> TaskObj for TaskFuture<F>
where
    F: Future,
    F::Output: fmt::Debug,
{
    fn poll_task(self: Pin<&mut Self>, cx: &mut Context<'_>, describe: bool) -> Poll<String> {
        // SAFETY: nothing below moves `*this`; `future` is reached only through the pinned
        // projection on the next line, and `slot` is not structurally pinned.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: structural pinning of `future`: it is only ever reached through this
        // projection, never moved out or swapped, and `TaskFuture` implements neither `Drop`
        // nor `Unpin` by hand (it is `Unpin` only when `F` is).
        let future = unsafe { Pin::new_unchecked(&mut this.future) };
        match future.poll(cx) {
            Poll::Ready(value) => {
                let text = if describe { format!("{value:?}") } else { String::new() };
                this.slot.finish(SlotState::Ready(value));
                Poll::Ready(text)
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn panicked(self: Pin<&mut Self>, message: &str) {
        self.slot.finish(SlotState::Panicked(message.to_string()));
    }
}
