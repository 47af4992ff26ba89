// `async` and `async move` blocks: lazy futures capturing variables, spawned or awaited.
async fn main() {
    let greeting = String::from("hello");
    let borrowed = async {
        println!("borrowed block sees {:?}", greeting);
        greeting.len()
    };
    println!("block created, nothing ran yet");
    println!("len = {}", borrowed.await);

    let mut total = 0;
    let adder = async {
        total += 5;
    };
    adder.await;
    println!("total after block: {}", total);

    let id = 7;
    let name = String::from("worker");
    let task = spawn(async move {
        sleep(20).await;
        println!("{} {} done", name, id);
        id * 10
    });
    let other = spawn(async {
        println!("anonymous task runs");
        yield_now().await;
        "anon"
    });
    println!("main keeps id {} (it is Copy)", id);
    println!("other: {}", other.await);
    println!("task: {}", task.await);

    let blocks = vec![1u64, 2, 3].into_iter().map(|n| async move {
        sleep(n * 5).await;
        n
    });
    let mut handles = Vec::new();
    for b in blocks {
        handles.push(spawn(b));
    }
    for h in handles {
        println!("finished {}", h.await);
    }
    let nested = async {
        let inner = async { 40 };
        inner.await + 2
    }
    .await;
    println!("nested: {}", nested);
}
