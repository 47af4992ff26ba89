async fn main() {
    let numbers = || {
        yield 1;
    };
    numbers();
}
