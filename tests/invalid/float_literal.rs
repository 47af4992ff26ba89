async fn main() {
    let half = 0.5;
    println!("{half}");
}
