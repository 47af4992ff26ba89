//! When `main` finishes the run is over: tasks that have not finished are abandoned in id
//! order, each dropped right after its `abandon` (the events of that drop, and what its drops
//! print, follow it), then `done`; nothing is recorded after `done`.

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
            "10ms cancel timer t2",
            "10ms drop waker #2 (0 alive)",
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
        lines[lines.len() - 7..],
        [
            "0ms ready #1 ()",
            "0ms abandon #2 idle",
            // #2's sleep is dropped with it: its timer and the waker it held go.
            "0ms cancel timer t1",
            "0ms drop waker #2 (0 alive)",
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

/// Prints when dropped.
struct Loud(&'static str);

impl Drop for Loud {
    fn drop(&mut self) {
        print(&format!("drop {}\n", self.0));
    }
}

#[test]
fn what_an_abandoned_task_prints_as_it_is_dropped_is_its_output() {
    let (_, trace) = run_main(async {
        drop(spawn(async {
            let _loud = Loud("first");
            sleep(100).await;
        }));
        drop(spawn(async {
            let _loud = Loud("second");
            sleep(100).await;
        }));
        sleep(10).await;
    });
    let lines = common::lines(&trace);
    let tail: Vec<&str> = lines.iter().map(String::as_str).skip_while(|l| !l.contains(" abandon #")).collect();
    assert_eq!(
        tail,
        [
            "10ms abandon #2 what_an_abandoned_task_prints_as_it_is_dropped_is_its_output::{async}",
            "10ms cancel timer t2",
            "10ms drop waker #2 (0 alive)",
            "10ms print #2 \"drop first\"",
            "10ms abandon #3 what_an_abandoned_task_prints_as_it_is_dropped_is_its_output::{async}",
            "10ms cancel timer t3",
            "10ms drop waker #3 (0 alive)",
            "10ms print #3 \"drop second\"",
            "10ms done main ready, 3 tasks, 4 polls",
        ]
    );
}
