static mut COUNT: u32 = 0;

async fn main() {
    println!("{}", 1);
}
