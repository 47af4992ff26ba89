//! The executor state that wakers reach: run queue, task table, timers, clock and trace.
//!
//! Wakers must be `Send + Sync` (std's contract), so this state sits behind a `Mutex` in an
//! `Arc` even though the executor is single-threaded. The lock is never held while user code
//! runs: every function here takes it, changes state, records events and releases it before it
//! returns. In particular a `Waker` is never cloned, woken or dropped with the lock held, since
//! each of those takes the lock again.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::Waker;

use crate::Limits;
use crate::text::Text;
use crate::trace::{
    Event, EventKind, FutureExit, FutureId, LimitKind, PollResult, PromiseId, TaskId, TimerId, Trace, WakeEffect,
    WakeHow, WakeSource, WakerOp,
};
use crate::waker::WakerTable;

/// Where a task is in its life.
///
/// ```text
///   spawn --> Waiting --(popped from the queue)--> Running --Pending--> Waiting
///                                                    |
///                                                    +--Ready or panic--> Finished
/// ```
/// `scheduled` (in [`TaskMeta`]) is orthogonal: a `Waiting` or `Running` task may be in the
/// queue; a `Finished` task never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskState {
    Waiting,
    Running,
    Finished,
}

#[derive(Debug)]
pub(crate) struct TaskMeta {
    pub name: Text,
    pub state: TaskState,
    /// In the run queue. Invariant: `scheduled` iff the id is in `Core::queue` exactly once.
    pub scheduled: bool,
    /// Clones of this task's waker that exist now (the executor's own waker is not counted).
    pub live_wakers: u32,
    /// Finished by a panic rather than by returning `Ready`.
    pub panicked: bool,
}

impl TaskMeta {
    /// Appends the record of a new task, waiting and scheduled, field by field into the
    /// vector's memory: built on the stack, it was copied in with one 16-byte load over the
    /// narrower stores of its fields, which the processor cannot forward (as `Event::push_onto`
    /// explains; perf put two fifths of `spawn` on it).
    #[inline]
    pub(crate) fn push_new(tasks: &mut Vec<TaskMeta>, name: Text) {
        tasks.reserve(1);
        let len = tasks.len();
        // SAFETY: `reserve` made room for one more record at `len`, inside the allocation; every
        // field is written before the length covers them, and nothing reads them before.
        unsafe {
            let slot = tasks.as_mut_ptr().add(len);
            (&raw mut (*slot).name).write(name);
            (&raw mut (*slot).state).write(TaskState::Waiting);
            (&raw mut (*slot).scheduled).write(true);
            (&raw mut (*slot).live_wakers).write(0);
            (&raw mut (*slot).panicked).write(false);
            tasks.set_len(len + 1);
        }
    }
}

/// Something due at a virtual time: when the clock reaches its deadline it is removed and
/// handled.
#[derive(Debug)]
pub(crate) enum TimerEntry {
    /// A `sleep`'s timer: its waker is woken.
    Sleep { id: TimerId, waker: Waker },
    /// A host promise settles (see `promise.rs`).
    Promise(PromiseId),
}

/// A host promise: pending until the host settles it.
#[derive(Debug)]
pub(crate) struct PromiseEntry {
    /// `None` while pending; `Some(true)` resolved, `Some(false)` rejected.
    pub settled: Option<bool>,
    /// How the host will settle it.
    pub resolves: bool,
    /// The waker of the task awaiting it, if it has been polled while pending.
    pub waker: Option<Waker>,
}

#[derive(Debug)]
pub(crate) struct Core {
    /// Virtual time in milliseconds. Only `Executor::fire_next` moves it.
    pub now: u64,
    pub queue: VecDeque<TaskId>,
    /// Indexed by `TaskId.0 - 1`.
    pub tasks: Vec<TaskMeta>,
    /// Pending timers and promise settlements, in firing order: by deadline, then by creation
    /// (`seq` grows across both kinds).
    pub timers: BTreeMap<(u64, u32), TimerEntry>,
    pub next_timer: u32,
    pub next_seq: u32,
    /// Host promises, indexed by `PromiseId.0 - 1`.
    pub promises: Vec<PromiseEntry>,
    pub events: Vec<Event>,
    /// The data every task's waker points at.
    pub wakers: WakerTable,
    /// The clock's changes between `events` (see [`Trace::clock`]).
    pub clock: Vec<(usize, u64)>,
    /// What `events` hold on the heap besides themselves (see [`EventKind::heap_bytes`]).
    pub events_heap: usize,
    /// Canonical events recorded (detail events do not count toward `max_events`, so that a
    /// native run and an interpreted one, which records details, stop at the same point).
    pub canonical: usize,
    pub tracing: bool,
    pub limits: Limits,
    /// The task being polled, if any.
    pub current: Option<TaskId>,
    /// The futures whose `poll` is running inside the task's poll, outermost first (only
    /// kept while detail events are recorded; see `context.rs`).
    pub poll_stack: Vec<FutureId>,
    /// The next future entered is polled by the program's own executor (see
    /// `context::own_context_next`).
    pub own_context_next: bool,
    /// The last future id given out (`FutureId(0)` means "no id").
    pub next_future: u32,
    /// The timer or promise whose waker the executor is calling, if any.
    pub firing: Option<WakeSource>,
    pub polls: u64,
    /// Set when a limit is reached; the run stops after the current poll.
    pub halted: Option<LimitKind>,
    /// Set when the run is over: nothing is recorded or scheduled any more.
    pub closed: bool,
    /// Output written since the last newline.
    pub partial_line: String,
    /// The task that wrote the end of `partial_line`: a line flushed at the end of the run
    /// without its newline is attributed to it.
    pub partial_writer: Option<TaskId>,
    pub output_bytes: u64,
}

