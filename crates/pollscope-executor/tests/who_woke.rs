//! Every wake names who called the waker: the task being polled, the timer that fired, or the
//! outside (code running between polls, or another thread).

mod common;

use common::{Signal, assert_in_order, kinds, run_main};
use pollscope_executor::{EventKind, Executor, MainEnd, RunEnd, TaskId, TimerId, WakeEffect, WakeHow, WakeSource};
use pollscope_executor::{sleep, spawn};

fn wakes_of(trace: &pollscope_executor::Trace, n: u32) -> Vec<(WakeSource, WakeHow, WakeEffect)> {
    kinds(trace, |k| matches!(k, EventKind::Wake { task, .. } if *task == TaskId(n)))
        .into_iter()
        .map(|k| match k {
            EventKind::Wake { by, how, effect, .. } => (by, how, effect),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn a_waker_called_by_another_task_names_that_task() {
    let signal = Signal::new();
    let (end, trace) = run_main({
        let signal = signal.clone();
        async move {
            let waiter = spawn(signal.wait());
            let setter = spawn({
                let signal = signal.clone();
                async move { signal.set_and_wake() }
            });
            waiter.await;
            setter.await;
        }
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(wakes_of(&trace, 2), [(WakeSource::Task(TaskId(3)), WakeHow::Wake, WakeEffect::Scheduled)]);
    assert_in_order(&trace, &["0ms poll #3", "0ms wake #2 by #3", "0ms ready #3 ()", "0ms poll #2", "0ms ready #2 ()"]);
}

#[test]
fn a_timer_wake_names_the_timer() {
    let (_, trace) = run_main(async {
        sleep(5).await;
        sleep(5).await;
    });
    assert_eq!(
        wakes_of(&trace, 1),
        [
            (WakeSource::Timer(TimerId(1)), WakeHow::Wake, WakeEffect::Scheduled),
            (WakeSource::Timer(TimerId(2)), WakeHow::Wake, WakeEffect::Scheduled),
        ]
    );
    assert_in_order(
        &trace,
        &["5ms fire timer t1", "5ms wake #1 by timer t1", "10ms fire timer t2", "10ms wake #1 by timer t2"],
    );
}

#[test]
fn a_waker_called_between_polls_is_from_outside() {
    let signal = Signal::new();
    let executor = Executor::new();
    executor.spawn("main", signal.wait());
    executor.run_until_stalled();
    assert!(signal.slot.is_filled(), "main parked its waker");

    // Test code, not a task, calls the waker.
    signal.set_and_wake();
    let trace = executor.trace();
    assert_eq!(wakes_of(&trace, 1), [(WakeSource::Outside, WakeHow::Wake, WakeEffect::Scheduled)]);
    assert_eq!(common::lines(&trace).last().unwrap(), "0ms wake #1 by outside");

    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_in_order(&executor.trace(), &["0ms wake #1 by outside", "0ms poll #1", "0ms ready #1 ()"]);
}

#[test]
fn a_waker_called_from_another_thread_is_from_outside() {
    let signal = Signal::new();
    let executor = Executor::new();
    executor.spawn("main", signal.wait());
    executor.run_until_stalled();

    // Wakers are `Send`: move main's waker to another thread and wake it there.
    signal.flag.set(true);
    let waker = signal.slot.take().expect("main parked its waker");
    std::thread::spawn(move || waker.wake_by_ref()).join().unwrap();

    assert_eq!(wakes_of(&executor.trace(), 1), [(WakeSource::Outside, WakeHow::WakeByRef, WakeEffect::Scheduled)]);
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    // The clone was dropped on that thread, after its wake.
    assert_in_order(
        &executor.trace(),
        &["0ms wake_by_ref #1 by outside", "0ms drop waker #1 (0 alive)", "0ms poll #1", "0ms ready #1 ()"],
    );
}
