// A RawWaker whose data points to a counter of wakes; each vtable function says when it runs.
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

fn clone(data: *const ()) -> RawWaker {
    println!("clone");
    RawWaker::new(data, &VTABLE)
}

fn wake(data: *const ()) {
    println!("wake (by value)");
    wake_by_ref(data);
}

fn wake_by_ref(data: *const ()) {
    let wakes = unsafe { &*(data as *const Cell<u32>) };
    wakes.set(wakes.get() + 1);
    println!("wake_by_ref: {} wakes", wakes.get());
}

fn drop_waker(_: *const ()) {
    println!("drop");
}

struct Later {
    waker: Option<Waker>,
    polls: u32,
}

impl Future for Later {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        if let Some(w) = self.waker.take() {
            w.wake();
            return Poll::Ready(self.polls);
        }
        self.waker = Some(cx.waker().clone());
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn main() {
    let wakes = Cell::new(0u32);
    let raw = RawWaker::new(&wakes as *const Cell<u32> as *const (), &VTABLE);
    let waker = unsafe { Waker::from_raw(raw) };
    let mut cx = Context::from_waker(&waker);
    let mut fut = Box::pin(Later { waker: None, polls: 0 });
    loop {
        if let Poll::Ready(n) = fut.as_mut().poll(&mut cx) {
            println!("ready after {n} polls, {} wakes", wakes.get());
            break;
        }
    }
    let other = waker.clone();
    drop(other);
    println!("end of main");
}
