//! Live mode in headless Chromium: real `js_sys::Promise`s and `setTimeout`s drive the run.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use pollscope_web::live::{self, LiveOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn run_live(source: &str, options: LiveOptions) -> String {
    let program = pollscope_lang::compile(source).0.expect("the program compiles");
    let executor = pollscope_lang::vm::host::start(Rc::new(program), Default::default());
    let promises = live::install(&executor, options);
    live::drive(&executor, &promises, options, &std::cell::Cell::new(false), &|_| {}).await;
    executor.trace().to_string()
}

#[wasm_bindgen_test]
async fn a_real_promise_settling_wakes_the_task_that_awaits_it() {
    let started = js_sys::Date::now();
    let trace = run_live(
        "async fn other() {\n    yield_now().await;\n}\n\nasync fn main() {\n    spawn(other());\n    let v = promise(40, 5).await;\n    println!(\"{}\", v);\n}\n",
        LiveOptions { time_scale: 1.0, auto_settle: true },
    )
    .await;
    let elapsed = js_sys::Date::now() - started;
    // The real setTimeout behind the promise took its time.
    assert!(elapsed >= 35.0, "the run took {elapsed} ms");
    assert!(
        trace.contains("40ms resolve promise p1\n40ms wake #1 by promise p1\n40ms poll #1\n40ms print #1 \"5\""),
        "{trace}"
    );
}

#[wasm_bindgen_test]
async fn a_learners_promise_waits_for_resolve_or_reject() {
    let program = pollscope_lang::compile(
        "async fn main() {\n    let ok = user_promise(\"Go?\").await;\n    println!(\"{}\", ok);\n}\n",
    )
    .0
    .unwrap();
    let executor = pollscope_lang::vm::host::start(Rc::new(program), Default::default());
    let options = LiveOptions { time_scale: 0.0, auto_settle: false };
    let promises = live::install(&executor, options);
    let reject = {
        let promises = promises.clone();
        async move {
            // Let the run reach the promise, then reject it as a learner would.
            for _ in 0..20 {
                let p = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            }
            let id = *promises.borrow().keys().next().expect("the promise exists");
            assert!(live::settle(&promises, id, false));
        }
    };
    wasm_bindgen_futures::spawn_local(reject);
    live::drive(&executor, &promises, options, &std::cell::Cell::new(false), &|_| {}).await;
    let trace = executor.trace().to_string();
    assert!(trace.contains("reject promise p1\n"), "{trace}");
    assert!(trace.contains("print #1 \"false\""), "{trace}");
}

#[wasm_bindgen_test]
async fn live_runs_record_the_same_canonical_events_as_virtual_runs() {
    let mut failures = Vec::new();
    for (name, source, golden) in pollscope_web::corpus::CORPUS {
        let trace = run_live(source, LiveOptions { time_scale: 0.0, auto_settle: true }).await;
        if trace != *golden {
            failures.push(*name);
        }
    }
    assert!(failures.is_empty(), "live traces differ for {failures:?}");
}
