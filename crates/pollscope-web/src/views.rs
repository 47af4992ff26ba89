//! The views of a run, all at the cursor: controls, tasks, run queue, timers and clock, state
//! machines, console, event log, timeline, and the outcome with its diagnoses.

use leptos::prelude::*;
use pollscope_executor::replay::{Snapshot, TaskStatus};
use pollscope_executor::{EventKind, TaskId, WakeSource};

use wasm_bindgen::JsCast;

use crate::Playground;
use crate::examples::EXAMPLES;

fn pg() -> Playground {
    expect_context::<Playground>()
}

/// The state after the cursor's step (empty before a run), computed once per step and shared
/// by every panel (see [`provide_snapshot`]).
fn snapshot() -> Memo<Snapshot> {
    expect_context::<Memo<Snapshot>>()
}

/// Computes the snapshot at the cursor and shares it with the panels below.
pub fn provide_snapshot(pg: Playground) {
    let snap = Memo::new(move |_| pg.run.with(|r| r.as_ref().map(|r| r.snapshot(pg.step.get())).unwrap_or_default()));
    provide_context(snap);
}

/// The examples gallery: pick one, read what it shows.
#[component]
pub fn Gallery() -> impl IntoView {
    let pg = pg();
    let explanation = move || EXAMPLES.iter().find(|e| e.id == pg.example.get()).map(|e| e.explanation).unwrap_or("");
    view! {
        <div class="gallery">
            <label for="example">"Example "</label>
            <select
                id="example"
                data-testid="example-select"
                prop:value=move || pg.example.get()
                on:change=move |ev| pg.load_example(&event_target_value(&ev))
            >
                {EXAMPLES
                    .iter()
                    .map(|e| view! { <option value=e.id>{e.title}</option> })
                    .collect_view()}
            </select>
            <span class="edited" data-testid="edited">
                {move || {
                    let original = EXAMPLES.iter().find(|e| e.id == pg.example.get()).map(|e| e.source);
                    pg.source.with(|src| (original != Some(src.as_str())).then_some("(edited)"))
                }}
            </span>
            <p class="explanation" data-testid="explanation">{explanation}</p>
        </div>
    }
}

/// Run, Step, Back, Play/Pause, Reset, speed and the scrubber.
#[component]
pub fn Controls() -> impl IntoView {
    let pg = pg();
    let len = move || pg.steps();
    let position =
        move || if len() == 0 { "no run yet".to_string() } else { format!("step {} of {}", pg.step.get() + 1, len()) };
    view! {
        <div class="controls" role="toolbar" aria-label="Run controls">
            <button class="primary" data-testid="run" on:click=move |_| pg.run_program(true) title="Run to the end (Ctrl/Cmd-Enter)" disabled=move || pg.busy.get()>
                {move || if pg.busy.get() { "Running…" } else { "▶ Run" }}
            </button>
            <button data-testid="back" on:click=move |_| pg.step_back() title="Back one event (←)" aria-label="Back one event">"◀ Back"</button>
            <button data-testid="step" on:click=move |_| pg.step_forward() title="Forward one event (→)" aria-label="Step one event">"Step ▶"</button>
            <button data-testid="play" on:click=move |_| pg.toggle_play() title="Play or pause (Space)" aria-pressed=move || pg.playing.get().to_string()>
                {move || if pg.playing.get() { "❚❚ Pause" } else { "▷ Play" }}
            </button>
            <button data-testid="reset" on:click=move |_| pg.reset() title="Back to the first event (Home)">"⟲ Reset"</button>
            <label class="mode" title="Live: real setTimeout timers and real JavaScript Promises, driven by the browser's event loop">
                <input type="checkbox" data-testid="live" prop:checked=move || pg.live.get() on:change=move |ev| pg.live.set(event_target_checked(&ev)) disabled=move || pg.busy.get()/>
                " Live"
            </label>
        </div>
        <div class="scrubber">
            <input
                type="range"
                min="0"
                data-testid="scrubber"
                aria-label="Position in the trace"
                prop:max=move || len().saturating_sub(1).to_string()
                prop:value=move || pg.step.get().to_string()
                disabled=move || len() == 0
                on:input=move |ev| pg.go(event_target_value(&ev).parse().unwrap_or(0))
            />
            <span class="position" data-testid="position">{position}</span>
            <label class="speed">
                "Speed "
                <select on:change=move |ev| pg.speed.set(event_target_value(&ev).parse().unwrap_or(8)) aria-label="Playback speed">
                    <option value="2">"2/s"</option>
                    <option value="8" selected>"8/s"</option>
                    <option value="30">"30/s"</option>
                    <option value="120">"120/s"</option>
                </select>
            </label>
        </div>
        <p class="explain" data-testid="explain" aria-live="polite">
            {move || {
                pg.run.with(|r| {
                    r.as_ref().and_then(|r| r.event(pg.step.get()).map(pollscope_executor::replay::explain)).unwrap_or_default()
                })
            }}
        </p>
        <p class="shortcuts">"Keys: Ctrl/Cmd-Enter run · ← → step · Space play · Home/End jump"</p>
    }
}

