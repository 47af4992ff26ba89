// A hand-written select: race two futures, return the first result and drop the loser, which
// cancels its timer.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

enum Either {
    Left(&'static str),
    Right(u32),
}

struct Select {
    left: Pin<Box<dyn Future<Output = &'static str>>>,
    right: Pin<Box<dyn Future<Output = u32>>>,
}

impl Future for Select {
    type Output = Either;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Either> {
        if let Poll::Ready(v) = self.left.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(v));
        }
        if let Poll::Ready(v) = self.right.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(v));
        }
        Poll::Pending
    }
}

async fn download() -> &'static str {
    println!("download starts");
    sleep(100).await;
    println!("download finished");
    "data"
}

async fn timeout(ms: u64) -> u32 {
    sleep(ms).await;
    println!("timeout after {}ms", ms);
    ms as u32
}

async fn main() {
    let race = Select { left: Box::pin(download()), right: Box::pin(timeout(30)) };
    match race.await {
        Either::Left(data) => println!("got {}", data),
        Either::Right(ms) => println!("timed out at {}ms; the download was dropped", ms),
    }
    let fast = Select { left: Box::pin(download()), right: Box::pin(timeout(500)) };
    match fast.await {
        Either::Left(data) => println!("got {} in time", data),
        Either::Right(_) => println!("unexpected timeout"),
    }
    println!("main done");
}
