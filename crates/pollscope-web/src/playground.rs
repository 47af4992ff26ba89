//! The playground's state and every action on it: the program (and the learner's edits of
//! each example, kept in localStorage), its last run, and the cursor over that run's trace.
//! A run is plain Rust data ([`RunResult`]); [`Playground`] holds it in signals, and the views
//! and the editor only read those signals.

use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pollscope_executor::{EventKind, FutureId, PollResult};

use pollscope_executor::replay::{self, PollBar, Snapshot, WakeArrow};
use pollscope_executor::{Event, Trace};
use pollscope_lang::{Diagnostic, Severity};

use crate::editor::{Editor, Mark, Note, char_offset};
use crate::{examples, link, live};

/// Interpreter limits for the browser: lower per-poll fuel than the CLI, so that a poll that
/// never yields is stopped before the page would feel stuck.
pub fn browser_limits() -> pollscope_lang::vm::InterpLimits {
    pollscope_lang::vm::InterpLimits { poll_fuel: 2_000_000, run_fuel: 30_000_000, ..Default::default() }
}

/// A finished run of a program.
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    pub trace: Rc<Trace>,
    /// Indices of the canonical (non-detail) events: the steps of the cursor.
    pub steps: Rc<Vec<usize>>,
    pub bars: Rc<Vec<PollBar>>,
    pub wakes: Rc<Vec<WakeArrow>>,
    /// Task names by id (index `id - 1`).
    pub names: Rc<Vec<String>>,
    /// Indices of the events "Step into" stops at: the canonical ones and every future-level
    /// poll enter and exit.
    pub fine: Rc<Vec<usize>>,
}

