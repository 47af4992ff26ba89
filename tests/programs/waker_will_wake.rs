// A future that keeps one stored waker and replaces it only when `will_wake` says it is stale.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Signal {
    ready: bool,
    waker: Option<Waker>,
}

struct WaitSignal {
    signal: Rc<RefCell<Signal>>,
}

impl Future for WaitSignal {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut signal = self.signal.borrow_mut();
        if signal.ready {
            return Poll::Ready(());
        }
        let stale = match &signal.waker {
            Some(w) => !w.will_wake(cx.waker()),
            None => true,
        };
        if stale {
            println!("storing a new waker");
            signal.waker = Some(cx.waker().clone());
        } else {
            println!("same task polled again: keeping the stored waker");
        }
        Poll::Pending
    }
}

async fn nudger(signal: Rc<RefCell<Signal>>) {
    for i in 0..2 {
        sleep(10).await;
        println!("nudge {}", i);
        let waker = signal.borrow().waker.clone();
        if let Some(w) = waker {
            w.wake();
        }
    }
    sleep(10).await;
    let waker = {
        let mut s = signal.borrow_mut();
        s.ready = true;
        s.waker.take()
    };
    println!("signal set");
    if let Some(w) = waker {
        w.wake();
    }
}

async fn main() {
    let signal = Rc::new(RefCell::new(Signal { ready: false, waker: None }));
    spawn(nudger(signal.clone()));
    WaitSignal { signal: signal.clone() }.await;
    println!("main saw the signal");
}
