// A future that wakes itself a thousand times on every poll, forever.
// ends: limit events 200000
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Storm;

impl Future for Storm {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        for _ in 0..1000 {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

async fn main() {
    Storm.await;
}
