//! Real `std::task::Waker`s for tasks: one static vtable that reports every clone, wake and drop.
//!
//! A waker's data pointer is an `Arc<WakerData>` turned into a raw pointer. Each task owns one
//! `Arc<WakerData>`; the executor lends it to `poll` as a borrowed waker that is never dropped
//! (see [`borrowed`]), so only the clones that user code makes are counted as alive. All clones
//! of a task's waker share one pointer, so `Waker::will_wake` is true between them.

use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::task::{RawWaker, RawWakerVTable, Waker};

use crate::core::Shared;
use crate::trace::{TaskId, WakeHow};

/// What a waker points to: which task it wakes, and the executor state to schedule it in.
#[derive(Debug)]
pub(crate) struct WakerData {
    pub task: TaskId,
    pub shared: Arc<Shared>,
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

/// A waker for `data`'s task that borrows `data` instead of owning a reference count.
///
/// Wrapped in `ManuallyDrop` so the borrowed count is never released.
///
/// # Safety
/// `data` is `Arc::as_ptr` of an `Arc<WakerData>` that the caller keeps alive for as long as
/// the returned waker (and the `Context` made from it) is used.
pub(crate) unsafe fn borrowed(data: *const WakerData) -> ManuallyDrop<Waker> {
    let raw = RawWaker::new(data.cast(), &VTABLE);
    // SAFETY: the pointer comes from an `Arc<WakerData>` that outlives the borrowed waker (the
    // caller's contract), and `VTABLE` treats the pointer as exactly that. The waker is never
    // dropped, so it never gives back a count it did not take.
    ManuallyDrop::new(unsafe { Waker::from_raw(raw) })
}

/// A waker that keeps `waker`'s task waker alive without being one of the program's clones:
/// no clone or drop is reported for it (the interpreter polls with it where rustc polls with a
/// borrowed `&Waker`: a hand-written executor's `Context::from_waker(&waker)`). Clones made
/// from it are ordinary, reported clones. Other wakers are cloned.
pub fn unreported_clone(waker: &Waker) -> Waker {
    if !std::ptr::eq(waker.vtable(), &VTABLE) {
        return waker.clone();
    }
    // SAFETY: `waker` is a live waker of this module, so its pointer is `Arc::as_ptr` of a live
    // `Arc<WakerData>`; the count taken here is owned by the returned waker and released by
    // `QUIET`'s drop.
    unsafe {
        Arc::increment_strong_count(waker.data().cast::<WakerData>());
        Waker::from_raw(RawWaker::new(waker.data(), &QUIET))
    }
}

/// [`unreported_clone`]'s wakers: like [`VTABLE`]'s, but their own drop is not reported.
static QUIET: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_quietly);

/// # Safety
/// `ptr` must come from a live, owned waker made by [`unreported_clone`]; it is consumed.
unsafe fn drop_quietly(ptr: *const ()) {
    // SAFETY: the waker owned one count (contract of this fn), released here.
    drop(unsafe { Arc::from_raw(ptr.cast::<WakerData>()) });
}

/// The task a waker wakes, if it is a waker of a Pollscope executor (for showing a waker in
/// words: its `Debug` text is two raw pointers, which differ from run to run).
pub fn waker_task(waker: &Waker) -> Option<TaskId> {
    (std::ptr::eq(waker.vtable(), &VTABLE) || std::ptr::eq(waker.vtable(), &QUIET)).then(|| data(waker.data()).task)
}

/// Reports a call on `ptr`'s waker while in user code; unwinds if that call hit a limit.
fn data<'a>(ptr: *const ()) -> &'a WakerData {
    // SAFETY: every pointer given to `VTABLE`'s functions was made from an `Arc<WakerData>`
    // (in `borrowed` or `clone`) and the waker it belongs to holds a count, so it is alive.
    unsafe { &*ptr.cast::<WakerData>() }
}

/// # Safety
/// `ptr` must come from a live waker made by this module.
unsafe fn clone(ptr: *const ()) -> RawWaker {
    // SAFETY: `ptr` is `Arc::as_ptr` of a live `Arc<WakerData>` (contract of this fn); the new
    // waker returned below owns the count taken here.
    unsafe { Arc::increment_strong_count(ptr.cast::<WakerData>()) };
    let data = data(ptr);
    let halted = {
        let mut core = data.shared.lock();
        core.waker_cloned(data.task);
        core.halted.is_some()
    };
    crate::context::unwind_if(halted, &data.shared);
    RawWaker::new(ptr, &VTABLE)
}

/// # Safety
/// `ptr` must come from a live, owned waker made by this module; it is consumed.
unsafe fn wake(ptr: *const ()) {
    // SAFETY: by-value wake consumes the waker, which owned one count (contract of this fn).
    let data = unsafe { Arc::from_raw(ptr.cast::<WakerData>()) };
    let halted = {
        let mut core = data.shared.lock();
        core.wake(data.task, WakeHow::Wake);
        core.halted.is_some()
    };
    crate::context::unwind_if(halted, &data.shared);
}

/// # Safety
/// `ptr` must come from a live waker made by this module.
unsafe fn wake_by_ref(ptr: *const ()) {
    let data = data(ptr);
    let halted = {
        let mut core = data.shared.lock();
        core.wake(data.task, WakeHow::WakeByRef);
        core.halted.is_some()
    };
    crate::context::unwind_if(halted, &data.shared);
}

/// # Safety
/// `ptr` must come from a live, owned waker made by this module; it is consumed.
unsafe fn drop_waker(ptr: *const ()) {
    // SAFETY: the dropped waker owned one count (contract of this fn), released here.
    let data = unsafe { Arc::from_raw(ptr.cast::<WakerData>()) };
    // Never unwinds: a drop may run during unwinding, where a second panic aborts.
    data.shared.lock().waker_dropped(data.task);
}
