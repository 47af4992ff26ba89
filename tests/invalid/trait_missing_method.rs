trait Speak {
    fn speak(&self) -> u32;
    fn twice(&self) -> u32 {
        self.speak() * 2
    }
}

struct Dog;

impl Speak for Dog {}

async fn main() {
    println!("{}", Dog.twice());
}
