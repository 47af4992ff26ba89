//! With tracing off the executor's hot paths allocate nothing they do not need: re-polling a
//! task allocates nothing at all, and a spawn allocates the task (its future and join slot in
//! one cell) and nothing more: not its waker, whose data is an entry of a table, nor its name,
//! which only events show. The benchmark's executor rows
//! (`cargo xtask bench`) depend on this; a counting allocator shows it here.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pollscope_executor::{Executor, Limits, MainEnd, RunEnd, yield_now};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations (and reallocations) `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// Runs a task that yields `yields` times, tracing off; returns the allocations of the run.
fn yielding_run(yields: usize) -> usize {
    let executor = Executor::new();
    executor.set_tracing(false);
    executor.spawn("main", async move {
        for _ in 0..yields {
            yield_now().await;
        }
    });
    allocations(|| assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready)))
}

#[test]
fn with_tracing_off_a_re_poll_allocates_nothing() {
    // The same run but 9,000 polls longer allocates not one byte more.
    assert_eq!(yielding_run(10_000), yielding_run(1_000));
}

#[test]
fn with_tracing_off_a_spawn_allocates_only_the_task() {
    const TASKS: usize = 1_000;
    let executor = Executor::with_limits(Limits { max_tasks: 2 * TASKS, ..Limits::default() });
    executor.set_tracing(false);
    // `main` yields once, so that the run (which ends with `main`) polls every task.
    executor.spawn("main", yield_now());
    let spawned = allocations(|| {
        for _ in 0..TASKS {
            executor.spawn("empty", async {});
        }
    });
    // One per task, and the executor's lists growing by doubling (about 10 each, and the
    // waker table's chunks).
    assert!(spawned >= TASKS, "{spawned} allocations");
    assert!(spawned <= TASKS + 64, "{spawned} allocations for {TASKS} spawns");
    let ran = allocations(|| assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready)));
    assert_eq!(ran, 0, "running the tasks to the end allocated");
    let polls = executor.trace().events.len();
    assert_eq!(polls, 0, "tracing was off");
}
