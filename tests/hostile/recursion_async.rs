// Unbounded recursion through boxed async calls.
// ends: limit depth 400 at 7:27
use std::future::Future;
use std::pin::Pin;

fn down(n: u64) -> Pin<Box<dyn Future<Output = u64>>> {
    Box::pin(async move { down(n + 1).await + 1 })
}

async fn main() {
    println!("{}", down(0).await);
}
