//! The Pollscope facade: what a playground program sees when it is compiled by rustc.
//!
//! A playground program is a file of `use` lines, items and an `async fn main()`, written
//! against [`prelude`]. Compiled natively, it runs on the same executor as in the browser:
//!
//! ```
//! use pollscope::prelude::*;
//! use pollscope::println;
//!
//! async fn main() {
//!     let (a, b) = join(async { sleep(30).await; 1 }, async { sleep(20).await; 2 }).await;
//!     println!("{} and {}", a, b);
//! }
//!
//! let trace = pollscope::run(main());
//! assert!(trace.to_string().contains("30ms print #1 \"1 and 2\""));
//! ```
//!
//! `println!` and `print!` are not in the prelude on purpose: a glob import of a macro named
//! like a std prelude macro is ambiguous (E0659). Import them by name, as above; the native
//! harness of `pollscope trace --native` brings them in with `#[macro_use] extern crate`.

pub use pollscope_executor::{Limits, Trace};

/// Everything a playground program may use without naming it.
pub mod prelude {
    pub use pollscope_executor::{
        HostPromise, Join, JoinHandle, Sleep, YieldNow, join, promise, sleep, spawn, user_promise, yield_now,
    };
    pub use std::future::Future;
    pub use std::pin::Pin;
    pub use std::task::{Context, Poll, Waker};
}

/// `std::time` with [`Instant`](pollscope_executor::Instant) on the virtual clock. The native
/// harness of `pollscope trace --native` compiles a program's `std::time` paths to this
/// module, so that `Instant::now()` and `elapsed()` read the clock the trace shows.
pub mod time {
    pub use pollscope_executor::Instant;
    pub use std::time::*;
}

/// Runs `main` as task `#1` named `main` until it finishes, stalls or hits a limit, and
/// returns the trace.
pub fn run<F>(main: F) -> Trace
where
    F: std::future::Future + 'static,
    F::Output: std::fmt::Debug + 'static,
{
    run_with_limits(main, Limits::default())
}

/// [`run`] with explicit limits.
pub fn run_with_limits<F>(main: F, limits: Limits) -> Trace
where
    F: std::future::Future + 'static,
    F::Output: std::fmt::Debug + 'static,
{
    let executor = pollscope_executor::Executor::with_limits(limits);
    executor.spawn("main", main);
    executor.run();
    executor.trace()
}

/// Like std's `println!`, but inside a task the line becomes a `print` event of the trace.
#[macro_export]
macro_rules! println {
    () => {
        $crate::__print("\n")
    };
    ($($arg:tt)*) => {
        $crate::__print(&::std::format!("{}\n", ::std::format_args!($($arg)*)))
    };
}

/// Like std's `print!`, but inside a task the text goes to the trace (one event per line).
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::__print(&::std::format!($($arg)*))
    };
}

#[doc(hidden)]
pub fn __print(text: &str) {
    pollscope_executor::print(text);
}
