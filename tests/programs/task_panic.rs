// A panic inside a spawned task ends that task; awaiting its handle panics in the awaiter.
async fn divide(a: u32, b: u32) -> u32 {
    yield_now().await;
    if b == 0 {
        panic!("cannot divide {} by zero", a);
    }
    a / b
}

async fn main() {
    let ok = spawn(divide(10, 2));
    let bad = spawn(divide(1, 0));
    println!("10 / 2 = {}", ok.await);
    println!("about to await the failed task");
    let v = bad.await;
    println!("never printed {}", v);
}
