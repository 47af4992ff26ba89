// A promise that you settle: in Live mode, press Resolve or Reject in the "JavaScript promises"
// panel while `main` waits and the ticker keeps running. Without a user (virtual time, tests)
// the promise resolves after 1000ms.
async fn ticker() {
    for i in 1..=3 {
        sleep(400).await;
        println!("still waiting ({})", i);
    }
}

async fn main() {
    spawn(ticker());
    let approved = user_promise("Deploy to production?").await;
    if approved {
        println!("deploying");
    } else {
        println!("cancelled");
    }
}
