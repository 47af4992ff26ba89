// JavaScript awaits Rust: the page's `window.pollscope.run(source)` returns a Promise that
// resolves when this Rust run is over, with its trace and output. Here a Rust task does some
// waiting work and reports; the JavaScript that awaits it gets the printed lines.
async fn fetch_score(player: &str, ms: u64) -> u32 {
    sleep(ms).await;
    player.len() as u32 * 10
}

async fn main() {
    let alice = spawn(fetch_score("alice", 30));
    let bob = spawn(fetch_score("bob", 20));
    let total = alice.await + bob.await;
    println!("total score {}", total);
}
