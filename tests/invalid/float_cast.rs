async fn main() {
    let n = 3;
    let x = n as f64;
    println!("{x}");
}
