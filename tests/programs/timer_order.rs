// Timers fire in deadline order; timers with the same deadline fire in creation order.
async fn sleeper(name: &str, ms: u64) {
    sleep(ms).await;
    println!("{} woke at {}ms", name, ms);
}

async fn main() {
    let a = spawn(sleeper("a", 30));
    let b = spawn(sleeper("b", 10));
    let c = spawn(sleeper("c", 30));
    let d = spawn(sleeper("d", 10));
    a.await;
    b.await;
    c.await;
    d.await;
}
