//! `JoinHandle` is a `Future` giving the task's output; the task wakes whoever awaits the handle
//! when it finishes. Dropping the handle detaches the task, which keeps running.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use common::{assert_in_order, assert_trace, count, kinds, output, polls_of, run_main};
use pollscope_executor::{EventKind, JoinHandle, MainEnd, RunEnd, TaskId, WakeEffect, WakeHow, WakeSource};
use pollscope_executor::{print, sleep, spawn, yield_now};

async fn seven_after(ms: u64) -> u32 {
    sleep(ms).await;
    7
}

#[test]
fn awaiting_a_join_handle_gives_the_task_output() {
    let (end, trace) = run_main(async {
        let worker = spawn(seven_after(10));
        let value = worker.await;
        print(&format!("worker says {value}\n"));
        value
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms spawn #2 seven_after by #1",
            "0ms clone waker #1 (1 alive)",
            "0ms pending #1",
            "0ms poll #2",
            "0ms clone waker #2 (1 alive)",
            "0ms set timer t1 at 10ms",
            "0ms pending #2",
            "10ms advance +10ms",
            "10ms fire timer t1",
            "10ms wake #2 by timer t1",
            "10ms poll #2",
            "10ms wake #1 by #2",
            "10ms ready #2 7",
            "10ms poll #1",
            "10ms print #1 \"worker says 7\"",
            "10ms ready #1 7",
            "10ms done main ready, 2 tasks, 4 polls",
        ],
    );
}

#[test]
fn a_finishing_task_wakes_its_awaiter_by_value() {
    let (_, trace) = run_main(async { spawn(seven_after(3)).await });
    let wakes = kinds(&trace, |k| matches!(k, EventKind::Wake { task: TaskId(1), .. }));
    assert_eq!(
        wakes,
        [EventKind::Wake {
            task: TaskId(1),
            by: WakeSource::Task(TaskId(2)),
            how: WakeHow::Wake,
            effect: WakeEffect::Scheduled
        }]
    );
    // The handle kept one clone of main's waker and the wake consumed it.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::WakerClone { task: TaskId(1), .. })), 1);
    assert_eq!(count(&trace, |k| matches!(k, EventKind::WakerDrop { task: TaskId(1), .. })), 0);
    // Main is polled twice: once to start waiting, once when woken.
    assert_eq!(polls_of(&trace, 1), 2);
}

#[test]
fn a_handle_polled_again_while_waiting_keeps_a_single_waker() {
    let (_, trace) = run_main(async {
        let mut worker = spawn(seven_after(10));
        // Poll the handle by hand several times while main keeps getting woken by yields.
        for _ in 0..3 {
            std::future::poll_fn(|cx| {
                assert!(Pin::new(&mut worker).poll(cx).is_pending());
                Poll::Ready(())
            })
            .await;
            yield_now().await;
        }
        worker.await
    });
    // `will_wake` says the stored waker is still right: no new clone each time.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::WakerClone { task: TaskId(1), .. })), 1);
    assert!(trace.completed(), "{trace}");
}

#[test]
fn awaiting_a_task_that_already_finished_is_ready_at_once() {
    let (_, trace) = run_main(async {
        let worker = spawn(async { 5 });
        assert!(!worker.is_finished());
        yield_now().await;
        assert!(worker.is_finished());
        worker.await
    });
    assert!(trace.completed(), "{trace}");
    assert_in_order(&trace, &["0ms ready #2 5", "0ms poll #1", "0ms ready #1 5"]);
    // Nothing waited on the handle: main's waker was never cloned.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::WakerClone { task: TaskId(1), .. })), 0);
}

async fn report_after(ms: u64) {
    sleep(ms).await;
    print("detached task still ran\n");
}

#[test]
fn dropping_the_handle_detaches_the_task_which_still_runs() {
    let (end, trace) = run_main(async {
        drop(spawn(report_after(10)));
        sleep(20).await;
        print("main done\n");
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(output(&trace), ["detached task still ran", "main done"]);
    assert_in_order(&trace, &["10ms print #2 \"detached task still ran\"", "10ms ready #2 ()", "20ms ready #1 ()"]);
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Abandon { .. })), 0);
    // The finished task had nobody to wake.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Wake { task: TaskId(1), by: WakeSource::Task(_), .. })), 0);
}

/// Polls a handle once (so it keeps this task's waker), then drops it and is ready.
struct PollOnceThenDrop {
    handle: Option<JoinHandle<()>>,
}

impl Future for PollOnceThenDrop {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut handle = self.handle.take().expect("polled once");
        assert!(Pin::new(&mut handle).poll(cx).is_pending());
        drop(handle);
        Poll::Ready(())
    }
}

#[test]
fn dropping_a_handle_that_was_awaited_releases_the_awaiters_waker() {
    let (end, trace) = run_main(async {
        PollOnceThenDrop { handle: Some(spawn(report_after(10))) }.await;
        sleep(20).await;
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    // The handle gave back the waker it kept when it was dropped...
    assert_in_order(&trace, &["0ms poll #1", "0ms clone waker #1 (1 alive)", "0ms drop waker #1 (0 alive)"]);
    // ...so the detached task, finishing, does not wake main: main is polled only by its timer.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Wake { task: TaskId(1), by: WakeSource::Task(_), .. })), 0);
    assert_eq!(polls_of(&trace, 1), 2);
}
