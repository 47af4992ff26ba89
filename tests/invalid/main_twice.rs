async fn main() {
    println!("one");
}

async fn main() {
    println!("two");
}
