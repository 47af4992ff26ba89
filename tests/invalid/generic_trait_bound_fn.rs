trait Speak {
    fn speak(&self) -> u32;
}

fn twice<T: Speak>(t: &T) -> u32 {
    t.speak() * 2
}

async fn main() {
    println!("traits");
}
