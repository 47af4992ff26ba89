//! The examples gallery. Every example is a program of the test corpus (`tests/programs/`), so
//! each one is checked both ways - interpreted and compiled by rustc - by the test suite.

/// One example of the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable id (the corpus file name), used in URLs and tests.
    pub id: &'static str,
    pub title: &'static str,
    /// Two or three sentences shown beside the editor.
    pub explanation: &'static str,
    pub source: &'static str,
}

macro_rules! example {
    ($id:literal, $title:literal, $explanation:literal) => {
        Example {
            id: $id,
            title: $title,
            explanation: $explanation,
            source: include_str!(concat!("../../../tests/programs/", $id, ".rs")),
        }
    };
}

/// The gallery, in the order a learner meets the ideas: polling, pinning, futures first.
pub const EXAMPLES: &[Example] = &[
    example!(
        "polling",
        "Polling",
        "Nothing runs a future but `poll`, and the executor only polls a task after something woke it. Step through and watch each `wake` put the task back in the run queue before its next `poll`."
    ),
    example!(
        "pinning",
        "Pinning",
        "This `async fn` keeps a reference to its own local across an `.await`, so it points into itself. Once polled it must never move: `Box::pin` and `pin!` guarantee that, which is why `poll` takes `Pin<&mut Self>`. The state machine view shows the self-reference."
    ),
    example!(
        "self_referential",
        "A self-referential struct",
        "The Async Book's pinning chapter: `b` is a raw pointer to the struct's own field `a`. Swap two of them and `b` still points at the old place. With `PhantomPinned` the type is `!Unpin`: once pinned with `Pin::new_unchecked` or `Box::pin`, safe code can no longer move it (try `Pin::new(&mut p1)`)."
    ),
    example!(
        "countdown",
        "Future and poll",
        "A hand-written `impl Future`: each `poll` either finishes with `Ready` or returns `Pending` after waking itself, so the executor polls it again. Remove the `wake_by_ref` call and see what happens."
    ),
    example!(
        "forgotten_wake",
        "A forgotten wake",
        "This future returns `Pending` without arranging for anyone to wake it. The executor has nothing left to run and no timer to wait for: the run stalls, and the diagnosis names the lost waker."
    ),
    example!(
        "async_state_machine",
        "async fn as a state machine",
        "The compiler turns an `async fn` into a state machine with one state per `.await`. Step through and watch `brew` move from `Unresumed` through `Suspend0..2` to `Returned`, keeping only the locals it still needs."
    ),
    example!(
        "sequential_vs_join",
        "Sequential vs join",
        "Awaiting two sleeps one after the other takes the sum of their times. `join` polls both in the same task, so their timers overlap and it takes only as long as the longer one."
    ),
    example!(
        "spawn_yield",
        "spawn and JoinHandle",
        "`spawn` creates a new task that the executor runs on its own; its `JoinHandle` is a future that completes with the task's output. `yield_now` lets the other tasks take a turn."
    ),
    example!(
        "join_combinator",
        "A hand-written join",
        "A combinator is just a future that polls other futures: this `Join2` polls both children every time it is polled, with `Pin::new(&mut ..).poll(cx)` and `.as_mut().poll(cx)`, and keeps their outputs until both are ready."
    ),
    example!(
        "stored_waker",
        "A waker stored and woken by another task",
        "The future keeps a clone of its waker in shared state and returns `Pending`. Later another task sets the flag and calls `wake`: that is what puts the waiting task back in the run queue."
    ),
    example!(
        "never_yields",
        "A task that never yields",
        "A task that computes without any `.await` keeps every other task waiting until it returns. The polite task uses `yield_now` to give others a turn after each step."
    ),
    example!(
        "mailbox",
        "A mailbox channel",
        "A one-slot channel built from two wakers: the sender waits while the slot is full, the receiver while it is empty, and each wakes the other."
    ),
    example!(
        "block_on",
        "Build your own block_on",
        "An executor is a loop around `poll`. This `block_on` makes a `Waker` from its own `impl Wake`, a `Context` from it, pins the future and polls it until `Ready`; between polls it checks that someone called its waker. The polls it makes show in the future view, inside task #1."
    ),
    example!(
        "mini_tokio",
        "A mini-tokio with Wake",
        "The tokio tutorial's executor in forty lines: each task is an `Arc<Task>` whose waker (from `impl Wake for Task`) pushes it back on the run queue. The receiver's waker travels to the sender, whose `wake` re-queues the receiver."
    ),
    example!(
        "select_cancel",
        "select! and cancellation",
        "`tokio::select!` polls several futures in one task and takes the first to finish. The others are dropped right there: a future does nothing unless polled, so dropping it is all it takes to cancel it. Each download's guard prints when its `Drop` runs."
    ),
    example!(
        "tokio_pipeline",
        "A tokio channel pipeline",
        "Written for tokio and run unchanged: two producers share a bounded `mpsc` channel whose `send` waits while it is full, a worker squares each job, and the total comes back over a `oneshot`. Its output is checked against real tokio with a paused clock."
    ),
    example!(
        "timer_order",
        "The virtual clock",
        "When no task is runnable, the clock jumps straight to the next timer. Timers fire by deadline, and timers with the same deadline fire in the order they were created."
    ),
    example!(
        "task_panic",
        "A panic in a task",
        "A panic ends only the task it happens in. Awaiting that task's `JoinHandle` panics in turn, here in `main`, which ends the run."
    ),
    example!(
        "host_promise",
        "Await a JS Promise",
        "`promise(ms, value)` is a Promise the host settles after `ms`, whether or not anyone awaits it yet. Turn on Live to run it against real JavaScript Promises and timers: the Promise settles, its callback wakes the Rust task, and the executor polls it."
    ),
    example!(
        "user_promise",
        "A Promise you resolve",
        "`main` waits on a Promise that only you can settle. Turn on Live, press Run, then Resolve or Reject it in the JavaScript promises panel while the ticker task keeps running."
    ),
    example!(
        "js_awaits_rust",
        "JavaScript awaits a Rust run",
        "The page's JavaScript can await Rust: `await window.pollscope.run(source)` returns a Promise that resolves when the run is over, with its trace, output and diagnostics. Try it in the browser console: `(await pollscope.run(document.querySelector('.cm-content').innerText)).output`."
    ),
    example!(
        "runaway",
        "A runaway task",
        "This future wakes itself forever. The run stops at the poll limit with a message instead of freezing the page; the limit is set by the `// pollscope-limits:` line."
    ),
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
