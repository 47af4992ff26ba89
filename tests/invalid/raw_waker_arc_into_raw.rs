// An Arc turned into a RawWaker's data pointer is outside the subset: the diagnostic says to implement Wake.
use std::sync::Arc;
use std::task::{RawWaker, RawWakerVTable, Waker};
struct Task;
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake, drop_it);
fn clone(p: *const ()) -> RawWaker { RawWaker::new(p, &VTABLE) }
fn wake(_: *const ()) {}
fn drop_it(p: *const ()) { unsafe { drop(Arc::from_raw(p as *const Task)) } }
fn main() {
    let t = Arc::new(Task);
    let w = unsafe { Waker::from_raw(RawWaker::new(Arc::into_raw(t) as *const (), &VTABLE)) };
    w.wake_by_ref();
}
