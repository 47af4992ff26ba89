async fn main() {
    let map = HashMap::new();
    println!("{:?}", map);
}
