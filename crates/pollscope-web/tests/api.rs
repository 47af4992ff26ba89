//! The JavaScript API, in headless Chromium: `pollscope.run(source)` resolves to the same
//! canonical trace as `pollscope trace FILE` (the golden files) for every corpus program.
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn run(source: &str) -> JsValue {
    JsFuture::from(pollscope_web::api::run(source.into(), JsValue::UNDEFINED)).await.expect("run resolves")
}

fn field(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).expect("the result has the field")
}

#[wasm_bindgen_test]
async fn every_corpus_program_gives_its_golden_trace_through_the_js_api() {
    let mut failures = Vec::new();
    for (name, source, golden) in pollscope_web::corpus::CORPUS {
        let result = run(source).await;
        let trace = field(&result, "trace").as_string().unwrap_or_default();
        if trace != *golden {
            failures.push(*name);
        }
    }
    assert!(pollscope_web::corpus::CORPUS.len() >= 30);
    assert!(failures.is_empty(), "traces differ for {failures:?}");
}

#[wasm_bindgen_test]
async fn output_lines_and_diagnostics_are_reported() {
    let result = run("async fn main() {\n    println!(\"a {}\", 1);\n}\n").await;
    let output = js_sys::Array::from(&field(&result, "output"));
    assert_eq!(output.length(), 1);
    assert_eq!(output.get(0).as_string().as_deref(), Some("a 1"));

    let result = run("async fn main() {\n    let x = undefined_name;\n}\n").await;
    let diagnostics = js_sys::Array::from(&field(&result, "diagnostics"));
    assert_eq!(diagnostics.length(), 1);
    let d = diagnostics.get(0);
    assert_eq!(field(&d, "line").as_f64(), Some(2.0));
    assert!(field(&d, "message").as_string().unwrap().contains("undefined_name"));
    assert_eq!(field(&result, "trace").as_string().as_deref(), Some(""));
}

#[wasm_bindgen_test]
async fn misuse_rejects_the_promise() {
    let rejected = JsFuture::from(pollscope_web::api::run(JsValue::from_f64(3.0), JsValue::UNDEFINED)).await;
    assert!(rejected.is_err());
}
