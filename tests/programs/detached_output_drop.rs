// A task nobody awaits returns a value whose type implements Drop: the value is dropped as soon
// as the task finishes, while it is still the running task, so what its drop prints is the
// task's output (a review found it missing from the trace once a task's output and future
// came to share one allocation).
#[derive(Debug)]
struct Noisy(u32);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop Noisy({})", self.0);
    }
}

async fn make(n: u32) -> Noisy {
    Noisy(n)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let _ = tokio::spawn(make(1));
    let kept = tokio::spawn(make(2));
    tokio::task::yield_now().await;
    println!("main goes on");
    let noisy = kept.await.unwrap();
    println!("got {noisy:?}");
}
