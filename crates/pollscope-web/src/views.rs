//! The views of a run, all at the cursor: controls, tasks, run queue, timers and clock, state
//! machines, console, event log, timeline, and the outcome with its diagnoses.

use leptos::prelude::*;
use pollscope_executor::replay::{Snapshot, TaskStatus};
use pollscope_executor::{EventKind, TaskId, WakeSource};

use wasm_bindgen::JsCast;

use crate::Playground;
use crate::examples::EXAMPLES;

/// Text with `code` spans (between backticks) shown as code, not as raw backticks. Text
/// nodes only: the text may carry program values and is never parsed as HTML.
fn code_spans(text: &str) -> impl IntoView + use<> {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 { view! { <code>{part}</code> }.into_any() } else { part.into_any() }
        })
        .collect_view()
}

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
    let snap = Memo::new(move |_| {
        let step = pg.step.get();
        let detail = pg.detail.get();
        pg.run.with(|r| {
            r.as_ref()
                .map(|r| match detail {
                    Some(index) => r.snapshot_at(index),
                    None => r.snapshot(step),
                })
                .unwrap_or_default()
        })
    });
    provide_context(snap);
}

/// The examples gallery: pick one, read what it shows.
#[component]
pub fn Gallery() -> impl IntoView {
    let pg = pg();
    let explanation = move || {
        EXAMPLES.iter().find(|e| e.id == pg.example.get()).map(|e| e.explanation).unwrap_or(
            "A program opened from a link. Press Run, or Step to go through it event by event. Your edits of it stay \
             on this page only: Share makes a new link.",
        )
    };
    let from_link = move || pg.shared.with_value(Option::is_some);
    view! {
        <div class="gallery">
            <label for="example">"Example "</label>
            <select
                id="example"
                data-testid="example-select"
                prop:value=move || pg.example.get()
                on:change=move |ev| {
                    pg.load_example(&event_target_value(&ev));
                    // Focus leaves the picker, so that the arrow keys step again.
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.blur();
                    }
                }
            >
                {from_link().then(|| view! { <option value="">"Program from a link"</option> })}
                {EXAMPLES
                    .iter()
                    .map(|e| view! { <option value=e.id>{e.title}</option> })
                    .collect_view()}
            </select>
            <Show when=move || pg.edited()>
                <span class="edited" data-testid="edited">
                    {move || if pg.example.get().is_empty() { "(edited) " } else { "(edited, kept in this browser) " }}
                </span>
                <button class="link" data-testid="revert" on:click=move |_| pg.revert() title="Drop your edits of this example">"Revert to original"</button>
            </Show>
            <p class="explanation" data-testid="explanation">{move || code_spans(explanation())}</p>
        </div>
    }
}

