// A task that computes for a long time without .await keeps every other task waiting.
async fn busy() -> u64 {
    let mut sum: u64 = 0;
    for i in 0..100_000u64 {
        sum += i;
    }
    println!("busy finished without yielding: {}", sum);
    sum
}

async fn polite(name: &str) {
    for i in 0..2 {
        println!("{} step {}", name, i);
        yield_now().await;
    }
}

async fn main() {
    let p = spawn(polite("polite"));
    let b = spawn(busy());
    yield_now().await;
    println!("main got a turn");
    b.await;
    p.await;
}
