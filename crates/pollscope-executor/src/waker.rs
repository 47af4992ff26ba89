//! Real `std::task::Waker`s for tasks: one static vtable that reports every clone, wake and drop.
//!
//! A waker's data pointer points at its task's [`WakerData`], in the executor's
//! [`WakerTable`], and each waker the program holds owns one count of the executor's shared
//! state (`Arc<Shared>`), which owns the table: a spawn allocates no waker of its own. The
//! executor lends the pointer to `poll` as a borrowed waker that is never dropped (see
//! [`borrowed`]), so only the clones that user code makes are counted as alive. All clones of a
//! task's waker share one pointer, so `Waker::will_wake` is true between them.

use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::task::{RawWaker, RawWakerVTable, Waker};

use crate::core::Shared;
use crate::trace::{TaskId, WakeHow};

/// What a waker points to: which task it wakes, and the executor state to schedule it in.
#[derive(Debug)]
pub(crate) struct WakerData {
    pub task: TaskId,
    /// `Arc::as_ptr` of the executor's `Arc<Shared>`, which owns the table this lives in.
    shared: *const Shared,
}

// SAFETY: `WakerData` is written once, before any waker points at it, and only read after;
// `shared` points at a `Shared` (a `Mutex`, `Send + Sync`) that outlives it. So it may be read
// from any thread, as the `Arc<Shared>` it stands for could be.
unsafe impl Send for WakerData {}
// SAFETY: as for `Send`.
unsafe impl Sync for WakerData {}

// What the impls above rely on: the executor state may be shared between threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Shared>();
};

impl WakerData {
    /// The executor state. Alive while any waker of this table is (each owns a count), or the
    /// executor is (it owns one).
    fn shared(&self) -> &Shared {
        // SAFETY: see above: whoever reaches this `WakerData` holds a count of `shared`.
        unsafe { &*self.shared }
    }
}

/// The [`WakerData`] of every task an executor spawns, at addresses that never change: chunks
/// that are allocated full size and never grow, so a spawn allocates nothing here but one
/// chunk in a while (chunks double up to 4,096 entries). Entries are kept until the executor's
/// shared state goes, when no waker is left: 16 bytes per task spawned.
#[derive(Debug, Default)]
pub(crate) struct WakerTable {
    chunks: Vec<Vec<WakerData>>,
}

impl WakerTable {
    /// The first chunk's entries; each next chunk has twice as many, up to [`Self::LAST`].
    const FIRST: usize = 16;
    /// The entries of the largest chunks.
    const LAST: usize = 4096;

    /// Adds the entry of the next task, `task`, for the executor state at `shared`
    /// (`Arc::as_ptr`). Entries are added in task order: task `n`'s entry is the `n`th.
    pub fn add(&mut self, task: TaskId, shared: *const Shared) {
        if self.chunks.last().is_none_or(|chunk| chunk.len() == chunk.capacity()) {
            let capacity = self.chunks.last().map_or(Self::FIRST, |chunk| (chunk.capacity() * 2).min(Self::LAST));
            self.chunks.push(Vec::with_capacity(capacity));
        }
        let chunk = self.chunks.last_mut().expect("a chunk with room was just made");
        // Never past the capacity (checked above): the chunk never reallocates, so the entries
        // wakers point at stay where they are.
        chunk.push(WakerData { task, shared });
    }

    /// Where `task`'s entry lives (it must have been added). A pointer, not a reference: wakers
    /// may be reading the entry from other threads.
    pub fn get(&self, task: TaskId) -> *const WakerData {
        let (chunk, at) = Self::locate(task.0 as usize - 1);
        self.chunks[chunk].as_ptr().wrapping_add(at)
    }

