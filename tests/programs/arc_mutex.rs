// `Arc<Mutex<T>>` shared by spawned tasks; each takes the lock briefly, between awaits.
use std::sync::{Arc, Mutex};

async fn deposit(account: Arc<Mutex<u64>>, who: &'static str, amount: u64, delay: u64) -> u64 {
    sleep(delay).await;
    let mut balance = account.lock().unwrap();
    *balance += amount;
    println!("{} deposited {}, balance {}", who, amount, *balance);
    *balance
}

async fn main() {
    let account = Arc::new(Mutex::new(100u64));
    let mut handles = Vec::new();
    for (i, who) in ["ann", "bob", "cy"].iter().enumerate() {
        let account = Arc::clone(&account);
        handles.push(spawn(deposit(account, who, 10 * (i as u64 + 1), 30 - 10 * i as u64)));
    }
    println!("spawned; {} owners", Arc::strong_count(&account));
    let mut seen = Vec::new();
    for h in handles {
        seen.push(h.await);
    }
    println!("balances seen in spawn order: {:?}", seen);
    let total = *account.lock().unwrap();
    println!("final {} with {} owner", total, Arc::strong_count(&account));
    {
        let guard = account.lock().unwrap();
        println!("locked: {:?}", *guard);
    }
    println!("a temporary guard: {:?}", account.lock().unwrap());
}
