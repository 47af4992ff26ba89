async fn main() {
    let sum: Option<u32> = try { 1 };
    println!("{:?}", sum);
}
