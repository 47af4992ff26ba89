async fn main() {
    let v = [1, 2, 3];
    let [a, ..] = v;
    println!("{a}");
}
