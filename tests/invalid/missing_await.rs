async fn fetch() -> String {
    sleep(10).await;
    String::from("data")
}

async fn main() {
    let text: String = fetch();
    let n = fetch().len();
    let pending = fetch();
    println!("{}", pending.trim());
    println!("{text} {n}");
}
