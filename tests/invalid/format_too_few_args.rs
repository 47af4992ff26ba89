async fn main() {
    let a = 1;
    println!("{} and {}", a);
}
