// `std::time::Duration`: constructors, arithmetic, accessors, `Debug` as std prints it, and
// `sleep` taking a `Duration` (a part of a millisecond rounds up on the virtual clock).
use std::time::Duration;

async fn tick(name: &str, every: Duration, times: u32) -> Duration {
    for _ in 0..times {
        sleep(every).await;
    }
    println!("{} done", name);
    every * times
}

async fn main() {
    let short = Duration::from_millis(15);
    let long = Duration::from_secs(1) + Duration::from_millis(500);
    println!("{:?} {:?} {:?} {:?}", short, long, Duration::from_micros(1500), Duration::from_nanos(42));
    println!("{:?} {:?}", Duration::new(2, 5_000_000), Duration::ZERO);
    println!("{} {} {}", long.as_millis(), long.as_secs(), long.subsec_millis());
    println!("{:?} {:?} {}", long - short, short * 3, short < long);
    println!("{:?} {:?}", short.checked_sub(long), long.checked_sub(short));
    println!("{:.2?} {:?}", Duration::from_micros(1234), long / 4);
    let (a, b) = join(tick("fast", short, 3), tick("slow", Duration::from_micros(20_500), 2)).await;
    println!("{:?} and {:?}", a, b);
    sleep(Duration::from_millis(5)).await;
    println!("done");
}
