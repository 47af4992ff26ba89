// `as` casts of field-less enums (to their discriminants, written or counted on from the previous
// one, wrapping like any integer cast), and `()` as a pattern: `Poll::Ready(())` when polling a
// boxed `sleep` by hand.
use std::cmp::Ordering;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct AfterSleep {
    inner: Pin<Box<dyn Future<Output = ()>>>,
    polls: u32,
}

impl Future for AfterSleep {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        match self.inner.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(self.polls),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Light {
    Red,
    Green,
    Blue,
}

#[derive(Debug, Clone, Copy)]
enum Status {
    Ok = 200,
    Moved = 301,
    NotFound = 404,
    Gone,
    Below = -3,
    Next,
}

async fn main() {
    let polls = AfterSleep { inner: Box::pin(sleep(10)), polls: 0 }.await;
    println!("ready after {} polls", polls);
    println!("{} {} {}", Light::Red as u64, Light::Green as u64, Light::Blue as i32);
    let light = Light::Blue;
    println!("{}", light as u8 + 1);
    let statuses = [Status::Ok, Status::Moved, Status::NotFound, Status::Gone, Status::Below, Status::Next];
    for s in statuses {
        println!("{:?} = {} (as u8: {})", s, s as i32, s as u8);
    }
    println!("{} {} {}", Ordering::Less as i32, 5.cmp(&5) as i8, 9u32.cmp(&2) as i64);
    match ((), light) {
        ((), Light::Blue) => println!("unit and blue"),
        _ => println!("something else"),
    }
}