/// How the run ended, the compiler's diagnostics, and what went wrong in a learner's words.
#[component]
pub fn Outcome() -> impl IntoView {
    let pg = pg();
    let snap = snapshot();
    let at_end = move || pg.steps() > 0 && pg.step.get() + 1 >= pg.steps();
    view! {
        <div class="outcome" data-testid="outcome" aria-live="polite">
            <For
                each={move || pg.diagnostics.get().into_iter().enumerate().collect::<Vec<_>>()}
                key=|(i, d)| (*i, d.message.clone())
                children=move |(_, d)| view! {
                    <p class="diagnostic error" data-testid="diagnostic">
                        {format!("line {}, column {}: {}", d.span.start.line, d.span.start.col, d.message)}
                    </p>
                }
            />
            <Show when=move || pg.run.with(Option::is_none) && pg.diagnostics.with(Vec::is_empty)>
                <p class="hint">"Press Run to run the program, or Step to go through it event by event."</p>
            </Show>
            <Show when=at_end>
                <p class="end" data-testid="end">{move || snap.with(|s| s.outcome.clone().unwrap_or_default())}</p>
            </Show>
            <For
                each={move || snap.get().diagnoses.into_iter().enumerate().collect::<Vec<_>>()}
                key=|(i, d)| (*i, d.clone())
                children=move |(_, d)| view! { <p class="diagnosis" data-testid="diagnosis">{d}</p> }
            />
        </div>
    }
}

fn task_label(s: &Snapshot, id: TaskId) -> String {
    s.task(id).map(|t| format!("{id} {}", t.name)).unwrap_or_else(|| id.to_string())
}