/// Run, Step, Back, Play/Pause, Reset, speed and the scrubber.
#[component]
pub fn Controls() -> impl IntoView {
    let pg = pg();
    let len = move || pg.steps();
    let position = move || {
        if len() == 0 {
            return "no run yet".to_string();
        }
        let inside = match (pg.detail.get(), pg.cursor_index()) {
            (Some(_), Some(index)) => pg.run.with(|r| {
                r.as_ref()
                    .and_then(|r| r.trace.events.get(index))
                    .filter(|e| e.is_detail())
                    .map(|_| " · in a poll")
                    .unwrap_or("")
            }),
            _ => "",
        };
        format!("step {} of {}{inside}", pg.step.get() + 1, len())
    };
    // The scrubber goes over task events, or with "Futures" on over every future-level stop.
    let fine_len = move || pg.run.with(|r| r.as_ref().map_or(0, |r| r.fine.len()));
    let scrub_max = move || if pg.into.get() { fine_len() } else { len() }.saturating_sub(1).to_string();
    let scrub_value = move || {
        if pg.into.get() {
            let index = pg.cursor_index().unwrap_or(0);
            pg.run.with(|r| r.as_ref().map_or(0, |r| r.fine.partition_point(|&i| i < index))).to_string()
        } else {
            pg.step.get().to_string()
        }
    };
    let scrub = move |value: usize| {
        if pg.into.get_untracked() {
            if let Some(index) = pg.run.with_untracked(|r| r.as_ref().and_then(|r| r.fine.get(value).copied())) {
                pg.go_detail(index);
            }
        } else {
            pg.go(value);
        }
    };
    view! {
        <div class="controls" role="toolbar" aria-label="Run controls">
            <button class="primary" data-testid="run" on:click=move |_| pg.run_program(true) title="Run to the end (Ctrl/Cmd-Enter)" disabled=move || pg.busy.get()>
                {move || if pg.busy.get() { "Running…" } else { "▶ Run" }}
            </button>
            <button data-testid="back" on:click=move |_| pg.step_back() title="Back one event (←)" aria-label="Back one event">"◀ Back"</button>
            <button data-testid="step" on:click=move |_| pg.step_forward() title="Forward one event (→)" aria-label="Step one event">"Step ▶"</button>
            <button data-testid="step-into" on:click=move |_| pg.step_into() title="Into the futures: stop at every poll of a future and every Poll it returns (Shift+→ or i)">"Step into ↘"</button>
            <button data-testid="play" on:click=move |_| pg.toggle_play() title="Play or pause (Space)" aria-pressed=move || pg.playing.get().to_string()>
                {move || if pg.playing.get() { "❚❚ Pause" } else { "▷ Play" }}
            </button>
            <button data-testid="reset" on:click=move |_| pg.reset() title="Back to the first event (Home)">"⟲ Reset"</button>
            <label class="mode" title="Step, Back and the scrubber stop at every future-level poll, not only at task events">
                <input type="checkbox" data-testid="into" prop:checked=move || pg.into.get() on:change=move |ev| pg.into.set(event_target_checked(&ev))/>
                " Futures"
            </label>
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
                prop:max=scrub_max
                prop:value=scrub_value
                disabled=move || len() == 0
                on:input=move |ev| scrub(event_target_value(&ev).parse().unwrap_or(0))
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
                let index = pg.cursor_index();
                let text = pg.run.with(|r| {
                    r.as_ref()
                        .and_then(|r| index.and_then(|i| r.trace.events.get(i)).map(pollscope_executor::replay::explain))
                        .unwrap_or_default()
                });
                code_spans(&text)
            }}
        </p>
        <p class="shortcuts" data-testid="keys">"Keys: Ctrl/Cmd-Enter run · ← → step · Shift+← → (or u, i) step into futures · Space play · Home/End jump"</p>
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
                        {format!(
                            "line {}, column {}: {}{}",
                            d.span.start.line,
                            d.span.start.col,
                            d.code.map(|c| format!("[{c}] ")).unwrap_or_default(),
                            d.message
                        )}
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
                children=move |(_, d)| view! { <p class="diagnosis" data-testid="diagnosis">{code_spans(&d)}</p> }
            />
        </div>
    }
}

