// One spawned task panics; the others keep running and `main` awaits only the good ones.
async fn job(id: u32, ms: u64) -> u32 {
    sleep(ms).await;
    if id == 2 {
        let items: Vec<u32> = Vec::new();
        println!("job 2 reads an empty list");
        return items[0];
    }
    println!("job {} done", id);
    id * 100
}

async fn main() {
    let first = spawn(job(1, 30));
    let broken = spawn(job(2, 10));
    let third = spawn(job(3, 20));
    sleep(15).await;
    println!("main is still fine after job 2 panicked");
    let a = first.await;
    let c = third.await;
    println!("results: {} {}", a, c);
    drop(broken);
}
