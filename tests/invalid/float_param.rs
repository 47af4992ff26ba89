fn half(x: f64) -> f64 {
    x / 2
}

async fn main() {
    println!("{}", half(3));
}
