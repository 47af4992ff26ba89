#[derive(Debug)]
enum Huge {
    A = 170141183460469231731687303715884105727,
    B = 9223372036854775807,
    C,
}

async fn main() {}
