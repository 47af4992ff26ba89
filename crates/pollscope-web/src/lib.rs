#![cfg(target_arch = "wasm32")]
//! The Pollscope playground: edit a program, run it on the real executor (interpreted, in the
//! browser), and step forward and back through everything the executor did.
//!
//! | module | purpose |
//! |---|---|
//! | [`api`] | `window.pollscope.run(source)`: the page's JavaScript API |
//! | [`playground`] | the state: program, run, cursor (plain Rust, held in signals) |
//! | [`editor`] | the CodeMirror editor, seen from Rust |
//! | [`live`] | live mode: real Promises and timers, driven by the browser's event loop |
//! | [`examples`] | the gallery (programs of the test corpus) |
//! | [`views`] | tasks, queue, timers, log, console, timeline, state machine, diagnoses |

pub mod api;
pub mod editor;
pub mod examples;
pub mod live;
pub mod playground;
pub mod views;

/// The test corpus, embedded for browser tests (see build.rs).
#[doc(hidden)]
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
}

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pollscope_lang::Diagnostic;
use wasm_bindgen::JsCast;

use editor::Editor;
use playground::{RunResult, browser_limits, marks};

/// Everything the components share. `Copy`, so it is passed down as a context.
#[derive(Clone, Copy, Debug)]
pub struct Playground {
    pub source: RwSignal<String>,
    pub example: RwSignal<&'static str>,
    pub diagnostics: RwSignal<Vec<Diagnostic>>,
    /// Local (not `Send`): a run shares its events through `Rc`s.
    pub run: RwSignal<Option<RunResult>, LocalStorage>,
    /// The cursor: a step (canonical event) of the run.
    pub step: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    /// Steps per second while playing.
    pub speed: RwSignal<u32>,
    /// A run is being computed (virtual) or is running (live).
    pub busy: RwSignal<bool>,
    /// Live mode: real timers and JavaScript promises instead of virtual time.
    pub live: RwSignal<bool>,
    /// The real promises of the live run, for the Resolve and Reject buttons.
    pub promises: StoredValue<Option<live::Promises>, LocalStorage>,
    /// Set to stop the live run (another example was picked).
    pub live_stop: StoredValue<Rc<std::cell::Cell<bool>>, LocalStorage>,
    pub editor: Editor,
}

impl Playground {
    fn new() -> Playground {
        let first = &examples::EXAMPLES[0];
        Playground {
            source: RwSignal::new(first.source.to_string()),
            example: RwSignal::new(first.id),
            diagnostics: RwSignal::new(Vec::new()),
            run: RwSignal::new_local(None),
            step: RwSignal::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(8),
            busy: RwSignal::new(false),
            live: RwSignal::new(false),
            promises: StoredValue::new_local(None),
            live_stop: StoredValue::new_local(Rc::new(std::cell::Cell::new(false))),
            editor: Editor::new(),
        }
    }

    /// Steps in the current run.
    pub fn steps(&self) -> usize {
        self.run.with(|r| r.as_ref().map_or(0, RunResult::len))
    }

    /// Compiles and runs the program; the cursor goes to `at_end` or the first step. The run is
    /// computed in slices that yield to the browser, so the page keeps answering.
    pub fn run_program(self, at_end: bool) {
        if self.busy.get_untracked() {
            return;
        }
        self.playing.set(false);
        let source = self.source.get_untracked();
        let (program, diags) = pollscope_lang::compile(&source);
        self.editor.set_marks(&marks(&source, &diags));
        self.diagnostics.set(diags);
        let Some(program) = program else {
            self.run.set(None);
            self.editor.highlight(0);
            return;
        };
        self.busy.set(true);
        let live = self.live.get_untracked();
        spawn_local(async move {
            let executor = pollscope_lang::vm::host::start(Rc::new(program), browser_limits());
            if live {
                // Real promises and timers; the views follow the run as it happens.
                let options = live::LiveOptions::default();
                let promises = live::install(&executor, options);
                self.promises.set_value(Some(promises.clone()));
                let stop = Rc::new(std::cell::Cell::new(false));
                self.live_stop.set_value(stop.clone());
                let publish = move |trace: pollscope_executor::Trace| {
                    let result = RunResult::new(trace);
                    let last = result.len().saturating_sub(1);
                    self.run.set(Some(result));
                    self.step.set(last);
                };
                let end = live::drive(&executor, &promises, options, &stop, &publish).await;
                if end.is_none() {
                    // Stopped for another program: show nothing of this run.
                    self.run.set(None);
                }
                self.busy.set(false);
                return;
            }
            // The program changed meanwhile (another example, an edit): drop this run, so that it
            // neither keeps the page busy nor shows up beside a different program.
            if !run_sliced(&executor, || self.source.with_untracked(|s| *s != source)).await {
                self.busy.set(false);
                return;
            }
            let result = RunResult::new(executor.trace());
            let step = if at_end { result.len().saturating_sub(1) } else { 0 };
            self.run.set(Some(result));
            self.step.set(step);
            self.busy.set(false);
        });
    }

