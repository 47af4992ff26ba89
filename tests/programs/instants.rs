// `std::time::Instant` reads the virtual clock in both runs: `elapsed()` is the virtual time
// that passed (what the trace shows), whatever the real machine did meanwhile.
use std::time::{Duration, Instant};

async fn timed(name: &'static str, ms: u64) -> Duration {
    let start = Instant::now();
    sleep(Duration::from_millis(ms)).await;
    let took = start.elapsed();
    println!("{} took {:?}", name, took);
    took
}

async fn main() {
    let start = Instant::now();
    println!("start {:?}", start);
    let (a, b) = join(timed("a", 30), timed("b", 12)).await;
    println!("a + b = {:?}, wall {:?}", a + b, start.elapsed());
    let deadline = start + Duration::from_millis(50);
    let mut ticks = 0;
    while Instant::now() < deadline {
        sleep(7).await;
        ticks += 1;
    }
    let now = Instant::now();
    println!("{} ticks, passed the deadline by {:?}", ticks, now - deadline);
    println!("{:?} {:?}", deadline.checked_duration_since(now), now.checked_duration_since(deadline));
    println!("{:?} {}", now.duration_since(deadline + Duration::from_secs(1)), now > start);
    let mut later = now;
    later += Duration::from_micros(1500);
    println!("{:?}", later - now);
    println!("at {:?}", std::time::Instant::now());
}
