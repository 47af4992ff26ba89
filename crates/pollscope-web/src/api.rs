//! The JavaScript API of the page: `window.pollscope.run(source, options?)`.
//!
//! ```js
//! const { trace, output, diagnostics } = await window.pollscope.run(`
//!   async fn main() { sleep(10).await; println!("hi"); }
//! `);
//! // trace: the canonical trace text, byte-identical to `pollscope trace FILE`
//! // output: the printed lines; diagnostics: [{ line, column, endLine, endColumn, message, severity }]
//! ```
//!
//! The promise rejects only on misuse (a `source` that is not a string); a program that does
//! not compile resolves with its diagnostics and an empty trace.

use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::playground::browser_limits;

fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

/// `pollscope.run(source, options?)`: compiles and runs `source`, resolving to
/// `{ trace, output, diagnostics }` (and `details` with `{ details: true }`).
#[wasm_bindgen(js_name = run)]
pub fn run(source: JsValue, options: JsValue) -> Promise {
    // `{ details: true }`: also the trace with its detail events (`pollscope trace --details`).
    let details = Reflect::get(&options, &JsValue::from_str("details")).is_ok_and(|d| d.is_truthy());
    wasm_bindgen_futures::future_to_promise(async move {
        let Some(source) = source.as_string() else {
            return Err(js_sys::TypeError::new("pollscope.run(source): source must be a string").into());
        };
        let (program, diags) = pollscope_lang::compile(&source);
        let result = Object::new();
        let diagnostics = Array::new();
        for d in &diags {
            let o = Object::new();
            set(&o, "line", &d.span.start.line.into());
            set(&o, "column", &d.span.start.col.into());
            set(&o, "endLine", &d.span.end.line.into());
            set(&o, "endColumn", &d.span.end.col.into());
            set(&o, "message", &d.message.as_str().into());
            let severity = if d.severity == pollscope_lang::Severity::Error { "error" } else { "warning" };
            set(&o, "severity", &severity.into());
            diagnostics.push(&o);
        }
        set(&result, "diagnostics", &diagnostics);
        let output = Array::new();
        let trace = match program {
            Some(program) => {
                let executor = pollscope_lang::vm::host::start(Rc::new(program), browser_limits());
                crate::run_sliced(&executor, || false).await;
                let trace = executor.take_trace();
                for line in trace.output() {
                    output.push(&line.into());
                }
                if details {
                    set(&result, "details", &trace.details_text().into());
                }
                trace.to_string()
            }
            None => String::new(),
        };
        set(&result, "trace", &trace.into());
        set(&result, "output", &output);
        Ok(result.into())
    })
}

/// `pollscope.memory()`: `{ reserved, live }`, the bytes of the module's linear memory (it
/// only grows, so this is the most the page's Rust side has ever held) and the bytes live in
/// it now (`pollscope_lang::vm::memory`).
fn memory() -> JsValue {
    let result = Object::new();
    let reserved = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| b.byte_length() as f64);
    set(&result, "reserved", &reserved.into());
    let live = pollscope_lang::vm::memory::live().map_or(f64::NAN, |n| n as f64);
    set(&result, "live", &live.into());
    result.into()
}

/// Puts the API on `window.pollscope`, for embedders, the page itself and tests.
pub fn install() {
    let Some(window) = web_sys::window() else { return };
    let api = Object::new();
    let run = Closure::<dyn Fn(JsValue, JsValue) -> Promise>::new(run).into_js_value();
    set(&api, "run", &run);
    set(&api, "memory", &Closure::<dyn Fn() -> JsValue>::new(memory).into_js_value());
    set(&api, "version", &env!("CARGO_PKG_VERSION").into());
    let _ = Reflect::set(&window, &JsValue::from_str("pollscope"), &api);
}
