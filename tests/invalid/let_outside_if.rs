async fn main() {
    let value = Some(3);
    let matched = let Some(n) = value;
    println!("{matched}");
}
