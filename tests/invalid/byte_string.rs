async fn main() {
    let bytes = b"abc";
    println!("{:?}", bytes);
}
