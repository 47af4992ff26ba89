// An `async fn` is a state machine: each `.await` is a state where it can stop, keeping only
// the locals it still needs. Step through it and watch `brew` move from Unresumed through
// Suspend0, Suspend1 and Suspend2 to Returned.
async fn brew(cups: u32) -> String {
    println!("grinding beans for {} cups", cups);
    sleep(30).await;
    let water = cups * 250;
    println!("heating {} ml of water", water);
    sleep(50).await;
    let label = format!("{} cups", cups);
    println!("pouring");
    yield_now().await;
    label
}

async fn main() {
    let future = brew(2);
    println!("brew(2) has not started yet: nothing runs until it is polled");
    let coffee = future.await;
    println!("served {}", coffee);
}
