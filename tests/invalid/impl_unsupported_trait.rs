use std::ops::Add;

#[derive(Debug, Clone, Copy)]
struct Meters(u32);

impl Add for Meters {
    type Output = Meters;
    fn add(self, other: Meters) -> Meters {
        Meters(self.0 + other.0)
    }
}

async fn main() {
    println!("{:?}", Meters(1) + Meters(2));
}
