fn wait() {
    sleep(10).await;
}

async fn main() {
    wait();
}
