// A hand-written join: poll both children every time, keep their outputs until both are done.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Join2 {
    left: Pin<Box<dyn Future<Output = u32>>>,
    right: Pin<Box<dyn Future<Output = u32>>>,
    left_out: Option<u32>,
    right_out: Option<u32>,
}

impl Future for Join2 {
    type Output = (u32, u32);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<(u32, u32)> {
        let this = &mut *self;
        if this.left_out.is_none() {
            if let Poll::Ready(v) = this.left.as_mut().poll(cx) {
                println!("left ready: {}", v);
                this.left_out = Some(v);
            }
        }
        if this.right_out.is_none() {
            if let Poll::Ready(v) = Pin::new(&mut this.right).poll(cx) {
                println!("right ready: {}", v);
                this.right_out = Some(v);
            }
        }
        match (this.left_out, this.right_out) {
            (Some(l), Some(r)) => Poll::Ready((l, r)),
            _ => Poll::Pending,
        }
    }
}

async fn slow(ms: u64, value: u32) -> u32 {
    sleep(ms).await;
    value
}

async fn main() {
    let joined = Join2 {
        left: Box::pin(slow(30, 1)),
        right: Box::pin(slow(10, 2)),
        left_out: None,
        right_out: None,
    };
    let (l, r) = joined.await;
    println!("both: {} {}", l, r);
}
