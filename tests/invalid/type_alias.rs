type Millis = u64;

async fn main() {
    let ms: Millis = 10;
    sleep(ms).await;
}
