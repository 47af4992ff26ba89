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

/// Prints when dropped: shows when a task's future (which owns it) is dropped.
struct Announce(&'static str);

impl Drop for Announce {
    fn drop(&mut self) {
        print(&format!("dropped {}\n", self.0));
    }
}

/// Ready at once with 5, keeping its `Announce` until it is dropped (an `async` block would
/// drop its locals inside its last poll).
struct Holding(#[allow(dead_code)] Announce);

impl Future for Holding {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
        Poll::Ready(5)
    }
}

#[test]
fn a_finished_task_drops_its_future_at_once_though_its_handle_is_still_held() {
    // The task's future and its join slot share one allocation, which the handle keeps; the
    // future must still be dropped when the task finishes (as tokio does), not when the handle
    // goes, and a task holding its own state must not leak it.
    let (end, trace) = run_main(async {
        let worker = spawn(Holding(Announce("worker state")));
        yield_now().await;
        print(&format!("worker finished: {}\n", worker.is_finished()));
        let value = worker.await;
        print(&format!("worker says {value}\n"));
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(output(&trace), ["dropped worker state", "worker finished: true", "worker says 5"]);
    let dropped = trace.to_string().lines().position(|l| l.contains("dropped worker state")).unwrap();
    let ready = trace.to_string().lines().position(|l| l.contains("ready #2 5")).unwrap();
    assert!(ready < dropped, "the future is dropped right after its last poll:\n{trace}");
}

#[test]
fn a_task_that_never_finishes_is_dropped_when_the_run_ends_even_if_its_handle_lives_in_it() {
    // A future holding its own task's handle (through a shared cell) is a cycle of `Rc`s; the
    // executor breaks it by dropping every future it holds at the end of the run.
    use std::cell::RefCell;
    use std::rc::Rc;
    let own: Rc<RefCell<Option<JoinHandle<()>>>> = Rc::default();
    let weak = Rc::downgrade(&own);
    let (end, trace) = run_main(async move {
        let guard = Announce("stuck task");
        let inside = Rc::clone(&own);
        let handle = spawn(async move {
            let _guard = guard;
            let _own = inside;
            std::future::pending::<()>().await
        });
        *own.borrow_mut() = Some(handle);
        yield_now().await;
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(output(&trace), ["dropped stuck task"]);
    assert!(weak.upgrade().is_none(), "the task's state leaked");
}

/// An output that prints when dropped.
#[derive(Debug)]
struct LoudOutput;

impl Drop for LoudOutput {
    fn drop(&mut self) {
        print("output dropped\n");
    }
}

#[test]
fn a_detached_task_s_output_is_dropped_as_its_task_with_the_print_in_the_trace() {
    // Nobody awaits the task, so its output is dropped with the task's cell, right after the
    // task finishes: while it is the current task, so the print is its own.
    let (end, trace) = run_main(async {
        drop(spawn(async { LoudOutput }));
        yield_now().await;
        print("main goes on\n");
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(output(&trace), ["output dropped", "main goes on"]);
    assert!(trace.to_string().contains("print #2 \"output dropped\""), "{trace}");
}

/// An output whose drop panics.
#[derive(Debug)]
struct PanickyOutput;

impl Drop for PanickyOutput {
    fn drop(&mut self) {
        panic!("output drop panics");
    }
}

#[test]
fn a_detached_task_s_output_that_panics_on_drop_does_not_escape_the_run() {
    let (end, trace) = run_main(async {
        drop(spawn(async { PanickyOutput }));
        yield_now().await;
        print("main goes on\n");
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(output(&trace), ["main goes on"]);
}
