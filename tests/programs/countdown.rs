// A hand-written future that counts down, waking itself each time it returns Pending.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Countdown {
    left: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.left == 0 {
            return Poll::Ready("liftoff");
        }
        println!("{} left", self.left);
        self.left -= 1;
        // Without this call nobody would ever poll us again.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn main() {
    let message = Countdown { left: 3 }.await;
    println!("{}", message);
}