    /// The chunk and the index in it of the `index`th entry: chunks of 16, 32, ... 4,096
    /// entries, then of 4,096.
    fn locate(index: usize) -> (usize, usize) {
        // The entries in the chunks that double (16 + 32 + ... + 4,096).
        const DOUBLING: usize = 2 * WakerTable::LAST - WakerTable::FIRST;
        if index < DOUBLING {
            // Chunk `k` starts at 16 * (2^k - 1).
            let k = (index / Self::FIRST + 1).ilog2() as usize;
            (k, index - Self::FIRST * ((1 << k) - 1))
        } else {
            let doubling_chunks = (Self::LAST / Self::FIRST).ilog2() as usize + 1;
            (doubling_chunks + (index - DOUBLING) / Self::LAST, (index - DOUBLING) % Self::LAST)
        }
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

/// A waker for `data`'s task that borrows `data` instead of owning a reference count.
///
/// Wrapped in `ManuallyDrop` so the borrowed count is never released.
///
/// # Safety
/// `data` comes from [`WakerTable::add`] of an executor that the caller keeps alive for as
/// long as the returned waker (and the `Context` made from it) is used.
pub(crate) unsafe fn borrowed(data: *const WakerData) -> ManuallyDrop<Waker> {
    let raw = RawWaker::new(data.cast(), &VTABLE);
    // SAFETY: the entry outlives the borrowed waker (the caller's contract), and `VTABLE`
    // treats the pointer as exactly that. The waker is never dropped, so it never gives back a
    // count it did not take.
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
    // SAFETY: `waker` is a live waker of this module, so its pointer is a live entry and the
    // executor state is alive; the count taken here is owned by the returned waker and
    // released by `QUIET`'s drop.
    unsafe {
        Arc::increment_strong_count(data(waker.data()).shared);
        Waker::from_raw(RawWaker::new(waker.data(), &QUIET))
    }
}

/// [`unreported_clone`]'s wakers: like [`VTABLE`]'s, but their own drop is not reported, and
/// neither is their consumption by a by-value `wake`.
static QUIET: RawWakerVTable = RawWakerVTable::new(clone, wake_quietly, wake_by_ref, drop_quietly);

/// A quiet waker woken by value: it stands for a borrowed waker, which can only be woken by
/// reference, and it was never counted alive, so it is recorded as a `wake_by_ref`; then its
/// count of the executor state is released.
///
/// # Safety
/// `ptr` must come from a live, owned waker made by [`unreported_clone`]; it is consumed.
unsafe fn wake_quietly(ptr: *const ()) {
    // SAFETY: the contract of this fn.
    unsafe { wake_consuming(ptr, WakeHow::WakeByRef) }
}

/// # Safety
/// `ptr` must come from a live, owned waker made by [`unreported_clone`]; it is consumed.
unsafe fn drop_quietly(ptr: *const ()) {
    // SAFETY: the waker owned one count (contract of this fn), released here.
    drop(unsafe { Arc::from_raw(data(ptr).shared) });
}

/// The task a waker wakes, if it is a waker of a Pollscope executor (for showing a waker in
/// words: its `Debug` text is two raw pointers, which differ from run to run).
pub fn waker_task(waker: &Waker) -> Option<TaskId> {
    (std::ptr::eq(waker.vtable(), &VTABLE) || std::ptr::eq(waker.vtable(), &QUIET)).then(|| data(waker.data()).task)
}

/// The entry a waker's data pointer points at.
fn data<'a>(ptr: *const ()) -> &'a WakerData {
    // SAFETY: every pointer given to `VTABLE`'s functions is an entry of a `WakerTable` (from
    // `borrowed` or `clone`), and the waker it belongs to holds a count of the executor state
    // that owns the table (or is the executor's own borrowed waker), so it is alive.
    unsafe { &*ptr.cast::<WakerData>() }
}

/// # Safety
/// `ptr` must come from a live waker made by this module.
unsafe fn clone(ptr: *const ()) -> RawWaker {
    let data = data(ptr);
    // SAFETY: `ptr` is a live waker's (contract of this fn), so the executor state is alive;
    // the new waker owns the count taken here.
    unsafe { Arc::increment_strong_count(data.shared) };
    // SAFETY: `ptr` with the count just taken is an owned waker of this module. Owned here
    // until it is returned: if the clone hits a limit and unwinds, its drop gives the count
    // back (and the task's live count that `waker_cloned` raised). Leaked, that count kept
    // the whole executor state alive after the run.
    let owned = unsafe { Waker::from_raw(RawWaker::new(ptr, &VTABLE)) };
    let halted = {
        let mut core = data.shared().lock();
        core.waker_cloned(data.task);
        core.halted.is_some()
    };
    crate::context::unwind_if(halted, data.shared());
    std::mem::forget(owned);
    RawWaker::new(ptr, &VTABLE)
}

/// # Safety
/// `ptr` must come from a live, owned waker made by this module; it is consumed.
unsafe fn wake(ptr: *const ()) {
    // SAFETY: the contract of this fn.
    unsafe { wake_consuming(ptr, WakeHow::Wake) }
}

/// A by-value wake, recorded as `how`: it consumes the waker.
///
/// # Safety
/// `ptr` must come from a live, owned waker made by this module; it is consumed.
unsafe fn wake_consuming(ptr: *const (), how: WakeHow) {
    let task = data(ptr).task;
    // SAFETY: the consumed waker owned one count (contract of this fn): released when `shared`
    // goes, after the last use of the entry (which it may free), also when the wake unwinds.
    let shared = unsafe { Arc::from_raw(data(ptr).shared) };
    let halted = {
        let mut core = shared.lock();
        core.wake(task, how);
        core.halted.is_some()
    };
    crate::context::unwind_if(halted, &shared);
}

/// # Safety
/// `ptr` must come from a live waker made by this module.
unsafe fn wake_by_ref(ptr: *const ()) {
    let data = data(ptr);
    let halted = {
        let mut core = data.shared().lock();
        core.wake(data.task, WakeHow::WakeByRef);
        core.halted.is_some()
    };
    crate::context::unwind_if(halted, data.shared());
}

/// # Safety
/// `ptr` must come from a live, owned waker made by this module; it is consumed.
unsafe fn drop_waker(ptr: *const ()) {
    let task = data(ptr).task;
    // SAFETY: the dropped waker owned one count (contract of this fn), released when `shared`
    // goes, after the last use of the entry.
    let shared = unsafe { Arc::from_raw(data(ptr).shared) };
    // Never unwinds: a drop may run during unwinding, where a second panic aborts.
    shared.lock().waker_dropped(task);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tasks_entry_is_found_where_it_was_added() {
        let mut table = WakerTable::default();
        // Past the doubling chunks (8,176 entries) into two of the largest.
        for n in 1..=20_000 {
            table.add(TaskId(n), std::ptr::null());
        }
        let sizes: Vec<usize> = table.chunks.iter().map(Vec::capacity).collect();
        assert_eq!(sizes[..10], [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 4096]);
        for n in 1..=20_000 {
            // SAFETY: the entry was added above, and the table is alive and unchanged.
            assert_eq!(unsafe { (*table.get(TaskId(n))).task }, TaskId(n));
        }
    }
}
