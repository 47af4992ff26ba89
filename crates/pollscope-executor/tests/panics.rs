//! A panic inside a task is caught and recorded with its message; the task is finished. Whoever
//! awaits that task panics in turn. A panic in `main` ends the run as `panicked`.

mod common;

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use common::{assert_in_order, assert_trace, count, kinds, polls_of, run_main};
use pollscope_executor::{EventKind, MainEnd, RunEnd, Sleep, sleep, spawn, yield_now};

async fn explode() -> u32 {
    panic!("boom")
}

async fn explode_later() -> u32 {
    sleep(5).await;
    panic!("boom at 5ms")
}

fn panics(trace: &pollscope_executor::Trace) -> Vec<(u32, String)> {
    kinds(trace, |k| matches!(k, EventKind::Panic { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::Panic { task, message } => (task.0, message.to_string()),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn a_panic_in_a_spawned_task_is_recorded_and_finishes_that_task() {
    let finished = Rc::new(Cell::new(false));
    let (end, trace) = run_main({
        let finished = Rc::clone(&finished);
        async move {
            let worker = spawn(explode());
            yield_now().await;
            finished.set(worker.is_finished());
            // Main does not await it, so main is unaffected.
            drop(worker);
            "main carries on"
        }
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert!(finished.get());
    assert_eq!(panics(&trace), [(2, "boom".to_string())]);
    assert_eq!(polls_of(&trace, 2), 1);
    assert_in_order(
        &trace,
        &["0ms poll #2", "0ms panic #2 \"boom\"", "0ms poll #1", "0ms ready #1 \"main carries on\""],
    );
    // A panicked task is finished, not abandoned.
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Abandon { .. })), 0);
}

#[test]
fn awaiting_a_panicked_task_panics_in_the_awaiter() {
    let (end, trace) = run_main(async { spawn(explode()).await });
    assert_eq!(end, RunEnd::Done(MainEnd::Panicked));
    assert_eq!(panics(&trace), [(2, "boom".to_string()), (1, "awaited task #2 panicked".to_string())]);
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms spawn #2 explode by #1",
            "0ms clone waker #1 (1 alive)",
            "0ms pending #1",
            "0ms poll #2",
            "0ms panic #2 \"boom\"",
            "0ms wake #1 by #2",
            "0ms poll #1",
            "0ms panic #1 \"awaited task #2 panicked\"",
            "0ms done main panicked, 2 tasks, 3 polls",
        ],
    );
}

#[test]
fn a_task_awaiting_a_panicked_task_is_not_main_and_panics_alone() {
    async fn middle() -> u32 {
        spawn(explode_later()).await
    }
    let (end, trace) = run_main(async {
        let m = spawn(middle());
        sleep(10).await;
        m.is_finished()
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    assert_eq!(panics(&trace), [(3, "boom at 5ms".to_string()), (2, "awaited task #3 panicked".to_string())]);
    assert_in_order(
        &trace,
        &[
            "5ms panic #3 \"boom at 5ms\"",
            "5ms wake #2 by #3",
            "5ms panic #2 \"awaited task #3 panicked\"",
            "10ms ready #1 true",
        ],
    );
}

#[test]
fn a_panic_in_main_ends_the_run_as_panicked() {
    let (end, trace) = run_main(async {
        sleep(3).await;
        panic!("main gives up");
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Panicked));
    assert_eq!(trace.last().unwrap().kind, EventKind::Done { main: MainEnd::Panicked, tasks: 1, polls: 2 });
    let lines = common::lines(&trace);
    assert_eq!(lines[lines.len() - 2..], ["3ms panic #1 \"main gives up\"", "3ms done main panicked, 1 task, 2 polls"]);
    assert!(!trace.completed());
}

#[test]
fn panic_messages_are_kept_exactly() {
    let (_, trace) = run_main(async {
        let overflow = spawn(async { panic!("attempt to add with overflow") });
        let formatted = spawn(async {
            let index = 7;
            panic!("index {index} out of range for slice of length {}", 3)
        });
        let quoted = spawn(async { panic!("a \"quoted\" word\nand a newline") });
        let not_a_string = spawn(async { std::panic::panic_any(42_u8) });
        yield_now().await;
        let done = [&overflow, &formatted].iter().all(|h| h.is_finished());
        (done, quoted.is_finished(), not_a_string.is_finished())
    });
    assert_eq!(
        panics(&trace),
        [
            (2, "attempt to add with overflow".to_string()),
            (3, "index 7 out of range for slice of length 3".to_string()),
            (4, "a \"quoted\" word\nand a newline".to_string()),
            (5, "Box<dyn Any>".to_string()),
        ]
    );
    // In the text, a message is a Rust string literal: quotes and newlines are escaped.
    assert_in_order(
        &trace,
        &[
            "0ms panic #2 \"attempt to add with overflow\"",
            "0ms panic #3 \"index 7 out of range for slice of length 3\"",
            r#"0ms panic #4 "a \"quoted\" word\nand a newline""#,
            "0ms panic #5 \"Box<dyn Any>\"",
            "0ms ready #1 (true, true, true)",
        ],
    );
}

/// Real arithmetic overflow only panics when overflow checks are on (debug builds).
#[cfg(debug_assertions)]
#[test]
fn a_real_integer_overflow_is_recorded_with_stds_message() {
    let (_, trace) = run_main(async {
        let x: u8 = std::hint::black_box(255);
        x + 1
    });
    assert_eq!(panics(&trace), [(1, "attempt to add with overflow".to_string())]);
}

/// Keeps a waker clone and a registered `Sleep` in its fields, then panics on its second poll.
struct HoldsThenPanics {
    sleep: Sleep,
    kept: Option<Waker>,
}

impl Future for HoldsThenPanics {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.kept.is_some() {
            panic!("boom");
        }
        self.kept = Some(cx.waker().clone());
        assert!(Pin::new(&mut self.sleep).poll(cx).is_pending());
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[test]
fn a_panicked_tasks_future_is_dropped_with_the_timers_and_wakers_it_held() {
    let (end, trace) = run_main(async {
        drop(spawn(HoldsThenPanics { sleep: sleep(100), kept: None }));
        sleep(1).await;
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    // Right after the panic, still inside #2's turn, its future is dropped: the sleep cancels
    // its timer (giving back that waker), then the kept waker goes.
    assert_in_order(
        &trace,
        &[
            "0ms poll #2",
            "0ms clone waker #2 (1 alive)",
            "0ms clone waker #2 (2 alive)",
            "0ms set timer t2 at 100ms",
            "0ms pending #2",
            "0ms poll #2",
            "0ms panic #2 \"boom\"",
            "0ms cancel timer t2",
            "0ms drop waker #2 (1 alive)",
            "0ms drop waker #2 (0 alive)",
            "1ms advance +1ms",
        ],
    );
    // The cancelled timer never fires: the run ends at 1ms.
    assert_eq!(common::lines(&trace).last().unwrap(), "1ms done main ready, 2 tasks, 4 polls");
}
