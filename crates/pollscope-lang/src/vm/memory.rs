//! What the interpreted program really occupies: a global allocator that counts the bytes live
//! on each thread, which the VM reads against its heap limit (`InterpLimits::max_heap`).
//!
//! Counting the interpreter's own allocations (values with their real element sizes,
//! strings, boxed futures, frames, closures; the VM leaves out the trace, which the event limit
//! bounds: `pollscope_executor::trace_bytes`) bounds what a program can take, where
//! a count of elements could not: a `Vec` of 16 million values is 16 million elements but half
//! a gigabyte. A binary opts in with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: pollscope_lang::vm::memory::Counting = pollscope_lang::vm::memory::Counting::SYSTEM;
//! ```
//!
//! (the CLI, the browser app and the test harnesses do). Without it the VM falls back to
//! adding up what the program asks for, never subtracting, which bounds a run's allocations
//! rather than its memory. The count is per thread, so that tests running VMs side by side do
//! not see each other's memory; the VM is single-threaded.
//!
//! The count is of this platform's bytes: a run that reaches the limit may reach it a few
//! instructions apart natively and in wasm (where pointers are half as wide). Runs that stay
//! under it, which is every program that does not exhaust memory, are unaffected.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The most `LIVE` has been since [`peak_during`] began.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Set by the first allocation through [`Counting`]: whether the count means anything.
static INSTALLED: AtomicBool = AtomicBool::new(false);

fn add(n: isize) {
    // `try_with`: an allocation while the thread's locals are being torn down is not counted.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + n;
        live.set(now);
        if n > 0 {
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        }
    });
}

/// Counts a fresh allocation of `layout` at `ptr` (none if it failed) and returns `ptr`.
fn counted(ptr: *mut u8, layout: Layout) -> *mut u8 {
    if !ptr.is_null() {
        INSTALLED.store(true, Ordering::Relaxed);
        add(layout.size() as isize);
    }
    ptr
}

/// A global allocator that counts live bytes per thread, then allocates with `A`.
#[derive(Debug, Default)]
pub struct Counting<A = System>(pub A);

impl Counting {
    /// Counting over the system allocator.
    pub const SYSTEM: Counting = Counting(System);
}

// SAFETY: every call is forwarded unchanged to `A`; the count is a thread-local integer,
// const-initialized without a destructor, so updating it allocates nothing.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        counted(unsafe { self.0.alloc(layout) }, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        counted(unsafe { self.0.alloc_zeroed(layout) }, layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded; `ptr` was allocated by `self.0` with `layout`.
        unsafe { self.0.dealloc(ptr, layout) };
        add(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded; `ptr` was allocated by `self.0` with `layout`.
        let new = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            add(new_size as isize - layout.size() as isize);
        }
        new
    }
}

/// Bytes live on this thread, if the program's allocator is [`Counting`].
pub fn live() -> Option<isize> {
    INSTALLED.load(Ordering::Relaxed).then(|| LIVE.with(Cell::get))
}

/// Runs `f`, and returns what it returned with the most bytes live on this thread while it
/// ran, above what was live before (`None` unless the allocator is [`Counting`]).
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, Option<isize>) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let result = f();
    let peak = INSTALLED.load(Ordering::Relaxed).then(|| PEAK.with(Cell::get) - before);
    (result, peak)
}
