// A one-slot mailbox shared through Rc<RefCell<..>>: the sender waits while it is full, the
// receiver while it is empty; each wakes the other.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Mailbox {
    item: Option<u32>,
    closed: bool,
    sender: Option<Waker>,
    receiver: Option<Waker>,
}

struct Deliver {
    mailbox: Rc<RefCell<Mailbox>>,
    item: Option<u32>,
}

impl Future for Deliver {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mailbox = self.mailbox.clone();
        let mut m = mailbox.borrow_mut();
        if m.item.is_some() {
            m.sender = Some(cx.waker().clone());
            return Poll::Pending;
        }
        m.item = self.item.take();
        if let Some(w) = m.receiver.take() {
            w.wake();
        }
        Poll::Ready(())
    }
}

struct Recv {
    mailbox: Rc<RefCell<Mailbox>>,
}

impl Future for Recv {
    type Output = Option<u32>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let mut m = self.mailbox.borrow_mut();
        if let Some(item) = m.item.take() {
            if let Some(w) = m.sender.take() {
                w.wake();
            }
            return Poll::Ready(Some(item));
        }
        if m.closed {
            return Poll::Ready(None);
        }
        m.receiver = Some(cx.waker().clone());
        Poll::Pending
    }
}

async fn producer(mailbox: Rc<RefCell<Mailbox>>) {
    for item in 1..=3 {
        println!("sending {}", item);
        Deliver { mailbox: mailbox.clone(), item: Some(item) }.await;
    }
    mailbox.borrow_mut().closed = true;
    if let Some(w) = mailbox.borrow_mut().receiver.take() {
        w.wake();
    }
}

async fn main() {
    let mailbox = Rc::new(RefCell::new(Mailbox { item: None, closed: false, sender: None, receiver: None }));
    spawn(producer(mailbox.clone()));
    while let Some(item) = (Recv { mailbox: mailbox.clone() }).await {
        println!("received {}", item);
    }
    println!("mailbox closed");
}
