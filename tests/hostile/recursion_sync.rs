// Unbounded recursion in a plain function.
// ends: limit depth 400 at 4:5
fn down(n: u64) -> u64 {
    down(n + 1) + 1
}

async fn main() {
    println!("{}", down(0));
}
