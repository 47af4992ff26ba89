async fn main() {
    let n = compute(1, 2;
    println!("{n}");
}
