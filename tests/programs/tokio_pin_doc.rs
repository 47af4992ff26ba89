// Source: https://docs.rs/tokio/latest/tokio/macro.pin.html (second example, "To make this work requires pinning")
// Adaptation: none (hidden `#[tokio::main(flavor = "current_thread")]` lines included).
use tokio::pin;

async fn my_async_fn() {
    // async logic here
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
let future = my_async_fn();
pin!(future);

(&mut future).await;
}
