mod traced {
    pub async fn sleep(ms: u64) {
        println!("sleep {}", ms);
    }
}

async fn main() {
    fn spawn() {}
    traced::sleep(5).await;
}
