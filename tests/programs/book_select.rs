// The Async Book's select example: futures' select over fused, pinned futures. The book writes
// select!, which in futures starts at a random branch; select_biased! polls in order, which is
// what Pollscope does for both (so real futures' output is reproducible here).
use futures::{
    future::FutureExt, // for `.fuse()`
    pin_mut,
    select_biased,
};

async fn task_one() { /* ... */ }
async fn task_two() { /* ... */ }

async fn race_tasks() {
    let t1 = task_one().fuse();
    let t2 = task_two().fuse();

    pin_mut!(t1, t2);

    select_biased! {
        () = t1 => println!("task one completed first"),
        () = t2 => println!("task two completed first"),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() { race_tasks().await; }
