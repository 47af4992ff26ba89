impl Counter {
    fn new() -> u32 {
        0
    }
}

async fn main() {
    println!("{}", Counter::new());
}
