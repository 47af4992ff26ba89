//! Live mode: the same program against real JavaScript. Host promises are real
//! `js_sys::Promise`s (settled by a real `setTimeout`, or by the learner's Resolve/Reject),
//! awaited through `wasm_bindgen_futures::JsFuture`; sleeps wait for real `setTimeout`s; and the
//! executor is driven by the browser's event loop, yielding to it between slices of polls.
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

use crate::{next_tick, now_ms};

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
    /// Set once the promise has settled either way (the driver shows the run before a wait
    /// only when there is a wait).
    pub settled: Rc<std::cell::Cell<bool>>,
}

impl LivePromise {
    fn new(promise: Promise, label: Option<String>, settle: Option<(Function, Function)>) -> LivePromise {
        let settled = Rc::new(std::cell::Cell::new(false));
        let flag = settled.clone();
        // Handles rejection too, so a promise rejected while nobody awaits it (a run stopped
        // early) does not surface as an unhandled rejection.
        let mark = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| flag.set(true));
        let _ = promise.then2(&mark, &mark);
        mark.forget();
        LivePromise { promise, label, settle, settled }
    }
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
                LivePromise::new(promise, Some(label.to_string()), settle)
            }
            label => LivePromise::new(delay_promise(ms as f64 * options.time_scale), label.map(str::to_string), None),
        };
        registry.borrow_mut().insert(id, live);
    }));
    promises
}

/// Whether waiting for the real event behind a due item takes time: a timer due later in real
/// time, or a promise that has not settled yet.
fn must_wait(executor: &Executor, promises: &Promises, options: LiveOptions, deadline: u64, due: Due) -> bool {
    match due {
        Due::Timer(_) => deadline > executor.now() && options.time_scale > 0.0,
        Due::Promise(id) => promises.borrow().get(&id).is_some_and(|p| !p.settled.get()),
    }
}

/// Waits for the real event behind a due item: real time until a timer's deadline (`since`:
/// when the wait began, on [`now_ms`]'s clock), or the real promise settling (then whether
/// it resolved).
async fn wait_for(
    executor: &Executor,
    promises: &Promises,
    options: LiveOptions,
    (deadline, due): (u64, Due),
    since: f64,
) -> Option<bool> {
    match due {
        Due::Timer(_) => {
            let wait = deadline.saturating_sub(executor.now()) as f64 * options.time_scale;
            let left = wait - (now_ms() - since);
            if left > 0.0 {
                sleep_ms(left).await;
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

/// How long the driver polls before it lets the browser in (milliseconds): short enough that
/// the page keeps answering clicks, long enough that yielding costs little.
pub(crate) const SLICE_MS: f64 = 8.0;

/// When the page is next shown the run so far. Showing it costs time that grows with the run
/// (the views are rebuilt from the trace), so the driver spends at most a fixed share of its
/// time on it: after a publish that took `t` ms, including the rendering that followed, the
/// next waits until at least `RATIO * t` ms of polling have passed, and never less than a
/// frame. A run of `n` polls is then linear in `n`: publishing adds at most `1 / RATIO` to it.
#[derive(Debug)]
struct Pacing {
    next: f64,
}

impl Pacing {
    const RATIO: f64 = 3.0;
    const FRAME_MS: f64 = 16.0;

    fn due(&self, now: f64) -> bool {
        now >= self.next
    }

    /// After a publish that started at `started` and whose rendering ended at `now`.
    fn published(&mut self, started: f64, now: f64) {
        self.next = now + (Self::RATIO * (now - started)).max(Self::FRAME_MS);
    }
}

/// Drives `executor` live until the run ends, or until `stop` is set (then `None`). `publish`
/// is called with the trace so far as the run goes (at most about a quarter of the time goes
/// into it, see [`Pacing`]), after each real event and at the end, so the page shows the run as
/// it happens.
pub async fn drive(
    executor: &Executor,
    promises: &Promises,
    options: LiveOptions,
    stop: &std::cell::Cell<bool>,
    publish: &dyn Fn(Trace),
) -> Option<RunEnd> {
    let mut pacing = Pacing { next: 0.0 };
    // Publishes now and lets the browser render it; `pacing` learns what that cost.
    let show = async |pacing: &mut Pacing| {
        let started = now_ms();
        publish(executor.trace());
        next_tick().await;
        pacing.published(started, now_ms());
    };
    loop {
        if stop.get() {
            return None;
        }
        // Poll what is runnable, in slices, letting the browser in between.
        let mut slice_end = now_ms() + SLICE_MS;
        while executor.try_run_one() {
            let now = now_ms();
            if now < slice_end {
                continue;
            }
            if pacing.due(now) {
                show(&mut pacing).await;
            } else {
                next_tick().await;
            }
            if stop.get() {
                return None;
            }
            slice_end = now_ms() + SLICE_MS;
        }
        if let Some(end) = executor.finished() {
            publish(executor.trace());
            return Some(end);
        }
        // Handle everything due at the next virtual time, in the executor's order, before any
        // poll (as a virtual-time run does), waiting for each real event first. Before a real
        // wait the page shows where the run stands.
        let Some((deadline, _)) = executor.next_due() else { continue };
        while let Some((d, due)) = executor.next_due()
            && d == deadline
        {
            let since = now_ms();
            if must_wait(executor, promises, options, d, due) || pacing.due(since) {
                show(&mut pacing).await;
            }
            let resolved = wait_for(executor, promises, options, (d, due), since).await;
            if stop.get() {
                return None;
            }
            executor.fire_next(resolved);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pacing;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn publishing_takes_a_bounded_share_of_the_time() {
        let mut pacing = Pacing { next: 0.0 };
        assert!(pacing.due(0.0));
        // A cheap publish: the next waits a frame.
        pacing.published(100.0, 101.0);
        assert!(!pacing.due(116.0));
        assert!(pacing.due(117.0));
        // A publish of 40 ms (a long run): the next after 120 ms more of polling.
        pacing.published(200.0, 240.0);
        assert!(!pacing.due(359.0));
        assert!(pacing.due(360.0));
    }
}
