// When main returns, tasks that have not finished are dropped, as when a runtime shuts down.
async fn slow_greeting() {
    sleep(1_000).await;
    println!("never printed: main was done long ago");
}

async fn main() {
    let _detached = spawn(slow_greeting());
    sleep(10).await;
    println!("main returns after 10ms");
}
