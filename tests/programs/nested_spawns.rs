// Tasks spawning tasks: ids follow spawn order, the trace names each parent.
async fn leaf(depth: u32) -> u32 {
    sleep(5 * depth as u64).await;
    println!("leaf at depth {}", depth);
    depth
}

async fn branch(depth: u32) -> u32 {
    println!("branch at depth {}", depth);
    let a = spawn(leaf(depth + 1));
    let b = spawn(leaf(depth + 2));
    a.await + b.await
}

async fn main() {
    let left = spawn(branch(1));
    let right = spawn(branch(2));
    let total = left.await + right.await;
    println!("total depth {}", total);
}
