//! Waking a task that is already in the run queue does not queue it twice, but the wake is
//! still recorded, with the effect `AlreadyScheduled`. Waking a finished task does nothing.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use common::{WakerSlot, assert_in_order, assert_trace, kinds, polls_of, run_main};
use pollscope_executor::{EventKind, RunEnd, TaskId, WakeEffect, WakeHow, WakeSource, spawn, yield_now};

/// Pending once, calling `wake_by_ref` twice in that poll; then ready.
struct WakeTwice {
    polled: bool,
}

impl Future for WakeTwice {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        cx.waker().wake_by_ref();
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn wakes(trace: &pollscope_executor::Trace) -> Vec<EventKind> {
    kinds(trace, |k| matches!(k, EventKind::Wake { .. }))
}

#[test]
fn a_task_that_wakes_itself_twice_in_one_poll_is_polled_once_more_not_twice() {
    let (end, trace) = run_main(WakeTwice { polled: false });
    assert!(matches!(end, RunEnd::Done(_)));
    assert_eq!(polls_of(&trace, 1), 2);
    let me = TaskId(1);
    assert_eq!(
        wakes(&trace),
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
                how: WakeHow::WakeByRef,
                effect: WakeEffect::AlreadyScheduled,
            },
        ]
    );
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms wake_by_ref #1 by #1",
            "0ms wake_by_ref #1 by #1 (already scheduled)",
            "0ms pending #1",
            "0ms poll #1",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 2 polls",
        ],
    );
}

/// Leaves a clone of its waker in `slot`, wakes itself (so it is queued), and is ready on its
/// second poll.
struct ParkAndYield {
    slot: WakerSlot,
    polled: bool,
}

impl Future for ParkAndYield {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        self.slot.store(cx.waker());
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[test]
fn a_queued_task_woken_by_another_task_is_not_queued_twice() {
    let slot = WakerSlot::new();
    let (_, trace) = run_main({
        let slot = slot.clone();
        async move {
            let parked = spawn(ParkAndYield { slot: slot.clone(), polled: false });
            let waker = spawn(async move {
                // #2 queued itself before this task runs: this wake finds it in the queue.
                slot.take().expect("#2 left its waker").wake();
            });
            parked.await;
            waker.await;
        }
    });
    // #2 is polled twice (once for each time it was queued), not three times.
    assert_eq!(polls_of(&trace, 2), 2);
    assert!(wakes(&trace).contains(&EventKind::Wake {
        task: TaskId(2),
        by: WakeSource::Task(TaskId(3)),
        how: WakeHow::Wake,
        effect: WakeEffect::AlreadyScheduled,
    }));
    assert_in_order(
        &trace,
        &[
            "0ms poll #2",
            "0ms clone waker #2 (1 alive)",
            "0ms wake_by_ref #2 by #2",
            "0ms pending #2",
            "0ms poll #3",
            "0ms wake #2 by #3 (already scheduled)",
            "0ms ready #3 ()",
            "0ms poll #2",
            "0ms ready #2 ()",
        ],
    );
}

#[test]
fn waking_a_finished_task_is_recorded_and_schedules_nothing() {
    let slot = WakerSlot::new();
    let (end, trace) = run_main({
        let slot = slot.clone();
        async move {
            let done = spawn({
                let slot = slot.clone();
                async move {
                    std::future::poll_fn(|cx| {
                        slot.store(cx.waker());
                        Poll::Ready(())
                    })
                    .await
                }
            });
            done.await;
            yield_now().await;
            slot.take().expect("#2 left its waker").wake_by_ref();
        }
    });
    assert!(matches!(end, RunEnd::Done(_)));
    assert!(wakes(&trace).contains(&EventKind::Wake {
        task: TaskId(2),
        by: WakeSource::Task(TaskId(1)),
        how: WakeHow::WakeByRef,
        effect: WakeEffect::Finished,
    }));
    assert_in_order(
        &trace,
        &["0ms ready #2 ()", "0ms wake_by_ref #2 by #1 (task finished)", "0ms drop waker #2 (0 alive)"],
    );
    assert_eq!(polls_of(&trace, 2), 1);
}

#[test]
fn a_task_that_wakes_itself_and_then_finishes_is_not_polled_again() {
    let (end, trace) = run_main(async {
        let eager = spawn(std::future::poll_fn(|cx| {
            cx.waker().wake_by_ref();
            Poll::Ready(1)
        }));
        yield_now().await;
        eager.await
    });
    assert!(matches!(end, RunEnd::Done(_)), "{trace}");
    assert!(trace.completed(), "{trace}");
    // The wake queued #2, but it finished in that same poll: it leaves the queue unpolled.
    assert_in_order(
        &trace,
        &["0ms poll #2", "0ms wake_by_ref #2 by #2", "0ms ready #2 1", "0ms poll #1", "0ms ready #1 1"],
    );
    assert_eq!(polls_of(&trace, 2), 1);
}
