// tokio's Mutex (held across an .await, so the others queue for it, first come first served)
// and Notify (notify_waiters wakes every waiting task; notify_one leaves a permit), under a
// paused clock: the output is what real tokio prints (mutex_notify.out).
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, Notify};
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let counter = Arc::new(Mutex::new(0u32));
    let ready = Arc::new(Notify::new());
    let mut handles = Vec::new();
    for id in 0..3u32 {
        let counter = counter.clone();
        let ready = ready.clone();
        handles.push(tokio::spawn(async move {
            ready.notified().await;
            println!("task {id} was notified");
            let mut n = counter.lock().await;
            println!("task {id} has the lock ({} so far)", *n);
            sleep(Duration::from_millis(10)).await;
            *n += id + 1;
            println!("task {id} releases it");
        }));
    }
    tokio::task::yield_now().await;
    println!("notifying the waiters");
    ready.notify_waiters();
    for h in handles {
        h.await.unwrap();
    }
    println!("counter = {}", *counter.lock().await);

    let once = Notify::new();
    once.notify_one();
    once.notified().await;
    println!("a stored permit is taken at once");

    match counter.try_lock() {
        Ok(g) => println!("try_lock: {}", *g),
        Err(e) => println!("busy: {e}"),
    }
    let guard = counter.lock().await;
    match counter.try_lock() {
        Ok(_) => println!("try_lock while held: got it?"),
        Err(e) => println!("try_lock while held: {e}"),
    }
    drop(guard);
}
