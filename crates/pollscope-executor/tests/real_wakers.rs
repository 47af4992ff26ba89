//! Tasks get real `std::task::Waker`s: `wake` and `wake_by_ref` are told apart, every clone and
//! drop is counted with the number of clones alive, and `will_wake` is true exactly between
//! wakers of the same task.

mod common;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use common::{assert_trace, count, kinds, run_main};
use pollscope_executor::{EventKind, RunEnd, TaskId, WakeEffect, WakeHow, WakeSource, spawn};

/// First poll: clones the waker, wakes the clone by reference, then by value; pending.
struct ByRefThenByValue {
    polled: bool,
}

impl Future for ByRefThenByValue {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        let clone = cx.waker().clone();
        clone.wake_by_ref();
        clone.wake();
        Poll::Pending
    }
}

#[test]
fn wake_and_wake_by_ref_are_recorded_as_such() {
    let (_, trace) = run_main(ByRefThenByValue { polled: false });
    let me = TaskId(1);
    assert_eq!(
        kinds(&trace, |k| matches!(k, EventKind::Wake { .. })),
        [
            EventKind::Wake {
                task: me,
                by: WakeSource::Task(me),
                how: WakeHow::WakeByRef,
                effect: WakeEffect::Scheduled
            },
            EventKind::Wake {
                task: me,
                by: WakeSource::Task(me),
                how: WakeHow::Wake,
                effect: WakeEffect::AlreadyScheduled
            },
        ]
    );
    // `wake` consumes the clone: it is no longer alive, yet no `drop waker` is recorded.
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms clone waker #1 (1 alive)",
            "0ms wake_by_ref #1 by #1",
            "0ms wake #1 by #1 (already scheduled)",
            "0ms pending #1",
            "0ms poll #1",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 2 polls",
        ],
    );
}

#[test]
fn waker_clones_and_drops_are_counted_with_the_number_alive() {
    let (_, trace) = run_main(std::future::poll_fn(|cx| {
        // The waker lent to `poll` is not a clone: using it records no clone or drop.
        let lent: &Waker = cx.waker();
        let a = lent.clone();
        let b = a.clone();
        let c = lent.clone();
        drop(b);
        drop(a);
        let d = c.clone();
        drop(c);
        drop(d);
        Poll::Ready(())
    }));
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms clone waker #1 (1 alive)",
            "0ms clone waker #1 (2 alive)",
            "0ms clone waker #1 (3 alive)",
            "0ms drop waker #1 (2 alive)",
            "0ms drop waker #1 (1 alive)",
            "0ms clone waker #1 (2 alive)",
            "0ms drop waker #1 (1 alive)",
            "0ms drop waker #1 (0 alive)",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 1 polls",
        ],
    );
}

#[test]
fn each_task_has_its_own_alive_count() {
    let kept: Rc<RefCell<Vec<Waker>>> = Rc::default();
    let (_, trace) = run_main({
        let kept = Rc::clone(&kept);
        async move {
            let other = spawn({
                let kept = Rc::clone(&kept);
                std::future::poll_fn(move |cx| {
                    kept.borrow_mut().push(cx.waker().clone());
                    Poll::Ready(())
                })
            });
            std::future::poll_fn(|cx| {
                kept.borrow_mut().push(cx.waker().clone());
                kept.borrow_mut().push(cx.waker().clone());
                Poll::Ready(())
            })
            .await;
            other.await;
            kept.borrow_mut().clear();
        }
    });
    let alive: Vec<(u32, usize)> =
        kinds(&trace, |k| matches!(k, EventKind::WakerClone { .. } | EventKind::WakerDrop { .. }))
            .into_iter()
            .map(|k| match k {
                EventKind::WakerClone { task, alive } | EventKind::WakerDrop { task, alive } => (task.0, alive),
                _ => unreachable!(),
            })
            .collect();
    // Main keeps two clones (1, 2 alive) and awaiting #2 keeps a third in the handle (3); #2
    // keeps one of its own (1). #2 finishing wakes main's third by value, which consumes it
    // without a drop event; clearing the Vec then drops the rest in order.
    assert_eq!(alive, [(1, 1), (1, 2), (1, 3), (2, 1), (1, 1), (1, 0), (2, 0)]);
}

#[test]
fn clones_of_one_tasks_waker_will_wake_each_other() {
    let answers: Rc<RefCell<Vec<bool>>> = Rc::default();
    let (end, trace) = run_main({
        let answers = Rc::clone(&answers);
        std::future::poll_fn(move |cx| {
            let a = cx.waker().clone();
            let b = a.clone();
            let mut answers = answers.borrow_mut();
            answers.push(a.will_wake(&b));
            answers.push(b.will_wake(&a));
            answers.push(a.will_wake(cx.waker()));
            answers.push(cx.waker().will_wake(&b));
            Poll::Ready(())
        })
    });
    assert!(matches!(end, RunEnd::Done(_)));
    assert_eq!(*answers.borrow(), [true, true, true, true]);
    // `will_wake` is a comparison: it records nothing.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Wake { .. })), 0);
}

#[test]
fn wakers_of_different_tasks_do_not_will_wake_each_other() {
    let wakers: Rc<RefCell<Vec<Waker>>> = Rc::default();
    let answer = Rc::new(Cell::new(None));
    run_main({
        let wakers = Rc::clone(&wakers);
        let answer = Rc::clone(&answer);
        async move {
            let other = spawn({
                let wakers = Rc::clone(&wakers);
                std::future::poll_fn(move |cx| {
                    wakers.borrow_mut().push(cx.waker().clone());
                    Poll::Ready(())
                })
            });
            other.await;
            std::future::poll_fn(|cx| {
                let theirs = &wakers.borrow()[0];
                answer.set(Some((theirs.will_wake(cx.waker()), cx.waker().will_wake(theirs))));
                Poll::Ready(())
            })
            .await;
        }
    });
    assert_eq!(answer.get(), Some((false, false)));
}

#[test]
fn wakers_outlive_their_executor_and_still_work() {
    // Enough tasks to fill several chunks of the executor's waker table: each keeps a clone of
    // its waker, which the test holds on to after the executor is gone.
    const TASKS: u32 = 100;
    let kept: Rc<RefCell<Vec<Waker>>> = Rc::default();
    let executor = pollscope_executor::Executor::new();
    let wakers = Rc::clone(&kept);
    executor.spawn("main", async move {
        for _ in 0..TASKS {
            let wakers = Rc::clone(&wakers);
            drop(spawn(std::future::poll_fn(move |cx| {
                wakers.borrow_mut().push(cx.waker().clone());
                Poll::<()>::Pending
            })));
        }
        pollscope_executor::yield_now().await;
    });
    executor.run();
    let trace = executor.trace();
    drop(executor);
    let wakers = std::mem::take(&mut *kept.borrow_mut());
    assert_eq!(wakers.len(), TASKS as usize);
    for (i, waker) in wakers.into_iter().enumerate() {
        // Each still names its own task, wakes (into an executor that is over) and drops.
        assert_eq!(pollscope_executor::waker_task(&waker), Some(TaskId(i as u32 + 2)));
        let clone = waker.clone();
        assert!(clone.will_wake(&waker));
        clone.wake();
        waker.wake_by_ref();
    }
    assert_eq!(count(&trace, |k| matches!(k, EventKind::WakerClone { .. })), TASKS as usize);
}