impl RunResult {
    pub fn new(trace: Trace) -> RunResult {
        let events = &trace.events;
        let steps: Vec<usize> = events.iter().enumerate().filter(|(_, e)| !e.is_detail()).map(|(i, _)| i).collect();
        let fine: Vec<usize> = events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                !e.is_detail() || matches!(e.kind, EventKind::FutureEnter { .. } | EventKind::FutureExit { .. })
            })
            .map(|(i, _)| i)
            .collect();
        let (bars, wakes) = replay::timeline(&trace);
        let names = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Spawn { name, .. } => Some(name.to_string()),
                _ => None,
            })
            .collect();
        RunResult {
            names: Rc::new(names),
            trace: Rc::new(trace),
            steps: Rc::new(steps),
            bars: Rc::new(bars),
            wakes: Rc::new(wakes),
            fine: Rc::new(fine),
        }
    }

    /// The first "Step into" stop after event `index`, and the last one before it.
    pub fn fine_after(&self, index: usize) -> Option<usize> {
        let at = self.fine.partition_point(|&i| i <= index);
        self.fine.get(at).copied()
    }

    pub fn fine_before(&self, index: usize) -> Option<usize> {
        let at = self.fine.partition_point(|&i| i < index);
        at.checked_sub(1).map(|at| self.fine[at])
    }

    /// The state after exactly event `index` (a "Step into" position).
    pub fn snapshot_at(&self, index: usize) -> Snapshot {
        if self.trace.events.is_empty() {
            return Snapshot::default();
        }
        replay::snapshot(&self.trace, index)
    }

    /// The future whose `poll` is entered (`None` result) or exited (with its result) at
    /// event `index`, if that event is one of those.
    pub fn poll_at(&self, index: usize) -> Option<(FutureId, Option<PollResult>)> {
        match &self.trace.events.get(index)?.kind {
            EventKind::FutureEnter(enter) => Some((enter.future, None)),
            EventKind::FutureExit(exit) => Some((exit.future, Some(exit.result.clone()))),
            _ => None,
        }
    }

    /// The line to highlight at a "Step into" position, and the text to show at its end: the
    /// `fn poll` (or `async fn`) entered, or the code that returned a `Poll` with what it
    /// returned.
    pub fn detail_line(&self, index: usize, snap: &Snapshot) -> (u32, Option<String>) {
        match self.trace.events.get(index).map(|e| &e.kind) {
            Some(EventKind::FutureEnter(enter)) => {
                let future = enter.future;
                (snap.future(future).and_then(|f| f.def).unwrap_or(0), Some(format!("poll({future}) ↓")))
            }
            Some(EventKind::FutureExit(exit)) => {
                let (future, at) = (exit.future, exit.at);
                let ghost = match &exit.result {
                    PollResult::Pending => format!("{future} ⇒ Poll::Pending ↑"),
                    PollResult::Ready(v) => format!("{future} ⇒ Poll::Ready({v}) ↑"),
                    PollResult::Panicked => format!("{future} ⇒ panicked ↑"),
                };
                (at.map_or(0, |a| a.0), Some(ghost))
            }
            _ => (0, None),
        }
    }

    /// Number of steps (canonical events).
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The last event of step `step`: its canonical event and the detail events about that
    /// event itself (which future's code called a waker). Detail events recorded before a
    /// canonical event belong to its step; the ones after it to the next (a plain step must not
    /// show a future dropped by code that has not run yet).
    pub fn event_end(&self, step: usize) -> usize {
        let Some(&index) = self.steps.get(step) else { return self.trace.events.len().saturating_sub(1) };
        let mut end = index;
        while matches!(self.trace.events.get(end + 1).map(|e| &e.kind), Some(EventKind::WakerBy { .. })) {
            end += 1;
        }
        end
    }

    /// The executor's state after step `step`.
    pub fn snapshot(&self, step: usize) -> Snapshot {
        if self.trace.events.is_empty() {
            return Snapshot::default();
        }
        replay::snapshot(&self.trace, self.event_end(step))
    }

    /// The canonical event of step `step`.
    pub fn event(&self, step: usize) -> Option<&Event> {
        self.steps.get(step).and_then(|&i| self.trace.events.get(i))
    }

    /// The step of an event index (the last step at or before it).
    pub fn step_of(&self, index: usize) -> usize {
        match self.steps.binary_search(&index) {
            Ok(s) => s,
            Err(s) => s.saturating_sub(1),
        }
    }

    /// The source line to highlight at step `step`: where its event happened, else the
    /// `.await` the polled future waits at.
    pub fn line(&self, step: usize) -> u32 {
        let Some(&index) = self.steps.get(step) else { return 0 };
        if let Some((line, _)) = self.trace.events[index].at() {
            return line;
        }
        // A poll's end: the line its top future returned from (the `.await` it waits at), the
        // last future-level exit before it.
        for e in self.trace.events[..index].iter().rev().take_while(|e| e.is_detail()) {
            if let EventKind::FutureExit(exit) = &e.kind
                && let Some((line, ..)) = exit.at
            {
                return line;
            }
        }
        0
    }
}

impl RunResult {
    /// The line to highlight and the notes to draw in the code at the cursor (`detail`: the
    /// exact event after "Step into"): each `.await` an async body waits at gets its state
    /// name, each hand-written `fn poll` how often it ran, and at a `poll`'s exit the value it
    /// returned.
    pub fn code_view(&self, step: usize, detail: Option<usize>, snap: &Snapshot) -> (u32, Vec<Note>) {
        let mut notes = Vec::new();
        let mut awaits: BTreeMap<(u32, u32), (String, u32)> = BTreeMap::new();
        for state in snap.futures.values() {
            let live = snap.future(pollscope_executor::FutureId(state.future)).is_none_or(|f| !f.dropped);
            if let (true, Some((_, _, line, col))) = (live, state.await_at) {
                let entry = awaits.entry((line, col)).or_insert_with(|| (state.state.clone(), 0));
                entry.1 += 1;
            }
        }
        for ((line, col), (state, n)) in awaits {
            let text = if n > 1 { format!("{state} ×{n}") } else { state };
            notes.push(Note { line, col, text, kind: "badge" });
        }
        let mut polls: BTreeMap<u32, u32> = BTreeMap::new();
        for f in snap.tree.iter().filter(|f| f.kind == pollscope_executor::FutureKind::HandWritten) {
            if let Some(def) = f.def {
                *polls.entry(def).or_default() += f.polls;
            }
        }
        for (line, n) in polls {
            let s = if n == 1 { "" } else { "s" };
            notes.push(Note { line, col: 0, text: format!("{n} poll{s}"), kind: "count" });
        }
        let line = match detail {
            Some(index) => {
                let (line, ghost) = self.detail_line(index, snap);
                if let Some(text) = ghost.filter(|_| line > 0) {
                    notes.push(Note { line, col: 0, text, kind: "ghost" });
                }
                if line > 0 { line } else { self.line(self.step_of(index)) }
            }
            None => self.line(step),
        };
        (line, notes)
    }
}

