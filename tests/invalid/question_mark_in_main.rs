async fn main() {
    let n: Result<u32, String> = Ok(3);
    let v = n?;
    println!("{v}");
}
