// Items declared inside function bodies: a helper `fn`, a `struct` with its `impl Future`, a
// `const` and a `use`, each visible where Rust makes it visible.
async fn main() {
    use std::task::{Context, Poll};

    const ROUNDS: u32 = 2;

    struct Twice {
        polled: u32,
    }

    impl Future for Twice {
        type Output = u32;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            self.polled += 1;
            if self.polled > ROUNDS {
                return Poll::Ready(self.polled);
            }
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    fn label(n: u32) -> String {
        format!("polled {} times", n)
    }

    let n = Twice { polled: 0 }.await;
    println!("{}", label(n));
    let total = worker().await;
    println!("worker says {}", total);
    // An item inside an async block passed as an argument.
    let handle = spawn(async move {
        fn triple(x: u32) -> u32 {
            x * 3
        }
        triple(total)
    });
    println!("spawned task says {}", handle.await);
}

async fn worker() -> u32 {
    fn square(x: u32) -> u32 {
        x * x
    }
    let mut sum = 0;
    for i in 1..4 {
        sum += square(i);
        yield_now().await;
    }
    sum
}
