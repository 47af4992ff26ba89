// Awaiting promises that the host settles: `promise(ms, value)` resolves after `ms`, whether or
// not anyone awaits it yet; `user_promise` is settled by the learner (Resolve or Reject in the
// browser's live mode; after 1000ms in a virtual-time run). Their settlement wakes the task.
async fn main() {
    let answer = promise(50, 42);
    println!("created a promise that settles at 50ms");
    sleep(80).await;
    // Already settled: awaiting it is ready at once, with no wake.
    println!("late await gives {}", answer.await);

    let early = promise(30, "soon");
    println!("early await gives {}", early.await);

    let ok = user_promise("Ship it?").await;
    println!("the user said {}", if ok { "yes" } else { "no" });
}
