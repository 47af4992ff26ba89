//! `spawn` and `JoinHandle`: a task's output travels through a shared slot to its awaiter.

use std::cell::{Cell, RefCell, UnsafeCell};
use std::fmt;
use std::future::Future;
use std::mem::ManuallyDrop;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::context::with_current;
use crate::executor::TaskObj;
use crate::names::task_name;
use crate::text::Text;
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
    with_current(|current| match current {
        Some(inner) => inner.spawn(|| task_name(std::any::type_name::<F>()).into(), future),
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
        Some(inner) => inner.spawn(move || name.into(), future),
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

pub(crate) struct JoinSlot<T> {
    state: SlotState<T>,
    /// The waker of the task awaiting the handle, if it has been polled and is waiting.
    waiter: Option<Waker>,
}

impl<T> JoinSlot<T> {
    fn new() -> RefCell<JoinSlot<T>> {
        RefCell::new(JoinSlot { state: SlotState::Running, waiter: None })
    }
}

/// What a [`JoinHandle`] shares with its task: the slot the output arrives in. A spawned task's
/// slot lives in its [`TaskCell`], next to the future (one allocation per task); a handle whose
/// task was never created has a slot of its own.
trait HasSlot<T> {
    fn slot(&self) -> &RefCell<JoinSlot<T>>;
}

impl<T> HasSlot<T> for RefCell<JoinSlot<T>> {
    fn slot(&self) -> &RefCell<JoinSlot<T>> {
        self
    }
}

/// An owned permission to await a spawned task's output.
///
/// Awaiting it gives the task's output; the awaiting task is woken by the task when it
/// finishes. Dropping it detaches the task, which keeps running. If the task panicked, awaiting
/// the handle panics too.
pub struct JoinHandle<T> {
    task: Option<TaskId>,
    shared: Rc<dyn HasSlot<T>>,
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.task {
            Some(task) => write!(f, "JoinHandle({task})"),
            None => write!(f, "JoinHandle(detached)"),
        }
    }
}

impl<T: 'static> JoinHandle<T> {
    /// A handle to a task that was never created (its spawn hit the task limit); it never
    /// finishes.
    pub(crate) fn detached() -> JoinHandle<T> {
        JoinHandle { task: None, shared: Rc::new(JoinSlot::new()) }
    }
}

impl<T> JoinHandle<T> {
    fn slot(&self) -> &RefCell<JoinSlot<T>> {
        self.shared.slot()
    }

    /// The id of the task, as the trace shows it.
    pub fn id(&self) -> Option<TaskId> {
        self.task
    }

    /// Whether the task has finished (returned or panicked).
    pub fn is_finished(&self) -> bool {
        !matches!(self.slot().borrow().state, SlotState::Running)
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.slot().borrow_mut();
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
                crate::rt::record(EventKind::PollAfterReady {
                    task: crate::rt::current_task(),
                    future: "JoinHandle".into(),
                });
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
        let waiter = self.slot().borrow_mut().waiter.take();
        drop(waiter);
    }
}

/// The task side of a [`JoinHandle`]: hands over the output (or the panic) and wakes the
/// awaiter.
fn finish<T>(slot: &RefCell<JoinSlot<T>>, state: SlotState<T>) {
    let waiter = {
        let mut slot = slot.borrow_mut();
        slot.state = state;
        slot.waiter.take()
    };
    if let Some(waiter) = waiter {
        waiter.wake();
    }
}

/// A spawned task: its future and its join slot, in one allocation shared (through `Rc`) by
/// the executor and the task's [`JoinHandle`].
///
/// The future is pinned in place: the `Rc`'s allocation never moves, nothing moves the future
/// out of it, and the executor ends it with [`TaskObj::drop_future`], which drops it where it
/// is. The slot outlives the future, until the handle has taken the output.
pub(crate) struct TaskCell<F: Future> {
    slot: RefCell<JoinSlot<F::Output>>,
    future: UnsafeCell<ManuallyDrop<F>>,
    /// Whether `future` is still there (false once the task finished or the run ended).
    alive: Cell<bool>,
}

impl<F: Future> TaskCell<F> {
    /// [`TaskObj::drop_future`], also for outputs without `Debug`.
    ///
    /// # Safety
    /// As for [`TaskObj::drop_future`].
    unsafe fn end_future(&self) {
        // Marked gone first: a drop that panics is not run a second time.
        if self.alive.replace(false) {
            // SAFETY: the caller has the future to itself (the contract), and it was alive; it
            // is dropped where it is, as pinning requires, and never reached again.
            unsafe { ManuallyDrop::drop(&mut *self.future.get()) };
        }
    }
}

impl<F: Future> Drop for TaskCell<F> {
    /// The executor drops every future it holds when the run ends; this only covers a cell it
    /// never got to.
    fn drop(&mut self) {
        // SAFETY: `&mut self`: nothing else reaches the future now.
        unsafe { self.end_future() };
    }
}

impl<F: Future> HasSlot<F::Output> for TaskCell<F> {
    fn slot(&self) -> &RefCell<JoinSlot<F::Output>> {
        &self.slot
    }
}

/// Spawns the cell of task `task`, gives the executor its half (to store and poll) through
/// `store`, and returns the handle. The handle is built last, straight into the caller's
/// return slot: built before the store, it sat on the stack in two narrow stores and was then
/// copied out with one 16-byte load, which the processor cannot forward from them (perf put a
/// fifth of `spawn` on that copy).
#[inline]
pub(crate) fn task_cell<F>(task: TaskId, future: F, store: impl FnOnce(Rc<dyn TaskObj>)) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: fmt::Debug + 'static,
{
    let cell = Rc::new(TaskCell {
        slot: JoinSlot::new(),
        future: UnsafeCell::new(ManuallyDrop::new(future)),
        alive: Cell::new(true),
    });
    let shared = Rc::clone(&cell) as Rc<dyn HasSlot<F::Output>>;
    store(cell);
    JoinHandle { task: Some(task), shared }
}

impl<F> TaskObj for TaskCell<F>
where
    F: Future,
    F::Output: fmt::Debug,
{
    unsafe fn poll_task(&self, cx: &mut Context<'_>, describe: bool) -> Poll<Text> {
        if !self.alive.get() {
            return Poll::Pending;
        }
        // SAFETY: the caller has the future to itself for this call (the contract of
        // `TaskObj`); the handle never reaches `future`, and it is alive (checked above).
        let future = unsafe { &mut **self.future.get() };
        // SAFETY: structural pinning: the future lives in the `Rc`'s allocation, which never
        // moves, and is never moved out of it; it is dropped in place (`drop_future`).
        let future = unsafe { Pin::new_unchecked(future) };
        match future.poll(cx) {
            Poll::Ready(value) => {
                let text = if describe { Text::from_fmt(format_args!("{value:?}")) } else { Text::default() };
                finish(&self.slot, SlotState::Ready(value));
                Poll::Ready(text)
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn panicked(&self, message: &str) {
        finish(&self.slot, SlotState::Panicked(message.to_string()));
    }

    unsafe fn drop_future(&self) {
        // SAFETY: the same contract.
        unsafe { self.end_future() };
    }
}
