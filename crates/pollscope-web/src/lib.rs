#![cfg(target_arch = "wasm32")]
//! The Pollscope playground: edit a program, run it on the real executor (interpreted, in the
//! browser), and step forward and back through everything the executor did.
//!
//! | module | purpose |
//! |---|---|
//! | [`api`] | `window.pollscope.run(source)`: the page's JavaScript API |
//! | [`playground`] | the state and its actions: program, edits, run, cursor (signals over plain Rust) |
//! | [`editor`] | the CodeMirror editor, seen from Rust |
//! | [`link`] | the page's address: what a link opens, the links the page makes |
//! | [`embed`] | the iframe layout (`?embed`), Share, the Embed dialog, the link notice |
//! | [`live`] | live mode: real Promises and timers, driven by the browser's event loop |
//! | [`examples`] | the gallery (programs of the test corpus) |
//! | [`views`] | tasks, queue, timers, log, console, timeline, state machine, diagnoses |

pub mod api;
pub mod editor;
pub mod embed;
pub mod examples;
pub mod link;
pub mod live;
pub mod playground;
pub mod views;

/// The test corpus, embedded for browser tests (see build.rs).
#[doc(hidden)]
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
}

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use playground::Playground;
pub(crate) use playground::{next_tick, now_ms, run_sliced};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let pg = Playground::new();
    provide_context(pg);
    views::provide_snapshot(pg);
    install_shortcuts(pg);

    // The editor is fed from signals only: its text, marks, highlighted line and notes follow
    // the state (an edit in the editor sets `source`, which comes back here unchanged).
    Effect::new(move |_| {
        pg.source.track();
        pg.editor.set_text(&pg.source.get_untracked());
        pg.remember_edit();
    });
    Effect::new(move |_| {
        let hidden = pg.hidden.get();
        pg.editor.set_hidden(&hidden);
    });
    Effect::new(move |_| {
        let list = pg.diagnostics.with(|d| pg.source.with_untracked(|s| playground::marks(s, d)));
        pg.editor.set_marks(&list);
    });
    let snap = expect_context::<Memo<pollscope_executor::replay::Snapshot>>();
    Effect::new(move |_| {
        let step = pg.step.get();
        let detail = pg.detail.get();
        let (line, notes) =
            snap.with(|s| pg.run.with(|r| r.as_ref().map(|r| r.code_view(step, detail, s)).unwrap_or_default()));
        pg.editor.highlight(line);
        pg.editor.set_notes(&notes);
    });

    pg.open_link_view();
    link::reload_on_hash_change();
    if pg.embed.on {
        link::report_height();
        return view! { <embed::EmbedLayout/> }.into_any();
    }
    let layout = NodeRef::<leptos::html::Main>::new();
    view! {
        <header class="top">
            <h1><span class="logo" aria-hidden="true">"◎"</span>" Pollscope"</h1>
            <p class="tagline">"Watch a real executor poll your futures."</p>
            <embed::ShareButtons/>
        </header>
        <main class="layout" node_ref=layout>
            <section class="left" aria-label="Program">
                <embed::LinkNotice/>
                <views::Gallery/>
                <EditorPane/>
                <views::Controls/>
                <views::TimelinePanel/>
            </section>
            <Splitter layout=layout/>
            <section class="right" aria-label="What the executor did">
                <views::Outcome/>
                <div class="panels">
                    <views::FutureTreePanel/>
                <views::TasksPanel/>
                    <views::QueuePanel/>
                    <views::TimersPanel/>
                    <views::PromisesPanel/>
                    <views::StateMachinePanel/>
                    <views::ConsolePanel/>
                    <views::LogPanel/>
                </div>
            </section>
        </main>
    }
    .into_any()
}

/// The handle between the program and the views: drag it (or focus it and press the arrow
/// keys) to give the editor more or less of the width.
#[component]
fn Splitter(layout: NodeRef<leptos::html::Main>) -> impl IntoView {
    let split = RwSignal::new(60.0f64);
    Effect::new(move |_| {
        if let Some(el) = layout.get() {
            let el: &web_sys::HtmlElement = &el;
            let _ = el.style().set_property("--split", &format!("{:.1}%", split.get()));
        }
    });
    let dragging = StoredValue::new(false);
    let move_to = move |x: f64| {
        if let Some(el) = layout.get_untracked() {
            let el: &web_sys::Element = &el;
            let rect = el.get_bounding_client_rect();
            if rect.width() > 0.0 {
                split.set(((x - rect.left()) / rect.width() * 100.0).clamp(30.0, 75.0));
            }
        }
    };
    let on_move = window_event_listener(leptos::ev::pointermove, move |ev: web_sys::PointerEvent| {
        if dragging.get_value() {
            move_to(f64::from(ev.client_x()));
        }
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |_| dragging.set_value(false));
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
    });
    view! {
        <div
            class="splitter"
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize the editor"
            aria-valuenow=move || format!("{:.0}", split.get())
            tabindex="0"
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                ev.prevent_default();
                dragging.set_value(true);
            }
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                let step = match ev.key().as_str() {
                    "ArrowLeft" => -2.0,
                    "ArrowRight" => 2.0,
                    _ => return,
                };
                ev.prevent_default();
                ev.stop_propagation();
                split.update(|s| *s = (*s + step).clamp(30.0, 75.0));
            }
        ></div>
    }
}

/// The editor, mounted once its element exists.
#[component]
pub(crate) fn EditorPane() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let host = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = host.get() {
            let el: web_sys::HtmlElement = el.unchecked_into();
            if el.child_element_count() == 0 {
                pg.editor.mount(
                    &el,
                    &pg.source.get_untracked(),
                    move |text| pg.source.set(text),
                    move || pg.run_program(true),
                    !pg.embed.on || pg.embed.editable,
                    move || pg.hidden.set(Vec::new()),
                );
                pg.editor.set_hidden(&pg.hidden.get_untracked());
            }
        }
    });
    view! { <div class="editor" node_ref=host data-testid="editor"></div> }
}

/// Keyboard shortcuts (also listed in the controls): Ctrl/Cmd-Enter runs; outside the editor,
/// arrows step, Space plays, Home/End jump.
fn install_shortcuts(pg: Playground) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        // Keys typed into the editor or a form field are theirs; on a button only Space and
        // Enter are (they press it), so arrows still step after clicking Run.
        let in_editor = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            el.closest(".cm-editor").ok().flatten().is_some()
                || matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || (el.tag_name() == "BUTTON" && matches!(key.as_str(), " " | "Enter"))
        });
        if (ev.ctrl_key() || ev.meta_key()) && key == "Enter" {
            ev.prevent_default();
            pg.run_program(true);
            return;
        }
        if in_editor || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match key.as_str() {
            "ArrowRight" if ev.shift_key() => pg.step_into(),
            "ArrowLeft" if ev.shift_key() => pg.back_into(),
            "i" => pg.step_into(),
            "u" => pg.back_into(),
            "ArrowRight" | "j" => pg.step_forward(),
            "ArrowLeft" | "k" => pg.step_back(),
            " " => pg.toggle_play(),
            "Home" => pg.reset(),
            "End" => pg.go(usize::MAX),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}
