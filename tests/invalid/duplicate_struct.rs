struct Point {
    x: i32,
}

enum Point {
    Origin,
}

async fn main() {
    println!("points");
}
