// A buggy combinator polls its child again after the child returned Ready.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Twice {
    child: JoinHandle<u32>,
}

impl Future for Twice {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        match Pin::new(&mut self.child).poll(cx) {
            Poll::Ready(v) => {
                println!("child gave {}, polling it once more", v);
                // Bug: a future must not be polled after it returned Ready.
                let again = Pin::new(&mut self.child).poll(cx);
                println!("second poll returned {}", again.is_ready());
                Poll::Ready(v)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

async fn answer() -> u32 {
    42
}

async fn main() {
    let v = Twice { child: spawn(answer()) }.await;
    println!("never printed {}", v);
}
