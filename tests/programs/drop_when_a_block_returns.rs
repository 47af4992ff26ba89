// The values an `async move` block captured are dropped when its body returns, in the same
// step as the return: the program's `drop` runs then, and the block's value still reaches the
// task that awaits it.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

async fn main() {
    let n = Noisy("captured");
    let task = spawn(async move {
        let _keep = &n;
        42
    });
    println!("got {}", task.await);
    let m = Noisy("awaited");
    let value = async move {
        let _keep = &m;
        7
    }
    .await;
    println!("got {value}");
}
