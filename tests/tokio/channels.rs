// A pipeline of tokio channels under a paused clock: a producer sends into a bounded mpsc
// channel (capacity 2, so it waits when the consumer lags), a stage doubles each number into
// an unbounded channel, and a oneshot carries the final sum back to main.
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(2);
    let (dtx, mut drx) = mpsc::unbounded_channel::<u32>();
    let (done_tx, done_rx) = oneshot::channel::<u32>();

    let producer = tokio::spawn(async move {
        for i in 1..=5 {
            println!("producer sends {i}");
            tx.send(i).await.unwrap();
            println!("producer sent {i}");
        }
        println!("producer done");
    });

    let stage = tokio::spawn(async move {
        while let Some(n) = rx.recv().await {
            tokio::time::sleep(Duration::from_millis(10)).await;
            println!("stage got {n}");
            dtx.send(n * 2).unwrap();
        }
        println!("stage: input closed");
    });

    tokio::spawn(async move {
        let mut sum = 0;
        while let Some(n) = drx.recv().await {
            println!("sink got {n}");
            sum += n;
        }
        println!("sink: input closed");
        done_tx.send(sum).unwrap();
    });

    let sum = done_rx.await.unwrap();
    println!("sum {sum}");
    producer.await.unwrap();
    stage.await.unwrap();
    println!("all done");
}