impl Core {
    pub fn new(limits: Limits) -> Core {
        Core {
            now: 0,
            queue: VecDeque::new(),
            tasks: Vec::new(),
            timers: BTreeMap::new(),
            next_timer: 1,
            next_seq: 1,
            promises: Vec::new(),
            events: Vec::new(),
            clock: Vec::new(),
            wakers: WakerTable::default(),
            events_heap: 0,
            canonical: 0,
            tracing: true,
            limits,
            current: None,
            poll_stack: Vec::new(),
            own_context_next: false,
            next_future: 0,
            firing: None,
            polls: 0,
            halted: None,
            closed: false,
            partial_line: String::new(),
            partial_writer: None,
            output_bytes: 0,
        }
    }

    pub fn meta(&mut self, task: TaskId) -> &mut TaskMeta {
        &mut self.tasks[task.0 as usize - 1]
    }

    /// Marks `task` finished. A task that woke itself during its last poll is in the queue;
    /// it leaves it, since a finished task is never polled again.
    pub fn finish_task(&mut self, task: TaskId, panicked: bool) {
        let meta = self.meta(task);
        meta.state = TaskState::Finished;
        meta.panicked = panicked;
        if std::mem::take(&mut meta.scheduled) {
            self.queue.retain(|&queued| queued != task);
        }
    }

    /// Appends an event unless the run is over or halted. Reaching `max_events` records the
    /// limit instead and halts the run.
    #[inline]
    pub fn record(&mut self, kind: EventKind) {
        if self.recording() {
            self.push_event(kind);
        }
    }

    /// [`record`](Core::record) for the hot paths (poll, pending, wake, waker clones and
    /// drops): the event is built only when it is kept. With tracing off nothing is left of
    /// the call but the check. (An event built and not kept goes through `EventKind`'s drop
    /// glue, which the compiler does not see through: with `record`, 8% of an untraced
    /// re-poll's time.)
    #[inline(always)]
    pub fn record_with(&mut self, kind: impl FnOnce() -> EventKind) {
        if self.recording() {
            Event::stage_onto(&mut self.events, kind);
            // SAFETY: `stage_onto` wrote a whole event just past the end of `events`.
            unsafe { self.commit_staged() }
        }
    }

    /// Counts in the event staged just past the end of the trace ([`Event::stage_onto`]); at the
    /// event limit it drops it instead and halts the run.
    ///
    /// # Safety
    /// A whole event is written at index `events.len()`, inside the vector's capacity, and
    /// nothing else owns it.
    #[inline(never)]
    unsafe fn commit_staged(&mut self) {
        let len = self.events.len();
        // SAFETY: the caller staged a whole event at `len`, inside the allocation.
        let slot = unsafe { self.events.as_mut_ptr().add(len) };
        // SAFETY: as above; the reference ends before the event is dropped or counted in.
        let (detail, heap) = unsafe { ((*slot).kind.is_detail(), (*slot).kind.heap_bytes()) };
        if !detail && self.canonical + 1 >= self.limits.max_events {
            // SAFETY: the staged event is not covered by the length: dropped here, once.
            unsafe { std::ptr::drop_in_place(slot) };
            let value = self.limits.max_events as u64;
            self.halt(LimitKind::Events, value);
            return;
        }
        if !detail {
            self.canonical += 1;
        }
        self.events_heap += heap;
        self.mark_time();
        // SAFETY: the event at `len` is whole (see above), inside the capacity.
        unsafe { self.events.set_len(len + 1) };
    }

    /// Whether [`record`](Core::record) keeps events now (tracing on, the run not over). A
    /// caller that must allocate to build an event (a name, a value's text) asks first.
    #[inline]
    pub fn recording(&self) -> bool {
        self.tracing && !self.closed && self.halted.is_none()
    }

