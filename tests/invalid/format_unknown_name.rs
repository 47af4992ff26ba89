async fn main() {
    let count = 3;
    println!("{cuont} left");
}
