// The futures crate's select_biased! on tokio under a paused clock. A future given by path is
// borrowed (fused and pinned first, with pin_mut!): it lives on after the select, so a loop of
// selects finishes each one; a future written in the select is its own, dropped (last first)
// before the winner's handler runs. `complete =>` runs once every future has completed,
// `default =>` when none is ready at once. (futures' select! starts at a random branch:
// select_biased! polls in order, which is what Pollscope does for both.)
use futures::future::{Fuse, FutureExt};
use futures::{pin_mut, select_biased};
use std::time::Duration;
use tokio::time::sleep;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

async fn work(name: &'static str, ms: u64) -> &'static str {
    let _guard = Guard(name);
    sleep(Duration::from_millis(ms)).await;
    println!("{name} done");
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // Borrowed by path: every one finishes, one per select, then `complete`.
    let a = work("a", 30).fuse();
    let b = work("b", 10).fuse();
    let c = work("c", 20).fuse();
    pin_mut!(a, b, c);
    let mut order = Vec::new();
    loop {
        select_biased! {
            x = a => order.push(x),
            y = b => order.push(y),
            z = c => order.push(z),
            complete => break,
        }
    }
    println!("finished in order {:?}", order);

    // Written in the select: the losers are dropped before the handler.
    let winner = select_biased! {
        s = work("slow", 50).fuse() => s,
        f = work("fast", 5).fuse() => f,
    };
    println!("winner {winner}");

    // `default`: nothing is ready at once.
    let mut later = Box::pin(work("later", 10).fuse());
    select_biased! {
        _ = later => println!("later was ready"),
        default => println!("nothing ready yet"),
    }
    println!("later terminated? {}", futures::future::FusedFuture::is_terminated(&later));
    let got = (&mut later).await;
    println!("then awaited: {got}");

    // A terminated Fuse is skipped; `complete` at once.
    let mut done: Fuse<std::future::Ready<u32>> = Fuse::terminated();
    select_biased! {
        n = done => println!("impossible {n}"),
        complete => println!("all complete at once"),
    }
}
