//! Time is virtual: it only moves when no task is runnable, jumping straight to the earliest
//! timer. Timers fire in deadline order, ties in creation order. Nothing reads the wall clock.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use common::{assert_in_order, assert_trace, count, kinds, output, run_main};
use pollscope_executor::{EventKind, Executor, MainEnd, RunEnd, Sleep, TimerId, print, sleep, spawn, yield_now};

fn fired(trace: &pollscope_executor::Trace) -> Vec<u32> {
    kinds(trace, |k| matches!(k, EventKind::TimerFire { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::TimerFire { timer } => timer.0,
            _ => unreachable!(),
        })
        .collect()
}

fn advances(trace: &pollscope_executor::Trace) -> Vec<u64> {
    kinds(trace, |k| matches!(k, EventKind::Advance { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::Advance { by } => by,
            _ => unreachable!(),
        })
        .collect()
}

async fn nap(ms: u64, name: &'static str) {
    sleep(ms).await;
    print(&format!("{name}\n"));
}

#[test]
fn when_no_task_is_runnable_the_clock_jumps_to_the_earliest_timer() {
    let executor = Executor::new();
    executor.spawn("main", async { sleep(30).await });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_eq!(executor.now(), 30);
    assert_trace(
        &executor.trace(),
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms clone waker #1 (1 alive)",
            "0ms set timer t1 at 30ms",
            "0ms pending #1",
            "30ms advance +30ms",
            "30ms fire timer t1",
            "30ms wake #1 by timer t1",
            "30ms poll #1",
            "30ms ready #1 ()",
            "30ms done main ready, 1 task, 2 polls",
        ],
    );
}

#[test]
fn timers_fire_in_deadline_order_and_the_clock_advances_by_the_gaps() {
    let (_, trace) = run_main(async {
        let slow = spawn(nap(30, "slow"));
        let fast = spawn(nap(10, "fast"));
        let middle = spawn(nap(25, "middle"));
        slow.await;
        fast.await;
        middle.await;
    });
    // t1 is `slow` (30ms), t2 `fast` (10ms), t3 `middle` (25ms).
    assert_eq!(fired(&trace), [2, 3, 1]);
    assert_eq!(advances(&trace), [10, 15, 5]);
    assert_eq!(output(&trace), ["fast", "middle", "slow"]);
    assert_in_order(
        &trace,
        &["10ms advance +10ms", "10ms fire timer t2", "25ms advance +15ms", "25ms fire timer t3", "30ms advance +5ms"],
    );
}

#[test]
fn timers_with_the_same_deadline_fire_in_creation_order_after_one_advance() {
    let (_, trace) = run_main(async {
        let a = spawn(nap(10, "a"));
        let b = spawn(nap(10, "b"));
        let c = spawn(nap(10, "c"));
        a.await;
        b.await;
        c.await;
    });
    assert_eq!(fired(&trace), [1, 2, 3]);
    assert_eq!(advances(&trace), [10]);
    // All three fire (and wake their task) before any of them runs.
    assert_in_order(
        &trace,
        &[
            "10ms advance +10ms",
            "10ms fire timer t1",
            "10ms wake #2 by timer t1",
            "10ms fire timer t2",
            "10ms wake #3 by timer t2",
            "10ms fire timer t3",
            "10ms wake #4 by timer t3",
            "10ms poll #2",
            "10ms poll #3",
            "10ms poll #4",
        ],
    );
    assert_eq!(output(&trace), ["a", "b", "c"]);
}

#[test]
fn time_does_not_advance_while_a_task_is_runnable() {
    let (_, trace) = run_main(async {
        let sleeper = spawn(nap(1, "slept 1ms"));
        for _ in 0..50 {
            yield_now().await;
        }
        print("main yielded 50 times\n");
        sleeper.await;
    });
    // Main stayed runnable for 50 yields: the 1ms timer waited for all of them.
    assert_eq!(output(&trace), ["main yielded 50 times", "slept 1ms"]);
    let advance_at = trace.events.iter().position(|e| matches!(e.kind, EventKind::Advance { .. })).unwrap();
    assert!(trace.times().take(advance_at).all(|t| t == 0));
    assert_eq!(trace.time(advance_at), 1);
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Poll { .. })), 1 + 50 + 1 + 2);
    assert_in_order(&trace, &["0ms print #1 \"main yielded 50 times\"", "0ms pending #1", "1ms advance +1ms"]);
}

#[test]
fn sleep_zero_completes_at_once_without_a_timer() {
    let (_, trace) = run_main(async {
        sleep(0).await;
        print("after sleep(0)\n");
    });
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms print #1 \"after sleep(0)\"",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 1 polls",
        ],
    );
}

#[test]
fn a_sleep_is_measured_from_when_it_was_created() {
    let (_, trace) = run_main(async {
        let early = sleep(15);
        sleep(10).await;
        early.await;
        print("done\n");
    });
    // `early`'s deadline was fixed at 0ms: it fires at 15ms, not 10 + 15.
    assert_in_order(&trace, &["10ms set timer t2 at 15ms", "15ms advance +5ms", "15ms print #1 \"done\""]);
}

/// Polls a `Sleep` once (registering its timer), then drops it and is ready.
struct GiveUp {
    sleep: Option<Sleep>,
}

impl Future for GiveUp {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut sleep = self.sleep.take().expect("polled once");
        assert!(Pin::new(&mut sleep).poll(cx).is_pending());
        drop(sleep);
        Poll::Ready(())
    }
}

#[test]
fn a_sleep_dropped_before_it_fires_cancels_its_timer() {
    let executor = Executor::new();
    executor.spawn("main", async { GiveUp { sleep: Some(sleep(100)) }.await });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    // The cancelled timer neither fires nor moves the clock.
    assert_eq!(executor.now(), 0);
    let trace = executor.trace();
    assert_eq!(
        kinds(&trace, |k| matches!(k, EventKind::TimerCancel { .. })),
        [EventKind::TimerCancel { timer: TimerId(1) }]
    );
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms clone waker #1 (1 alive)",
            "0ms set timer t1 at 100ms",
            "0ms cancel timer t1",
            "0ms drop waker #1 (0 alive)",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 1 polls",
        ],
    );
}

#[test]
fn a_sleep_dropped_after_it_fired_cancels_nothing() {
    let (_, trace) = run_main(async { sleep(5).await });
    assert_eq!(count(&trace, |k| matches!(k, EventKind::TimerCancel { .. })), 0);
}

#[test]
fn a_very_long_sleep_finishes_without_waiting() {
    let executor = Executor::new();
    executor.spawn("main", async {
        sleep(10_000_000).await;
        print("woke up\n");
    });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_eq!(executor.now(), 10_000_000);
    assert_in_order(&executor.trace(), &["10000000ms advance +10000000ms", "10000000ms print #1 \"woke up\""]);
}
