async fn main(count: u32) {
    println!("{count}");
}
