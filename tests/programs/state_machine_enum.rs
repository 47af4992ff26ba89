// A hand-written enum state machine that spawns a task, then polls its `JoinHandle` until done.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

async fn fetch(id: u32) -> String {
    sleep(25).await;
    format!("record {}", id)
}

enum Lookup {
    Start(u32),
    Waiting { id: u32, handle: JoinHandle<String>, polls: u32 },
    Finished,
}

impl Future for Lookup {
    type Output = (u32, String);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<(u32, String)> {
        loop {
            match &mut *self {
                Lookup::Start(id) => {
                    let id = *id;
                    println!("state Start: spawning fetch({})", id);
                    let handle = spawn(fetch(id));
                    *self = Lookup::Waiting { id, handle, polls: 0 };
                }
                Lookup::Waiting { id, handle, polls } => {
                    *polls += 1;
                    match Pin::new(handle).poll(cx) {
                        Poll::Pending => {
                            println!("state Waiting: poll {} pending", polls);
                            return Poll::Pending;
                        }
                        Poll::Ready(record) => {
                            let out = (*id, record);
                            println!("state Waiting: ready after {} polls", polls);
                            *self = Lookup::Finished;
                            return Poll::Ready(out);
                        }
                    }
                }
                Lookup::Finished => panic!("Lookup polled after it finished"),
            }
        }
    }
}

async fn main() {
    let (id, record) = Lookup::Start(9).await;
    println!("looked up {}: {}", id, record);
}
