// An async block's future is not Unpin either: Pin::new refuses it.
async fn main() {
    let mut job = async { 1 + 1 };
    let two = Pin::new(&mut job).await;
    println!("{}", two);
}
