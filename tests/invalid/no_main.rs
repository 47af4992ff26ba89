async fn start() {
    sleep(10).await;
    println!("started");
}
