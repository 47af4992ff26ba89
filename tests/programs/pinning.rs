// Why futures are pinned: an `async fn` that keeps a reference to its own local across an
// `.await` holds a pointer into itself. Moving it after the first poll would leave that
// pointer dangling, so `poll` takes `Pin<&mut Self>`: once polled, it never moves again.
async fn self_referential() -> u32 {
    let numbers = [3, 4, 5]; // an array: stored inside this future's own state
    let first = &numbers[0]; // so this points into the future itself
    sleep(10).await; // ...and is kept across the await
    *first + numbers.len() as u32
}

async fn main() {
    // `Box::pin` puts the future on the heap, where it can never move.
    let boxed = Box::pin(self_referential());
    println!("boxed: {}", boxed.await);

    // `pin!` pins it in place, on the stack of `main`'s own state.
    let pinned = std::pin::pin!(self_referential());
    println!("pinned: {}", pinned.await);
}
