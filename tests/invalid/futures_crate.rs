use futures::future::join_all;

async fn main() {
    let all = join_all(vec![async { 1 }, async { 2 }]).await;
    println!("{:?}", all);
    futures::executor::block_on(async {});
}
