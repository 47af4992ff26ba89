use async_std::task::sleep;

async fn main() {
    sleep(10).await;
}
