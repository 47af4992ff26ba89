// `tokio::select!` races futures in one task. When one finishes, the others are dropped on the
// spot - that is all cancellation is: a future does nothing unless polled, so a dropped one
// simply never runs again. Each download holds a guard whose `Drop` shows the moment.
use std::time::Duration;
use tokio::time::sleep;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("{}: dropped", self.0);
    }
}

async fn download(name: &'static str, ms: u64) -> &'static str {
    let _guard = Guard(name);
    println!("{name}: started");
    sleep(Duration::from_millis(ms)).await;
    println!("{name}: finished");
    name
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let winner = tokio::select! {
        biased;
        a = download("mirror A", 40) => a,
        b = download("mirror B", 25) => b,
        _ = sleep(Duration::from_millis(30)) => "nobody",
    };
    println!("winner: {winner}");

    let result = tokio::select! {
        biased;
        done = download("slow mirror", 100) => done,
        _ = sleep(Duration::from_millis(30)) => "gave up after 30ms",
    };
    println!("{result}");
}