    pub fn go(&self, step: usize) {
        let len = self.steps();
        if len == 0 {
            return;
        }
        self.step.set(step.min(len - 1));
    }

    pub fn step_forward(&self) {
        if self.run.with_untracked(Option::is_none) {
            self.run_program(false);
            return;
        }
        self.go(self.step.get_untracked() + 1);
    }

    pub fn step_back(&self) {
        self.go(self.step.get_untracked().saturating_sub(1));
    }

    pub fn reset(&self) {
        self.playing.set(false);
        self.go(0);
    }

    pub fn toggle_play(self) {
        if self.run.with_untracked(Option::is_none) {
            self.run_program(false);
        }
        let playing = !self.playing.get_untracked();
        if playing && self.step.get_untracked() + 1 >= self.steps() {
            self.go(0);
        }
        self.playing.set(playing);
        if playing {
            play_loop(self);
        }
    }

    /// Stops a live run in progress (its waiting promises are rejected).
    pub fn stop_live(&self) {
        let stop = self.live_stop.get_value();
        self.promises.with_value(|p| match p {
            Some(p) => live::cancel(p, &stop),
            None => stop.set(true),
        });
    }

    pub fn load_example(&self, id: &str) {
        self.stop_live();
        if let Some(example) = examples::find(id) {
            self.playing.set(false);
            self.example.set(example.id);
            self.source.set(example.source.to_string());
            self.editor.set_text(example.source);
            self.run.set(None);
            self.diagnostics.set(Vec::new());
            self.editor.set_marks(&[]);
            self.editor.highlight(0);
        }
    }
}

/// Advances the cursor while playing, at the chosen speed.
fn play_loop(pg: Playground) {
    let delay = std::time::Duration::from_millis(1000 / u64::from(pg.speed.get_untracked().max(1)));
    set_timeout(
        move || {
            if !pg.playing.get_untracked() {
                return;
            }
            let next = pg.step.get_untracked() + 1;
            if next >= pg.steps() {
                pg.playing.set(false);
                return;
            }
            pg.step.set(next);
            play_loop(pg);
        },
        delay,
    );
}

/// Runs a virtual-time run to its end in slices, yielding to the browser between them, so the
/// page keeps answering. Returns `false` if `cancelled` said to stop first.
pub(crate) async fn run_sliced(executor: &pollscope_executor::Executor, cancelled: impl Fn() -> bool) -> bool {
    while executor.run_for(400).is_none() {
        next_tick().await;
        if cancelled() {
            return false;
        }
    }
    true
}

/// Yields to the browser's event loop once (a zero-delay timeout).
pub(crate) async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let pg = Playground::new();
    provide_context(pg);
    views::provide_snapshot(pg);
    install_shortcuts(pg);

    // The line of the current event follows the cursor.
    Effect::new(move |_| {
        let line = pg.run.with(|r| r.as_ref().map_or(0, |r| r.line(pg.step.get())));
        pg.editor.highlight(line);
    });

    view! {
        <header class="top">
            <h1><span class="logo" aria-hidden="true">"◎"</span>" Pollscope"</h1>
            <p class="tagline">"Watch a real executor poll your futures."</p>
        </header>
        <main class="layout">
            <section class="left" aria-label="Program">
                <views::Gallery/>
                <EditorPane/>
                <views::Controls/>
            </section>
            <section class="right" aria-label="What the executor did">
                <views::Outcome/>
                <div class="panels">
                    <views::TasksPanel/>
                    <views::QueuePanel/>
                    <views::TimersPanel/>
                    <views::PromisesPanel/>
                    <views::StateMachinePanel/>
                    <views::ConsolePanel/>
                    <views::LogPanel/>
                </div>
                <views::TimelinePanel/>
            </section>
        </main>
    }
}

/// The editor, mounted once its element exists.
#[component]
fn EditorPane() -> impl IntoView {
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
                );
            }
        }
    });
    view! { <div class="editor" node_ref=host data-testid="editor"></div> }
}

/// Keyboard shortcuts (also listed in the controls): Ctrl/Cmd-Enter runs; outside the editor,
/// arrows step, Space plays, Home/End jump.
fn install_shortcuts(pg: Playground) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        let in_editor = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            el.closest(".cm-editor").ok().flatten().is_some()
                || matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON")
        });
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && key == "Enter" {
            ev.prevent_default();
            pg.run_program(true);
            return;
        }
        if in_editor || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match key.as_str() {
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
