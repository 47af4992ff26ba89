async fn main() {
    let n = (1 + 2];
    println!("{n}");
}
