trait Greet {
    fn greet(&self);
}

async fn main() {
    println!("hi");
}
