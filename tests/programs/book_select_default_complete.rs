// Source: https://rust-lang.github.io/async-book/06_multiple_futures/03_select.html
//         (examples/06_03_select/src/lib.rs, `mod default_and_complete`)
// Adaptation: the `#[test] fn run_count() { futures::executor::block_on(count()) }` replaced by an
// async main that awaits count().
use futures::{future, select};

async fn count() {
    let mut a_fut = future::ready(4);
    let mut b_fut = future::ready(6);
    let mut total = 0;

    loop {
        select! {
            a = a_fut => total += a,
            b = b_fut => total += b,
            complete => break,
            default => unreachable!(), // never runs (futures are ready, then complete)
        };
    }
    assert_eq!(total, 10);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    count().await;
    println!("count done");
}
