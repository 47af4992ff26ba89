//! Tasks get ids from `#1` in spawn order and a name: the one given to `Executor::spawn`, or
//! one derived from the future's type for `spawn`. The spawn event names the parent task.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use common::{assert_in_order, kinds, run_main};
use pollscope_executor::{EventKind, Executor, RunEnd, TaskId, join, spawn, yield_now};

async fn worker() -> u32 {
    7
}

async fn grandchild() {}

async fn child() {
    spawn(grandchild()).await;
}

struct Countdown(u32);

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn spawns(trace: &pollscope_executor::Trace) -> Vec<(u32, String, Option<u32>)> {
    kinds(trace, |k| matches!(k, EventKind::Spawn { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::Spawn { task, name, parent } => (task.0, name.to_string(), parent.map(|p| p.0)),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn tasks_are_numbered_from_one_in_spawn_order() {
    let (end, trace) = run_main(async {
        let a = spawn(worker());
        let b = spawn(Countdown(2));
        let c = spawn(worker());
        let ids = (a.id(), b.id(), c.id());
        a.await;
        b.await;
        c.await;
        ids
    });
    assert_eq!(end, RunEnd::Done(pollscope_executor::MainEnd::Ready));
    let ids: Vec<u32> = spawns(&trace).iter().map(|s| s.0).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    // The handles know their ids too: main's output is their Debug text.
    assert_in_order(&trace, &["0ms ready #1 (Some(TaskId(2)), Some(TaskId(3)), Some(TaskId(4)))"]);
}

#[test]
fn an_async_fn_task_is_named_after_the_fn_and_a_struct_after_the_struct() {
    let (_, trace) = run_main(async {
        spawn(worker()).await;
        spawn(Countdown(1)).await;
        spawn(Box::pin(worker())).await;
        spawn(join(worker(), worker())).await;
    });
    let names: Vec<String> = spawns(&trace).into_iter().map(|s| s.1).collect();
    assert_eq!(names, ["main", "worker", "Countdown", "worker", "Join"]);
}

#[test]
fn an_async_block_is_named_after_the_fn_it_is_written_in() {
    let (_, trace) = run_main(async {
        spawn(async { 1 }).await;
    });
    // The outer block is the test fn's closure; the inner one is nested inside it.
    assert_eq!(spawns(&trace)[1].1, "an_async_block_is_named_after_the_fn_it_is_written_in::{async}");
}

#[test]
fn the_spawn_event_names_the_parent_task() {
    let (_, trace) = run_main(async {
        let first = spawn(worker());
        spawn(child()).await;
        first.await;
    });
    assert_eq!(
        spawns(&trace),
        [
            (1, "main".to_string(), None),
            (2, "worker".to_string(), Some(1)),
            (3, "child".to_string(), Some(1)),
            (4, "grandchild".to_string(), Some(3)),
        ]
    );
    assert_in_order(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms spawn #2 worker by #1",
            "0ms spawn #3 child by #1",
            "0ms spawn #4 grandchild by #3",
        ],
    );
}

#[test]
fn tasks_spawned_on_the_executor_have_no_parent_and_keep_the_given_name() {
    let executor = Executor::new();
    let main = executor.spawn("the main task", async { yield_now().await });
    let other = executor.spawn("helper", async {});
    assert_eq!(main.id(), Some(TaskId(1)));
    assert_eq!(other.id(), Some(TaskId(2)));
    executor.run();
    let trace = executor.trace();
    assert_eq!(spawns(&trace)[..2], [(1, "the main task".to_string(), None), (2, "helper".to_string(), None)]);
    assert_in_order(&trace, &["0ms spawn #1 the main task", "0ms spawn #2 helper", "0ms poll #1", "0ms poll #2"]);
}
