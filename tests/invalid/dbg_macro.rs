async fn main() {
    let n = 3;
    dbg!(n);
}
