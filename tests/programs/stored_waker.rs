// A flag future stores its waker in shared state; another task sets the flag and wakes it.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Shared {
    done: bool,
    waker: Option<Waker>,
}

struct WaitForFlag {
    shared: Rc<RefCell<Shared>>,
}

impl Future for WaitForFlag {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared = self.shared.borrow_mut();
        if shared.done {
            Poll::Ready(())
        } else {
            shared.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

async fn setter(shared: Rc<RefCell<Shared>>) {
    sleep(20).await;
    println!("setter sets the flag");
    let waker = {
        let mut s = shared.borrow_mut();
        s.done = true;
        s.waker.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

async fn main() {
    let shared = Rc::new(RefCell::new(Shared { done: false, waker: None }));
    spawn(setter(shared.clone()));
    println!("main waits for the flag");
    WaitForFlag { shared }.await;
    println!("main saw the flag");
}
