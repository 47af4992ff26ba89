//! The record of a run: one [`Event`] per lifecycle transition, and its canonical text.
//!
//! The text form (`impl Display for Trace`) is the contract between the native and the
//! interpreted runs, the CLI and the golden files; `docs/trace-format.md` documents it. Change
//! it only together with that document and the golden traces.

use std::fmt;

/// A task's id. The first task spawned on an executor (the program's `main`) is `#1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub u32);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A timer's id, in creation order from `t1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId(pub u32);

impl fmt::Display for TimerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t{}", self.0)
    }
}

/// A host promise's id, in creation order from `p1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PromiseId(pub u32);

impl fmt::Display for PromiseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p{}", self.0)
    }
}

/// Who called a waker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeSource {
    /// Code running inside this task's `poll`.
    Task(TaskId),
    /// The executor, because this timer fired.
    Timer(TimerId),
    /// The host, because this promise settled.
    Promise(PromiseId),
    /// Anything else: a waker called between polls, or from another thread while no task is
    /// being polled. (A waker called from another thread *during* a poll is attributed to the
    /// polled task: the executor cannot tell the threads apart without a cost on every wake.)
    Outside,
}

/// Which `Waker` method was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeHow {
    /// `Waker::wake(self)`: wakes and consumes (drops) that waker.
    Wake,
    /// `Waker::wake_by_ref(&self)`: wakes and keeps the waker.
    WakeByRef,
}

/// What a wake did to the woken task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeEffect {
    /// The task was put at the back of the run queue.
    Scheduled,
    /// The task was already in the run queue: it is not queued twice.
    AlreadyScheduled,
    /// The task had finished: nothing happens.
    Finished,
}

/// Which limit ended a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// [`crate::Limits::max_polls`].
    Polls,
    /// [`crate::Limits::max_tasks`].
    Tasks,
    /// [`crate::Limits::max_events`].
    Events,
    /// [`crate::Limits::max_output_bytes`].
    Output,
    /// The interpreter's instruction budget (a loop that never reaches an `.await`).
    Fuel,
    /// The interpreter's call depth (unbounded recursion).
    Depth,
    /// The interpreter's heap (values allocated).
    Heap,
}

impl LimitKind {
    /// The word used in the trace text.
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::Polls => "polls",
            LimitKind::Tasks => "tasks",
            LimitKind::Events => "events",
            LimitKind::Output => "output-bytes",
            LimitKind::Fuel => "fuel",
            LimitKind::Depth => "depth",
            LimitKind::Heap => "heap",
        }
    }
}

/// How the main task ended a run that reached [`EventKind::Done`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainEnd {
    /// `main` returned `Poll::Ready`.
    Ready,
    /// `main` panicked.
    Panicked,
}

/// One thing that happened, at a virtual time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Virtual time in milliseconds.
    pub time: u64,
    /// What happened.
    pub kind: EventKind,
    /// Where in the program's source it happened (line, column), when the program told the
    /// executor (the interpreter does, see [`crate::set_location`]). Not part of the text.
    pub at: Option<(u32, u32)>,
}

