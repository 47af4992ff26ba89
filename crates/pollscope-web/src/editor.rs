//! The CodeMirror editor (web/editor/editor.js, bundled by esbuild) seen from Rust.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = create)]
    fn js_create(
        parent: &web_sys::HtmlElement,
        doc: &str,
        on_change: &JsValue,
        on_run: &JsValue,
        editable: bool,
        on_show_hidden: &JsValue,
    ) -> JsValue;
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = setHidden)]
    fn js_set_hidden(view: &JsValue, list: &JsValue);
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = setText)]
    fn js_set_text(view: &JsValue, text: &str);
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = setDiagnostics)]
    fn js_set_diagnostics(view: &JsValue, list: &JsValue);
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = highlightLine)]
    fn js_highlight_line(view: &JsValue, line: u32);
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = setNotes)]
    fn js_set_notes(view: &JsValue, list: &JsValue);
    #[wasm_bindgen(js_namespace = PollscopeEditor, js_name = getText)]
    fn js_get_text(view: &JsValue) -> String;
}

/// A diagnostic for the editor, in character offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub from: u32,
    pub to: u32,
    pub message: String,
    pub error: bool,
}

/// A note drawn into the code (see `setNotes` in web/editor/editor.js).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line; `col` 1-based, or 0 for the end of the line.
    pub line: u32,
    pub col: u32,
    pub text: String,
    /// `ghost` (a returned value), `badge` (an `.await`'s state), `count` (polls of a `fn poll`).
    pub kind: &'static str,
}

/// A handle on the editor once it exists (`None` before mount, or without JavaScript).
#[derive(Clone, Copy, Debug)]
pub struct Editor {
    view: StoredValue<Option<JsValue>, LocalStorage>,
}

impl Editor {
    pub fn new() -> Editor {
        Editor { view: StoredValue::new_local(None) }
    }

    fn with(&self, f: impl FnOnce(&JsValue)) {
        self.view.with_value(|v| {
            if let Some(v) = v {
                f(v)
            }
        });
    }

    /// Creates the CodeMirror view inside `parent`, or takes over the one web/boot.js made over
    /// the page's skeleton before the wasm was in: that keeps its text, cursor and focus, and
    /// a text the learner edited there comes to `on_change` right after.
    pub fn mount(
        &self,
        parent: &web_sys::HtmlElement,
        text: &str,
        on_change: impl Fn(String) + 'static,
        on_run: impl Fn() + 'static,
        editable: bool,
        on_show_hidden: impl Fn() + 'static,
    ) {
        let on_change = Closure::<dyn Fn(String)>::new(on_change).into_js_value();
        let on_run = Closure::<dyn Fn()>::new(on_run).into_js_value();
        let on_show_hidden = Closure::<dyn Fn()>::new(on_show_hidden).into_js_value();
        let view = js_create(parent, text, &on_change, &on_run, editable, &on_show_hidden);
        self.view.set_value(Some(view));
    }

    /// Folds away these 1-based inclusive line ranges (empty: shows every line).
    pub fn set_hidden(&self, ranges: &[(u32, u32)]) {
        let list = js_sys::Array::new();
        for &(from, to) in ranges {
            list.push(&js_sys::Array::of2(&from.into(), &to.into()));
        }
        self.with(|v| js_set_hidden(v, &list));
    }

    /// Replaces the text, unless it is that already (the editor is where edits come from).
    pub fn set_text(&self, text: &str) {
        self.with(|v| {
            if js_get_text(v) != text {
                js_set_text(v, text)
            }
        });
    }

    pub fn set_notes(&self, notes: &[Note]) {
        let list: js_sys::Array = notes
            .iter()
            .map(|n| {
                object(&[
                    ("line", n.line.into()),
                    ("col", n.col.into()),
                    ("text", n.text.as_str().into()),
                    ("kind", n.kind.into()),
                ])
            })
            .collect();
        self.with(|v| js_set_notes(v, &list));
    }

    pub fn set_marks(&self, marks: &[Mark]) {
        let list: js_sys::Array = marks
            .iter()
            .map(|m| {
                object(&[
                    ("from", m.from.into()),
                    ("to", m.to.into()),
                    ("message", m.message.as_str().into()),
                    ("severity", (if m.error { "error" } else { "warning" }).into()),
                ])
            })
            .collect();
        self.with(|v| js_set_diagnostics(v, &list));
    }

    /// Highlights a 1-based line; 0 clears.
    pub fn highlight(&self, line: u32) {
        self.with(|v| js_highlight_line(v, line));
    }
}

impl Default for Editor {
    fn default() -> Editor {
        Editor::new()
    }
}

/// A plain JavaScript object with these fields.
fn object(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&o, &(*key).into(), value);
    }
    o
}

/// The character offset (UTF-16 units, as CodeMirror counts) of byte offset `byte` in `text`.
pub fn char_offset(text: &str, byte: usize) -> u32 {
    let byte = byte.min(text.len());
    let mut at = byte;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].encode_utf16().count() as u32
}
