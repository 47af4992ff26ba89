const TWICE: u32 = 2 * 3;

async fn main() {
    match 6u32 {
        TWICE => println!("six"),
        _ => println!("other"),
    }
}
