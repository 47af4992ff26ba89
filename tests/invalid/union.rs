union Bits {
    int: u32,
    bytes: [u8; 4],
}

async fn main() {
    println!("unions");
}
