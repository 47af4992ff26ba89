// The futures crate's streams on tokio under a paused clock: a hand-written Stream, stream::iter
// and stream::unfold as sources, StreamExt's adaptors (map, filter with an async predicate,
// then, take, skip, enumerate, filter_map) and consumers (next, collect, for_each, fold).
use futures::stream::{self, Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::sleep;

/// Counts down, one number per poll, waking itself in between.
struct Countdown {
    from: u32,
    pending: bool,
}

impl Stream for Countdown {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.from == 0 {
            return Poll::Ready(None);
        }
        if self.pending {
            self.pending = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.pending = true;
        self.from -= 1;
        Poll::Ready(Some(self.from + 1))
    }
}

async fn slow_double(x: u32) -> u32 {
    sleep(Duration::from_millis(u64::from(x))).await;
    println!("doubled {x}");
    x * 2
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let mut countdown = Countdown { from: 3, pending: false };
    while let Some(n) = countdown.next().await {
        println!("countdown {n}");
    }

    let evens: Vec<u32> = stream::iter(1..=10)
        .map(|x| x * 3)
        .filter(|x| futures::future::ready(x % 2 == 0))
        .collect()
        .await;
    println!("evens {:?}", evens);

    let doubled: Vec<u32> = stream::iter(vec![30, 10, 20]).then(slow_double).collect().await;
    println!("then, in order: {:?}", doubled);

    stream::iter(["a", "b", "c", "d", "e"])
        .skip(1)
        .take(3)
        .enumerate()
        .for_each(|(i, s)| async move {
            sleep(Duration::from_millis(5)).await;
            println!("item {i}: {s}");
        })
        .await;

    let ticks = stream::unfold(0u32, |n| async move {
        if n == 4 {
            return None;
        }
        sleep(Duration::from_millis(10)).await;
        Some((n * n, n + 1))
    });
    let total = ticks
        .filter_map(|sq| async move { if sq > 0 { Some(sq) } else { None } })
        .fold(0, |acc, sq| async move { acc + sq })
        .await;
    println!("sum of squares {total}");

    let from_hand = Countdown { from: 4, pending: false }.map(|n| n * 100).collect::<Vec<_>>().await;
    println!("hand-written, mapped {:?}", from_hand);
}
