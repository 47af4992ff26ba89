//! The source position of the code running now, for the events it causes.
//!
//! The interpreter sets it before each instruction that can cause an event (a call, a poll, a
//! drop), so a UI can highlight the line behind each event. Native programs leave it unset.

use std::cell::Cell;

thread_local! {
    static LOCATION: Cell<Option<(u32, u32)>> = const { Cell::new(None) };
}

/// Sets the source position (line, column) of the code running now, or clears it. Inlined:
/// the interpreter calls it before every instruction that may cause an event.
#[inline]
pub fn set_location(at: Option<(u32, u32)>) {
    LOCATION.with(|l| l.set(at));
}

#[inline]
pub(crate) fn get() -> Option<(u32, u32)> {
    LOCATION.with(Cell::get)
}
