async fn main() {
    let n = 255;
    println!("{:z}", n);
}
