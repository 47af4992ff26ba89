use std::fmt;

struct Point(i32, i32);

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.0, self.1)
    }
    fn show(&self) {}
}

async fn main() {
    println!("{}", Point(1, 2));
}
