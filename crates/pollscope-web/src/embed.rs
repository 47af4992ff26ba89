//! The page as others use it: the compact layout for an iframe (`?embed`), the Share button,
//! the Embed dialog that writes the HTML for other sites, and the notice about the link the
//! page was opened with.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::link::{self, Notice};
use crate::{Playground, views};

/// The compact layout for an iframe: the program, the controls, the future tree, the output and
/// a small log, and a way to the full page with the same state.
#[component]
pub fn EmbedLayout() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let title = move || crate::examples::find(pg.example.get()).map_or("Program", |e| e.title).to_string();
    view! {
        <div class="embed" data-testid="embed">
            <div class="embed-bar">
                <span class="embed-title"><span class="logo" aria-hidden="true">"◎"</span>" Pollscope · "{title}</span>
                <a class="open-full" data-testid="open-full" href=move || full_page_href(pg) target="_blank" rel="noopener">
                    "Open in Pollscope ↗"
                </a>
            </div>
            <LinkNotice/>
            <crate::EditorPane/>
            <views::Controls/>
            <views::Outcome/>
            <div class="embed-panels">
                <views::FutureTreePanel/>
                <views::ConsolePanel/>
                <views::LogPanel/>
            </div>
        </div>
    }
}

/// The full page's address with the current state, following every change.
fn full_page_href(pg: Playground) -> String {
    pg.source.track();
    pg.step.track();
    pg.detail.track();
    pg.into.track();
    pg.live.track();
    pg.run.track();
    link::share_url(&pg)
}

/// What the page says about the link it was opened with.
#[component]
pub fn LinkNotice() -> impl IntoView {
    let pg = expect_context::<Playground>();
    move || {
        pg.notice.get().map(|notice| match notice {
            Notice::Broken(message) => view! {
                <div class="notice bad" role="alert" data-testid="link-error">
                    <p>{message}" Showing the first example instead."</p>
                    <button class="link" on:click=move |_| pg.notice.set(None)>"Dismiss"</button>
                </div>
            }
            .into_any(),
            Notice::FromPlayground { params } => {
                let params = if params.is_empty() { String::new() } else { format!(" ({params})") };
                view! {
                    <div class="notice" data-testid="playground-notice">
                        <p>
                            "Opened from a Rust Playground link"{params}", as it was sent. Pollscope runs it with its own interpreter of "
                            "a subset of Rust on a real executor, not with rustc: a plain " <code>"fn main()"</code>
                            " (rustdoc wraps its examples in one) runs inside task #1, and where the program goes outside the "
                            "subset, the messages below say so."
                        </p>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// Share and Embed, in the page's header.
#[component]
pub fn ShareButtons() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let status = RwSignal::new(String::new());
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let share = move |_| {
        let url = link::share_url(&pg);
        link::show_in_address_bar(&url);
        status.set(format!("Link in the address bar ({} characters)", url.len()));
        leptos::task::spawn_local(async move {
            if link::copy(&url).await {
                status.set(format!("Link copied ({} characters)", url.len()));
            }
        });
    };
    let open_dialog = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            let dialog: &web_sys::HtmlDialogElement = &dialog;
            let _ = dialog.show_modal();
        }
    };
    view! {
        <div class="share">
            <button data-testid="share" on:click=share title="Put a link to this program and view in the address bar and copy it">"Share"</button>
            <button data-testid="embed-open" on:click=open_dialog title="HTML to put this playground into another page">"Embed"</button>
            <output class="share-status" data-testid="share-status" aria-live="polite">{move || status.get()}</output>
        </div>
        <EmbedDialog dialog=dialog/>
    }
}

/// HTML for other sites: an iframe, or `embed.js` with a code block.
#[component]
fn EmbedDialog(dialog: NodeRef<leptos::html::Dialog>) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let editable = RwSignal::new(false);
    // Recomputed when the dialog opens (the state it describes changes while it is closed).
    let opened = RwSignal::new(0u32);
    let iframe = move || {
        opened.track();
        let src = link::embed_url(&pg, editable.get());
        format!(
            "<iframe src=\"{}\" title=\"Pollscope: runnable async Rust\" width=\"100%\" height=\"480\" loading=\"lazy\" data-pollscope></iframe>",
            pollscope_link::escape_html(&src)
        )
    };
    let script = move || {
        opened.track();
        let base = link::page_base();
        let editable = if editable.get() { " editable" } else { "" };
        format!(
            "<script src=\"{}embed.js\" defer></script>\n<pre><code class=\"language-rust pollscope{editable}\">{}</code></pre>",
            pollscope_link::escape_html(&base),
            pollscope_link::escape_html(&pg.source.get_untracked())
        )
    };
    let close = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            let dialog: &web_sys::HtmlDialogElement = &dialog;
            dialog.close();
        }
    };
    let copied = RwSignal::new("");
    let copy = move |text: String, which: &'static str| {
        leptos::task::spawn_local(async move {
            copied.set(if link::copy(&text).await { which } else { "" });
        });
    };
    view! {
        <dialog class="embed-dialog" node_ref=dialog data-testid="embed-dialog" on:toggle=move |_| opened.update(|n| *n += 1)>
            <h2>"Embed this playground"</h2>
            <label class="mode">
                <input type="checkbox" data-testid="embed-editable" prop:checked=move || editable.get() on:change=move |ev| editable.set(event_target_checked(&ev))/>
                " Readers can edit the code"
            </label>
            <h3>"An iframe"</h3>
            <p class="hint">"Paste into any page. With " <code>"embed.js"</code> " on the page too, it resizes to fit."</p>
            <textarea readonly rows="4" data-testid="embed-iframe" prop:value=iframe on:focus=select_all></textarea>
            <button on:click=move |_| copy(iframe(), "iframe")>{move || if copied.get() == "iframe" { "Copied" } else { "Copy" }}</button>
            <h3>"Or embed.js and a code block"</h3>
            <p class="hint">
                "The script turns every " <code>"<pre><code class=\"language-rust pollscope\">"</code>
                " on the page into a playground when it scrolls into view, and resizes it."
            </p>
            <textarea readonly rows="6" data-testid="embed-script" prop:value=script on:focus=select_all></textarea>
            <button on:click=move |_| copy(script(), "script")>{move || if copied.get() == "script" { "Copied" } else { "Copy" }}</button>
            <p><button class="primary" on:click=close data-testid="embed-close">"Done"</button></p>
        </dialog>
    }
}

fn select_all(ev: leptos::ev::FocusEvent) {
    if let Some(area) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
        area.select();
    }
}
