// Parts of tokio that Pollscope's stand-in does not have are named at their span.
use tokio::sync::RwLock;

#[tokio::main]
async fn main() {
    let m = RwLock::new(0);
    let n = tokio::sync::Semaphore::new(2);
    tokio::fs::read_to_string("x").await;
}
