// Yields forever: two hundred thousand events, and the details of each poll be200000
async fn main() {
    loop {
        yield_now().await;
    }
}
