// Who calls `poll`, and when: the executor polls a task only after something woke it. This
// future logs every poll; a helper task (itself woken by timers) rings the bell and wakes it twice.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Doorbell {
    rings: Rc<RefCell<u32>>,
    waker: Rc<RefCell<Option<Waker>>>,
    polls: u32,
}

impl Future for Doorbell {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        let rings = *self.rings.borrow();
        println!("poll number {}: the bell rang {} times", self.polls, rings);
        if rings >= 2 {
            return Poll::Ready(self.polls);
        }
        // Leave a waker where the ringer will find it.
        *self.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

async fn ringer(rings: Rc<RefCell<u32>>, waker: Rc<RefCell<Option<Waker>>>) {
    for _ in 0..2 {
        sleep(10).await;
        *rings.borrow_mut() += 1;
        println!("ring!");
        if let Some(w) = waker.borrow_mut().take() {
            w.wake();
        }
    }
}

async fn main() {
    let rings = Rc::new(RefCell::new(0));
    let waker = Rc::new(RefCell::new(None));
    spawn(ringer(rings.clone(), waker.clone()));
    let polls = Doorbell { rings, waker, polls: 0 }.await;
    println!("ready after {} polls: no busy waiting", polls);
}
