// Creates host promises forever, each awaited by a task of its own.
// ends: limit tasks 1000
async fn main() {
    let mut n: u64 = 0;
    loop {
        n += 1;
        spawn(async move { promise(n, n).await; });
    }
}
