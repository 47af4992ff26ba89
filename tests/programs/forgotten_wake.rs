// A future that returns Pending but never arranges to be woken: the run stalls.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Forgetful {
    polled: bool,
}

impl Future for Forgetful {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        println!("not ready yet, but I told no one");
        // Bug: no cx.waker().wake_by_ref() and no waker stored anywhere.
        Poll::Pending
    }
}

async fn main() {
    println!("waiting");
    Forgetful { polled: false }.await;
    println!("never printed");
}
