static GREETING: &str = "hello";

async fn main() {
    println!("{}", GREETING);
}
