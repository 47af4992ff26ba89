enum Shape {
    Circle(u32),
    Square(u32),
}

async fn main() {
    let s = Shape::Triangle(3);
    match s {
        Shape::Circle(r) => println!("circle {r}"),
        _ => println!("other"),
    }
}