/// Per task, its live futures as a tree (the task polls its top future, which polls the
/// futures it awaits or combines), with the active poll path going down and the `Poll` coming
/// back up, each future's state, address and wakers.
#[component]
pub fn FutureTreePanel() -> impl IntoView {
    let pg = pg();
    let snap = snapshot();
    // The event at the cursor, if it is a future-level poll enter or exit.
    let at = move || {
        let index = pg.cursor_index()?;
        pg.run.with(|r| r.as_ref()?.poll_at(index))
    };
    view! {
        <section class="panel wide" aria-labelledby="ft-h">
            <h2 id="ft-h">"Futures"</h2>
            <p class="legend">
                <span class="down">"↓ poll goes down"</span>" from the task to the future it awaits; "
                <span class="up">"↑ Poll comes back up"</span>". "
                <span class="pin">"pinned @ 0x…"</span>": its address, the same at every poll since the first."
            </p>
            <div data-testid="future-tree">
                {move || snap.with(|s| {
                    let at = at();
                    let mut forest = s.future_trees();
                    let tasks: Vec<_> = s.tasks.iter().filter_map(|t| Some((t, forest.remove(&t.id)?))).collect();
                    if tasks.is_empty() {
                        return view! { <p class="empty">"Step into a run to see its futures."</p> }.into_any();
                    }
                    // At most MAX_TREE_ROWS rows over all the tasks' trees, then a count of the rest.
                    let total: usize = tasks.iter().map(|(_, tree)| tree.len()).sum();
                    let mut room = MAX_TREE_ROWS;
                    let shown = tasks.into_iter().map_while(|(t, tree)| {
                        if room == 0 {
                            return None;
                        }
                        let take = tree.len().min(room);
                        room -= take;
                        let rows = tree.into_iter().take(take).map(|(depth, f)| future_row(s, depth, f, &at)).collect_view();
                        let state = t.status.word();
                        Some(view! {
                            <div class="task-tree">
                                <p class="tree-task"><strong>{format!("task {} {}", t.id, t.name)}</strong>" "<span class=format!("badge {state}")>{state}</span></p>
                                <ul class="tree">{rows}</ul>
                            </div>
                        })
                    }).collect_view();
                    view! { {shown}<ul class="tree">{more_row(total, "futures")}</ul> }.into_any()
                })}
            </div>
        </section>
    }
}

/// The most rows a list of the run's state shows (futures, tasks, queued tasks, timers): a
/// program may make a hundred thousand futures or a thousand tasks, which as rows would take
/// the page a second to lay out and no learner could read; the rest is counted in a last row.
const MAX_TREE_ROWS: usize = 300;

/// The last row of a list cut at [`MAX_TREE_ROWS`]: how many are not shown.
fn more_row(total: usize, what: &'static str) -> Option<impl IntoView + use<>> {
    let hidden = total.saturating_sub(MAX_TREE_ROWS);
    (hidden > 0).then(
        || view! { <li class="empty more" data-testid="more">{format!("… and {hidden} more {what}, not shown")}</li> },
    )
}

