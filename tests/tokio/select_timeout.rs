// tokio::select! (biased, so branches are polled in order), a losing branch dropped (its guard
// says so), tokio::time::timeout and interval, under a paused clock.
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{interval, sleep, timeout};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

async fn slow(name: &'static str, ms: u64) -> &'static str {
    let _guard = Guard(name);
    sleep(Duration::from_millis(ms)).await;
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let winner = tokio::select! {
        biased;
        a = slow("slow", 50) => a,
        b = slow("fast", 20) => b,
    };
    println!("select! winner: {winner}");

    let (tx, mut rx) = mpsc::channel::<u32>(4);
    tokio::spawn(async move {
        for i in 0..3 {
            sleep(Duration::from_millis(15)).await;
            tx.send(i).await.unwrap();
        }
    });
    loop {
        tokio::select! {
            biased;
            msg = rx.recv() => match msg {
                Some(n) => println!("got {n}"),
                None => {
                    println!("channel closed");
                    break;
                }
            },
            _ = sleep(Duration::from_millis(20)) => println!("tick: nothing for 20ms"),
        }
    }

    match timeout(Duration::from_millis(30), slow("in time", 10)).await {
        Ok(v) => println!("timeout: {v} finished"),
        Err(_) => println!("timeout: elapsed"),
    }
    match timeout(Duration::from_millis(30), slow("too late", 100)).await {
        Ok(v) => println!("timeout: {v} finished"),
        Err(e) => println!("timeout: {e}"),
    }

    let mut ticks = interval(Duration::from_millis(25));
    for _ in 0..3 {
        ticks.tick().await;
        println!("interval tick");
    }
}
