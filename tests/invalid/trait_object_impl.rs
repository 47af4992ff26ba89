struct Meters(u32);

impl Clone for Meters {
    fn clone(&self) -> Meters {
        Meters(self.0)
    }
}

async fn main() {
    let m = Meters(3);
    println!("{}", m.clone().0);
}
