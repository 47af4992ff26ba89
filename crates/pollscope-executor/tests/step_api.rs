//! The step API: `try_run_one` polls exactly one task, `run_until_stalled` polls until the run
//! queue is empty without moving the clock, and `run` drives the program to its end.

mod common;

use common::{Signal, assert_trace, count, lines, poll_order};
use std::rc::Rc;

use pollscope_executor::{EventKind, Executor, MainEnd, RunEnd, print, sleep, spawn, yield_now};

async fn hello(name: &'static str) {
    print(&format!("hello from {name}\n"));
}

fn polls(executor: &Executor) -> usize {
    count(&executor.trace(), |k| matches!(k, EventKind::Poll { .. }))
}

#[test]
fn try_run_one_polls_exactly_one_task() {
    let executor = Executor::new();
    executor.spawn("main", async {
        let a = spawn(hello("a"));
        let b = spawn(hello("b"));
        a.await;
        b.await;
    });
    assert_eq!(polls(&executor), 0);
    assert!(executor.try_run_one());
    assert_eq!(poll_order(&executor.trace()), [1]);
    assert!(executor.try_run_one());
    assert_eq!(poll_order(&executor.trace()), [1, 2]);
    assert!(executor.try_run_one());
    assert_eq!(poll_order(&executor.trace()), [1, 2, 3]);
    // #2 finishing woke main.
    assert!(executor.try_run_one());
    assert_eq!(poll_order(&executor.trace()), [1, 2, 3, 1]);
    assert_eq!(lines(&executor.trace()).last().unwrap(), "0ms ready #1 ()");
}

#[test]
fn try_run_one_returns_false_and_polls_nothing_on_an_empty_queue() {
    let executor = Executor::new();
    assert!(!executor.try_run_one(), "nothing spawned yet");
    assert!(executor.trace().events.is_empty());

    let signal = Signal::new();
    executor.spawn("main", signal.wait());
    assert!(executor.try_run_one());
    let before = executor.trace();
    // Main waits for a signal nobody sends: the queue is empty.
    assert!(!executor.try_run_one());
    assert!(!executor.try_run_one());
    assert_eq!(executor.trace(), before);
}

#[test]
fn run_until_stalled_stops_at_an_empty_queue_without_moving_the_clock() {
    let executor = Executor::new();
    executor.spawn("main", async {
        yield_now().await;
        yield_now().await;
        sleep(10).await;
        print("slept\n");
    });
    executor.run_until_stalled();
    // Both yields ran; the sleep's timer is pending but the clock did not jump to it.
    assert_eq!(executor.now(), 0);
    assert_eq!(polls(&executor), 3);
    let trace = executor.trace();
    assert_eq!(count(&trace, |k| matches!(k, EventKind::Advance { .. })), 0);
    assert_eq!(lines(&trace).last().unwrap(), "0ms pending #1");
    // Calling it again does nothing: only `run` moves the clock.
    executor.run_until_stalled();
    assert_eq!(executor.trace(), trace);
    assert!(!executor.try_run_one());

    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_eq!(executor.now(), 10);
    assert_eq!(lines(&executor.trace()).last().unwrap(), "10ms done main ready, 1 task, 4 polls");
}

#[test]
fn run_runs_the_program_to_its_end_and_then_does_nothing() {
    let executor = Executor::new();
    executor.spawn("main", async {
        spawn(hello("worker")).await;
        sleep(5).await;
    });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    let trace = executor.trace();
    assert!(trace.completed());
    // The run is over: stepping polls nothing, running again records nothing.
    assert!(!executor.try_run_one());
    executor.run_until_stalled();
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Ready));
    assert_eq!(executor.trace(), trace);
}

/// Main spawns two tasks it never awaits, then returns.
fn main_leaves_tasks_behind(executor: &Executor) {
    executor.spawn("main", async {
        drop(spawn(hello("a")));
        drop(spawn(hello("b")));
    });
}

