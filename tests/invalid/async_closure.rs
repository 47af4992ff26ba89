async fn main() {
    let nap = async |ms: u64| {
        sleep(ms).await;
    };
    nap(10).await;
}
