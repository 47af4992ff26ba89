// When main returns, the runtime shuts down and drops the tasks that have not finished: their
// drops run then, and what they print is part of the program's output (found by the fidelity
// generator: such prints used to go around the trace).
use std::time::Duration;
use tokio::time::sleep;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

async fn hold(name: &'static str, ms: u64) {
    let _guard = Guard(name);
    sleep(Duration::from_millis(ms)).await;
    println!("{name} finished");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tokio::spawn(hold("first", 100));
    tokio::spawn(hold("second", 200));
    tokio::spawn(hold("quick", 5));
    sleep(Duration::from_millis(10)).await;
    println!("main returns");
}
