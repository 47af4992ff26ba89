// A mini-tokio, as in the tokio tutorial: each task is an `Arc<Task>` holding its boxed future;
// its waker (from `impl Wake for Task`) pushes the task back on the run queue. `run` pops and
// polls until the queue is empty. One task waits on a one-shot slot that another fills, so a
// waker travels from one task to the other.
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

type Queue = Arc<Mutex<VecDeque<Arc<Task>>>>;

struct Task {
    name: &'static str,
    future: Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>,
    queue: Queue,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        println!("  wake {}", self.name);
        let queue = self.queue.clone();
        queue.lock().unwrap().push_back(self);
    }
}

struct MiniTokio {
    queue: Queue,
}

impl MiniTokio {
    fn new() -> MiniTokio {
        MiniTokio { queue: Arc::new(Mutex::new(VecDeque::new())) }
    }

    fn spawn(&self, name: &'static str, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task { name, future: Mutex::new(Some(Box::pin(future))), queue: self.queue.clone() });
        self.queue.lock().unwrap().push_back(task);
    }

    fn run(&self) {
        let mut polls = 0;
        loop {
            let next = self.queue.lock().unwrap().pop_front();
            let Some(task) = next else { break };
            polls += 1;
            println!("poll {}", task.name);
            let waker = Waker::from(task.clone());
            let mut cx = Context::from_waker(&waker);
            let mut slot = task.future.lock().unwrap();
            if let Some(mut future) = slot.take() {
                if future.as_mut().poll(&mut cx).is_pending() {
                    *slot = Some(future);
                } else {
                    println!("{} is done", task.name);
                }
            }
        }
        println!("queue empty after {} polls", polls);
    }
}

// Pending `n` times, waking itself each time.
struct YieldTimes(u32);

impl Future for YieldTimes {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// A one-shot slot: the receiver leaves its waker; the sender fills the slot and wakes it.
struct Slot {
    value: Option<u32>,
    waker: Option<Waker>,
}

struct Receive(Arc<Mutex<Slot>>);

impl Future for Receive {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut slot = self.0.lock().unwrap();
        match slot.value.take() {
            Some(v) => Poll::Ready(v),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

fn main() {
    let rt = MiniTokio::new();
    let slot = Arc::new(Mutex::new(Slot { value: None, waker: None }));
    let rx = slot.clone();
    rt.spawn("receiver", async move {
        let v = Receive(rx).await;
        println!("receiver got {}", v);
    });
    rt.spawn("sender", async move {
        YieldTimes(2).await;
        let mut s = slot.lock().unwrap();
        s.value = Some(42);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
        println!("sender sent");
    });
    rt.run();
}
