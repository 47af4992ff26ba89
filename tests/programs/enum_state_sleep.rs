// A future written as an enum state machine, the way rustc lowers an async fn, holding a boxed
// sleep across its Pending.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

enum Delayed {
    Start { value: u32 },
    Waiting { value: u32, timer: Pin<Box<Sleep>> },
    Done,
}

impl Future for Delayed {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        loop {
            match &mut *self {
                Delayed::Start { value } => {
                    println!("start: sleeping 40ms");
                    let value = *value;
                    *self = Delayed::Waiting { value, timer: Box::pin(sleep(40)) };
                }
                Delayed::Waiting { value, timer } => {
                    if timer.as_mut().poll(cx).is_pending() {
                        println!("waiting");
                        return Poll::Pending;
                    }
                    let value = *value;
                    *self = Delayed::Done;
                    return Poll::Ready(value * 10);
                }
                Delayed::Done => panic!("Delayed polled after completion"),
            }
        }
    }
}

async fn main() {
    let out = Delayed::Start { value: 4 }.await;
    println!("got {}", out);
}
