//! When tasks remain but none is runnable and no timer is pending, the run stalls, and the trace
//! says for each stuck task whether a waker for it is still alive: none (a lost waker) or some
//! (kept somewhere, never woken).

mod common;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use common::{assert_in_order, assert_trace, kinds, run_main};
use pollscope_executor::{EventKind, RunEnd, TaskId, print, sleep, spawn};

/// Pending on its first poll without waking anyone or keeping a waker: a lost wake-up.
struct Forgetful {
    polled: bool,
}

impl Future for Forgetful {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        Poll::Pending
    }
}

/// Keeps a clone of its waker, but nothing ever calls it.
struct Hoarder {
    kept: Option<Waker>,
}

impl Future for Hoarder {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.kept = Some(cx.waker().clone());
        Poll::Pending
    }
}

fn stuck(trace: &pollscope_executor::Trace) -> Vec<(u32, usize)> {
    kinds(trace, |k| matches!(k, EventKind::Stuck { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::Stuck { task, alive, .. } => (task.0, alive),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn a_future_pending_without_arranging_a_wake_stalls_with_a_lost_waker() {
    let (end, trace) = run_main(async {
        print("waiting\n");
        Forgetful { polled: false }.await;
        print("never printed\n");
    });
    assert_eq!(end, RunEnd::Stalled);
    assert_eq!(
        trace.last().map(|e| &e.kind),
        Some(&EventKind::Stuck { task: TaskId(1), name: "main".into(), alive: 0 })
    );
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms print #1 \"waiting\"",
            "0ms pending #1",
            "0ms stall 1 task stuck",
            "0ms stuck #1 main: no waker alive (lost waker)",
        ],
    );
}

#[test]
fn a_future_that_keeps_a_waker_it_never_wakes_stalls_with_one_waker_alive() {
    let (end, trace) = run_main(Hoarder { kept: None });
    assert_eq!(end, RunEnd::Stalled);
    assert_eq!(stuck(&trace), [(1, 1)]);
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms clone waker #1 (1 alive)",
            "0ms pending #1",
            "0ms stall 1 task stuck",
            "0ms stuck #1 main: 1 waker alive, never woken",
        ],
    );
}

async fn lost() {
    Forgetful { polled: false }.await;
}

#[test]
fn every_unfinished_task_is_listed_in_id_order() {
    let (end, trace) = run_main(async {
        let a = spawn(lost());
        let b = spawn(Hoarder { kept: None });
        a.await;
        b.await;
    });
    assert_eq!(end, RunEnd::Stalled);
    // Main waits on #2's handle, which holds main's waker; #2 lost its wake; #3 keeps one.
    assert_eq!(stuck(&trace), [(1, 1), (2, 0), (3, 1)]);
    let lines = common::lines(&trace);
    assert_eq!(
        lines[lines.len() - 4..],
        [
            "0ms stall 3 tasks stuck",
            "0ms stuck #1 main: 1 waker alive, never woken",
            "0ms stuck #2 lost: no waker alive (lost waker)",
            "0ms stuck #3 Hoarder: 1 waker alive, never woken",
        ]
    );
    // A stall is not a finished run.
    assert!(!trace.completed());
    assert!(kinds(&trace, |k| matches!(k, EventKind::Done { .. })).is_empty());
}

#[test]
fn a_run_does_not_stall_while_a_timer_is_pending() {
    let (end, trace) = run_main(async {
        drop(spawn(async {
            sleep(50).await;
            print("timer task done\n");
        }));
        lost().await;
    });
    assert_eq!(end, RunEnd::Stalled);
    // The clock first moves to the timer and lets #2 finish; only then is main found stuck.
    assert_in_order(
        &trace,
        &[
            "50ms print #2 \"timer task done\"",
            "50ms ready #2 ()",
            "50ms stall 1 task stuck",
            "50ms stuck #1 main: no waker alive (lost waker)",
        ],
    );
    assert_eq!(stuck(&trace), [(1, 0)]);
}
