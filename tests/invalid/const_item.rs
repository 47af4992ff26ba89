const LIMIT: u32 = 3;

async fn main() {
    println!("{}", LIMIT);
}
