//! The page's address: what it opens (a share link, a Rust Playground `?code=` link, an example,
//! the embed layout), and the links it makes (Share, Open in Pollscope, the Embed dialog).
//! The format is `pollscope_link`'s; this module only talks to `window.location`, `history`,
//! the clipboard and, in an iframe, the parent window.

use leptos::prelude::*;
use pollscope_link::{Embed, Opened, Origin, Program};
use wasm_bindgen::prelude::*;

use crate::Playground;

/// A message about the link the page was opened with, shown above the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The link could not be opened (the default example is shown instead).
    Broken(String),
    /// The program came from a Rust Playground-style `?code=` link.
    FromPlayground { params: String },
}

/// Reads the page's address. Never fails: a broken link is an `Err` with a sentence.
pub fn read_location() -> (Embed, Result<Opened, pollscope_link::LinkError>) {
    let location = web_sys::window().map(|w| w.location());
    let search = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    pollscope_link::parse(&search, &hash)
}

/// The notice for a program from a Rust Playground link: its parameters (which Pollscope does
/// not use).
pub fn playground_notice(origin: &Origin) -> Option<Notice> {
    let Origin::Playground { edition, version, mode } = origin else { return None };
    let params: Vec<String> = [("edition", edition), ("channel", version), ("mode", mode)]
        .iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name} {v}")))
        .collect();
    Some(Notice::FromPlayground { params: params.join(", ") })
}

/// The fragment (without `#`) that reproduces the page's state: the example by name when it is
/// unedited, else the program's text; the cursor, the granularity and live mode.
pub fn state_fragment(pg: &Playground) -> String {
    let example = pg.example.get_untracked();
    let program = if !example.is_empty() && !untrack(|| pg.edited()) {
        Program::Example(example.to_string())
    } else {
        Program::Code { text: pg.source.get_untracked(), origin: Origin::Share }
    };
    // The cursor means something only in the run of this very text (an edit after a run
    // makes a different program).
    let ran =
        pg.run.with_untracked(Option::is_some) && pg.source.with_untracked(|s| pg.run_source.with_value(|r| r == s));
    let view = pollscope_link::View {
        step: ran.then(|| pg.step.get_untracked() as u32),
        event: if ran { pg.detail.get_untracked().map(|e| e as u32) } else { None },
        into: pg.into.get_untracked(),
        live: pg.live.get_untracked(),
        // Hidden lines count only in the text they were hidden in.
        hide: if untrack(|| pg.edited()) { Vec::new() } else { pg.hidden.get_untracked() },
    };
    pollscope_link::fragment(&program, &view)
}

/// The address of the page itself (no query, no fragment), e.g. `https://host/pollscope/`.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// The full page's address with the current state (Share, Open in Pollscope).
pub fn share_url(pg: &Playground) -> String {
    format!("{}#{}", page_base(), state_fragment(pg))
}

/// The embed's address with the current state (the Embed dialog).
pub fn embed_url(pg: &Playground, editable: bool) -> String {
    let options = if editable { "?embed&editable" } else { "?embed" };
    format!("{}{options}#{}", page_base(), state_fragment(pg))
}

/// A link pasted into the address bar of an open page changes only its fragment, which does
/// not reload the page: reload it, so that the link opens as it would in a new tab. (Share's
/// `replaceState` fires no `hashchange`.)
pub fn reload_on_hash_change() {
    let Some(window) = web_sys::window() else { return };
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let _ = window.add_event_listener_with_callback("hashchange", reload.as_ref().unchecked_ref());
    reload.forget();
}

/// Puts `url` in the address bar without reloading or adding a history entry.
pub fn show_in_address_bar(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// Copies `text` to the clipboard; resolves to whether it worked (a page without the
/// permission, or an insecure origin, cannot).
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// In an iframe: tells the parent window the content's height on load and on every change, as
/// `{ type: "pollscope:height", height }` (docs/embedding.md). Heights carry no secrets, so the
/// message goes to any origin.
pub fn report_height() {
    let Some(window) = web_sys::window() else { return };
    let parent = match window.parent() {
        Ok(Some(parent)) if parent != window => parent,
        _ => return,
    };
    // The body's own height (not the root element's, which is at least the iframe's height, so
    // would never shrink); the embed's styles use no viewport units, so this cannot feed back.
    let Some(body) = window.document().and_then(|d| d.body()) else { return };
    let last = std::rc::Rc::new(std::cell::Cell::new(-1i32));
    let measured = body.clone();
    let send = move || {
        let height = measured.get_bounding_client_rect().height().ceil() as i32;
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"pollscope:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    };
    send();
    let callback = Closure::<dyn Fn()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    callback.forget();
}
