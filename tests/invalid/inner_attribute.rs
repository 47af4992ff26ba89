#![allow(unused)]

async fn main() {
    println!("hi");
}
