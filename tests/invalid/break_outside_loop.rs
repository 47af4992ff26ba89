async fn main() {
    let n = 3;
    if n > 2 {
        break;
    }
}
