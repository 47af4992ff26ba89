// An inherent `impl`: an associated `new`, `&self`, `&mut self` and `self` methods, and `Self`.
#[derive(Debug, Clone)]
struct Counter {
    name: String,
    count: u32,
    step: u32,
}

impl Counter {
    fn new(name: &str) -> Self {
        Self { name: name.to_string(), count: 0, step: 1 }
    }

    fn with_step(name: &str, step: u32) -> Counter {
        let mut c = Counter::new(name);
        c.step = step;
        c
    }

    fn tick(&mut self) -> u32 {
        self.count += self.step;
        self.count
    }

    fn get(&self) -> u32 {
        self.count
    }

    fn describe(&self) -> String {
        format!("{} at {}", self.name, self.get())
    }

    fn reset(&mut self) {
        self.count = 0;
    }

    fn merge(self, other: Counter) -> Self {
        Self { name: format!("{}+{}", self.name, other.name), count: self.count + other.count, step: self.step }
    }

    fn into_name(self) -> String {
        self.name
    }

    async fn tick_slowly(&mut self, times: u32) {
        for _ in 0..times {
            sleep(10).await;
            let now = self.tick();
            println!("{} ticked to {}", self.name, now);
        }
    }
}

struct Temperature(i32);

impl Temperature {
    fn freezing() -> Temperature {
        Temperature(0)
    }

    fn is_below(&self, other: &Temperature) -> bool {
        self.0 < other.0
    }
}

async fn main() {
    let mut a = Counter::new("a");
    a.tick();
    a.tick();
    println!("{}", a.describe());
    let mut b = Counter::with_step("b", 5);
    b.tick();
    println!("{:?}", b);
    let copy = b.clone();
    b.reset();
    println!("b reset to {}, copy still {}", b.get(), copy.get());
    a.tick_slowly(2).await;
    let merged = a.merge(copy);
    println!("merged: {}", merged.describe());
    let name = merged.into_name();
    println!("name: {}", name);
    let cold = Temperature(-5);
    println!("below freezing: {}", cold.is_below(&Temperature::freezing()));
    let counters = vec![Counter::new("x"), Counter::with_step("y", 3)];
    for c in &counters {
        println!("{}", c.describe());
    }
    let steps: Vec<u32> = counters.iter().map(|c| c.step).collect();
    println!("steps {:?}", steps);
}
