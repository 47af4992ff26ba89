// Prints a hundred megabytes.
// ends: limit output-bytes 1048576
async fn main() {
    let line = "x".repeat(1000);
    for _ in 0..100_000 {
        println!("{}", line);
    }
}
