// A hand-written executor: `block_on` makes a `Waker` from its own `impl Wake`, a `Context`
// from that waker, pins the future on its stack and polls it until it is ready. The future
// wakes the block_on's waker itself; `Waker::noop()` polls a future once. It all runs inside
// task #1 (a plain `fn main()`), so the executor sees one poll.
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

struct Flag {
    name: &'static str,
    woken: Mutex<bool>,
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        println!("{} woken", self.name);
        *self.woken.lock().unwrap() = true;
    }
}

struct Countdown(u32);

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.0 == 0 {
            return Poll::Ready("liftoff");
        }
        println!("countdown {}", self.0);
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn block_on<F: Future>(name: &'static str, fut: F) -> F::Output {
    let flag = Arc::new(Flag { name, woken: Mutex::new(false) });
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    let mut polls = 0;
    loop {
        polls += 1;
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(v) => {
                println!("{}: ready after {} polls", name, polls);
                return v;
            }
            Poll::Pending => {
                let mut woken = flag.woken.lock().unwrap();
                if !*woken {
                    panic!("{}: nothing will wake the future", name);
                }
                *woken = false;
            }
        }
    }
}

async fn launch() -> u32 {
    let word = Countdown(2).await;
    println!("async fn got {}", word);
    word.len() as u32
}

fn main() {
    println!("{}", block_on("first", Countdown(3)));
    let n = block_on("second", launch());
    println!("n = {}", n);
    let mut cx = Context::from_waker(Waker::noop());
    let mut once = pin!(Countdown(1));
    println!("noop poll: {:?}", once.as_mut().poll(&mut cx));
    println!("noop poll: {:?}", once.as_mut().poll(&mut cx));
}
