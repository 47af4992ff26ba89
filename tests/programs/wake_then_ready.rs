// A future that wakes its task and then returns Ready in the same poll: the wake is recorded,
// but a finished task is never polled again.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct EagerWake;

impl Future for EagerWake {
    type Output = u8;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        cx.waker().wake_by_ref();
        Poll::Ready(7)
    }
}

async fn main() {
    let handle = spawn(EagerWake);
    yield_now().await;
    println!("eager task gave {}", handle.await);
}