/// Turns compiler diagnostics into editor marks.
pub fn marks(source: &str, diags: &[Diagnostic]) -> Vec<Mark> {
    diags
        .iter()
        .map(|d| {
            let from = char_offset(source, d.span.lo as usize);
            let to = char_offset(source, d.span.hi as usize).max(from + 1);
            Mark { from, to, message: d.message.clone(), error: d.severity == Severity::Error }
        })
        .collect()
}

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
    /// With "Step into": the exact event the cursor is at (a future-level poll enter or exit,
    /// or a canonical event reached that way); `None` at a plain step.
    pub detail: RwSignal<Option<usize>>,
    /// Step and the scrubber go through future-level polls too (not only task events).
    pub into: RwSignal<bool>,
    /// The learner's edits of each example, by example id (kept in localStorage).
    pub edits: RwSignal<BTreeMap<String, String>>,
    /// Bumped whenever a run in progress must be dropped (another example, a revert).
    pub generation: StoredValue<u64>,
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
    /// The layout the address asked for (`?embed`, `?embed&editable`).
    pub embed: pollscope_link::Embed,
    /// What to say about the link the page was opened with (broken, from the Rust Playground).
    pub notice: RwSignal<Option<link::Notice>>,
    /// The program a link carried (the "Program from a link" entry of the gallery, `example`
    /// `""`); its edits stay on the page and are not kept in localStorage.
    pub shared: StoredValue<Option<String>>,
    /// Opened as written from an example link: the learner's stored edit of that example is
    /// kept until they edit it here.
    keep_edit: StoredValue<bool>,
    /// Lines folded away in the editor (a link's `hide`, as mdBook hides `# ` lines), until the
    /// reader shows them or the program changes.
    pub hidden: RwSignal<Vec<(u32, u32)>>,
    /// The page was opened from an `#example=` link (full page): once open, the example is
    /// where the learner is, and the address loses the link (a reload must not reopen the
    /// example as written over the learner's later edits).
    example_link: bool,
    /// The program text the current run was made from (a Share link carries a cursor only
    /// while the text is still that).
    pub run_source: StoredValue<String>,
    /// The cursor and modes a link asked for, applied when its run is ready.
    pending_view: StoredValue<Option<pollscope_link::View>>,
}

