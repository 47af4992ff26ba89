use tokio::time::sleep;

async fn main() {
    sleep(10).await;
}
