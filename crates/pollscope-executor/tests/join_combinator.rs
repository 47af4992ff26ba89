//! `join(a, b)` runs both futures inside the one task that awaits it, polling `a` before `b`
//! each time, and gives their outputs as `(A, B)` whichever finishes first.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{CountPolls, assert_in_order, count, output, run_main};
use pollscope_executor::{EventKind, MainEnd, RunEnd, join, print, sleep, yield_now};

async fn steps(name: &'static str, n: u32) -> &'static str {
    for i in 1..=n {
        print(&format!("{name}{i}\n"));
        yield_now().await;
    }
    name
}

async fn after(ms: u64, value: u32) -> u32 {
    sleep(ms).await;
    value
}

#[test]
fn join_polls_its_first_future_before_its_second() {
    let (_, trace) = run_main(async { join(steps("a", 3), steps("b", 3)).await });
    assert_eq!(output(&trace), ["a1", "b1", "a2", "b2", "a3", "b3"]);
}

#[test]
fn join_gives_the_outputs_in_argument_order_not_finishing_order() {
    let (end, trace) = run_main(async {
        join(after(20, 1), async {
            sleep(10).await;
            "b"
        })
        .await
    });
    assert_eq!(end, RunEnd::Done(MainEnd::Ready));
    // `b` finished at 10ms, `a` at 20ms: the pair is still (a, b).
    assert_in_order(&trace, &["20ms ready #1 (1, \"b\")"]);
}

#[test]
fn join_runs_both_futures_in_one_task_and_they_overlap() {
    let executor = pollscope_executor::Executor::new();
    executor.spawn("main", async { join(after(100, 1), after(50, 2)).await });
    executor.run();
    // No task is spawned for the halves, and the sleeps overlap: 100ms in all, not 150ms.
    let trace = executor.trace();
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Spawn { .. })), 1);
    assert_eq!(executor.now(), 100);
    // Both timers hold a clone of main's waker.
    assert_in_order(
        &trace,
        &[
            "0ms clone waker #1 (1 alive)",
            "0ms set timer t1 at 100ms",
            "0ms clone waker #1 (2 alive)",
            "0ms set timer t2 at 50ms",
        ],
    );
}

#[test]
fn join_does_not_poll_a_finished_half_again() {
    let a = Rc::new(Cell::new(0));
    let b = Rc::new(Cell::new(0));
    let (_, trace) = run_main({
        let (a, b) = (Rc::clone(&a), Rc::clone(&b));
        async move { join(CountPolls { polls: a, ready_after: 1 }, CountPolls { polls: b, ready_after: 4 }).await }
    });
    // `a` is ready on its first poll; `b` needs four. Main is polled four times in all.
    assert_eq!((a.get(), b.get()), (1, 4));
    assert_in_order(&trace, &["0ms ready #1 (1, 4)"]);
}
