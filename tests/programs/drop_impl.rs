// `impl Drop`: the program's `drop` runs exactly where rustc runs it - at the end of a scope
// (last declared first), on `drop(x)`, when a variable is overwritten, for a temporary at the
// end of its statement, field by field after the owner's own `drop`, when a `Vec` is cleared,
// when an `async` body finishes, and when a future is dropped before it completes: the
// cancelled `slow` below never prints "slow done", but its guard says goodbye.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

struct Pair {
    left: Noisy,
    right: Noisy,
}

impl Drop for Pair {
    fn drop(&mut self) {
        println!("drop pair ({} then its fields)", self.left.0);
    }
}

enum Slot {
    Empty,
    Full(Noisy),
}

impl Drop for Slot {
    fn drop(&mut self) {
        match self {
            Slot::Empty => println!("drop empty slot"),
            Slot::Full(n) => println!("drop slot holding {}", n.0),
        }
    }
}

async fn slow() {
    let _guard = Noisy("slow's guard");
    sleep(50).await;
    println!("slow done");
}

// A hand-written future that is dropped before it completes.
struct Never {
    _token: Noisy,
}

impl Future for Never {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

fn make(name: &'static str) -> Noisy {
    Noisy(name)
}

async fn main() {
    {
        let _a = Noisy("a");
        let _b = Noisy("b");
        println!("end of scope");
    }
    let c = Noisy("c");
    drop(c);
    let mut d = Noisy("d1");
    println!("overwrite");
    d = Noisy("d2");
    println!("temporary: {}", make("temp").0);
    let _ = Noisy("underscore");
    let pair = Pair { left: Noisy("left"), right: Noisy("right") };
    drop(pair);
    let mut v = vec![Noisy("v0"), Noisy("v1")];
    v.push(Noisy("v2"));
    v.clear();
    println!("cleared");
    let s = Slot::Full(Noisy("inside"));
    let e = Slot::Empty;
    drop(s);
    drop(e);
    let task = spawn(async {
        let _inner = Noisy("task local");
        sleep(5).await;
        println!("task body ends");
    });
    task.await;
    let mut slow = Box::pin(slow());
    let mut never = Never { _token: Noisy("never's token") };
    let woke = poll_once(slow.as_mut()).await;
    println!("slow polled once: {}", woke);
    println!("{}", poll_once(Pin::new(&mut never)).await);
    drop(slow);
    drop(never);
    println!("main ends with {}", d.0);
}

// Polls a future once, as part of a bigger future's poll.
async fn poll_once<F: Future + ?Sized>(mut fut: Pin<&mut F>) -> bool {
    std::future::poll_fn(move |cx| Poll::Ready(fut.as_mut().poll(cx).is_ready())).await
}
