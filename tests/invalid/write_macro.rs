async fn main() {
    let mut s = String::new();
    write!(s, "{}", 3);
    println!("{s}");
}