/// Every task with its state, polls, wakes and live wakers.
#[component]
pub fn TasksPanel() -> impl IntoView {
    let snap = snapshot();
    view! {
        <section class="panel" aria-labelledby="tasks-h">
            <h2 id="tasks-h">"Tasks"</h2>
            <table data-testid="tasks">
                <thead><tr><th>"task"</th><th>"state"</th><th>"polls"</th><th>"wakes"</th><th>"wakers"</th></tr></thead>
                <tbody>
                    {move || snap.with(|s| s.tasks.iter().map(|t| {
                        let state = t.status.word();
                        let detail = match &t.status {
                            TaskStatus::Ready(v) => format!(" → {v}"),
                            TaskStatus::Panicked(m) => format!(": {m}"),
                            _ => String::new(),
                        };
                        view! {
                            <tr class=format!("task {state}")>
                                <td>{format!("{} {}", t.id, t.name)}</td>
                                <td><span class=format!("badge {state}")>{state}</span>{detail}</td>
                                <td>{t.polls}</td>
                                <td>{t.wakes}</td>
                                <td>{t.wakers}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </section>
    }
}

/// The run queue, front first, and the task being polled.
#[component]
pub fn QueuePanel() -> impl IntoView {
    let snap = snapshot();
    view! {
        <section class="panel" aria-labelledby="queue-h">
            <h2 id="queue-h">"Run queue"</h2>
            <p class="running">"polling: " <strong data-testid="running">{move || snap.with(|s| s.running.map(|t| task_label(s, t)).unwrap_or_else(|| "—".into()))}</strong></p>
            <ol class="queue" data-testid="queue">
                {move || snap.with(|s| s.queue.iter().map(|t| view! { <li>{task_label(s, *t)}</li> }).collect_view())}
            </ol>
            <Show when=move || snap.with(|s| s.queue.is_empty())>
                <p class="empty">"empty"</p>
            </Show>
        </section>
    }
}

/// The virtual clock and the pending timers.
#[component]
pub fn TimersPanel() -> impl IntoView {
    let snap = snapshot();
    view! {
        <section class="panel" aria-labelledby="timers-h">
            <h2 id="timers-h">"Clock and timers"</h2>
            <p class="clock">"virtual time " <strong data-testid="clock">{move || format!("{} ms", snap.with(|s| s.time))}</strong></p>
            <ul class="timers" data-testid="timers">
                {move || snap.with(|s| s.timers.iter().map(|t| {
                    let who = t.task.map(|id| format!(" for {}", task_label(s, id))).unwrap_or_default();
                    view! { <li>{format!("{} at {} ms{who}", t.id, t.deadline)}</li> }
                }).collect_view())}
            </ul>
        </section>
    }
}

/// Host promises still pending at the cursor; in live mode the learner settles their own.
#[component]
pub fn PromisesPanel() -> impl IntoView {
    let pg = pg();
    let snap = snapshot();
    let settle = move |id: pollscope_executor::PromiseId, resolve: bool| {
        pg.promises.with_value(|p| {
            if let Some(p) = p {
                crate::live::settle(p, id, resolve);
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="js-h">
            <h2 id="js-h">"JavaScript promises"</h2>
            <Show when=move || snap.with(|s| s.promises.is_empty())>
                <p class="empty">{move || if pg.live.get() { "none pending" } else { "none pending (turn on Live for real ones)" }}</p>
            </Show>
            <ul class="promises" data-testid="promises">
                {move || snap.with(|s| s.promises.iter().map(|p| {
                    let id = p.id;
                    let who = p.task.map(|t| format!(" by {}", task_label(s, t))).unwrap_or_default();
                    let text = match &p.label {
                        Some(label) => format!("{id} {label:?}{who}, for you to settle"),
                        None => format!("{id}{who}, settles at {} ms", p.settle_at),
                    };
                    let yours = p.label.is_some();
                    view! {
                        <li>
                            {text}
                            <Show when=move || yours && pg.live.get() && pg.busy.get()>
                                " "
                                <button data-testid="resolve" on:click=move |_| settle(id, true)>"Resolve"</button>
                                " "
                                <button data-testid="reject" on:click=move |_| settle(id, false)>"Reject"</button>
                            </Show>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </section>
    }
}

/// The state machine of an interpreted async body: its states, the current one, its locals.
#[component]
pub fn StateMachinePanel() -> impl IntoView {
    let pg = pg();
    let snap = snapshot();
    let chosen = RwSignal::new(None::<u32>);
    // By default, the future that changed most recently.
    let shown = move || {
        snap.with(|s| {
            let latest = pg.run.with(|r| {
                r.as_ref().and_then(|r| {
                    let end = r.event_end(pg.step.get());
                    r.events[..=end.min(r.events.len().saturating_sub(1))].iter().rev().find_map(|e| match &e.kind {
                        EventKind::FutureState(f) => Some(f.future),
                        _ => None,
                    })
                })
            });
            chosen.get().filter(|id| s.futures.contains_key(id)).or(latest).and_then(|id| s.futures.get(&id).cloned())
        })
    };
    view! {
        <section class="panel wide" aria-labelledby="sm-h">
            <h2 id="sm-h">"State machine"</h2>
            <select aria-label="Which future" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                <option value="">"most recent"</option>
                {move || snap.with(|s| s.futures.values().map(|f| view! { <option value=f.future.to_string()>{format!("f{} {}", f.future, f.name)}</option> }).collect_view())}
            </select>
            {move || match shown() {
                None => view! { <p class="empty">"No async fn has been polled yet."</p> }.into_any(),
                Some(f) => {
                    let mut states = vec!["Unresumed".to_string()];
                    states.extend((0..f.awaits).map(|i| format!("Suspend{i}")));
                    states.push("Returned".into());
                    if f.state == "Panicked" {
                        states.push("Panicked".into());
                    }
                    let current = f.state.clone();
                    let at = f.await_at.map(|(l, c, ..)| format!(" — waiting at the .await on line {l}, column {c}")).unwrap_or_default();
                    view! {
                        <div data-testid="state-machine">
                            <p>{format!("f{} {}: ", f.future, f.name)}<strong data-testid="state">{current.clone()}</strong>{at}</p>
                            <ol class="states">
                                {states.into_iter().map(|st| {
                                    let class = if st == current { "state current" } else { "state" };
                                    view! { <li class=class>{st}</li> }
                                }).collect_view()}
                            </ol>
                            <p class="lives">{format!("lives in {}", f.lives)}</p>
                            <table class="locals">
                                <thead><tr><th>"kept across the await"</th><th>"value"</th></tr></thead>
                                <tbody>
                                    {f.locals.iter().map(|(n, v)| view! { <tr><td>{n.clone()}</td><td><code>{v.clone()}</code></td></tr> }).collect_view()}
                                </tbody>
                            </table>
                            {f.self_refs.iter().map(|r| view! {
                                <p class="selfref">{format!("Self-reference: {r}. This future points into itself, so it must not move: that is what Pin guarantees.")}</p>
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// What the program printed so far.
#[component]
pub fn ConsolePanel() -> impl IntoView {
    let snap = snapshot();
    view! {
        <section class="panel" aria-labelledby="console-h">
            <h2 id="console-h">"Console"</h2>
            <pre class="console" data-testid="console">
                {move || snap.with(|s| s.output.iter().map(|(t, line)| {
                    let who = t.map(|t| t.to_string()).unwrap_or_default();
                    format!("{who:>3} │ {line}\n")
                }).collect::<String>())}
            </pre>
        </section>
    }
}

/// The event log around the cursor; click an event to go there.
#[component]
pub fn LogPanel() -> impl IntoView {
    let pg = pg();
    const WINDOW: usize = 60;
    let rows = move || {
        pg.run.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let step = pg.step.get();
            let from = step.saturating_sub(WINDOW / 2);
            let to = (from + WINDOW).min(r.len());
            (from..to).filter_map(|s| r.event(s).map(|e| (s, e.to_string(), s == step))).collect::<Vec<_>>()
        })
    };
    // Keep the current event in view inside the log (without scrolling the page).
    let list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move |_| {
        pg.step.track();
        let Some(list) = list.get() else { return };
        let list: web_sys::HtmlElement = list.unchecked_into();
        request_animation_frame(move || {
            if let Ok(Some(current)) = list.query_selector("li.current")
                && let Ok(current) = current.dyn_into::<web_sys::HtmlElement>()
            {
                let target = current.offset_top() - list.offset_top() - list.client_height() / 2;
                list.set_scroll_top(target.max(0));
            }
        });
    });
    view! {
        <section class="panel wide" aria-labelledby="log-h">
            <h2 id="log-h">"Event log"</h2>
            <ol class="log" data-testid="log" node_ref=list>
                {move || rows().into_iter().map(|(s, text, current)| view! {
                    <li class:current=current aria-current=if current { "step" } else { "false" }>
                        <button class="event" on:click=move |_| pg.go(s)>{text}</button>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// One lane per task: a bar per poll, an arrow per wake; click a bar to jump to that poll.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let pg = pg();
    let lane = 26.0;
    view! {
        <section class="panel timeline" aria-labelledby="tl-h">
            <h2 id="tl-h">"Timeline"</h2>
            {move || pg.run.with(|r| {
                let Some(r) = r else { return view! { <p class="empty">"Run the program to see its timeline."</p> }.into_any() };
                let tasks = r.events.iter().filter(|e| matches!(e.kind, EventKind::Spawn { .. })).count().max(1);
                let total = r.events.len().max(1) as f64;
                let width = 1000.0;
                let x = move |i: usize| 40.0 + (i as f64) / total * (width - 50.0);
                let y = move |t: TaskId| 10.0 + (t.0 as f64 - 1.0) * lane;
                let height = 20.0 + tasks as f64 * lane;
                // Only the cursor follows the step: the lanes are drawn once per run.
                let cursor = move || x(pg.run.with(|r| r.as_ref().and_then(|r| r.steps.get(pg.step.get()).copied()).unwrap_or(0)));
                let labels = (1..=tasks as u32).map(|t| view! {
                    <text x="2" y=y(TaskId(t)) + 14.0 class="lane-label">{format!("#{t}")}</text>
                }).collect_view();
                // At most one pending bar per lane where they would overlap (a long run has
                // tens of thousands of polls, too many SVG elements to redraw); the last poll
                // of a task (ready or panic) is always drawn.
                let mut lane_end = vec![f64::MIN; tasks + 1];
                let bars = r.bars.iter().filter(|b| {
                    let Some(end) = lane_end.get_mut(b.task.0 as usize) else { return true };
                    let keep = b.result != "pending" || x(b.start) >= *end;
                    if keep {
                        *end = x(b.start) + (x(b.end) - x(b.start)).max(3.0);
                    }
                    keep
                }).map(|b| {
                    let start = r.step_of(b.start);
                    let w = (x(b.end) - x(b.start)).max(3.0);
                    view! {
                        <rect class=format!("bar {}", b.result) x=x(b.start) y=y(b.task) width=w height="18" rx="3"
                            on:click=move |_| pg.go(start)>
                            <title>{format!("poll {} at {} ms: {}", b.task, b.time, b.result)}</title>
                        </rect>
                    }
                }).collect_view();
                // Likewise at most one wake arrow per unit of width.
                let mut last_arrow = f64::MIN;
                let arrows = r.wakes.iter().filter_map(|w| match w.from {
                    WakeSource::Task(from) if from != w.to && x(w.index) - last_arrow >= 1.0 => {
                        last_arrow = x(w.index);
                        Some(view! {
                            <line class="wake" x1=x(w.index) y1=y(from) + 9.0 x2=x(w.index) y2=y(w.to) + 9.0 marker-end="url(#arrow)"/>
                        })
                    }
                    _ => None,
                }).collect_view();
                view! {
                    <svg class="lanes" data-testid="timeline" viewBox=format!("0 0 {width} {height}") role="img" aria-label="Polls per task over the run">
                        <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>
                        {labels}
                        {bars}
                        {arrows}
                        <line class="cursor" x1=cursor y1="0" x2=cursor y2=height/>
                    </svg>
                }.into_any()
            })}
        </section>
    }
}
