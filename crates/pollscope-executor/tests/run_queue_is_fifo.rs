//! The run queue is first in, first out: spawned tasks run in spawn order, and a woken task
//! goes to the back of the queue.

mod common;

use common::{assert_in_order, output, poll_order, run_main};
use pollscope_executor::{print, spawn, yield_now};

async fn say(word: &'static str) {
    print(&format!("{word}\n"));
}

async fn count_to_three(name: &'static str) {
    for i in 1..=3 {
        print(&format!("{name}{i}\n"));
        yield_now().await;
    }
}

#[test]
fn tasks_spawned_by_main_run_in_spawn_order_after_main_yields() {
    let (_, trace) = run_main(async {
        let a = spawn(say("a"));
        let b = spawn(say("b"));
        let c = spawn(say("c"));
        print("main yields\n");
        yield_now().await;
        print("main again\n");
        a.await;
        b.await;
        c.await;
    });
    // Main runs on until it yields; then the three tasks, in spawn order; then main.
    assert_eq!(output(&trace), ["main yields", "a", "b", "c", "main again"]);
    assert_eq!(poll_order(&trace), [1, 2, 3, 4, 1]);
    assert_in_order(
        &trace,
        &[
            "0ms wake_by_ref #1 by #1",
            "0ms pending #1",
            "0ms poll #2",
            "0ms ready #2 ()",
            "0ms poll #3",
            "0ms ready #3 ()",
            "0ms poll #4",
            "0ms ready #4 ()",
            "0ms poll #1",
        ],
    );
}

#[test]
fn tasks_are_scheduled_fairly() {
    let (_, trace) = run_main(async {
        let x = spawn(count_to_three("x"));
        let y = spawn(count_to_three("y"));
        x.await;
        y.await;
    });
    // Each yield puts the task behind the other one: they alternate instead of one running
    // to the end first.
    assert_eq!(output(&trace), ["x1", "y1", "x2", "y2", "x3", "y3"]);
    // Main awaits x (pending), then x and y alternate; x's last poll wakes main, which is
    // queued behind y's last poll. Awaiting y, already finished, is ready at once.
    assert_eq!(poll_order(&trace), [1, 2, 3, 2, 3, 2, 3, 2, 3, 1]);
}
