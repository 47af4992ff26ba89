async fn main() {
    let n = 3;
    assert_eq!(n);
}
