//! An executor frees everything it allocated once it and the wakers handed out are gone, however
//! its run ended: a waker kept inside the executor's own state (a pending host promise's, a
//! timer's) must not keep that state alive. A counting allocator shows it: the bytes live on
//! this thread before the executor is made are live again after it is dropped.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pollscope_executor::{
    Executor, Limits, MainEnd, RunEnd, promise, sleep, spawn, unreported_clone, user_promise, yield_now,
};

struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed on this thread.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn add(bytes: isize) {
    // `try_with`: the allocator also runs while the thread's locals are torn down.
    let _ = LIVE.try_with(|n| n.set(n.get() + bytes));
}

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as isize);
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as isize));
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(new_size as isize - layout.size() as isize);
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bytes still live on this thread after `f` made an executor, ran it and dropped it.
fn leaked(f: impl FnOnce() -> RunEnd) -> isize {
    // One run first, so that lazily made thread-locals (the current executor's slot, ...) exist
    // before counting.
    let warm = Executor::new();
    warm.spawn("main", async {});
    warm.run();
    drop(warm);
    let before = LIVE.with(Cell::get);
    f();
    LIVE.with(Cell::get) - before
}

#[test]
fn a_finished_run_frees_everything() {
    let leaked = leaked(|| {
        let executor = Executor::new();
        executor.spawn("main", async {
            let p = promise(10, 1u8);
            sleep(5).await;
            p.await;
        });
        executor.run()
    });
    assert_eq!(leaked, 0);
}

#[test]
fn a_task_left_awaiting_a_host_promise_does_not_keep_the_executor_alive() {
    let leaked = leaked(|| {
        let executor = Executor::new();
        executor.spawn("main", async {
            // The promise's waker is stored in the executor's state; `main` returns first, so
            // the run closes with the task still waiting on it.
            spawn(async {
                promise(1_000, ()).await;
            });
            sleep(10).await;
        });
        let end = executor.run();
        assert_eq!(end, RunEnd::Done(MainEnd::Ready));
        end
    });
    assert_eq!(leaked, 0);
}

#[test]
fn a_main_left_awaiting_a_users_promise_does_not_keep_the_executor_alive() {
    let leaked = leaked(|| {
        let executor = Executor::new();
        executor.spawn("main", async {
            user_promise("Go?").await;
        });
        // Stopped before the user's promise settles: the executor is dropped mid-run.
        executor.run_until_stalled();
        RunEnd::Done(MainEnd::Ready)
    });
    assert_eq!(leaked, 0);
}

/// Wakes its task by value through a quiet clone of the waker, then is ready.
struct WakeQuietly(bool);

impl Future for WakeQuietly {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        unreported_clone(cx.waker()).wake();
        Poll::Pending
    }
}

#[test]
fn a_quiet_waker_woken_by_value_frees_its_count_and_leaves_the_live_count_alone() {
    let leaked = leaked(|| {
        let executor = Executor::new();
        executor.spawn("main", WakeQuietly(false));
        let end = executor.run();
        let trace = executor.trace().to_string();
        // The quiet clone stands for a borrowed waker and was never counted as alive: its wake
        // is recorded as by reference, and the count stays at 0 (not wrapped below it, which
        // panics in a debug build).
        assert!(trace.contains("0ms wake_by_ref #1 by #1\n0ms pending #1\n0ms poll #1\n"), "{trace}");
        assert!(!trace.contains("alive"), "no waker was ever alive:\n{trace}");
        end
    });
    assert_eq!(leaked, 0);
}

/// Tasks whose `ready` events carry texts long enough to live on the heap, and short ones.
fn texts_run(max_events: usize) -> (RunEnd, String) {
    let executor = Executor::with_limits(Limits { max_events, ..Limits::default() });
    executor.spawn("main", async {
        let mut total = 0;
        for i in 0..4u32 {
            let handle = spawn(async move {
                yield_now().await;
                format!("a text too long for the word, number {i}")
            });
            total += handle.await.len();
        }
        total
    });
    let end = executor.run();
    (end, executor.trace().to_string())
}

#[test]
fn an_event_cut_off_by_the_event_limit_is_dropped_and_never_shown() {
    let (end, full) = texts_run(Limits::default().max_events);
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    let events = full.lines().count();
    assert!(full.contains("\"a text too long for the word, number 3\""), "{full}");
    // At every limit the run stops at an event that was built and then left out (a `ready`
    // with a long text among them): what it shows before the limit is the full run's start,
    // and nothing it built is left behind.
    for max_events in 2..events {
        // Whether what the limited run shows is the full run's start (decided inside, so that
        // no text outlives the count).
        let mut agrees = false;
        // A run that halts inside a poll unwinds it: the first unwind on a thread sets up what
        // std and the executor's panic hook keep for good. Counted from the second run on.
        texts_run(max_events);
        let leaked = leaked(|| {
            let (end, shown) = texts_run(max_events);
            let kept: Vec<&str> = shown.lines().filter(|l| !l.contains("limit")).collect();
            agrees = kept.len() < max_events && full.lines().take(kept.len()).eq(kept.iter().copied());
            end
        });
        assert!(agrees, "limit {max_events}:\n{}\nthe full run:\n{full}", texts_run(max_events).1);
        assert_eq!(leaked, 0, "limit {max_events}");
    }
}
