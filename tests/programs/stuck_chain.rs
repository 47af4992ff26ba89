// main awaits a task that forgot to arrange a wake: both are stuck, for different reasons.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Never;

impl Future for Never {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<u32> {
        Poll::Pending
    }
}

async fn fetch() -> u32 {
    println!("fetching");
    Never.await
}

async fn main() {
    let handle = spawn(fetch());
    // main's waker now sits in the JoinHandle, alive, waiting for a wake that never comes.
    let value = handle.await;
    println!("never printed {}", value);
}
