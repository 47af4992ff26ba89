trait Shape {
    const SIDES: u32;
    fn area(&self) -> u32;
}
struct Sq(u32);
impl Shape for Sq {
    const SIDES: u32 = 4;
    fn area(&self) -> u32 { self.0 * self.0 }
}
async fn main() {
    let s: Box<dyn Shape> = Box::new(Sq(2));
    println!("{}", s.area());
}
