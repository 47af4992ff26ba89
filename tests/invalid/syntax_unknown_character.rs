async fn main() {
    let total = 3 × 4;
    println!("{total}");
}
