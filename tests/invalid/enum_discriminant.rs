enum Level {
    Low = 1,
    High = 2 + 8,
}

async fn main() {
    let level = Level::High;
    match level {
        Level::Low => println!("low"),
        Level::High => println!("high"),
    }
}
