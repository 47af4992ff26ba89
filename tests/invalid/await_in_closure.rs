async fn main() {
    let f = || {
        sleep(10).await;
    };
    f();
}
