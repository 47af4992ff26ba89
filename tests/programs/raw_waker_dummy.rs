// blog_os's "Async/Await" post: a dummy RawWaker for a simple executor.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

fn dummy_raw_waker() -> RawWaker {
    fn no_op(_: *const ()) {}
    fn clone(_: *const ()) -> RawWaker {
        dummy_raw_waker()
    }

    let vtable = &RawWakerVTable::new(clone, no_op, no_op, no_op);
    RawWaker::new(0 as *const (), vtable)
}

fn dummy_waker() -> Waker {
    unsafe { Waker::from_raw(dummy_raw_waker()) }
}

struct Counter {
    left: u32,
}

impl Future for Counter {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.left == 0 {
            return Poll::Ready("done");
        }
        self.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn main() {
    let waker = dummy_waker();
    let mut cx = Context::from_waker(&waker);
    let mut fut = Box::pin(Counter { left: 3 });
    let mut polls = 1;
    loop {
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(v) => {
                println!("{v} after {polls} polls");
                break;
            }
            Poll::Pending => polls += 1,
        }
    }
}
