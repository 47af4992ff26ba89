// Pinning: `Box::pin`, `Pin::new` on an `Unpin` future, `as_mut`, `get_mut`, `Pin::set`,
// `std::pin::pin!`, and a hand-written future taking `mut self: Pin<&mut Self>`.
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

struct Ticks {
    left: u32,
}

impl Future for Ticks {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.left == 0 {
            return Poll::Ready("ticked out");
        }
        println!("tick, {} left", self.left);
        self.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn answer(n: u32) -> u32 {
    yield_now().await;
    n * 2
}

async fn main() {
    let boxed: Pin<Box<dyn Future<Output = u32>>> = Box::pin(answer(21));
    println!("boxed: {}", boxed.await);

    let mut ticks = Ticks { left: 2 };
    let reset = Pin::new(&mut ticks).get_mut();
    reset.left = 3;
    println!("after get_mut: {} ticks", ticks.left);
    let out = Pin::new(&mut ticks).await;
    println!("Pin::new: {}", out);

    let mut pinned = Box::pin(Ticks { left: 1 });
    println!("as_mut: {}", pinned.as_mut().await);
    pinned.set(Ticks { left: 2 });
    println!("after set: {}", pinned.await);

    let fut = pin!(async {
        sleep(10).await;
        "pinned on the stack"
    });
    println!("{}", fut.await);

    let mut on_stack = pin!(answer(5));
    let first = on_stack.as_mut().await;
    println!("pin! + as_mut: {}", first);
}