/// Every kind of event an executor records. See `docs/trace-format.md` for the text of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// A task was created. `parent` is the task that spawned it (`None` for `main`).
    Spawn { task: TaskId, name: String, parent: Option<TaskId> },
    /// The executor calls the task's `poll`.
    Poll { task: TaskId },
    /// The task's `poll` returned `Poll::Pending`.
    Pending { task: TaskId },
    /// The task's `poll` returned `Poll::Ready(value)`; `value` is its `Debug` text.
    Ready { task: TaskId, value: String },
    /// The task's `poll` panicked; the task is finished.
    Panic { task: TaskId, message: String },
    /// A waker of `task` was called.
    Wake { task: TaskId, by: WakeSource, how: WakeHow, effect: WakeEffect },
    /// A waker of `task` was cloned; `alive` clones exist now.
    WakerClone { task: TaskId, alive: usize },
    /// A clone of a waker of `task` was dropped without waking; `alive` remain.
    WakerDrop { task: TaskId, alive: usize },
    /// A timer was registered to fire at `deadline`.
    TimerSet { timer: TimerId, deadline: u64 },
    /// The clock reached a timer's deadline; its waker is woken next.
    TimerFire { timer: TimerId },
    /// A timer was dropped before it fired.
    TimerCancel { timer: TimerId },
    /// A host promise was created; the host settles it at `settle_at` (for a promise the user
    /// settles, `label` names it and `settle_at` is the default for runs without a user).
    PromiseCreate { promise: PromiseId, label: Option<String>, settle_at: u64 },
    /// The host settled a promise.
    PromiseSettle { promise: PromiseId, resolved: bool },
    /// No task was runnable, so the clock jumped `by` milliseconds to the next timer.
    Advance { by: u64 },
    /// A line of program output, written while `task` ran.
    Print { task: Option<TaskId>, line: String },
    /// A future of the runtime (named `future`) was polled again after it returned `Ready`.
    PollAfterReady { task: Option<TaskId>, future: &'static str },
    /// `main` finished while this task had not: the task is dropped unfinished.
    Abandon { task: TaskId, name: String },
    /// Tasks remain, none is runnable and no timer is pending: nothing can ever wake them.
    Stall { stuck: usize },
    /// One task of a stall: `alive` is how many clones of its waker still exist.
    Stuck { task: TaskId, name: String, alive: usize },
    /// A limit was reached; the run stops here. `at` is the source position (line, column)
    /// where an interpreted program reached it.
    Limit { limit: LimitKind, value: u64, at: Option<(u32, u32)> },
    /// The interpreter met something it cannot run (a program rustc would reject, usually);
    /// the run stops here.
    Error { message: String, at: Option<(u32, u32)> },
    /// `main` finished; the run is over.
    Done { main: MainEnd, tasks: u32, polls: u64 },
    /// Detail (not canonical): the state machine of an interpreted `async` body after a poll.
    FutureState(Box<FutureState>),
    /// Detail (not canonical): something that looks wrong, in a learner's words (a poll that
    /// ran very long without yielding, say).
    Lint { task: Option<TaskId>, message: String },
}

/// The state of an interpreted `async fn` or block after one of its polls: what the UI draws
/// as a state machine. A detail event: the canonical trace text leaves it out, because a
/// program compiled by rustc has no way to report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FutureState {
    /// The task that polled it.
    pub task: Option<TaskId>,
    /// A stable id of the future in this run (`f1`, `f2`, ... in order of first poll).
    pub future: u32,
    /// The async fn (`worker`), or the fn an async block is in (`main::{async}`).
    pub name: String,
    /// `Suspend0`..`SuspendN`, `Returned` or `Panicked`, as rustc's generator transform names
    /// them.
    pub state: String,
    /// How many `.await`s the body has (its states are `Unresumed`, `Suspend0..`, `Returned`).
    pub awaits: u32,
    /// Where it is suspended: line, column, end line, end column of the `.await`.
    pub await_at: Option<(u32, u32, u32, u32)>,
    /// The named locals it keeps across that `.await`, with their `Debug` text.
    pub locals: Vec<(String, String)>,
    /// Where the future lives since its first poll (it is pinned there).
    pub lives: String,
    /// References from its saved locals into its own state (`r -> x`): why it must be pinned.
    pub self_refs: Vec<String>,
}

impl Event {
    /// Whether this is a detail event, left out of the canonical text.
    pub fn is_detail(&self) -> bool {
        matches!(self.kind, EventKind::FutureState(_) | EventKind::Lint { .. })
    }
}

/// The events of a run, in order. `Display` prints the canonical trace text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// The events, in the order they happened.
    pub events: Vec<Event>,
}

impl Trace {
    /// The last event, which tells how the run ended (`Done`, `Stall`'s last `Stuck`, `Limit`).
    pub fn last(&self) -> Option<&Event> {
        self.events.last()
    }

    /// Whether the run ended with `main` returning `Ready`.
    pub fn completed(&self) -> bool {
        matches!(self.last(), Some(Event { kind: EventKind::Done { main: MainEnd::Ready, .. }, .. }))
    }

    /// The lines the program printed, in order.
    pub fn output(&self) -> impl Iterator<Item = &str> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Print { line, .. } => Some(line.as_str()),
            _ => None,
        })
    }
}

