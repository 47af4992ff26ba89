fn describe(self) -> u32 {
    3
}

async fn main() {
    println!("hi");
}
