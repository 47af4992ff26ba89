async fn main() {
    let n = 3 $ 4;
    println!("{n}");
}
