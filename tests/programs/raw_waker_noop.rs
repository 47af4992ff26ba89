use std::task::{RawWaker, RawWakerVTable, Waker};

fn no_op(_: *const ()) {}

fn clone(_: *const ()) -> RawWaker {
    noop_raw_waker()
}

fn noop_raw_waker() -> RawWaker {
    let vtable = &RawWakerVTable::new(clone, no_op, no_op, no_op);
    RawWaker::new(std::ptr::null(), vtable)
}

fn main() {
    let waker = unsafe { Waker::from_raw(noop_raw_waker()) };
    waker.wake_by_ref();
}
