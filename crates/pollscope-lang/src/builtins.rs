//! The functions of std and of the prelude that the interpreter implements, as one typed list
//! shared by the compiler and the VM: the compiler resolves a call's path to a [`Builtin`] (or
//! reports it at its span), the VM matches on it exhaustively, so nothing `check` accepts can be
//! "not supported" at run time.

/// A built-in function, resolved from its path at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    // The prelude: the executor's own functions.
    Spawn,
    Sleep,
    YieldNow,
    Promise,
    UserPromise,
    Join,
    // std::future
    Pending,
    Ready,
    PollFn,
    // std::mem and drop
    Drop,
    MemReplace,
    MemTake,
    MemSwap,
    // std::cmp
    Max,
    Min,
    // Pointers and cells
    RcNew,
    ArcNew,
    RcClone,
    RcStrongCount,
    RcPtrEq,
    BoxNew,
    BoxPin,
    PinNew,
    PinIntoInner,
    RefCellNew,
    CellNew,
    MutexNew,
    // Collections and text
    VecNew,
    VecWithCapacity,
    VecDequeNew,
    StringNew,
    StringFrom,
    // std::time::Duration
    DurationNew,
    DurationFromSecs,
    DurationFromMillis,
    DurationFromMicros,
    DurationFromNanos,
    // What macros and coercions compile to (no path names them).
    /// `println!`/`print!`: the formatted text as a `print` event.
    Print,
    /// `vec![..]`: the array literal as a `Vec`.
    VecFromArray,
    /// `assert_eq!` / `assert_ne!`: (left, right[, message]).
    AssertEq,
    AssertNe,
    /// A `Box<impl Future>` coerced to `Box<dyn Future>`.
    EraseFuture,
    WakerNoop,
    WakerFrom,
    ContextFromWaker,
    InstantNow,
    PinNewUnchecked,
    PtrNull,
    TokioSpawn,
    SleepUntil,
    Timeout,
    Interval,
    MpscChannel,
    UnboundedChannel,
    OneshotChannel,
    /// What `join!` and `select!` compile to.
    TokioJoin,
    TokioMutexNew,
    /// `futures::join!` (in order) and `futures::future::join_all`.
    JoinInOrder,
    JoinAll,
    NotifyNew,
    TokioSelect,
    /// What the futures crate's `select!`/`select_biased!` compile to.
    FuturesSelect,
    FuseTerminated,
    IsTerminated,
    StreamIter,
    StreamOnce,
    StreamUnfold,
    RawWakerVTableNew,
    RawWakerNew,
    /// `unsafe`: a call outside `unsafe` is E0133.
    WakerFromRaw,
    /// What `.await` does first: `IntoFuture::into_future` of a value of the program's type
    /// with `impl IntoFuture` (no path: the compiler emits it).
    IntoFuture,
}

/// Every path a program may call a [`Builtin`] by, as its last one or two segments
/// (`std::mem::swap` is found as `mem::swap`; prelude functions also by a single name).
pub const PATHS: &[(&str, Builtin)] = &[
    ("spawn", Builtin::Spawn),
    ("sleep", Builtin::Sleep),
    ("yield_now", Builtin::YieldNow),
    ("promise", Builtin::Promise),
    ("user_promise", Builtin::UserPromise),
    ("join", Builtin::Join),
    ("pending", Builtin::Pending),
    ("future::pending", Builtin::Pending),
    ("ready", Builtin::Ready),
    ("future::ready", Builtin::Ready),
    ("poll_fn", Builtin::PollFn),
    ("future::poll_fn", Builtin::PollFn),
    ("drop", Builtin::Drop),
    ("mem::drop", Builtin::Drop),
    ("mem::replace", Builtin::MemReplace),
    ("mem::take", Builtin::MemTake),
    ("mem::swap", Builtin::MemSwap),
    ("cmp::max", Builtin::Max),
    ("cmp::min", Builtin::Min),
    ("Rc::new", Builtin::RcNew),
    ("Arc::new", Builtin::ArcNew),
    ("Rc::clone", Builtin::RcClone),
    ("Arc::clone", Builtin::RcClone),
    ("Rc::strong_count", Builtin::RcStrongCount),
    ("Arc::strong_count", Builtin::RcStrongCount),
    ("Rc::ptr_eq", Builtin::RcPtrEq),
    ("Box::new", Builtin::BoxNew),
    ("Box::pin", Builtin::BoxPin),
    ("Pin::new", Builtin::PinNew),
    ("Pin::into_inner", Builtin::PinIntoInner),
    ("RefCell::new", Builtin::RefCellNew),
    ("Cell::new", Builtin::CellNew),
    ("Mutex::new", Builtin::MutexNew),
    ("Vec::new", Builtin::VecNew),
    ("Vec::with_capacity", Builtin::VecWithCapacity),
    ("VecDeque::new", Builtin::VecDequeNew),
    ("String::new", Builtin::StringNew),
    ("String::from", Builtin::StringFrom),
    ("Duration::new", Builtin::DurationNew),
    ("Duration::from_secs", Builtin::DurationFromSecs),
    ("Duration::from_millis", Builtin::DurationFromMillis),
    ("Duration::from_micros", Builtin::DurationFromMicros),
    ("Duration::from_nanos", Builtin::DurationFromNanos),
    ("Waker::noop", Builtin::WakerNoop),
    ("Waker::from", Builtin::WakerFrom),
    ("Context::from_waker", Builtin::ContextFromWaker),
    ("Instant::now", Builtin::InstantNow),
    ("Pin::new_unchecked", Builtin::PinNewUnchecked),
    ("ptr::null", Builtin::PtrNull),
    ("ptr::null_mut", Builtin::PtrNull),
    // tokio's, on the same executor (see `vm/tokio.rs`).
    ("tokio::spawn", Builtin::TokioSpawn),
    ("task::spawn", Builtin::TokioSpawn),
    ("task::yield_now", Builtin::YieldNow),
    ("time::sleep", Builtin::Sleep),
    ("time::sleep_until", Builtin::SleepUntil),
    ("sleep_until", Builtin::SleepUntil),
    ("time::timeout", Builtin::Timeout),
    ("timeout", Builtin::Timeout),
    ("time::interval", Builtin::Interval),
    ("interval", Builtin::Interval),
    ("mpsc::channel", Builtin::MpscChannel),
    ("mpsc::unbounded_channel", Builtin::UnboundedChannel),
    ("unbounded_channel", Builtin::UnboundedChannel),
    ("oneshot::channel", Builtin::OneshotChannel),
    ("__pollscope::join", Builtin::TokioJoin),
    ("Notify::new", Builtin::NotifyNew),
    ("__pollscope::join_in_order", Builtin::JoinInOrder),
    ("future::join_all", Builtin::JoinAll),
    ("join_all", Builtin::JoinAll),
    // `tokio::sync::Mutex::new` (also `Mutex::new` with tokio's `Mutex` imported: the compiler
    // picks it).
    ("__pollscope::tokio_mutex", Builtin::TokioMutexNew),
    ("__pollscope::select", Builtin::TokioSelect),
    ("__pollscope::select_fused", Builtin::FuturesSelect),
    ("Fuse::terminated", Builtin::FuseTerminated),
    ("FusedFuture::is_terminated", Builtin::IsTerminated),
    ("stream::iter", Builtin::StreamIter),
    ("stream::once", Builtin::StreamOnce),
    ("stream::unfold", Builtin::StreamUnfold),
    ("unfold", Builtin::StreamUnfold),
    ("RawWakerVTable::new", Builtin::RawWakerVTableNew),
    ("RawWaker::new", Builtin::RawWakerNew),
    ("Waker::from_raw", Builtin::WakerFromRaw),
];

