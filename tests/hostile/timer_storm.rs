// Sets timers forever from one task.
// ends: limit tasks 1000
use std::time::Duration;

async fn main() {
    let mut n: u64 = 0;
    loop {
        n += 1;
        pollscope::spawn(async move { pollscope::sleep(Duration::from_millis(n)).await; });
        if n % 1000 == 0 {
            pollscope::yield_now().await;
        }
    }
}