impl Playground {
    pub(crate) fn new() -> Playground {
        let edits = storage::load_edits();
        let (embed, opened) = link::read_location();
        let default = &examples::EXAMPLES[0];
        let mut notice = None;
        let mut shared = None;
        let mut keep_edit = false;
        let mut example_link = false;
        let mut view = None;
        let (example, source) = match opened {
            Err(error) => {
                notice = Some(link::Notice::Broken(error.0));
                // Shown as written: the learner's stored edit of it stays.
                keep_edit = true;
                (default.id, default.source.to_string())
            }
            Ok(opened) => {
                view = Some(opened.view);
                match opened.program {
                    Some(pollscope_link::Program::Example(id)) => match examples::find(&id) {
                        Some(example) => {
                            keep_edit = true;
                            example_link = !embed.on;
                            (example.id, example.source.to_string())
                        }
                        None => {
                            notice = Some(link::Notice::Broken(format!("There is no example named \"{id}\".")));
                            keep_edit = true;
                            (default.id, default.source.to_string())
                        }
                    },
                    Some(pollscope_link::Program::Code { text, origin }) => {
                        notice = link::playground_notice(&origin);
                        shared = Some(text.clone());
                        ("", text)
                    }
                    // No program in the address: where the learner left off (the example and
                    // their edits survive a reload); an embed shows the first example.
                    None if embed.on => {
                        keep_edit = true;
                        (default.id, default.source.to_string())
                    }
                    None => {
                        let example = storage::load_example().and_then(|id| examples::find(&id)).unwrap_or(default);
                        (example.id, edits.get(example.id).cloned().unwrap_or_else(|| example.source.to_string()))
                    }
                }
            }
        };
        let hidden = view.as_ref().map(|v| v.hide.clone()).unwrap_or_default();
        let into = view.as_ref().is_some_and(|v| v.into);
        let live = view.as_ref().is_some_and(|v| v.live);
        Playground {
            source: RwSignal::new(source),
            example: RwSignal::new(example),
            diagnostics: RwSignal::new(Vec::new()),
            run: RwSignal::new_local(None),
            step: RwSignal::new(0),
            detail: RwSignal::new(None),
            into: RwSignal::new(into),
            edits: RwSignal::new(edits),
            generation: StoredValue::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(8),
            busy: RwSignal::new(false),
            live: RwSignal::new(live),
            promises: StoredValue::new_local(None),
            live_stop: StoredValue::new_local(Rc::new(std::cell::Cell::new(false))),
            editor: Editor::new(),
            embed,
            notice: RwSignal::new(notice),
            shared: StoredValue::new(shared),
            keep_edit: StoredValue::new(keep_edit),
            hidden: RwSignal::new(hidden),
            run_source: StoredValue::new(String::new()),
            example_link,
            pending_view: StoredValue::new(view.filter(|v| v.step.is_some() || v.event.is_some())),
        }
    }

    /// After the page opens: a link that names a cursor position runs its program to show it.
    pub(crate) fn open_link_view(self) {
        if self.pending_view.with_value(Option::is_some) {
            self.run_program(false);
        }
        if self.example_link {
            storage::save_example(self.example.get_untracked());
            link::show_in_address_bar(&link::page_base());
        }
    }

