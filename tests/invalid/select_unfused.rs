// The futures crate's select! needs fused futures: an async fn's future straight in it is E0277.
use futures::select;

async fn task_one() -> u32 { 1 }

#[tokio::main]
async fn main() {
    select! {
        a = task_one() => println!("{a}"),
        complete => println!("done"),
    }
}
