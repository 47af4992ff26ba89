// Asks for a string of a terabyte.
// ends: limit heap 67108864 at 4:13
async fn main() {
    let s = "x".repeat(1usize << 40);
    println!("{}", s.len());
}
