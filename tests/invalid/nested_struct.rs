async fn main() {
    struct Point {
        x: i32,
    }
    let p = Point { x: 1 };
    println!("{}", p.x);
}
