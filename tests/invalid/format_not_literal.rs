async fn main() {
    let s = "hello";
    println!(s);
}
