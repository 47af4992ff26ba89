async fn main() {
    let v = hashmap!(1 => 2);
    println!("{:?}", v);
}
