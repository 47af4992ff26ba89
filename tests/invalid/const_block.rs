async fn main() {
    let n = const { 1 + 2 };
    println!("{n}");
}
