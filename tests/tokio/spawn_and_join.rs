// tokio's spawn, JoinHandle (a Result), join!, yield_now and sleep under a paused clock: the
// output is what real tokio prints (recorded in spawn_and_join.out).
use std::time::Duration;
use tokio::time::Instant;

async fn work(name: &'static str, ms: u64) -> u64 {
    println!("{name} starts");
    tokio::time::sleep(Duration::from_millis(ms)).await;
    println!("{name} done after {ms}ms");
    ms * 2
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let a = tokio::spawn(work("a", 30));
    let b = tokio::spawn(work("b", 10));
    println!("spawned two tasks");
    let (x, y) = tokio::join!(work("c", 20), work("d", 5));
    println!("join! gave {x} and {y} at {:?}", start.elapsed());
    let ra = a.await;
    let rb = b.await;
    println!("handles gave {:?} and {:?}", ra, rb);
    let total = ra.unwrap() + rb.unwrap();
    println!("total {total} at {:?}", start.elapsed());
    for i in 0..3 {
        tokio::task::yield_now().await;
        println!("after yield {i}");
    }
    let (p, q, r) = tokio::join!(work("e", 1), async { 7 }, work("f", 2));
    println!("three-way join: {p} {q} {r} at {:?}", start.elapsed());
}
