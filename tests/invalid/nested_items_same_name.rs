async fn first() -> u32 {
    fn helper() -> u32 {
        1
    }
    helper()
}

async fn main() {
    fn helper() -> u32 {
        2
    }
    println!("{} {}", first().await, helper());
}
