// Not recorded against real tokio: its select! without `biased;` starts at a random branch (and
// `#[tokio::main]` is its multi-threaded runtime), so its output order is not fixed; Pollscope polls
// in order. Interpreted == rustc is checked as for every corpus program.
// Source: https://tokio.rs/tokio/tutorial/select ("Resuming an async operation")
// Adaptation: none (hidden doc-test lines that spawn the sender included).
async fn action() {
    // Some asynchronous logic
}

#[tokio::main]
async fn main() {
    let (mut tx, mut rx) = tokio::sync::mpsc::channel(128);    
    tokio::spawn(async move {
        let _ = tx.send(1).await;
        let _ = tx.send(2).await;
    });
    
    let operation = action();
    tokio::pin!(operation);
    
    loop {
        tokio::select! {
            _ = &mut operation => break,
            Some(v) = rx.recv() => {
                if v % 2 == 0 {
                    break;
                }
            }
        }
    }
}
