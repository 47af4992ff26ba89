// pollscope-limits: polls=300
// A task that wakes itself forever: the poll limit ends the run instead of hanging.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Spin {
    polls: u64,
}

impl Future for Spin {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.polls += 1;
        if self.polls % 100 == 0 {
            println!("still spinning after {} polls", self.polls);
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn main() {
    Spin { polls: 0 }.await;
}
