//! Program panics, with or without unwinding.
//!
//! Natively a panic inside a task unwinds to the executor, which records it. A wasm build uses
//! `panic = "abort"`, where unwinding would end the whole page, so there a program panic (from
//! the interpreter, or from a runtime future such as `JoinHandle`) is *raised* instead: recorded
//! in a per-thread slot, after which every poll on the way up returns `Pending` at once and the
//! executor picks the panic up when the task's poll returns. Both give the same trace. Tests
//! switch a native thread to the slot with [`set_unwinding`] to check that.

use std::cell::{Cell, RefCell};

thread_local! {
    static UNWINDING: Cell<bool> = const { Cell::new(cfg!(panic = "unwind")) };
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether program panics unwind on this thread.
pub fn unwinding() -> bool {
    UNWINDING.with(Cell::get)
}

/// Chooses how program panics travel on this thread. Without `panic = "unwind"` they can only
/// be raised through the slot, whatever is asked.
pub fn set_unwinding(on: bool) {
    UNWINDING.with(|u| u.set(on && cfg!(panic = "unwind")));
}

/// Raises a program panic with `message`. When unwinding, this does not return. Otherwise the
/// panic is pending and the caller must return `Poll::Pending` at once.
pub fn raise(message: String) {
    if unwinding() {
        std::panic::resume_unwind(Box::new(message));
    }
    PENDING.with(|p| *p.borrow_mut() = Some(message));
}

/// Whether a raised panic is on its way to the executor: code that polls several futures in
/// turn (a `join`) stops polling and returns `Pending`.
pub fn panic_pending() -> bool {
    PENDING.with(|p| p.borrow().is_some())
}

/// Takes the raised panic, if any (the executor after a poll; the interpreter after it polled
/// a Rust future, to unwind its own frames).
pub fn take_panic() -> Option<String> {
    PENDING.with(|p| p.borrow_mut().take())
}
