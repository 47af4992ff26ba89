async fn main() {
    let scale = |n: u32| n * 1.5;
    println!("{}", scale(2));
}
