use futures::stream::{FuturesUnordered, StreamExt};

async fn main() {
    let all = futures::future::join_all(vec![async { 1 }, async { 2 }]).await;
    println!("{:?}", all);
    futures::executor::block_on(async {});
}
