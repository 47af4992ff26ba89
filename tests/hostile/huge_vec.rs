// A single allocation of eight terabytes.
// ends: limit heap 67108864 at 4:13
async fn main() {
    let v = vec![0u64; 1 << 40];
    println!("{}", v.len());
}
