// Pin::new needs Unpin; the future of an async fn is not Unpin (it may point into itself).
async fn fetch() -> u32 {
    7
}

async fn main() {
    let mut fut = fetch();
    let n = Pin::new(&mut fut).await;
    println!("{}", n);
}
