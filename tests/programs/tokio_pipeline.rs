// A pipeline of tokio channels: two producers share a bounded channel (capacity 2: a `send`
// waits while it is full - backpressure), a worker turns each job into a result, and an
// accountant answers a question over a oneshot. `recv` gives `None` once every sender is gone.
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (jobs_tx, mut jobs_rx) = mpsc::channel::<u32>(2);
    let (results_tx, mut results_rx) = mpsc::unbounded_channel::<(u32, u32)>();

    for producer in 0..2u32 {
        let tx = jobs_tx.clone();
        tokio::spawn(async move {
            for i in 0..3 {
                let job = producer * 10 + i;
                tx.send(job).await.unwrap();
                println!("producer {producer} queued job {job}");
            }
        });
    }
    drop(jobs_tx);

    tokio::spawn(async move {
        while let Some(job) = jobs_rx.recv().await {
            sleep(Duration::from_millis(5)).await;
            results_tx.send((job, job * job)).unwrap();
        }
        println!("worker: no more jobs");
    });

    let (ask_tx, ask_rx) = oneshot::channel::<u32>();
    let accountant = tokio::spawn(async move {
        let mut total = 0;
        while let Some((job, square)) = results_rx.recv().await {
            println!("job {job} -> {square}");
            total += square;
        }
        ask_tx.send(total).unwrap();
    });

    let total = ask_rx.await.unwrap();
    println!("total of squares: {total}");
    accountant.await.unwrap();
}
