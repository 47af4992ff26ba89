// Waker::from_raw is an unsafe fn: calling it outside `unsafe` is E0133.
use std::task::{RawWaker, RawWakerVTable, Waker};

fn no_op(_: *const ()) {}
fn clone(_: *const ()) -> RawWaker {
    RawWaker::new(std::ptr::null(), &VTABLE)
}
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, no_op, no_op, no_op);

fn main() {
    let waker = Waker::from_raw(clone(std::ptr::null()));
    waker.wake();
}
