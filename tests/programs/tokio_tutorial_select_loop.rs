// Not recorded against real tokio: its select! without `biased;` starts at a random branch (and
// `#[tokio::main]` is its multi-threaded runtime), so its output order is not fixed; Pollscope polls
// in order. Interpreted == rustc is checked as for every corpus program.
// Source: https://tokio.rs/tokio/tutorial/select ("Loops": selecting over three mpsc receivers)
// Adaptation: the page shows no sender activity (as written it waits forever, the senders being
// alive in main); added one spawned task that sends on tx1/tx2 and drops all three senders.
use tokio::sync::mpsc;

#[tokio::main]
async fn main() {
    let (tx1, mut rx1) = mpsc::channel(128);
    let (tx2, mut rx2) = mpsc::channel(128);
    let (tx3, mut rx3) = mpsc::channel(128);
    tokio::spawn(async move {
        tx1.send("one").await.unwrap();
        tx2.send("two").await.unwrap();
        drop((tx1, tx2, tx3));
    });

    loop {
        let msg = tokio::select! {
            Some(msg) = rx1.recv() => msg,
            Some(msg) = rx2.recv() => msg,
            Some(msg) = rx3.recv() => msg,
            else => { break }
        };

        println!("Got {:?}", msg);
    }

    println!("All channels have been closed.");
}
