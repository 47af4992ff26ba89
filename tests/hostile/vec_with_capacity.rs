// Asks for room for a trillion values up front.
// ends: done main ready, 1 task, 1 polls
async fn main() {
    let mut v: Vec<u64> = Vec::with_capacity(1usize << 40);
    v.push(1);
    println!("{}", v.len());
}
