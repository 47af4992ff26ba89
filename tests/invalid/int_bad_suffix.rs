async fn main() {
    let n = 3u7;
    println!("{n}");
}
