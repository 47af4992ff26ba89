async fn main() {
    let greeting = 'hi';
    println!("{greeting}");
}
