// A join! dropped before it finishes (it lost a select!): tokio's join! drops its unfinished
// branches first to last (they are a tuple), futures::join! last first (one local each).
use std::time::Duration;
use tokio::time::sleep;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

async fn guarded(name: &'static str, ms: u64) {
    let _g = Guard(name);
    sleep(Duration::from_millis(ms)).await;
    println!("{name} finished");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tokio::select! {
        biased;
        _ = async { tokio::join!(guarded("a", 50), guarded("b", 5), guarded("c", 70)) } => println!("tokio join finished"),
        _ = sleep(Duration::from_millis(10)) => println!("tokio join cancelled"),
    }
    tokio::select! {
        biased;
        _ = async { futures::join!(guarded("x", 50), guarded("y", 5), guarded("z", 70)) } => println!("futures join finished"),
        _ = sleep(Duration::from_millis(10)) => println!("futures join cancelled"),
    }
}
