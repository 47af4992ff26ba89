//! Entry point of the browser app: mount the playground on the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    pollscope_web::api::install();
    // The loading panel of index.html gives way to the app.
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    leptos::mount::mount_to_body(pollscope_web::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("pollscope-web runs in the browser: build it with `trunk build` (see README.md)");
}

/// The interpreter's heap limit counts the bytes really live (`pollscope_lang::vm::memory`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: pollscope_lang::vm::memory::Counting = pollscope_lang::vm::memory::Counting::SYSTEM;
