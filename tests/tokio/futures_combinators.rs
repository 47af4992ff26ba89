// The futures crate's single-threaded combinators on tokio under a paused clock: futures::join!
// polls every branch in order at every poll (tokio's join! starts one branch further each
// time), join_all does the same over a Vec, and FutureExt::boxed makes a BoxFuture.
use futures::FutureExt;
use futures::future::{BoxFuture, join_all};
use std::time::Duration;

async fn step(name: &'static str, ms: u64) -> u64 {
    println!("{name} starts");
    tokio::time::sleep(Duration::from_millis(ms)).await;
    println!("{name} ends");
    ms
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (a, b) = futures::join!(step("a", 20), step("b", 10));
    println!("join! gave {a} and {b}");
    let (c, d, e) = futures::join!(step("c", 5), step("d", 5), step("e", 5));
    println!("same deadline: {c} {d} {e}");
    let (f, g, h) = tokio::join!(step("f", 5), step("g", 5), step("h", 5));
    println!("tokio's join!: {f} {g} {h}");
    let all = join_all(vec![step("w", 9), step("x", 3), step("y", 6), step("z", 3)]).await;
    println!("join_all gave {:?}", all);
    let boxed: Vec<BoxFuture<'static, u64>> = vec![step("p", 2).boxed(), async { 7 }.boxed()];
    println!("boxed: {:?}", join_all(boxed).await);
}
