async fn main() {
    let big: u128 = 340282366920938463463374607431768211455;
    println!("{big}");
}
