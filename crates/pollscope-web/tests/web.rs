//! The whole playground component in headless Chromium: mounted with `leptos::mount::mount_to`
//! (CodeMirror replaced by a stub that records what Rust asks of it), driven by clicks on its
//! buttons, and checked through the DOM.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// `window.PollscopeEditor` as the Rust side uses it, recording calls in `window.editorStub`.
const EDITOR_STUB: &str = r#"
window.editorStub = { text: "", marks: [], line: 0, notes: [], hidden: [], onChange: null, onRun: null };
window.PollscopeEditor = {
  create(parent, doc, onChange, onRun) {
    Object.assign(window.editorStub, { text: doc, onChange, onRun });
    const el = document.createElement("div");
    el.className = "cm-editor";
    parent.appendChild(el);
    return {};
  },
  setText(view, text) { window.editorStub.text = text; },
  getText(view) { return window.editorStub.text; },
  setDiagnostics(view, list) { window.editorStub.marks = list; },
  highlightLine(view, line) { window.editorStub.line = line; },
  setNotes(view, list) { window.editorStub.notes = list; },
  setHidden(view, list) { window.editorStub.hidden = list; },
  focus(view) {},
};
"#;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn stub(key: &str) -> JsValue {
    let stub = Reflect::get(&web_sys::window().unwrap(), &"editorStub".into()).unwrap();
    Reflect::get(&stub, &key.into()).unwrap()
}

/// Mounts the app in a fresh element; the handle unmounts it when dropped.
fn mount() -> (HtmlElement, impl Drop) {
    Function::new_no_args(EDITOR_STUB).call0(&JsValue::NULL).unwrap();
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), pollscope_web::App);
    (host, handle)
}

fn find(host: &HtmlElement, test_id: &str) -> Option<HtmlElement> {
    host.query_selector(&format!("[data-testid=\"{test_id}\"]")).unwrap().map(|e| e.unchecked_into())
}

fn text(host: &HtmlElement, test_id: &str) -> String {
    find(host, test_id).and_then(|e| e.text_content()).unwrap_or_default().trim().to_string()
}

fn click(host: &HtmlElement, test_id: &str) {
    find(host, test_id).unwrap_or_else(|| panic!("no [data-testid={test_id}]")).click();
}

/// Lets the browser run timers and Leptos its effects.
async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 10 s) until `done` holds.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        tick(10).await;
    }
    panic!("timed out waiting for {what}");
}

fn golden(id: &str) -> &'static str {
    pollscope_web::corpus::CORPUS.iter().find(|(name, ..)| *name == id).map(|(_, _, trace)| *trace).unwrap()
}

#[wasm_bindgen_test]
async fn run_reset_step_and_back_drive_the_views() {
    let (host, _mounted) = mount();
    let first = pollscope_web::examples::EXAMPLES[0];
    let golden: Vec<&str> = golden(first.id).lines().collect();
    let n = golden.len();
    tick(0).await;
    assert_eq!(stub("text").as_string().as_deref(), Some(first.source), "the editor starts with the first example");
    assert_eq!(text(&host, "position"), "no run yet");

    click(&host, "run");
    until("the end of the run", || find(&host, "end").is_some()).await;
    assert_eq!(text(&host, "position"), format!("step {n} of {n}"));
    let last = golden[n - 1];
    let (tasks, polls) = {
        let words: Vec<&str> = last.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        (words[4], words[6])
    };
    assert_eq!(text(&host, "end"), format!("Done: main returned after {polls} polls of {tasks} task(s)."));

    click(&host, "reset");
    tick(0).await;
    assert_eq!(text(&host, "position"), format!("step 1 of {n}"));
    assert!(find(&host, "end").is_none(), "the outcome shows only at the end");
    let log_row = || {
        host.query_selector("[data-testid=log] li.current [data-testid=event-text]")
            .unwrap()
            .and_then(|e| e.text_content())
    };
    assert_eq!(log_row().as_deref().map(str::trim), Some(golden[0]));

    click(&host, "step");
    click(&host, "step");
    tick(0).await;
    assert_eq!(text(&host, "position"), format!("step 3 of {n}"));
    assert_eq!(log_row().as_deref().map(str::trim), Some(golden[2]));
    click(&host, "back");
    tick(0).await;
    assert_eq!(text(&host, "position"), format!("step 2 of {n}"));
    assert_eq!(log_row().as_deref().map(str::trim), Some(golden[1]));
    // `poll #1`: the task is being polled, and the editor was told which line to highlight.
    assert_eq!(golden[1], "0ms poll #1");
    assert!(text(&host, "running").starts_with("#1"), "polling: {}", text(&host, "running"));

    // At a `print` event the editor highlights the `println!` that printed.
    let print = golden.iter().position(|l| l.contains(" print #")).expect("the example prints");
    for _ in 1..print {
        click(&host, "step");
    }
    tick(0).await;
    assert_eq!(log_row().as_deref().map(str::trim), Some(golden[print]));
    let line = stub("line").as_f64().unwrap_or(0.0) as usize;
    assert!(line >= 1, "a source line is highlighted");
    let source_line = first.source.lines().nth(line - 1).unwrap_or_default();
    assert!(source_line.contains("println!"), "line {line} is `{source_line}`");
}