/// One future of the tree.
fn future_row(
    s: &Snapshot,
    depth: usize,
    f: &pollscope_executor::replay::FutureView,
    at: &Option<(pollscope_executor::FutureId, Option<pollscope_executor::PollResult>)>,
) -> impl IntoView + use<> {
    use pollscope_executor::{FutureKind, PollResult};
    let state = match f.kind {
        // Inside its poll an async body runs; its state is the one it leaves in.
        _ if f.polling => "running".into(),
        FutureKind::AsyncBody => {
            s.futures.get(&f.id.0).map(|st| st.state.clone()).unwrap_or_else(|| "Unresumed".into())
        }
        _ => match &f.last {
            None => "not polled yet".into(),
            Some(PollResult::Pending) => "Pending".into(),
            Some(PollResult::Ready(v)) => format!("Ready({v})"),
            Some(PollResult::Panicked) => "panicked".into(),
        },
    };
    let here = at.as_ref().filter(|(id, _)| *id == f.id);
    let flow = match here {
        Some((_, None)) => "↓ poll()".to_string(),
        Some((_, Some(PollResult::Pending))) => "↑ Poll::Pending".to_string(),
        Some((_, Some(PollResult::Ready(v)))) => format!("↑ Poll::Ready({v})"),
        Some((_, Some(PollResult::Panicked))) => "↑ panicked".to_string(),
        None => String::new(),
    };
    let pin = match (f.addr, f.first_addr) {
        (Some(a), Some(first)) if a != first => format!("moved! {first:#x} → {a:#x}"),
        (Some(a), _) => format!("pinned @ {a:#x}"),
        _ => String::new(),
    };
    let pin_title = if f.kind == FutureKind::Runtime {
        String::new()
    } else {
        "Its address since its first poll. Pin<&mut Self> promises it stays there: an async body may hold references into itself.".to_string()
    };
    let mut wakers: Vec<String> =
        s.timers.iter().filter(|t| t.future == Some(f.id)).map(|t| format!("timer {} holds a waker", t.id)).collect();
    wakers.extend(f.holds.iter().map(|(task, at)| format!("keeps a waker of {task} in {at}")));
    if f.wakes > 0 {
        wakers.push(format!("woke {}×", f.wakes));
    }
    let kind = match f.kind {
        FutureKind::AsyncBody => "async",
        FutureKind::HandWritten => "impl Future",
        FutureKind::Runtime => "runtime",
    };
    let class = format!(
        "future{}{}{}",
        if f.polling { " active" } else { "" },
        if here.is_some() { " here" } else { "" },
        if f.finished() { " finished" } else { "" }
    );
    let id = f.id.to_string();
    let label = id.clone();
    let polls = if f.polls == 1 { "1 poll".to_string() } else { format!("{} polls", f.polls) };
    view! {
        <li class=class data-testid="future" data-future=id style:margin-left=format!("{}em", depth as f32 * 1.3)>
            <span class="fid">{label}</span>" "
            <strong class="fname">{f.name.clone()}</strong>" "
            <span class="kind">{kind}</span>" "
            {f.own_executor.then(|| view! {
                <span
                    class="own-executor"
                    data-testid="own-executor"
                    title="Polled by the program's own executor: its poll gets a Context the program made with Context::from_waker, inside the task the executor polls."
                >
                    "your executor polls it"
                </span>
                " "
            })}
            <span class="fstate" data-testid="future-state">{state}</span>" "
            <span class="addr" title=pin_title>{pin}</span>" "
            <span class="polls">{polls}</span>
            {(!wakers.is_empty()).then(|| view! { <span class="wakers">{format!(" · {}", wakers.join(", "))}</span> })}
            {(!flow.is_empty()).then(|| view! { <span class="flow" data-testid="flow">{flow}</span> })}
        </li>
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
        <section class="panel wide" aria-labelledby="tasks-h">
            <h2 id="tasks-h">"Tasks"</h2>
            <table data-testid="tasks">
                <thead><tr><th>"task"</th><th>"state"</th><th>"polls"</th><th>"wakes"</th><th>"wakers"</th></tr></thead>
                <tbody>
                    {move || snap.with(|s| s.tasks.iter().take(MAX_TREE_ROWS).map(|t| {
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
                    {move || snap.with(|s| {
                        let hidden = s.tasks.len().saturating_sub(MAX_TREE_ROWS);
                        (hidden > 0).then(|| view! { <tr class="more" data-testid="more"><td colspan="5">{format!("… and {hidden} more tasks, not shown")}</td></tr> })
                    })}
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
                {move || snap.with(|s| s.queue.iter().take(MAX_TREE_ROWS).map(|t| view! { <li>{task_label(s, *t)}</li> }).collect_view())}
                {move || snap.with(|s| more_row(s.queue.len(), "queued tasks"))}
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
                {move || snap.with(|s| s.timers.iter().take(MAX_TREE_ROWS).map(|t| {
                    let who = t.task.map(|id| format!(" for {}", task_label(s, id))).unwrap_or_default();
                    view! { <li>{format!("{} at {} ms{who}", t.id, t.deadline)}</li> }
                }).collect_view())}
                {move || snap.with(|s| more_row(s.timers.len(), "timers"))}
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
    // By default, the innermost async body being polled; else the one that changed last.
    let shown = move || {
        snap.with(|s| {
            // At a poll's enter or exit, that future; else the innermost one being polled.
            let at = pg.cursor_index().and_then(|i| pg.run.with(|r| r.as_ref()?.poll_at(i))).map(|(f, _)| f.0);
            let innermost =
                at.into_iter().chain(s.poll_path.iter().rev().map(|f| f.0)).find(|id| s.futures.contains_key(id));
            let latest = innermost.or_else(|| {
                pg.run.with(|r| {
                    r.as_ref().and_then(|r| {
                        let end = r.event_end(pg.step.get());
                        r.trace.events[..=end.min(r.trace.events.len().saturating_sub(1))].iter().rev().find_map(|e| {
                            match &e.kind {
                                EventKind::FutureState(f) => Some(f.future),
                                _ => None,
                            }
                        })
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
                <option value="">"innermost being polled"</option>
                // The latest ones, when a program has made very many.
                {move || snap.with(|s| {
                    let skip = s.futures.len().saturating_sub(MAX_TREE_ROWS);
                    s.futures.values().skip(skip).map(|f| view! { <option value=f.future.to_string()>{format!("f{} {}", f.future, f.name)}</option> }).collect_view()
                })}
            </select>
            {move || match shown() {
                None => view! { <p class="empty">"No async fn has stopped at an .await yet: its state machine appears when it does."</p> }.into_any(),
                Some(f) => {
                    let mut states = vec!["Unresumed".to_string()];
                    states.extend((0..f.awaits).map(|i| format!("Suspend{i}")));
                    states.push("Returned".into());
                    if f.state == "Panicked" {
                        states.push("Panicked".into());
                    }
                    let current = f.state.clone();
                    // Inside its poll it runs on from where it was: say so, not just the old state.
                    let running = snap.with(|s| s.future(pollscope_executor::FutureId(f.future)).is_some_and(|v| v.polling));
                    let (label, at) = if running {
                        (format!("running (resumed from {current})"), String::new())
                    } else {
                        let at = f.await_at.map(|(l, c, ..)| format!(" — waiting at the .await on line {l}, column {c}")).unwrap_or_default();
                        (current.clone(), at)
                    };
                    view! {
                        <div data-testid="state-machine">
                            <p>{format!("f{} {}: ", f.future, f.name)}<strong data-testid="state">{label}</strong>{at}</p>
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
                            {pin_lab(&f)}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The Pin lab: the future's memory as a column of its kept locals at their addresses, with an
/// arrow from each reference to the local it points to inside the same future.
fn pin_lab(f: &pollscope_executor::FutureState) -> Option<impl IntoView + use<>> {
    let base = f.addr?;
    if f.locals.is_empty() {
        return None;
    }
    let row = 26.0;
    let height = 34.0 + f.locals.len() as f64 * row;
    let y_of = |addr: u64| {
        f.local_addrs
            .iter()
            .position(|&a| a == addr || (addr > a && addr < a + 0x20))
            .map(|i| 30.0 + i as f64 * row + row / 2.0)
    };
    let rows = f
        .locals
        .iter()
        .zip(&f.local_addrs)
        .enumerate()
        .map(|(i, ((name, value), addr))| {
            let y = 30.0 + i as f64 * row;
            view! {
                <g>
                    <text x="4" y=y + 17.0 class="pl-addr">{format!("{addr:#x}")}</text>
                    <rect x="96" y=y width="300" height=row - 4.0 rx="3" class="pl-cell"/>
                    <text x="104" y=y + 17.0 class="pl-name">{format!("{name}: {value}")}</text>
                </g>
            }
        })
        .collect_view();
    let arrows = f
        .self_ref_addrs
        .iter()
        .filter_map(|&(from, to)| {
            let (y1, y2) = (y_of(from)?, y_of(to)?);
            let bend = 440.0 + (y1 - y2).abs() / 6.0;
            Some(view! {
                <path class="pl-arrow" d=format!("M 396 {y1} C {bend} {y1}, {bend} {y2}, 400 {y2}") marker-end="url(#pl-head)"/>
            })
        })
        .collect_view();
    Some(view! {
        <div class="pin-lab" data-testid="pin-lab">
            <svg viewBox=format!("0 0 520 {height}") role="img" aria-label="The future's memory: its locals and where its references point">
                <defs><marker id="pl-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>
                <text x="4" y="16" class="pl-title">{format!("f{} {} at {base:#x} (pinned)", f.future, f.name)}</text>
                {rows}
                {arrows}
            </svg>
            <p class="pl-why">{code_spans("If this future moved, these addresses would change and a reference into it would point at the old place. That is why `poll` takes `Pin<&mut Self>`: once polled, it stays put.")}</p>
        </div>
    })
}

/// What the program printed so far.
#[component]
pub fn ConsolePanel() -> impl IntoView {
    let snap = snapshot();
    view! {
        <section class="panel wide" aria-labelledby="console-h">
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

/// An icon and a colour class per kind of event, for the log.
fn event_icon(kind: &EventKind) -> (&'static str, &'static str) {
    match kind {
        EventKind::Spawn { .. } => ("+", "ev-spawn"),
        EventKind::Poll { .. } => ("▶", "ev-poll"),
        EventKind::Pending { .. } => ("‖", "ev-pending"),
        EventKind::Ready { .. } | EventKind::Done { .. } => ("✓", "ev-ready"),
        EventKind::Panic { .. } | EventKind::Limit { .. } | EventKind::Error { .. } => ("✗", "ev-bad"),
        EventKind::Wake { .. } => ("↻", "ev-wake"),
        EventKind::WakerClone { .. } | EventKind::WakerDrop { .. } => ("·", "ev-waker"),
        EventKind::TimerSet { .. }
        | EventKind::TimerFire { .. }
        | EventKind::TimerCancel { .. }
        | EventKind::Advance { .. } => ("◷", "ev-timer"),
        EventKind::PromiseCreate { .. } | EventKind::PromiseSettle { .. } => ("◇", "ev-promise"),
        EventKind::Print { .. } => ("»", "ev-print"),
        EventKind::Stall { .. }
        | EventKind::Stuck { .. }
        | EventKind::PollAfterReady { .. }
        | EventKind::Abandon { .. } => ("!", "ev-bad"),
        _ => ("·", "ev-detail"),
    }
}

/// The task an event is about, for showing its name beside its id.
fn event_task(kind: &EventKind) -> Option<TaskId> {
    match kind {
        EventKind::Poll { task }
        | EventKind::Pending { task }
        | EventKind::Ready { task, .. }
        | EventKind::Panic { task, .. }
        | EventKind::Wake { task, .. }
        | EventKind::WakerClone { task, .. }
        | EventKind::WakerDrop { task, .. } => Some(*task),
        EventKind::Print { task, .. } => *task,
        _ => None,
    }
}

/// The event log around the cursor, an icon and a colour per kind, task names beside ids;
/// click an event to go there. Waker clones and drops can be hidden.
#[component]
pub fn LogPanel() -> impl IntoView {
    let pg = pg();
    const WINDOW: usize = 60;
    let hide_wakers = RwSignal::new(false);
    let rows = move || {
        let hide = hide_wakers.get();
        pg.run.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let step = pg.step.get();
            let from = step.saturating_sub(WINDOW / 2);
            let to = (from + WINDOW).min(r.len());
            (from..to)
                .filter_map(|s| {
                    let index = *r.steps.get(s)?;
                    let e = &r.trace.events[index];
                    if hide && s != step && matches!(e.kind, EventKind::WakerClone { .. } | EventKind::WakerDrop { .. })
                    {
                        return None;
                    }
                    let (icon, class) = event_icon(&e.kind);
                    let who =
                        event_task(&e.kind).and_then(|t| r.names.get(t.0 as usize - 1)).cloned().unwrap_or_default();
                    Some((s, r.trace.line(index), icon, class, who, s == step))
                })
                .collect::<Vec<_>>()
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
            <label class="filter">
                <input type="checkbox" data-testid="hide-wakers" prop:checked=move || hide_wakers.get() on:change=move |ev| hide_wakers.set(event_target_checked(&ev))/>
                " hide waker clones and drops"
            </label>
            <ol class="log" data-testid="log" node_ref=list>
                {move || rows().into_iter().map(|(s, text, icon, class, who, current)| view! {
                    // One class string: a `class` attribute beside `class:current` can clobber it.
                    <li class=if current { format!("{class} current") } else { class.to_string() } aria-current=if current { "step" } else { "false" }>
                        <button class="event" on:click=move |_| pg.go(s)>
                            <span class="icon" aria-hidden="true">{icon}</span>
                            <span data-testid="event-text">{text}</span>
                            {(!who.is_empty()).then(|| view! { <span class="who">{format!(" · {who}")}</span> })}
                        </button>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// One lane per task (named), a bar per poll and an arrow per wake - from the waking task, or
/// from the clock lane for a timer or a promise. The axis is event order or virtual time; zoom
/// widens the drawing, which then scrolls sideways. Click a bar to jump to that poll.
///
/// Zoomed in, only the bars and arrows near the visible part are drawn (three viewports'
/// worth), redrawn when the scroll crosses into another viewport: a run at the event limit has tens of
/// thousands of polls, and drawing them all at 64x took a third of a second per zoom step.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let pg = pg();
    let by_time = RwSignal::new(false);
    let zoom = RwSignal::new(1u32);
    // How far the drawing is scrolled, in whole viewports (whatever the zoom, as the scroll
    // offset in pixels is kept when zooming).
    let views_in = RwSignal::new(0u32);
    let on_scroll = move |ev: leptos::ev::Event| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let view = f64::from(el.client_width()).max(1.0);
        let at = (f64::from(el.scroll_left()) / view).floor().max(0.0) as u32;
        if at != views_in.get_untracked() {
            views_in.set(at);
        }
    };
    let lane = 26.0;
    view! {
        <section class="panel timeline wide" aria-labelledby="tl-h">
            <h2 id="tl-h">"Timeline"</h2>
            <div class="tl-tools">
                <label><input type="radio" name="tl-axis" prop:checked=move || !by_time.get() on:change=move |_| by_time.set(false)/>" event order"</label>
                <label><input type="radio" name="tl-axis" data-testid="tl-time" prop:checked=move || by_time.get() on:change=move |_| by_time.set(true)/>" virtual time"</label>
                <button data-testid="tl-zoom-in" on:click=move |_| zoom.update(|z| *z = (*z * 2).min(64)) aria-label="Zoom in">"+"</button>
                <button on:click=move |_| zoom.update(|z| *z = (*z / 2).max(1)) aria-label="Zoom out">"−"</button>
                <span class="tl-legend">
                    <span class="sw pending"></span>" poll → Pending "
                    <span class="sw ready"></span>" → Ready "
                    <span class="sw panic"></span>" panic or stopped "
                    <span class="sw wake"></span>" wake"
                </span>
            </div>
            {move || pg.run.with(|r| {
                let Some(r) = r else { return view! { <p class="empty">"Run the program to see its timeline."</p> }.into_any() };
                let tasks = r.names.len().max(1);
                let total = r.trace.events.len().max(1) as f64;
                let end_time = r.trace.time(usize::MAX).max(1) as f64;
                let width = 1000.0 * f64::from(zoom.get());
                // The part worth drawing: scrolled `p` viewports in, the visible part is within
                // viewports `p` and `p + 1` (of the `zoom` the drawing is wide); one more before.
                let (near_lo, near_hi) = {
                    let (z, p) = (f64::from(zoom.get()), f64::from(views_in.get()));
                    ((p - 1.0) / z * width, (p + 2.0) / z * width)
                };
                let near = move |x0: f64, x1: f64| x1 >= near_lo && x0 <= near_hi;
                let left = 150.0;
                let time_axis = by_time.get();
                // Shared with the cursor's closure, which must be `Send`.
                let times: std::sync::Arc<Vec<u64>> =
                    std::sync::Arc::new(if time_axis { r.trace.times().collect() } else { Vec::new() });
                // Event order: evenly by index. Virtual time: by the clock; polls at one instant
                // share a position, so each bar keeps a minimum width.
                let x = move |i: usize| {
                    let f = if time_axis {
                        times.get(i).map_or(0.0, |&t| t as f64) / end_time
                    } else {
                        i as f64 / total
                    };
                    left + f * (width - left - 10.0)
                };
                let clock_y = 8.0;
                let y = move |t: TaskId| 30.0 + (t.0 as f64 - 1.0) * lane;
                let height = 40.0 + tasks as f64 * lane;
                let cursor_x = x.clone();
                let cursor = move || cursor_x(pg.cursor_index().unwrap_or(0));
                let labels = r.names.iter().enumerate().map(|(i, name)| {
                    let t = TaskId(i as u32 + 1);
                    let label: String = format!("{t} {name}").chars().take(14).collect();
                    view! { <text x="2" y=y(t) + 14.0 class="lane-label">{label}</text> }
                }).collect_view();
                // Bars thinner than a pixel are merged: at most one pending bar per lane where
                // they would overlap (a long run has tens of thousands of polls); the last poll
                // of a task (ready or panic) is always drawn.
                let mut lane_end = vec![f64::MIN; tasks + 1];
                let bars = r.bars.iter().filter(|b| {
                    let Some(end) = lane_end.get_mut(b.task.0 as usize) else { return true };
                    let keep = b.result != "pending" || x(b.start) >= *end;
                    if keep {
                        *end = x(b.start) + (x(b.end) - x(b.start)).max(3.0);
                    }
                    keep
                }).filter(|b| near(x(b.start), x(b.end) + 3.0)).map(|b| {
                    let start = r.step_of(b.start);
                    let w = (x(b.end) - x(b.start)).max(3.0);
                    view! {
                        <rect class=format!("bar {}", b.result) x=x(b.start) y=y(b.task) width=w height="18" rx="3"
                            on:click=move |_| pg.go(start)>
                            <title>{format!("poll {} at {} ms: {}", b.task, b.time, b.result)}</title>
                        </rect>
                    }
                }).collect_view();
                let mut last_arrow = f64::MIN;
                let arrows = r.wakes.iter().filter_map(|w| {
                    let from = match w.from {
                        WakeSource::Task(from) if from != w.to => y(from) + 9.0,
                        WakeSource::Timer(_) | WakeSource::Promise(_) => clock_y + 6.0,
                        _ => return None,
                    };
                    if x(w.index) - last_arrow < 1.0 || !near(x(w.index), x(w.index)) {
                        return None;
                    }
                    last_arrow = x(w.index);
                    let class = if matches!(w.from, WakeSource::Task(_)) { "wake" } else { "wake clock" };
                    Some(view! {
                        <line class=class x1=x(w.index) y1=from x2=x(w.index) y2=y(w.to) + 9.0 marker-end="url(#arrow)"/>
                    })
                }).collect_view();
                view! {
                    <div class="tl-scroll" on:scroll=on_scroll>
                        <svg class="lanes" data-testid="timeline" viewBox=format!("0 0 {width} {height}") style:width=format!("{}%", 100 * zoom.get()) role="img" aria-label="Polls per task over the run">
                            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>
                            <text x="2" y=clock_y + 10.0 class="lane-label clock-label">"timers, promises"</text>
                            <line class="clock-lane" x1=left y1=clock_y + 6.0 x2=width - 10.0 y2=clock_y + 6.0/>
                            {labels}
                            {bars}
                            {arrows}
                            <line class="cursor" x1=cursor.clone() y1="0" x2=cursor y2=height/>
                        </svg>
                    </div>
                }.into_any()
            })}
        </section>
    }
}