#[test]
fn stepping_until_main_finishes_then_running_gives_the_same_trace_as_running() {
    let run = Executor::new();
    main_leaves_tasks_behind(&run);
    run.run();

    let stepped = Executor::new();
    main_leaves_tasks_behind(&stepped);
    assert!(stepped.try_run_one(), "polls main, which finishes");
    // Main finished: the other tasks are to be abandoned, not polled.
    assert!(!stepped.try_run_one());
    stepped.run_until_stalled();
    stepped.run();

    assert_eq!(lines(&stepped.trace()), lines(&run.trace()));
    assert_trace(
        &stepped.trace(),
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms spawn #2 hello by #1",
            "0ms spawn #3 hello by #1",
            "0ms ready #1 ()",
            "0ms abandon #2 hello",
            "0ms abandon #3 hello",
            "0ms done main ready, 3 tasks, 1 polls",
        ],
    );
}

#[test]
fn a_trace_taken_midway_and_the_rest_keep_their_times() {
    let program = || async {
        sleep(5).await;
        print("after 5\n");
        yield_now().await;
        sleep(10).await;
        print("after 15\n");
    };
    let whole = Executor::new();
    whole.spawn("main", program());
    whole.run();
    let whole = lines(&whole.trace());

    let executor = Executor::new();
    executor.spawn("main", program());
    // Up to the poll that prints at 5 ms.
    while !lines(&executor.trace()).iter().any(|l| l.contains("after 5")) {
        assert!(executor.try_run_one() || executor.fire_next(None));
    }
    let first = lines(&executor.take_trace());
    executor.run();
    let rest = lines(&executor.trace());
    // The clock stays at 5 ms across the cut (a yield), then moves to 15 ms.
    assert!(first.last().unwrap().starts_with("5ms "), "{first:?}");
    assert!(rest[0].starts_with("5ms "), "{rest:?}");
    assert!(rest.last().unwrap().starts_with("15ms done"), "{rest:?}");
    assert_eq!([first, rest].concat(), whole);
}

#[test]
fn a_task_cannot_run_its_own_executor() {
    // Tasks are polled in place: a poll that polled (or closed) its own executor's tasks could
    // reach the future being polled. A task that holds its executor (here through an `Rc`) is
    // refused, as a panic of the task that tried.
    let executor = Rc::new(Executor::new());
    let inside = Rc::clone(&executor);
    executor.spawn("main", async move {
        spawn(hello("b"));
        inside.try_run_one();
        print("not reached\n");
    });
    assert_eq!(executor.run(), RunEnd::Done(MainEnd::Panicked));
    let text = executor.trace().to_string();
    assert!(
        text.contains("panic #1 \"an executor cannot be run from inside a poll of one of its own tasks\""),
        "{text}"
    );
    assert!(!text.contains("not reached"), "{text}");
    // Task #2 was never polled inside `main`'s poll: the run ended with `main`.
    assert_eq!(poll_order(&executor.trace()), [1]);
}

#[test]
fn a_run_nested_inside_a_poll_leaves_the_outer_run_current() {
    // A task of one executor runs another executor to its end inside its poll: while the inner
    // run polls, its tasks' prints and spawns go to it; after it, the outer task's go to the
    // outer executor again.
    let outer = Executor::new();
    outer.spawn("main", async {
        let inner = Executor::new();
        inner.spawn("inner main", async {
            spawn(hello("inner child")).await;
            print("inner done\n");
        });
        assert_eq!(inner.run(), RunEnd::Done(MainEnd::Ready));
        let text = inner.trace().to_string();
        assert!(text.contains("spawn #2 "), "{text}");
        assert!(text.contains("print #2 \"hello from inner child\""), "{text}");
        assert!(text.contains("print #1 \"inner done\""), "{text}");
        spawn(hello("outer child")).await;
        print("outer done\n");
    });
    assert_eq!(outer.run(), RunEnd::Done(MainEnd::Ready));
    let text = outer.trace().to_string();
    assert!(text.contains("print #2 \"hello from outer child\""), "{text}");
    assert!(text.contains("print #1 \"outer done\""), "{text}");
    assert!(!text.contains("inner"), "{text}");
}