#[wasm_bindgen_test]
async fn a_program_that_does_not_compile_shows_diagnostics_and_editor_marks() {
    let (host, _mounted) = mount();
    tick(0).await;
    let source = "async fn main() {\n    let count = 3;\n    println!(\"{}\", cuont + 1);\n}\n";
    // The learner types (CodeMirror's change callback), then presses Ctrl-Enter (its run callback).
    let on_change: Function = stub("onChange").unchecked_into();
    on_change.call1(&JsValue::NULL, &source.into()).unwrap();
    let on_run: Function = stub("onRun").unchecked_into();
    on_run.call0(&JsValue::NULL).unwrap();
    until("a diagnostic", || find(&host, "diagnostic").is_some()).await;
    assert_eq!(text(&host, "diagnostic"), "line 3, column 20: cannot find value `cuont` in this scope");
    assert_eq!(text(&host, "position"), "no run yet");

    let marks = js_sys::Array::from(&stub("marks"));
    assert_eq!(marks.length(), 1);
    let mark = marks.get(0);
    let field = |k: &str| Reflect::get(&mark, &k.into()).unwrap();
    let from = field("from").as_f64().unwrap() as usize;
    let to = field("to").as_f64().unwrap() as usize;
    assert_eq!(&source[from..to], "cuont", "the mark covers the unknown name");
    assert_eq!(field("severity").as_string().as_deref(), Some("error"));
}

#[wasm_bindgen_test]
async fn step_into_goes_down_the_future_tree_and_notes_the_returned_poll() {
    let (host, _mounted) = mount();
    tick(0).await;
    click(&host, "run");
    until("the run's end", || find(&host, "end").is_some()).await;
    click(&host, "reset");
    tick(0).await;
    // Step into until a poll returns: the editor gets a ghost note with the returned Poll on
    // the highlighted line, and the tree marks that future.
    let ghost = || {
        let notes = js_sys::Array::from(&stub("notes"));
        let field = |n: &JsValue, k: &str| Reflect::get(n, &k.into()).unwrap().as_string().unwrap_or_default();
        notes.iter().find(|n| field(n, "kind") == "ghost" && field(n, "text").contains('⇒'))
    };
    let mut entered = false;
    let mut seen = Vec::new();
    for _ in 0..40 {
        click(&host, "step-into");
        tick(0).await;
        let active = host.query_selector_all("[data-testid=future].active").unwrap().length();
        seen.push(format!("{} / {active}", text(&host, "position")));
        entered |= active >= 2;
        if ghost().is_some() {
            break;
        }
    }
    assert!(entered, "the poll went down at least two futures deep: {seen:?}");
    let note = ghost().expect("a poll returned");
    let ghost_text = Reflect::get(&note, &"text".into()).unwrap().as_string().unwrap();
    assert!(ghost_text.contains("⇒ Poll::"), "ghost note `{ghost_text}`");
    let line = Reflect::get(&note, &"line".into()).unwrap().as_f64().unwrap();
    assert_eq!(stub("line").as_f64(), Some(line), "the note is on the highlighted line");
    assert_eq!(host.query_selector_all("[data-testid=future].here").unwrap().length(), 1);
    assert!(text(&host, "position").ends_with("· in a poll"), "{}", text(&host, "position"));
}
