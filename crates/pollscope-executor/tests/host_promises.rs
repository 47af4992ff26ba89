//! Host promises: settled by the host at their time whether or not they are awaited; the
//! settlement wakes the awaiting task, named as the waker's source.

use pollscope_executor::{EventKind, Executor, PromiseId, WakeSource, print, promise, sleep, user_promise};

fn run(f: impl std::future::Future<Output = ()> + 'static) -> pollscope_executor::Trace {
    let executor = Executor::new();
    executor.spawn("main", f);
    executor.run();
    executor.trace()
}

#[test]
fn an_awaited_promise_wakes_its_task_when_the_host_resolves_it() {
    let trace = run(async {
        let v = promise(40, 7u8).await;
        print(&format!("{v}\n"));
    });
    let text = trace.to_string();
    assert!(text.contains("0ms create promise p1 settling at 40ms\n"), "{text}");
    assert!(text.contains("40ms resolve promise p1\n40ms wake #1 by promise p1\n"), "{text}");
    assert!(text.contains("40ms print #1 \"7\""), "{text}");
    let wake = trace.events.iter().find_map(|e| match &e.kind {
        EventKind::Wake { by, .. } => Some(*by),
        _ => None,
    });
    assert_eq!(wake, Some(WakeSource::Promise(PromiseId(1))));
}

#[test]
fn a_promise_settles_even_if_nobody_awaits_it_yet() {
    let text = run(async {
        let p = promise(10, ());
        sleep(20).await;
        p.await;
        print("done\n");
    })
    .to_string();
    // Resolved at 10ms with no wake; awaited at 20ms it is ready at once.
    assert!(text.contains("10ms resolve promise p1\n20ms advance"), "{text}");
    assert!(!text.contains("by promise"), "{text}");
}

#[test]
fn promises_and_timers_due_together_fire_in_creation_order() {
    let text = run(async {
        let p = promise(10, ());
        sleep(10).await;
        p.await;
    })
    .to_string();
    let resolve = text.find("resolve promise p1").unwrap();
    let fire = text.find("fire timer t1").unwrap();
    assert!(resolve < fire, "{text}");
}

#[test]
fn a_users_promise_resolves_by_default_in_a_run_without_a_user() {
    let text = run(async {
        let yes = user_promise("Go?").await;
        print(&format!("{yes}\n"));
    })
    .to_string();
    assert!(text.contains("create promise p1 \"Go?\" for the user (default: resolve at 1000ms)"), "{text}");
    assert!(text.contains("1000ms print #1 \"true\""), "{text}");
}
