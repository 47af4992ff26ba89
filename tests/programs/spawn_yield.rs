// Spawned tasks interleave with main at every yield_now; JoinHandle gives back their output.
async fn worker(id: u32, rounds: u32) -> u32 {
    let mut total = 0;
    for round in 0..rounds {
        println!("worker {} round {}", id, round);
        total += round;
        yield_now().await;
    }
    total
}

async fn main() {
    let first = spawn(worker(1, 3));
    let second = spawn(worker(2, 2));
    println!("main spawned two workers");
    yield_now().await;
    println!("main is back");
    let a = first.await;
    let b = second.await;
    println!("totals {} {}", a, b);
}