/// Why `Arc::into_raw` and its kin are refused (the data of a `RawWaker` made from an `Arc`).
const RAW_ARC: &str = "`Arc`s as raw pointers are not in Pollscope's subset (its pointers are places, and an \
                       `Arc`'s count would be lost): for a waker that holds an `Arc`, implement \
                       `std::task::Wake` and make it with `Waker::from(arc)`; a `RawWaker`'s data may be \
                       `ptr::null()` or `&x as *const T as *const ()`";

/// Paths of std that programs meet but the interpreter does not run (yet): calling one is a
/// diagnostic that says so and what to use instead, rather than "cannot find function".
pub const NOT_YET: &[(&str, &str)] = &[
    (
        "thread::spawn",
        "Pollscope runs one thread, the executor's: to run code concurrently, `spawn(async { .. })` a task",
    ),
    ("thread::sleep", "`thread::sleep` would block the executor: in async code, `sleep(ms).await`"),
    ("Arc::into_raw", RAW_ARC),
    ("Arc::from_raw", RAW_ARC),
    ("Arc::increment_strong_count", RAW_ARC),
    ("Arc::decrement_strong_count", RAW_ARC),
    ("Rc::into_raw", RAW_ARC),
    ("Rc::from_raw", RAW_ARC),
    (
        "executor::block_on",
        "the executor already runs `main` as task #1: make it `async fn main()` and `.await` the future there (or \
         write your own `block_on` with `Context::from_waker`, as the gallery's example does)",
    ),
];

/// What to say about a path of [`NOT_YET`].
pub fn not_yet(key: &str) -> Option<&'static str> {
    NOT_YET.iter().find(|(path, _)| *path == key).map(|&(_, message)| message)
}

impl Builtin {
    /// The built-in a path's key (its last one or two segments) names.
    pub fn from_path(key: &str) -> Option<Builtin> {
        PATHS.iter().find(|(path, _)| *path == key).map(|&(_, b)| b)
    }

    /// Whether a single-segment prelude name (`pollscope::prelude::sleep` is found as `sleep`).
    pub fn is_prelude(key: &str) -> bool {
        matches!(
            Builtin::from_path(key),
            Some(
                Builtin::Spawn
                    | Builtin::Sleep
                    | Builtin::YieldNow
                    | Builtin::Promise
                    | Builtin::UserPromise
                    | Builtin::Join
            )
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (path, _) in PATHS {
            assert!(seen.insert(*path), "{path} twice");
        }
        for (path, _) in NOT_YET {
            assert!(Builtin::from_path(path).is_none(), "{path} is both built in and not yet");
        }
    }
}

/// Every name the VM's method tables mention (generated by `build.rs` from `src/vm/methods/`
/// and `src/vm/tokio.rs`): a method call whose name is not here, nor a method of the
/// program's types, cannot be answered at run time, so `check` reports it.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/vm_method_names.rs"));
}

/// Whether the VM has a method (of some std type) named `name`.
pub fn vm_has_method(name: &str) -> bool {
    generated::VM_METHOD_NAMES.binary_search(&name).is_ok()
}