impl fmt::Display for Trace {
    /// The canonical text: every event but the detail events, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for event in self.events.iter().filter(|e| !e.is_detail()) {
            writeln!(f, "{event}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}ms ", self.time)?;
        match &self.kind {
            EventKind::Spawn { task, name, parent: None } => write!(f, "spawn {task} {name}"),
            EventKind::Spawn { task, name, parent: Some(parent) } => {
                write!(f, "spawn {task} {name} by {parent}")
            }
            EventKind::Poll { task } => write!(f, "poll {task}"),
            EventKind::Pending { task } => write!(f, "pending {task}"),
            EventKind::Ready { task, value } => write!(f, "ready {task} {value}"),
            EventKind::Panic { task, message } => write!(f, "panic {task} {message:?}"),
            EventKind::Wake { task, by, how, effect } => {
                let verb = match how {
                    WakeHow::Wake => "wake",
                    WakeHow::WakeByRef => "wake_by_ref",
                };
                write!(f, "{verb} {task} by ")?;
                match by {
                    WakeSource::Task(t) => write!(f, "{t}")?,
                    WakeSource::Timer(t) => write!(f, "timer {t}")?,
                    WakeSource::Promise(p) => write!(f, "promise {p}")?,
                    WakeSource::Outside => write!(f, "outside")?,
                }
                match effect {
                    WakeEffect::Scheduled => Ok(()),
                    WakeEffect::AlreadyScheduled => write!(f, " (already scheduled)"),
                    WakeEffect::Finished => write!(f, " (task finished)"),
                }
            }
            EventKind::WakerClone { task, alive } => write!(f, "clone waker {task} ({alive} alive)"),
            EventKind::WakerDrop { task, alive } => write!(f, "drop waker {task} ({alive} alive)"),
            EventKind::TimerSet { timer, deadline } => write!(f, "set timer {timer} at {deadline}ms"),
            EventKind::TimerFire { timer } => write!(f, "fire timer {timer}"),
            EventKind::TimerCancel { timer } => write!(f, "cancel timer {timer}"),
            EventKind::Advance { by } => write!(f, "advance +{by}ms"),
            EventKind::PromiseCreate { promise, label: None, settle_at } => {
                write!(f, "create promise {promise} settling at {settle_at}ms")
            }
            EventKind::PromiseCreate { promise, label: Some(label), settle_at } => {
                write!(f, "create promise {promise} {label:?} for the user (default: resolve at {settle_at}ms)")
            }
            EventKind::PromiseSettle { promise, resolved: true } => write!(f, "resolve promise {promise}"),
            EventKind::PromiseSettle { promise, resolved: false } => write!(f, "reject promise {promise}"),
            EventKind::Print { task: Some(task), line } => write!(f, "print {task} {line:?}"),
            EventKind::Print { task: None, line } => write!(f, "print - {line:?}"),
            EventKind::PollAfterReady { task, future } => {
                write!(f, "poll after ready ")?;
                match task {
                    Some(task) => write!(f, "{task}")?,
                    None => write!(f, "-")?,
                }
                write!(f, " {future}")
            }
            EventKind::Abandon { task, name } => write!(f, "abandon {task} {name}"),
            EventKind::Stall { stuck } => {
                let s = if *stuck == 1 { "" } else { "s" };
                write!(f, "stall {stuck} task{s} stuck")
            }
            EventKind::Stuck { task, name, alive: 0 } => {
                write!(f, "stuck {task} {name}: no waker alive (lost waker)")
            }
            EventKind::Stuck { task, name, alive } => {
                let s = if *alive == 1 { "" } else { "s" };
                write!(f, "stuck {task} {name}: {alive} waker{s} alive, never woken")
            }
            EventKind::Limit { limit, value, at } => {
                write!(f, "limit {} {value}", limit.as_str())?;
                match at {
                    Some((line, col)) => write!(f, " at {line}:{col}"),
                    None => Ok(()),
                }
            }
            EventKind::Error { message, at } => {
                write!(f, "error {message:?}")?;
                match at {
                    Some((line, col)) => write!(f, " at {line}:{col}"),
                    None => Ok(()),
                }
            }
            EventKind::Done { main, tasks, polls } => {
                let how = match main {
                    MainEnd::Ready => "ready",
                    MainEnd::Panicked => "panicked",
                };
                let s = if *tasks == 1 { "" } else { "s" };
                write!(f, "done main {how}, {tasks} task{s}, {polls} polls")
            }
            EventKind::Lint { message, .. } => write!(f, "lint {message:?}"),
            EventKind::FutureState(state) => {
                write!(f, "state f{} {} {}", state.future, state.name, state.state)?;
                if let Some((line, col, _, _)) = state.await_at {
                    write!(f, " at {line}:{col}")?;
                }
                let locals: Vec<String> = state.locals.iter().map(|(n, v)| format!("{n}: {v}")).collect();
                write!(f, " {{{}}} lives in {}", locals.join(", "), state.lives)?;
                for r in &state.self_refs {
                    write!(f, "; self-reference {r}")?;
                }
                Ok(())
            }
        }
    }
}