    /// Puts the cursor where the link asked, once its run is there (clamped to the run).
    fn apply_view(&self, view: Option<pollscope_link::View>) {
        let Some(view) = view else { return };
        let fine = self.run.with_untracked(|r| r.as_ref().map(|r| r.fine.clone()));
        match (view.event, fine) {
            (Some(event), Some(fine)) if fine.binary_search(&(event as usize)).is_ok() => {
                self.go_detail(event as usize)
            }
            _ => self.go(view.step.unwrap_or(0) as usize),
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
        // A link's cursor belongs to the first run only, whether it is made or not.
        let link_view = self.pending_view.get_value();
        self.pending_view.set_value(None);
        let source = self.source.get_untracked();
        let (program, diags) = pollscope_lang::compile(&source);
        self.diagnostics.set(diags);
        let Some(program) = program else {
            self.run.set(None);
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
                    self.detail.set(None);
                    self.step.set(last);
                };
                let end = live::drive(&executor, &promises, options, &stop, &publish).await;
                if end.is_none() {
                    // Stopped for another program: show nothing of this run.
                    self.run.set(None);
                } else {
                    self.run_source.set_value(source.clone());
                    self.apply_view(link_view);
                }
                self.busy.set(false);
                return;
            }
            // The program changed meanwhile (another example, an edit): drop this run, so that it
            // neither keeps the page busy nor shows up beside a different program.
            let generation = self.generation.get_value();
            let dropped = || self.generation.get_value() != generation || self.source.with_untracked(|s| *s != source);
            if !run_sliced(&executor, dropped).await {
                self.busy.set(false);
                return;
            }
            let result = RunResult::new(executor.take_trace());
            let step = if at_end { result.len().saturating_sub(1) } else { 0 };
            self.run.set(Some(result));
            self.run_source.set_value(source);
            self.detail.set(None);
            self.step.set(step);
            self.apply_view(link_view);
            self.busy.set(false);
        });
    }

    pub fn go(&self, step: usize) {
        let len = self.steps();
        if len == 0 {
            return;
        }
        self.detail.set(None);
        self.step.set(step.min(len - 1));
    }

    /// The event index the cursor is at.
    pub fn cursor_index(&self) -> Option<usize> {
        let step = self.step.get();
        match self.detail.get() {
            Some(i) => Some(i),
            None => self.run.with(|r| r.as_ref().and_then(|r| r.steps.get(step).copied())),
        }
    }

    /// Goes to event `index` exactly (a "Step into" position).
    pub fn go_detail(&self, index: usize) {
        let Some(step) = self.run.with_untracked(|r| r.as_ref().map(|r| r.step_of(index))) else { return };
        self.step.set(step);
        self.detail.set(Some(index));
    }

    /// Step: to the next task event, or with "Step into" on, to the next future-level poll.
    pub fn step_forward(&self) {
        if self.run.with_untracked(Option::is_none) {
            self.run_program(false);
            return;
        }
        if self.into.get_untracked() {
            self.step_into();
            return;
        }
        let step = self.step.get_untracked();
        self.go(step + 1);
    }

    pub fn step_back(&self) {
        if self.into.get_untracked() {
            self.back_into();
            return;
        }
        let step = self.step.get_untracked();
        // From inside a step (after Step into), Back returns to that step's own event first.
        let inside = self
            .detail
            .get_untracked()
            .is_some_and(|i| self.run.with_untracked(|r| r.as_ref().is_some_and(|r| r.steps.get(step) != Some(&i))));
        self.go(if inside { step } else { step.saturating_sub(1) });
    }

    /// Step into: the next stop at a future-level `poll` (enter or exit) or task event.
    pub fn step_into(&self) {
        if self.run.with_untracked(Option::is_none) {
            self.run_program(false);
            return;
        }
        let Some(cur) = self.cursor_index_untracked() else { return };
        if let Some(next) = self.run.with_untracked(|r| r.as_ref().and_then(|r| r.fine_after(cur))) {
            self.go_detail(next);
        }
    }

    /// Back, at the same granularity as Step into.
    pub fn back_into(&self) {
        let Some(cur) = self.cursor_index_untracked() else { return };
        if let Some(prev) = self.run.with_untracked(|r| r.as_ref().and_then(|r| r.fine_before(cur))) {
            self.go_detail(prev);
        }
    }

    fn cursor_index_untracked(&self) -> Option<usize> {
        untrack(|| self.cursor_index())
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

    /// Switches to another example, keeping the learner's edits of the one they leave (and
    /// bringing back their edits of the one they open).
    pub fn load_example(&self, id: &str) {
        self.stop_live();
        let source = match examples::find(id) {
            Some(example) => {
                storage::save_example(example.id);
                let edit = self.edits.with_untracked(|e| e.get(example.id).cloned());
                self.example.set(example.id);
                edit.unwrap_or_else(|| example.source.to_string())
            }
            None if id.is_empty() => match self.shared.get_value() {
                Some(text) => {
                    self.example.set("");
                    text
                }
                None => return,
            },
            None => return,
        };
        self.generation.update_value(|g| *g += 1);
        self.playing.set(false);
        self.keep_edit.set_value(false);
        self.hidden.set(Vec::new());
        if matches!(self.notice.get_untracked(), Some(link::Notice::Broken(_))) || !id.is_empty() {
            self.notice.set(None);
        }
        self.source.set(source);
        self.run.set(None);
        self.detail.set(None);
        self.diagnostics.set(Vec::new());
    }

    /// Puts the current example back as it was written, dropping the learner's edits of it.
    pub fn revert(&self) {
        if let Some(original) = untrack(|| self.original()) {
            self.generation.update_value(|g| *g += 1);
            self.source.set(original);
            self.run.set(None);
            self.detail.set(None);
            self.diagnostics.set(Vec::new());
        }
    }

    /// The current program as written: the example's source, or the program from a link.
    pub fn original(&self) -> Option<String> {
        match examples::find(self.example.get()) {
            Some(example) => Some(example.source.to_string()),
            None => self.shared.get_value(),
        }
    }

    /// Whether the current example (or program from a link) has been edited.
    pub fn edited(&self) -> bool {
        let original = self.original();
        self.source.with(|src| original.as_deref() != Some(src.as_str()))
    }

    /// Replaces the program with an edit the page proposes (rustdoc's wrapping undone).
    pub fn set_source(&self, text: String) {
        self.generation.update_value(|g| *g += 1);
        self.hidden.set(Vec::new());
        self.source.set(text);
        self.run.set(None);
        self.detail.set(None);
        self.diagnostics.set(Vec::new());
    }

    /// Keeps the learner's edit of the current example (or forgets it once it is the original
    /// again), in memory and in localStorage. Called on every change of the source.
    pub(crate) fn remember_edit(&self) {
        let id = self.example.get_untracked();
        let Some(example) = examples::find(id) else { return };
        // An embed is someone else's page: the learner's stored edits are the full page's.
        if self.embed.on {
            return;
        }
        let source = self.source.get_untracked();
        if source == example.source && self.keep_edit.get_value() {
            // Opened as written from a link: the learner's own edit stays stored.
            return;
        }
        self.keep_edit.set_value(false);
        let changed = self.edits.try_update(|edits| {
            if source == example.source {
                edits.remove(id).is_some()
            } else if edits.get(id) != Some(&source) {
                edits.insert(id.to_string(), source);
                true
            } else {
                false
            }
        });
        if changed == Some(true) {
            self.edits.with_untracked(storage::save_edits);
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

/// Runs a virtual-time run to its end in slices of about [`live::SLICE_MS`](crate::live)
/// milliseconds, yielding to the browser between them, so the page keeps answering. Returns
/// `false` if `cancelled` said to stop first.
///
/// Slices are measured in time, not polls: polls vary too much in cost. A slice of 400 of
/// `tests/hostile/wake_storm.rs`'s polls blocked the page for over half a second.
pub(crate) async fn run_sliced(executor: &pollscope_executor::Executor, cancelled: impl Fn() -> bool) -> bool {
    /// Polls between two looks at the clock.
    const POLLS: usize = 32;
    loop {
        let slice_end = now_ms() + crate::live::SLICE_MS;
        loop {
            if executor.run_for(POLLS).is_some() {
                return true;
            }
            if now_ms() >= slice_end {
                break;
            }
        }
        next_tick().await;
        if cancelled() {
            return false;
        }
    }
}

/// Yields to the browser's event loop once: a message to a fresh `MessageChannel`, which (unlike
/// a zero-delay `setTimeout`, clamped to 4 ms once nested) comes back as soon as the browser has
/// handled what is queued, rendering included.
pub(crate) async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
        }
        Err(_) => {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub(crate) fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// The learner's work in the browser's localStorage: their edits of each example and the
/// example they had open. Versioned keys; unreadable or missing data means "none".
mod storage {
    use std::collections::BTreeMap;

    const EDITS: &str = "pollscope.v1.edits";
    const EXAMPLE: &str = "pollscope.v1.example";

    fn store() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn load_edits() -> BTreeMap<String, String> {
        let mut edits = BTreeMap::new();
        let Some(text) = store().and_then(|s| s.get_item(EDITS).ok().flatten()) else { return edits };
        let Ok(value) = js_sys::JSON::parse(&text) else { return edits };
        let Some(object) = value.dyn_ref::<js_sys::Object>() else { return edits };
        for entry in js_sys::Object::entries(object).iter() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(id), Some(source)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                edits.insert(id, source);
            }
        }
        edits
    }

    pub fn save_edits(edits: &BTreeMap<String, String>) {
        let object = js_sys::Object::new();
        for (id, source) in edits {
            let _ = js_sys::Reflect::set(&object, &id.into(), &source.into());
        }
        if let (Some(store), Ok(text)) = (store(), js_sys::JSON::stringify(&object)) {
            // A full storage (quota) only loses the saving, never the page.
            let _ = store.set_item(EDITS, &String::from(text));
        }
    }

    pub fn load_example() -> Option<String> {
        store()?.get_item(EXAMPLE).ok().flatten()
    }

    pub fn save_example(id: &str) {
        if let Some(store) = store() {
            let _ = store.set_item(EXAMPLE, id);
        }
    }

    use wasm_bindgen::JsCast;
}