    /// [`record`](Core::record)'s not inlined half: the event is staged and committed as
    /// [`record_with`](Core::record_with) does it.
    #[inline(never)]
    fn push_event(&mut self, kind: EventKind) {
        Event::stage_onto(&mut self.events, || kind);
        // SAFETY: `stage_onto` wrote a whole event just past the end of `events`.
        unsafe { self.commit_staged() }
    }

    /// Appends an event at the current time, past the limits (the limit's own event and what
    /// explains it).
    fn push(&mut self, kind: EventKind, at: Option<(u32, u32)>) {
        self.mark_time();
        Event::push_onto(&mut self.events, kind, at);
    }

    /// Marks the clock's change since the last event, if any, at the next event's index.
    fn mark_time(&mut self) {
        if self.now != self.clock.last().map_or(0, |&(_, t)| t) {
            self.clock.push((self.events.len(), self.now));
        }
    }

    /// Takes the trace recorded so far (a clone, or the events themselves).
    pub fn trace(&mut self, take: bool) -> Trace {
        if take {
            Trace { events: std::mem::take(&mut self.events), clock: std::mem::take(&mut self.clock) }
        } else {
            Trace { events: self.events.clone(), clock: self.clock.clone() }
        }
    }

    /// About the bytes the trace occupies: its events and what they hold on the heap.
    pub fn trace_bytes(&self) -> usize {
        self.events.capacity() * std::mem::size_of::<Event>() + self.events_heap
    }

    /// Why a run that hit the event or poll limit never got anywhere, if it is a busy wait:
    /// in the last stretch of the run (at least [`BUSY_POLLS`] polls) every wake was a task
    /// waking itself from its own `poll` and the clock did not move - virtual time only moves
    /// when every task waits, so a future that waits for a time by waking itself at once
    /// (`if Instant::now() < when { wake_by_ref(); Pending }`) waits for ever.
    fn busy_wait(&self) -> Option<String> {
        const BUSY_POLLS: usize = 1_000;
        let mut polls = 0;
        let mut task = None;
        // The events recorded since the clock last moved.
        let since = match self.clock.last() {
            Some(&(from, t)) if t == self.now => from,
            None if self.now == 0 => 0,
            _ => self.events.len(),
        };
        for event in self.events[since..].iter().rev() {
            match &event.kind {
                EventKind::Poll { task: t } => {
                    polls += 1;
                    task = Some(*t);
                }
                EventKind::Wake { task: woken, by: WakeSource::Task(by), .. } if woken == by => {}
                EventKind::Wake { .. } | EventKind::TimerFire { .. } | EventKind::PromiseSettle { .. } => break,
                _ => {}
            }
            if polls >= BUSY_POLLS {
                break;
            }
        }
        let task = task?;
        (polls >= BUSY_POLLS).then(|| {
            format!(
                "Busy wait: for its last {polls} polls, task {task} woke itself in each and the clock stayed at {}ms. \
                 Virtual time (like tokio's paused clock) only moves when every task waits, so a future that waits \
                 for a time by waking itself at once never sees the time come: register a timer instead (`sleep`, \
                 or keep the waker for a timer to wake).",
                self.now
            )
        })
    }

    /// Records the limit (always as the last event) and stops the run.
    pub fn halt(&mut self, limit: LimitKind, value: u64) {
        self.halt_with(limit, EventKind::Limit { limit, value, at: None });
    }

    /// Records `event` as the last event and stops the run, reporting `limit` as the reason.
    pub fn halt_with(&mut self, limit: LimitKind, event: EventKind) {
        if self.halted.is_some() || self.closed {
            return;
        }
        if self.tracing {
            if matches!(limit, LimitKind::Events | LimitKind::Polls)
                && let Some(message) = self.busy_wait()
            {
                let task = self.current;
                self.push(EventKind::Lint { task, message: message.into() }, None);
            }
            self.push(event, crate::location::get());
        }
        self.halted = Some(limit);
    }

    /// Who is calling a waker right now.
    fn wake_source(&self) -> WakeSource {
        match (self.firing, self.current) {
            (Some(source), _) => source,
            (None, Some(task)) => WakeSource::Task(task),
            (None, None) => WakeSource::Outside,
        }
    }

    /// A waker of `task` was called. A by-value `wake` also consumes that clone.
    pub fn wake(&mut self, task: TaskId, how: WakeHow) {
        if how == WakeHow::Wake {
            self.meta(task).live_wakers -= 1;
        }
        if self.closed {
            return;
        }
        let by = self.wake_source();
        let meta = self.meta(task);
        let effect = if meta.state == TaskState::Finished {
            WakeEffect::Finished
        } else if meta.scheduled {
            WakeEffect::AlreadyScheduled
        } else {
            meta.scheduled = true;
            self.queue.push_back(task);
            WakeEffect::Scheduled
        };
        self.record_with(|| EventKind::Wake { task, by, how, effect });
        let op = if how == WakeHow::Wake { WakerOp::Wake } else { WakerOp::WakeByRef };
        self.record_waker_by(task, op);
    }

