async fn main() {
    let low = 1;
    let n = 5;
    match n {
        low..=9 => println!("small"),
        _ => println!("big"),
    }
}
