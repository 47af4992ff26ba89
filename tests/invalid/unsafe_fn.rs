unsafe fn danger() -> u32 {
    3
}

async fn main() {
    println!("hi");
}
