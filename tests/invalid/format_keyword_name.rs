async fn main() {
    println!("{fn}");
}
