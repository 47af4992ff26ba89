// Boxes futures, each holding a thousand numbers, into a Vec forever, never awaiting them.
// ends: limit heap 67108864 at 15:23
use std::future::Future;
use std::pin::Pin;

async fn later(numbers: Vec<u64>) -> usize {
    numbers.len()
}

async fn main() {
    let mut held: Vec<Pin<Box<dyn Future<Output = usize>>>> = Vec::new();
    let mut n: u64 = 0;
    loop {
        n += 1;
        let numbers = vec![n; 1000];
        held.push(Box::pin(later(numbers)));
    }
}
