// `const` and `static` items: a constant is a fresh value at every use (so `EMPTY` is a new
// `Vec` each time), a literal constant can be a pattern, and both can size a sleep.
const LIMIT: u32 = 3;
const GREETING: &str = "hello";
const EMPTY: Vec<u32> = Vec::new();
const BELOW: i32 = -7;
static NAMES: [&str; 3] = ["ann", "bo", "cy"];
static STEP_MS: u64 = 10;

async fn countdown(from: u32) -> u32 {
    let mut left = from;
    while left > 0 {
        sleep(STEP_MS).await;
        left -= 1;
    }
    from * 2
}

async fn main() {
    for i in 0..LIMIT {
        println!("{} {}", GREETING, NAMES[i as usize]);
    }
    let mut v = EMPTY;
    v.push(LIMIT);
    println!("{:?} and a fresh one: {:?}", v, EMPTY);
    match 3u32 {
        LIMIT => println!("matched the limit"),
        _ => println!("something else"),
    }
    match -7 {
        BELOW => println!("below zero"),
        _ => println!("not below"),
    }
    let doubled = countdown(LIMIT).await;
    println!("{} {}", doubled, BELOW * 2);
}
