// Two sleeps one after the other take the sum of their times; joined, the longer of the two.
async fn step(name: &str, ms: u64) -> u64 {
    println!("{} starts", name);
    sleep(ms).await;
    println!("{} done", name);
    ms
}

async fn main() {
    let a = step("a", 100).await;
    let b = step("b", 50).await;
    println!("sequential: {}ms of sleeping", a + b);

    let (c, d) = join(step("c", 100), step("d", 50)).await;
    println!("joined: {} and {}", c, d);
}
