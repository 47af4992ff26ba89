//! When `main` finishes the run is over: tasks that have not finished are abandoned (listed in
//! id order, then `done`), their futures are dropped, and nothing is recorded after `done`.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{Signal, assert_trace, kinds, run_main};
use pollscope_executor::{EventKind, Executor, MainEnd, RunEnd, TaskId, print, sleep, spawn, yield_now};

async fn slow_greeting() {
    sleep(1_000).await;
    print("never printed: main was done long ago\n");
}

#[test]
fn unfinished_tasks_are_abandoned_when_main_returns() {
    let (end, trace) = run_main(async {
        let _detached = spawn(slow_greeting());
        sleep(10).await;
        print("main returns after 10ms\n");
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms spawn #2 slow_greeting by #1",
            "0ms clone waker #1 (1 alive)",
            "0ms set timer t1 at 10ms",
            "0ms pending #1",
            "0ms poll #2",
            "0ms clone waker #2 (1 alive)",
            "0ms set timer t2 at 1000ms",
            "0ms pending #2",
            "10ms advance +10ms",
            "10ms fire timer t1",
            "10ms wake #1 by timer t1",
            "10ms poll #1",
            "10ms print #1 \"main returns after 10ms\"",
            "10ms ready #1 ()",
            "10ms abandon #2 slow_greeting",
            "10ms done main ready, 2 tasks, 3 polls",
        ],
    );
}

async fn idle() {
    sleep(50).await;
}

#[test]
fn abandoned_tasks_are_listed_in_id_order_whatever_their_state() {
    let (_, trace) = run_main(async {
        drop(spawn(idle())); // #2: waiting on a timer
        drop(spawn(async {})); // #3: finishes
        yield_now().await;
        drop(spawn(idle())); // #4: spawned, never polled
        drop(spawn(yield_now())); // #5: spawned, never polled
    });
    let abandoned: Vec<TaskId> = kinds(&trace, |k| matches!(k, EventKind::Abandon { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::Abandon { task, .. } => task,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(abandoned, [TaskId(2), TaskId(4), TaskId(5)]);
    let lines = common::lines(&trace);
    assert_eq!(
        lines[lines.len() - 5..],
        [
            "0ms ready #1 ()",
            "0ms abandon #2 idle",
            "0ms abandon #4 idle",
            "0ms abandon #5 YieldNow",
            "0ms done main ready, 5 tasks, 4 polls",
        ]
    );
}

/// Sets a flag when dropped.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn abandoned_tasks_futures_are_dropped_when_the_run_ends() {
    let dropped = Rc::new(Cell::new(false));
    let executor = Executor::new();
    executor.spawn("main", {
        let dropped = Rc::clone(&dropped);
        async move {
            drop(spawn(async move {
                let _flag = DropFlag(dropped);
                sleep(100).await;
            }));
            yield_now().await;
        }
    });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    // Dropped at the end of `run`, not when the executor goes away.
    assert!(dropped.get());
}

#[test]
fn nothing_is_recorded_after_done() {
    let signal = Signal::new();
    let executor = Executor::new();
    executor.spawn("main", {
        let signal = signal.clone();
        async move {
            // #2 parks its waker with the signal and is abandoned when main returns.
            drop(spawn(signal.wait()));
            yield_now().await;
        }
    });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    let trace = executor.trace();
    assert!(matches!(trace.last().unwrap().kind, EventKind::Done { main: MainEnd::Ready, .. }));

    // Waking, cloning and dropping the abandoned task's waker, stepping and running again:
    // none of it shows.
    let waker = signal.slot.take().expect("#2 parked its waker");
    let clone = waker.clone();
    waker.wake_by_ref();
    clone.wake();
    drop(waker);
    assert!(!executor.try_run_one());
    executor.run_until_stalled();
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_eq!(executor.trace(), trace);
}
