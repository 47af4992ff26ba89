type A = B;
type B = A;

async fn main() {
    let x: A = 1;
}
