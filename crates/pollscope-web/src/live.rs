//! Live mode: the same program against real JavaScript. Host promises are real
//! `js_sys::Promise`s (settled by a real `setTimeout`, or by the learner's Resolve/Reject),
//! awaited through `wasm_bindgen_futures::JsFuture`; sleeps wait for real `setTimeout`s; and the
//! executor is driven by the browser's event loop, yielding to it between polls.
//!
//! The driver handles due items in the executor's own order (it only *waits* for the real
//! event before handling each), so a live run records the same canonical events as a
//! virtual-time run; only the waiting is real. `tests/programs.rs` checks that order natively,
//! `tests/live.rs` in the browser.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use js_sys::{Function, Promise};
use pollscope_executor::{Due, Executor, PromiseId, RunEnd, Trace};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How a live run waits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveOptions {
    /// Real milliseconds per virtual millisecond (1.0: real time; 0.0: as fast as timers go).
    pub time_scale: f64,
    /// Settle the learner's promises by themselves at their default time (for tests and
    /// embedding without a user); otherwise they wait for Resolve or Reject.
    pub auto_settle: bool,
}

impl Default for LiveOptions {
    fn default() -> LiveOptions {
        LiveOptions { time_scale: 1.0, auto_settle: false }
    }
}

/// A real promise of a live run, and for a learner's promise the functions that settle it.
#[derive(Debug, Clone)]
pub struct LivePromise {
    pub promise: Promise,
    pub label: Option<String>,
    pub settle: Option<(Function, Function)>,
}

/// The real promises of a live run, by id (shared with the page's Resolve/Reject buttons).
pub type Promises = Rc<RefCell<BTreeMap<PromiseId, LivePromise>>>;

/// Stops a live run: sets `stop` and rejects the learner's promises it may be waiting on.
pub fn cancel(promises: &Promises, stop: &std::cell::Cell<bool>) {
    stop.set(true);
    let ids: Vec<PromiseId> = promises.borrow().keys().copied().collect();
    for id in ids {
        settle(promises, id, false);
    }
}

/// Resolves (`true`) or rejects a learner's pending promise. Returns whether it was pending.
pub fn settle(promises: &Promises, id: PromiseId, resolve: bool) -> bool {
    let Some(live) = promises.borrow().get(&id).cloned() else { return false };
    let Some((res, rej)) = live.settle else { return false };
    let reason = JsValue::from_str(if resolve { "resolved" } else { "rejected" });
    let f = if resolve { res } else { rej };
    f.call1(&JsValue::NULL, &reason).is_ok()
}

fn delay_promise(ms: f64) -> Promise {
    Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.round() as i32);
        }
    })
}

/// Waits `ms` real milliseconds (a real `setTimeout`).
async fn sleep_ms(ms: f64) {
    let _ = JsFuture::from(delay_promise(ms)).await;
}

/// Creates the real promises for `executor`'s host promises as they are created.
pub fn install(executor: &Executor, options: LiveOptions) -> Promises {
    let promises: Promises = Rc::new(RefCell::new(BTreeMap::new()));
    let registry = promises.clone();
    executor.on_promise(Box::new(move |id, ms, label| {
        let live = match label {
            Some(label) if !options.auto_settle => {
                let mut settle = None;
                let promise = Promise::new(&mut |res, rej| settle = Some((res, rej)));
                // Rejected while nobody awaits it (a run stopped early), it must not surface as
                // an unhandled rejection: give it a handler that does nothing.
                let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_| {});
                let _ = promise.catch(&ignore);
                ignore.forget();
                LivePromise { promise, label: Some(label.to_string()), settle }
            }
            label => LivePromise {
                promise: delay_promise(ms as f64 * options.time_scale),
                label: label.map(str::to_string),
                settle: None,
            },
        };
        registry.borrow_mut().insert(id, live);
    }));
    promises
}

/// Waits for the real event behind a due item: real time until a timer's deadline, or the
/// real promise settling (then whether it resolved).
async fn wait_for(
    executor: &Executor,
    promises: &Promises,
    options: LiveOptions,
    deadline: u64,
    due: Due,
) -> Option<bool> {
    match due {
        Due::Timer(_) => {
            let wait = deadline.saturating_sub(executor.now());
            if wait > 0 {
                sleep_ms(wait as f64 * options.time_scale).await;
            }
            None
        }
        Due::Promise(id) => {
            let promise = promises.borrow().get(&id).map(|p| p.promise.clone());
            // The real promise settles; its callback (a microtask) resumes this driver.
            match promise {
                Some(p) => Some(JsFuture::from(p).await.is_ok()),
                None => None,
            }
        }
    }
}

/// Drives `executor` live until the run ends, or until `stop` is set (then `None`). `publish`
/// is called with the trace so far after every step, so the page shows the run as it happens.
pub async fn drive(
    executor: &Executor,
    promises: &Promises,
    options: LiveOptions,
    stop: &std::cell::Cell<bool>,
    publish: &dyn Fn(Trace),
) -> Option<RunEnd> {
    loop {
        if stop.get() {
            return None;
        }
        // Poll what is runnable, one poll at a time, letting the browser in between.
        while executor.try_run_one() {
            publish(executor.trace());
            crate::next_tick().await;
            if stop.get() {
                return None;
            }
        }
        if let Some(end) = executor.finished() {
            publish(executor.trace());
            return Some(end);
        }
        // Handle everything due at the next virtual time, in the executor's order, before any
        // poll (as a virtual-time run does), waiting for each real event first.
        let Some((deadline, _)) = executor.next_due() else { continue };
        while let Some((d, due)) = executor.next_due()
            && d == deadline
        {
            let resolved = wait_for(executor, promises, options, d, due).await;
            if stop.get() {
                return None;
            }
            executor.fire_next(resolved);
        }
        publish(executor.trace());
    }
}
