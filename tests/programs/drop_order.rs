// Values are dropped exactly when Rust drops them; wakers of three tasks make it visible:
// end of scope (last declared first), temporaries, `let _ =`, overwrites, fields, arguments,
// `drop()`, and the captures of an `async move` block when its body ends.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Register {
    slot: Rc<RefCell<Vec<Waker>>>,
    registered: bool,
}

impl Future for Register {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.registered {
            return Poll::Ready(());
        }
        self.registered = true;
        self.slot.borrow_mut().push(cx.waker().clone());
        Poll::Pending
    }
}

async fn waiter(name: &'static str, slot: Rc<RefCell<Vec<Waker>>>) {
    Register { slot, registered: false }.await;
    println!("{} was woken", name);
}

struct Pair {
    first: Waker,
    second: Waker,
}

fn consume(w: Waker) {
    println!("consume runs, then drops its argument");
    let _ = &w;
}

async fn main() {
    let slot = Rc::new(RefCell::new(Vec::new()));
    spawn(waiter("a", slot.clone()));
    spawn(waiter("b", slot.clone()));
    spawn(waiter("c", slot.clone()));
    yield_now().await;
    let mut wakers = std::mem::take(&mut *slot.borrow_mut());
    let c = wakers.pop().unwrap();
    let b = wakers.pop().unwrap();
    let a = wakers.pop().unwrap();
    println!("inner scope declares a then b: drops b, then a");
    {
        let _x = a.clone();
        let _y = b.clone();
    }
    println!("a temporary and `let _ =` drop at once");
    c.clone();
    let _ = a.clone();
    println!("struct fields drop in declaration order: a, b");
    drop(Pair { first: a.clone(), second: b.clone() });
    println!("tuple and vec elements drop front to back: b, a, c, a");
    drop((b.clone(), a.clone()));
    drop(vec![c.clone(), a.clone()]);
    println!("overwriting drops the old value (c)");
    let mut held = Some(c.clone());
    held = Some(a.clone());
    println!("shadowing keeps both alive until the end of main");
    let s = b.clone();
    let s = c.clone();
    println!("passing by value drops at the callee's end");
    consume(b.clone());
    println!("an async move block drops its captures (c) when its body ends");
    let for_block = c.clone();
    let block = spawn(async move {
        println!("block body ends");
        let _ = &for_block;
    });
    println!("wake consumes a, wake_by_ref keeps b");
    a.wake();
    b.wake_by_ref();
    yield_now().await;
    println!("end of main: locals drop last declared first");
    let _ = (&held, &s, &block);
}
