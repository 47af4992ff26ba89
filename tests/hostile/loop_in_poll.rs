// A hand-written future whose poll never returns.
// ends: limit fuel 10000000 at 14:13
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Spin;

impl Future for Spin {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        let mut n: u64 = 0;
        loop {
            n = n.wrapping_add(1);
        }
    }
}

async fn main() {
    Spin.await;
}
