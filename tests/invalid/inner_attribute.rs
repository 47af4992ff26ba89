#![feature(never_type)]

async fn main() {
    println!("hi");
}
