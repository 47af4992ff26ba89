async fn main() {
    let n = compute(3);
    println!("{n}");
}
