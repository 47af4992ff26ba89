extern crate futures;

async fn main() {
    println!("hi");
}
