//! A single-threaded, deterministic executor that records every event of a run.
//!
//! This is the executor behind Pollscope: the same code runs programs compiled by rustc and
//! programs interpreted in the browser, and the [`Trace`] it records is what the playground
//! shows and what the tests compare. It is pure Rust: no DOM, no wasm-bindgen, no wall clock.
//!
//! # A task's life, as the trace records it
//!
//! ```text
//! spawn ──> (queued) ──> poll ──> pending ──> ... wake ──> (queued) ──> poll ──> ready
//!                                    │                                    └────> panic
//!                                    └─ clone waker / set timer / print ...
//! ```
//! Each arrow is one trace hook in [`executor`](Executor): `spawn` when a task is created,
//! `poll` when the executor calls its `poll`, `pending`/`ready`/`panic` when that returns,
//! `wake` when any of its wakers is called (by a task, a timer or the outside), and, between
//! them, what the task did. When no task is runnable the virtual clock jumps to the next timer
//! (`advance`, `fire timer`); when nothing can ever run again the run `stall`s, naming each
//! `stuck` task and whether a waker for it is still alive.
//!
//! # Example
//! ```
//! use pollscope_executor::{Executor, join, sleep, print};
//!
//! let executor = Executor::new();
//! executor.spawn("main", async {
//!     join(sleep(100), sleep(50)).await;
//!     print("both done\n");
//! });
//! executor.run();
//! // Joined sleeps overlap: the run takes 100ms, not 150ms.
//! assert!(executor.trace().to_string().contains("100ms print #1 \"both done\""));
//! ```

pub mod combinators;
mod context;
mod core;
mod executor;
mod location;
mod names;
mod promise;
pub mod replay;
mod rt;
pub mod stream;
pub mod sync;
mod task;
mod text;
mod trace;
mod unwind;
mod waker;

pub use crate::context::{
    current_task, details_wanted, future_drop, future_enter, future_exit, future_new, future_spawned, halt, halt_error,
    is_halted, own_context_next, polling, record_detail, record_lint, trace_bytes, wakers_held,
};
pub use crate::executor::{Due, Executor, Limits, PromiseHook, RunEnd};
pub use crate::location::set_location;
pub use crate::names::task_name;
pub use crate::promise::{HostPromise, USER_DEFAULT_MS, promise, user_promise};
pub use crate::rt::{Instant, Join, Sleep, SleepTime, YieldNow, duration_millis, join, print, sleep, yield_now};
pub use crate::task::{JoinHandle, spawn, spawn_named};
pub use crate::text::Text;
pub use crate::trace::{
    Event, EventKind, FutureEnter, FutureExit, FutureId, FutureKind, FutureNew, FutureState, LimitKind, MainEnd,
    PollResult, PolledBy, PromiseId, TaskId, TimerId, Trace, WakeEffect, WakeHow, WakeSource, WakerOp,
};
pub use crate::unwind::{panic_pending, raise, set_unwinding, take_panic, unwinding};
pub use crate::waker::{unreported_clone, waker_task};
