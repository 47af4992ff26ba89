async fn main() {
    let n = 1000;
    println!("{:e}", n);
}