    /// After a canonical waker event during a poll: which future's code did it (a detail).
    fn record_waker_by(&mut self, task: TaskId, op: WakerOp) {
        if self.firing.is_none()
            && let Some(&future) = self.poll_stack.last()
        {
            self.record(EventKind::WakerBy { task, future, op });
        }
    }

    /// The task's poll is over: futures still on the poll stack were unwound through by a
    /// panic (or cut short by a limit) without reporting their exit.
    pub fn close_polls(&mut self, panicked: bool) {
        while let Some(future) = self.poll_stack.pop() {
            if panicked {
                self.record(EventKind::FutureExit(Box::new(FutureExit {
                    future,
                    result: PollResult::Panicked,
                    at: None,
                })));
            }
        }
    }

    pub fn waker_cloned(&mut self, task: TaskId) {
        let meta = self.meta(task);
        meta.live_wakers += 1;
        let alive = meta.live_wakers;
        self.record_with(|| EventKind::WakerClone { task, alive: alive as usize });
        self.record_waker_by(task, WakerOp::Clone);
    }

    pub fn waker_dropped(&mut self, task: TaskId) {
        let meta = self.meta(task);
        meta.live_wakers -= 1;
        let alive = meta.live_wakers;
        self.record_with(|| EventKind::WakerDrop { task, alive: alive as usize });
        self.record_waker_by(task, WakerOp::Drop);
    }

    /// Registers a timer for `deadline`, which must be later than now. Returns its id and its
    /// key in `timers`.
    pub fn add_timer(&mut self, deadline: u64, waker: Waker) -> (TimerId, u32) {
        let id = TimerId(self.next_timer);
        self.next_timer += 1;
        let seq = self.next_seq;
        self.next_seq += 1;
        self.timers.insert((deadline, seq), TimerEntry::Sleep { id, waker });
        self.record(EventKind::TimerSet { timer: id, deadline });
        (id, seq)
    }

    /// Removes a timer that has not fired; returns its waker so the caller drops it unlocked.
    pub fn cancel_timer(&mut self, deadline: u64, seq: u32) -> Option<Waker> {
        match self.timers.remove(&(deadline, seq))? {
            TimerEntry::Sleep { id, waker } => {
                self.record(EventKind::TimerCancel { timer: id });
                Some(waker)
            }
            other => {
                self.timers.insert((deadline, seq), other);
                None
            }
        }
    }

    /// Registers a host promise that settles at `deadline`.
    pub fn add_promise(&mut self, deadline: u64, resolves: bool) -> PromiseId {
        let id = PromiseId(self.promises.len() as u32 + 1);
        self.promises.push(PromiseEntry { settled: None, resolves, waker: None });
        let seq = self.next_seq;
        self.next_seq += 1;
        self.timers.insert((deadline, seq), TimerEntry::Promise(id));
        id
    }

    pub fn promise(&mut self, id: PromiseId) -> &mut PromiseEntry {
        &mut self.promises[id.0 as usize - 1]
    }

    /// Appends program output; records one `Print` event per completed line.
    pub fn write_output(&mut self, text: &str) {
        self.output_bytes += text.len() as u64;
        if self.output_bytes > self.limits.max_output_bytes {
            let value = self.limits.max_output_bytes;
            self.halt(LimitKind::Output, value);
            return;
        }
        let mut rest = text;
        while let Some(newline) = rest.find('\n') {
            self.partial_line.push_str(&rest[..newline]);
            let line = std::mem::take(&mut self.partial_line);
            let task = self.current;
            self.record(EventKind::Print { task, line: line.into() });
            rest = &rest[newline + 1..];
        }
        if !rest.is_empty() {
            self.partial_line.push_str(rest);
            self.partial_writer = self.current;
        }
    }

    /// Records output written without a final newline as a last line.
    pub fn flush_output(&mut self) {
        if !self.partial_line.is_empty() {
            let line = std::mem::take(&mut self.partial_line);
            let task = self.partial_writer;
            self.record(EventKind::Print { task, line: line.into() });
        }
    }
}

/// The part of the executor that wakers hold on to.
#[derive(Debug)]
pub(crate) struct Shared {
    core: Mutex<Core>,
}

impl Shared {
    pub fn new(limits: Limits) -> Shared {
        Shared { core: Mutex::new(Core::new(limits)) }
    }

    /// Locks the state. User code never runs under this lock, so a poisoned lock only means a
    /// panic inside the executor's own bookkeeping; the state is still consistent enough to
    /// report, so poisoning is ignored.
    #[inline]
    pub fn lock(&self) -> MutexGuard<'_, Core> {
        self.core.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
