// A plain `fn main()`, as in a rustdoc example: it runs inside task #1 (the executor polls an
// `async` body that calls it once), so a synchronous program prints as it would anywhere.
#[derive(Debug)]
struct Order {
    item: &'static str,
    count: u32,
}

fn total(orders: &[Order]) -> u32 {
    orders.iter().map(|o| o.count).sum()
}

fn main() {
    let orders = vec![Order { item: "tea", count: 2 }, Order { item: "cake", count: 3 }];
    for order in &orders {
        println!("{:?}", order);
    }
    println!("{} items", total(&orders));
    let handle = spawn(async { println!("never runs: main returns first") });
    drop(handle);
}
