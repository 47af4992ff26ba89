struct Counter {
    n: u32,
}

impl Counter {
    fn get(&self) -> u32 {
        self.n
    }

    fn get(&self) -> u32 {
        self.n + 1
    }
}

async fn main() {
    let c = Counter { n: 1 };
    println!("{}", c.get());
}
