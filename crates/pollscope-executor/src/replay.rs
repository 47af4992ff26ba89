//! Replaying a trace: the executor's state after any event, for a UI that steps forward and
//! back through a finished run. Pure functions of the events, so stepping back is replaying
//! a shorter prefix.

use std::collections::BTreeMap;

use crate::text::Text;
use crate::trace::{
    Event, EventKind, FutureEnter, FutureExit, FutureId, FutureKind, FutureNew, FutureState, MainEnd, PollResult,
    PolledBy, PromiseId, TaskId, TimerId, Trace, WakeEffect, WakeSource, WakerOp,
};

/// Where a task is in its life at some point of a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskStatus {
    /// In the run queue, waiting for its turn.
    Scheduled,
    /// Being polled.
    Running,
    /// Returned `Pending` and not woken since.
    Pending,
    /// Returned `Ready` with this value.
    Ready(String),
    /// Panicked with this message.
    Panicked(String),
    /// Dropped unfinished when `main` finished.
    Abandoned,
    /// Its poll was cut short when the run hit a limit or an interpreter error.
    Stopped,
}

impl TaskStatus {
    /// A short word for the UI.
    pub fn word(&self) -> &'static str {
        match self {
            TaskStatus::Scheduled => "scheduled",
            TaskStatus::Running => "running",
            TaskStatus::Pending => "pending",
            TaskStatus::Ready(_) => "done",
            TaskStatus::Panicked(_) => "panicked",
            TaskStatus::Abandoned => "abandoned",
            TaskStatus::Stopped => "stopped",
        }
    }
}

/// A task as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskView {
    pub id: TaskId,
    pub name: String,
    pub parent: Option<TaskId>,
    pub status: TaskStatus,
    pub polls: u32,
    pub wakes: u32,
    /// Clones of its waker alive now.
    pub wakers: usize,
}

/// A pending timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerView {
    pub id: TimerId,
    pub deadline: u64,
    /// The task whose poll set it.
    pub task: Option<TaskId>,
    /// The future whose `poll` set it (a `Sleep`), when future-level events were recorded.
    pub future: Option<FutureId>,
}

/// A future as the future tree shows it (from the detail events; empty for runs that record
/// none, such as programs compiled by rustc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FutureView {
    pub id: FutureId,
    pub name: String,
    pub kind: FutureKind,
    /// The line of its code (the `async fn`/block, the hand-written `fn poll`).
    pub def: Option<u32>,
    /// The task it belongs to: the task whose poll created it.
    pub task: Option<TaskId>,
    /// Who owns it in the tree: the future that polled it last, or (before its first poll)
    /// the future whose code created it; `None` for a task's top-level future.
    pub parent: Option<FutureId>,
    pub polls: u32,
    /// Its address at its last poll, and at its first: once polled, a future must not move.
    pub addr: Option<u64>,
    pub first_addr: Option<u64>,
    /// What its last `poll` returned, and the span of the code that returned it.
    pub last: Option<PollResult>,
    pub last_at: Option<(u32, u32, u32, u32)>,
    /// Its `poll` is running now (it is on the active poll path).
    pub polling: bool,
    pub dropped: bool,
    /// Wakes its code called (of any task's waker).
    /// The wakers it kept after its last poll: the task each wakes, and where it is kept.
    pub holds: Vec<(TaskId, String)>,
    pub wakes: u32,
    /// Polled with a `Context` the program made (its own executor, inside the task).
    pub own_executor: bool,
}

impl FutureView {
    /// Whether its last poll returned `Ready` (it is finished).
    pub fn finished(&self) -> bool {
        matches!(self.last, Some(PollResult::Ready(_) | PollResult::Panicked))
    }
}

/// A pending host promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromiseView {
    pub id: PromiseId,
    /// For a promise the user settles: its label.
    pub label: Option<String>,
    /// When the host settles it (the default, for a user's promise).
    pub settle_at: u64,
    /// The task that created it.
    pub task: Option<TaskId>,
}

/// The executor's state after some event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Virtual time.
    pub time: u64,
    pub tasks: Vec<TaskView>,
    /// The run queue, front first.
    pub queue: Vec<TaskId>,
    /// Pending timers, in firing order.
    pub timers: Vec<TimerView>,
    /// Host promises not settled yet.
    pub promises: Vec<PromiseView>,
    /// Printed lines so far, with the task that printed them.
    pub output: Vec<(Option<TaskId>, String)>,
    /// The task being polled, if the cursor is inside a poll.
    pub running: Option<TaskId>,
    /// The latest state of every interpreted async body, by future id.
    pub futures: BTreeMap<u32, FutureState>,
    /// Every future seen so far, in creation order (dropped ones included, marked).
    pub tree: Vec<FutureView>,
    /// The futures whose `poll` is running now, outermost first: the active poll path.
    pub poll_path: Vec<FutureId>,
    /// How the run ended, once the cursor reached the end.
    pub outcome: Option<String>,
    /// What went wrong so far, in a learner's words.
    pub diagnoses: Vec<String>,
}

impl Snapshot {
    pub fn task(&self, id: TaskId) -> Option<&TaskView> {
        self.tasks.get(id.0 as usize - 1)
    }

    fn task_mut(&mut self, id: TaskId) -> Option<&mut TaskView> {
        self.tasks.get_mut(id.0 as usize - 1)
    }

    /// A future of the tree by id.
    pub fn future(&self, id: FutureId) -> Option<&FutureView> {
        self.tree.binary_search_by_key(&id, |f| f.id).ok().map(|i| &self.tree[i])
    }

    fn future_mut(&mut self, id: FutureId) -> Option<&mut FutureView> {
        self.tree.binary_search_by_key(&id, |f| f.id).ok().map(move |i| &mut self.tree[i])
    }

    /// The live futures of `task` as a tree: (depth, future) in depth-first order, children in
    /// creation order. A future whose owner was dropped is gone with it.
    pub fn future_tree(&self, task: TaskId) -> Vec<(usize, &FutureView)> {
        self.future_trees().remove(&task).unwrap_or_default()
    }

    /// [`Snapshot::future_tree`] of every task that has futures, in one pass: a program may
    /// create a hundred thousand futures over a thousand tasks, and scanning them all for each
    /// task, or for each future's children, would be quadratic.
    pub fn future_trees(&self) -> BTreeMap<TaskId, Vec<(usize, &FutureView)>> {
        let mut children: BTreeMap<FutureId, Vec<&FutureView>> = BTreeMap::new();
        let mut roots: BTreeMap<TaskId, Vec<&FutureView>> = BTreeMap::new();
        for f in self.tree.iter().filter(|f| !f.dropped) {
            match (f.parent, f.task) {
                (Some(parent), _) => children.entry(parent).or_default().push(f),
                (None, Some(task)) => roots.entry(task).or_default().push(f),
                (None, None) => {}
            }
        }
        roots
            .into_iter()
            .map(|(task, roots)| {
                // Depth first, without recursion; below depth 64 the children are left out.
                let mut out = Vec::new();
                let mut stack: Vec<(usize, &FutureView)> = roots.into_iter().rev().map(|f| (0, f)).collect();
                while let Some((depth, f)) = stack.pop() {
                    out.push((depth, f));
                    if depth > 64 {
                        continue;
                    }
                    if let Some(kids) = children.get(&f.id) {
                        stack.extend(kids.iter().rev().map(|&c| (depth + 1, c)));
                    }
                }
                (task, out)
            })
            .collect()
    }

    /// The innermost future being polled now, else the future that returned last.
    pub fn innermost(&self) -> Option<FutureId> {
        self.poll_path.last().copied()
    }
}

/// The state after `trace.events[..=cursor]` (after all events if `cursor` is past the end).
pub fn snapshot(trace: &Trace, cursor: usize) -> Snapshot {
    let mut s = Snapshot::default();
    let end = cursor.saturating_add(1).min(trace.events.len());
    for (time, event) in trace.timed().take(end) {
        s.time = time;
        apply(&mut s, event);
    }
    s
}

fn name_of(s: &Snapshot, id: TaskId) -> String {
    s.task(id).map(|t| format!("{id} {}", t.name)).unwrap_or_else(|| id.to_string())
}

fn apply(s: &mut Snapshot, event: &Event) {
    apply_kind(s, &event.kind);
}

fn apply_kind(s: &mut Snapshot, kind: &EventKind) {
    match kind {
        EventKind::Spawn { task, name, parent } => {
            s.tasks.push(TaskView {
                id: *task,
                name: name.to_string(),
                parent: *parent,
                status: TaskStatus::Scheduled,
                polls: 0,
                wakes: 0,
                wakers: 0,
            });
            s.queue.push(*task);
        }
        EventKind::Poll { task } => {
            s.queue.retain(|t| t != task);
            s.running = Some(*task);
            if let Some(t) = s.task_mut(*task) {
                t.status = TaskStatus::Running;
                t.polls += 1;
            }
        }
        EventKind::Pending { task } => {
            end_poll(s, false);
            s.running = None;
            let queued = s.queue.contains(task);
            if let Some(t) = s.task_mut(*task) {
                t.status = if queued { TaskStatus::Scheduled } else { TaskStatus::Pending };
            }
        }
        EventKind::Ready { task, value } => {
            end_poll(s, false);
            s.running = None;
            s.queue.retain(|t| t != task);
            if let Some(t) = s.task_mut(*task) {
                t.status = TaskStatus::Ready(value.to_string());
            }
        }
        EventKind::Panic { task, message } => {
            end_poll(s, true);
            s.running = None;
            s.queue.retain(|t| t != task);
            if let Some(t) = s.task_mut(*task) {
                t.status = TaskStatus::Panicked(message.to_string());
            }
            let who = name_of(s, *task);
            s.diagnoses.push(format!("Task {who} panicked: {message}"));
        }
        EventKind::Wake { task, effect, how, .. } => {
            if *how == crate::WakeHow::Wake
                && let Some(t) = s.task_mut(*task)
            {
                t.wakers = t.wakers.saturating_sub(1);
            }
            if let Some(t) = s.task_mut(*task) {
                t.wakes += 1;
            }
            if *effect == WakeEffect::Scheduled {
                s.queue.push(*task);
                if let Some(t) = s.task_mut(*task)
                    && t.status == TaskStatus::Pending
                {
                    t.status = TaskStatus::Scheduled;
                }
            }
        }
        EventKind::WakerClone { task, alive } | EventKind::WakerDrop { task, alive } => {
            if let Some(t) = s.task_mut(*task) {
                t.wakers = *alive;
            }
        }
        EventKind::TimerSet { timer, deadline } => {
            let future = s.poll_path.last().copied();
            s.timers.push(TimerView { id: *timer, deadline: *deadline, task: s.running, future });
            s.timers.sort_by_key(|t| (t.deadline, t.id));
        }
        EventKind::TimerFire { timer } | EventKind::TimerCancel { timer } => s.timers.retain(|t| t.id != *timer),
        EventKind::Advance { .. } => {}
        EventKind::PromiseCreate { promise, label, settle_at } => {
            s.promises.push(PromiseView {
                id: *promise,
                label: label.as_ref().map(Text::to_string),
                settle_at: *settle_at,
                task: s.running,
            });
        }
        EventKind::PromiseSettle { promise, .. } => s.promises.retain(|p| p.id != *promise),
        EventKind::Print { task, line } => s.output.push((*task, line.to_string())),
        EventKind::PollAfterReady { task, future } => {
            let who = task.map(|t| name_of(s, t)).unwrap_or_else(|| "-".into());
            s.diagnoses.push(format!(
                "Poll after Ready: in task {who}, a `{future}` was polled again after it returned Ready. \
                 A future must not be polled once it has completed."
            ));
        }
        EventKind::Abandon { task, .. } => {
            if let Some(t) = s.task_mut(*task) {
                t.status = TaskStatus::Abandoned;
            }
        }
        EventKind::Stall { stuck } => {
            s.outcome = Some(format!("Stalled: {stuck} task(s) can never make progress."));
        }
        EventKind::Stuck { task, alive, .. } => {
            let who = name_of(s, *task);
            s.diagnoses.push(if *alive == 0 {
                format!(
                    "Lost waker: task {who} returned Pending, but no waker for it exists any more. \
                     Nothing can ever wake it: a future that returns Pending must first arrange a wake \
                     (keep cx.waker().clone() somewhere, or call wake_by_ref)."
                )
            } else {
                format!(
                    "Stuck: task {who} is waiting and {alive} waker(s) for it are alive, but nothing will call them."
                )
            });
        }
        EventKind::Limit { limit, value, at } => {
            stop_running(s);
            let at = at.map(|(l, c)| format!(" at line {l}, column {c}")).unwrap_or_default();
            s.outcome = Some(format!("Stopped: the {} limit ({value}) was reached{at}.", limit.as_str()));
            if limit.as_str() == "fuel" {
                s.diagnoses.push(format!(
                    "Never yields: a poll ran {value} steps without returning{at}. A loop without `.await` \
                     keeps every other task waiting."
                ));
            }
        }
        EventKind::Error { message, at } => {
            stop_running(s);
            let at = at.map(|(l, c)| format!(" (line {l}, column {c})")).unwrap_or_default();
            s.outcome = Some(format!("Stopped: {message}{at}"));
        }
        EventKind::Done { main, tasks, polls } => {
            s.outcome = Some(match main {
                MainEnd::Ready => format!("Done: main returned after {polls} polls of {tasks} task(s)."),
                MainEnd::Panicked => format!("Done: main panicked after {polls} polls of {tasks} task(s)."),
            });
        }
        EventKind::FutureState(state) => {
            s.futures.insert(state.future, (**state).clone());
        }
        EventKind::Lint { message, .. } => s.diagnoses.push(message.to_string()),
        EventKind::FutureNew(new) => {
            let FutureNew { future, name, kind, by, def } = &**new;
            let view = FutureView {
                def: *def,
                id: *future,
                name: name.to_string(),
                kind: *kind,
                task: s.running,
                parent: *by,
                polls: 0,
                addr: None,
                first_addr: None,
                last: None,
                last_at: None,
                polling: false,
                dropped: false,
                wakes: 0,
                holds: Vec::new(),
                own_executor: false,
            };
            // Ids grow with creation, so pushing keeps the tree sorted by id.
            match s.tree.binary_search_by_key(future, |f| f.id) {
                Ok(i) => s.tree[i] = view,
                Err(i) => s.tree.insert(i, view),
            }
        }
        EventKind::FutureEnter(enter) => {
            let FutureEnter { future, by, addr, name } = &**enter;
            let running = s.running;
            if s.future(*future).is_none() {
                // Created before recording started (or by code that reports no creation).
                apply_kind(
                    s,
                    &EventKind::FutureNew(Box::new(FutureNew {
                        future: *future,
                        name: name.clone(),
                        kind: FutureKind::Runtime,
                        by: None,
                        def: None,
                    })),
                );
            }
            if let Some(f) = s.future_mut(*future) {
                f.polls += 1;
                f.polling = true;
                match by {
                    PolledBy::Future(parent) => f.parent = Some(*parent),
                    // A task's top-level future: spawned futures move to the task polling them.
                    PolledBy::Task(task) => {
                        f.parent = None;
                        f.task = Some(*task);
                    }
                }
                if f.task.is_none() {
                    f.task = running;
                }
                if addr.is_some() {
                    f.addr = *addr;
                    if f.first_addr.is_none() {
                        f.first_addr = *addr;
                    }
                }
            }
            s.poll_path.push(*future);
        }
        EventKind::FutureExit(exit) => {
            let FutureExit { future, result, at } = &**exit;
            if let Some(depth) = s.poll_path.iter().rposition(|f| f == future) {
                s.poll_path.truncate(depth);
            }
            if let Some(f) = s.future_mut(*future) {
                f.polling = false;
                f.last = Some(result.clone());
                f.last_at = *at;
            }
        }
        EventKind::FutureDrop { future } => {
            if let Some(f) = s.future_mut(*future) {
                f.dropped = true;
                f.polling = false;
            }
        }
        EventKind::WakersHeld { future, held } => {
            if let Some(f) = s.future_mut(*future) {
                f.holds = held.iter().map(|(task, at)| (*task, at.to_string())).collect();
            }
        }
        EventKind::FutureSpawn { future, task } => {
            if let Some(f) = s.future_mut(*future) {
                f.task = Some(*task);
                f.parent = None;
            }
        }
        EventKind::OwnContext { future } => {
            if let Some(f) = s.future_mut(*future) {
                f.own_executor = true;
            }
        }
        EventKind::WakerBy { future, op: WakerOp::Wake | WakerOp::WakeByRef, .. } => {
            if let Some(f) = s.future_mut(*future) {
                f.wakes += 1;
            }
        }
        EventKind::WakerBy { .. } => {}
    }
}

/// A task's poll ended: whatever is still on the poll path was unwound through.
fn end_poll(s: &mut Snapshot, panicked: bool) {
    for id in std::mem::take(&mut s.poll_path) {
        if let Some(f) = s.future_mut(id) {
            f.polling = false;
            if panicked {
                f.last = Some(PollResult::Panicked);
            }
        }
    }
}

/// What an event means, in a sentence for a learner stepping through a run.
pub fn explain(event: &Event) -> String {
    let who = |by: &WakeSource| match by {
        WakeSource::Task(t) => format!("task {t}, while it was being polled,"),
        WakeSource::Timer(t) => format!("the executor, because timer {t} fired,"),
        WakeSource::Promise(p) => {
            format!("the callback of JavaScript promise {p} (a microtask that ran when the promise settled)")
        }
        WakeSource::Outside => "code outside any task".to_string(),
    };
    match &event.kind {
        EventKind::Spawn { task, name, parent: None } => {
            format!("The executor creates task {task} ({name}) and puts it in the run queue.")
        }
        EventKind::Spawn { task, name, parent: Some(p) } => {
            format!("Task {p} spawns task {task} ({name}); it waits in the run queue for its first poll.")
        }
        EventKind::Poll { task } => {
            format!("The executor takes task {task} from the front of the run queue and calls its `poll`.")
        }
        EventKind::Pending { task } => {
            format!("Task {task}'s `poll` returns `Pending`: it will run again only when something wakes it.")
        }
        EventKind::Ready { task, value } => {
            format!("Task {task}'s `poll` returns `Ready({value})`: the task is finished.")
        }
        EventKind::Panic { task, message } => format!("Task {task} panics: {message}. The task is finished."),
        EventKind::Wake { task, by, how, effect } => {
            let how = match how {
                crate::WakeHow::Wake => "`wake`",
                crate::WakeHow::WakeByRef => "`wake_by_ref`",
            };
            let effect = match effect {
                WakeEffect::Scheduled => "so it goes to the back of the run queue".to_string(),
                WakeEffect::AlreadyScheduled => "but it is already in the run queue, so nothing changes".to_string(),
                WakeEffect::Finished => "but it has finished, so nothing happens".to_string(),
            };
            format!("{} calls {how} on task {task}'s waker, {effect}.", capitalize(&who(by)))
        }
        EventKind::WakerClone { task, alive } => {
            format!("A clone of task {task}'s waker is kept ({alive} alive): someone can wake it later.")
        }
        EventKind::WakerDrop { task, alive } => {
            format!("A clone of task {task}'s waker is dropped without waking ({alive} alive).")
        }
        EventKind::TimerSet { timer, deadline } => {
            format!("A `sleep` registers timer {timer} for {deadline} ms, keeping the task's waker.")
        }
        EventKind::TimerFire { timer } => format!("The clock reached timer {timer}'s deadline: the timer fires."),
        EventKind::TimerCancel { timer } => {
            format!("The `sleep` was dropped before its deadline, so timer {timer} is cancelled.")
        }
        EventKind::Advance { by } => {
            format!("No task can run, so the virtual clock jumps {by} ms ahead to the next timer.")
        }
        EventKind::PromiseCreate { promise, label: None, settle_at } => {
            format!("A JavaScript promise {promise} is created; the host will resolve it at {settle_at} ms.")
        }
        EventKind::PromiseCreate { promise, label: Some(l), .. } => {
            format!("A JavaScript promise {promise} ({l:?}) is created; you settle it.")
        }
        EventKind::PromiseSettle { promise, resolved } => format!(
            "JavaScript {} promise {promise}. Its callback runs as a microtask and wakes the Rust task awaiting it, if any.",
            if *resolved { "resolves" } else { "rejects" }
        ),
        EventKind::Print { task: Some(t), line } => format!("Task {t} prints {line:?}."),
        EventKind::Print { task: None, line } => format!("Output: {line:?}."),
        EventKind::PollAfterReady { future, .. } => {
            format!("A `{future}` is polled again after it returned `Ready`: a bug in the code that polls it.")
        }
        EventKind::Abandon { task, name } => {
            format!("`main` has finished, so task {task} ({name}) is dropped unfinished.")
        }
        EventKind::Stall { stuck } => {
            format!("Nothing can run and no timer is pending: {stuck} task(s) can never be woken. The run is stuck.")
        }
        EventKind::Stuck { task, name, alive: 0 } => {
            format!("Task {task} ({name}) waits, but no waker for it exists: nobody can wake it.")
        }
        EventKind::Stuck { task, name, alive } => {
            format!("Task {task} ({name}) waits; {alive} waker(s) for it exist, but nothing will call them.")
        }
        EventKind::Limit { limit, value, .. } => {
            format!("The {} limit ({value}) is reached: the run stops here.", limit.as_str())
        }
        EventKind::Error { message, .. } => format!("The interpreter stops: {message}"),
        EventKind::Done { main: MainEnd::Ready, .. } => "`main` returned: the run is over.".to_string(),
        EventKind::Done { main: MainEnd::Panicked, .. } => "`main` panicked: the run is over.".to_string(),
        EventKind::FutureState(f) => format!("Future f{} ({}) is now in state {}.", f.future, f.name, f.state),
        EventKind::Lint { message, .. } => message.to_string(),
        EventKind::FutureNew(new) => {
            let FutureNew { future, name, .. } = &**new;
            match new.kind {
                FutureKind::AsyncBody => format!(
                    "Calling `{name}` creates future {future}, a state machine in state Unresumed: none of its code \
                     runs until something polls it."
                ),
                _ => format!(
                    "A `{name}` is created as future {future}. Futures are lazy: nothing happens until it is polled."
                ),
            }
        }
        EventKind::OwnContext { future } => format!(
            "The program's own executor polls {future}: its `poll` gets a `Context` the program made with \
             `Context::from_waker`, and whoever wakes that waker calls the program's `wake`, not the task's."
        ),
        EventKind::FutureEnter(enter) => {
            let FutureEnter { future, name, by, .. } = &**enter;
            match by {
                PolledBy::Task(task) => format!("Task {task}'s poll calls `poll` on its future {future} (`{name}`)."),
                PolledBy::Future(parent) => {
                    format!("Future {parent}, inside its own `poll`, calls `poll` on {future} (`{name}`).")
                }
            }
        }
        EventKind::FutureExit(exit) => {
            let future = exit.future;
            match &exit.result {
                PollResult::Pending => format!(
                    "{future}'s `poll` returns `Poll::Pending`, back up to its caller: it is not done, and whoever \
                 returned Pending first arranged a wake (or the task stalls)."
                ),
                PollResult::Ready(value) => {
                    format!("{future}'s `poll` returns `Poll::Ready({value})`, back up to its caller: it is finished.")
                }
                PollResult::Panicked => format!("{future}'s `poll` is unwound by a panic."),
            }
        }
        EventKind::FutureDrop { future } => {
            format!("Future {future} is dropped: its state (and any timer it set) goes away.")
        }
        EventKind::WakersHeld { future, held } => {
            let held: Vec<String> = held.iter().map(|(task, at)| format!("a waker of task {task} in `{at}`")).collect();
            format!("After its poll, future {future} keeps {}: whoever calls it wakes that task.", held.join(" and "))
        }
        EventKind::FutureSpawn { future, task } => {
            format!("`spawn` moves future {future} into task {task}, as its top-level future; it has not run yet.")
        }
        EventKind::WakerBy { task, future, op } => {
            format!("That waker of task {task} was {} by the code of future {future}.", op.as_str())
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The run stopped in the middle of a poll: that task is stopped, not running.
fn stop_running(s: &mut Snapshot) {
    if let Some(task) = s.running.take()
        && let Some(t) = s.task_mut(task)
    {
        t.status = TaskStatus::Stopped;
    }
}

/// One poll of a task, for a timeline: event indices of its start and end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollBar {
    pub task: TaskId,
    pub start: usize,
    pub end: usize,
    pub time: u64,
    /// `pending`, `ready`, `panic`, or `stopped` (cut short by a limit).
    pub result: &'static str,
}

/// A wake, for a timeline arrow: who woke whom at which event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeArrow {
    pub index: usize,
    pub from: WakeSource,
    pub to: TaskId,
}

/// The polls and wakes of a whole trace.
pub fn timeline(trace: &Trace) -> (Vec<PollBar>, Vec<WakeArrow>) {
    let mut bars = Vec::new();
    let mut wakes = Vec::new();
    let mut open: Option<(TaskId, usize, u64)> = None;
    for (i, (time, e)) in trace.timed().enumerate() {
        match &e.kind {
            EventKind::Poll { task } => open = Some((*task, i, time)),
            EventKind::Pending { .. } | EventKind::Ready { .. } | EventKind::Panic { .. } => {
                if let Some((task, start, time)) = open.take() {
                    let result = match e.kind {
                        EventKind::Pending { .. } => "pending",
                        EventKind::Ready { .. } => "ready",
                        _ => "panic",
                    };
                    bars.push(PollBar { task, start, end: i, time, result });
                }
            }
            EventKind::Wake { task, by, .. } => wakes.push(WakeArrow { index: i, from: *by, to: *task }),
            _ => {}
        }
    }
    // A poll cut short by a limit has no end event: its bar ends with the trace.
    if let Some((task, start, time)) = open {
        bars.push(PollBar { task, start, end: trace.events.len().saturating_sub(1), time, result: "stopped" });
    }
    (bars, wakes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Executor, print, sleep, spawn, yield_now};

    fn run(f: impl std::future::Future<Output = ()> + 'static) -> Trace {
        let executor = Executor::new();
        executor.spawn("main", f);
        executor.run();
        executor.trace()
    }

    #[test]
    fn stepping_shows_the_queue_and_task_states_at_each_event() {
        let trace = run(async {
            let worker = spawn(async { yield_now().await });
            worker.await;
        });
        // After `spawn #2`: main is running, #2 is queued.
        let at_spawn =
            trace.events.iter().position(|e| matches!(e.kind, EventKind::Spawn { task: TaskId(2), .. })).unwrap();
        let s = snapshot(&trace, at_spawn);
        assert_eq!(s.running, Some(TaskId(1)));
        assert_eq!(s.queue, vec![TaskId(2)]);
        assert_eq!(s.task(TaskId(2)).unwrap().status, TaskStatus::Scheduled);
        // At the end everything is done and the queue is empty.
        let end = snapshot(&trace, trace.events.len());
        assert!(end.queue.is_empty());
        assert!(end.tasks.iter().all(|t| matches!(t.status, TaskStatus::Ready(_))));
        assert_eq!(end.outcome.as_deref(), Some("Done: main returned after 4 polls of 2 task(s)."));
    }

    #[test]
    fn timers_appear_when_set_and_leave_when_fired() {
        let trace = run(async {
            sleep(30).await;
            print("late\n");
        });
        let set = trace.events.iter().position(|e| matches!(e.kind, EventKind::TimerSet { .. })).unwrap();
        let s = snapshot(&trace, set);
        assert_eq!(s.timers, vec![TimerView { id: TimerId(1), deadline: 30, task: Some(TaskId(1)), future: None }]);
        let end = snapshot(&trace, usize::MAX);
        assert!(end.timers.is_empty());
        assert_eq!(end.time, 30);
        assert_eq!(end.output, vec![(Some(TaskId(1)), "late".to_string())]);
    }

    #[test]
    fn a_stall_is_diagnosed_as_a_lost_waker_in_words() {
        let trace = run(std::future::pending::<()>());
        let s = snapshot(&trace, usize::MAX);
        assert!(s.outcome.as_deref().unwrap().starts_with("Stalled"));
        assert!(s.diagnoses[0].starts_with("Lost waker: task #1 main returned Pending"), "{:?}", s.diagnoses);
    }

    #[test]
    fn a_poll_cut_short_by_a_limit_still_has_a_bar() {
        let executor = Executor::with_limits(crate::Limits { max_events: 6, ..crate::Limits::default() });
        executor.spawn("main", async {
            loop {
                print("again\n");
            }
        });
        executor.run();
        let (bars, _) = timeline(&executor.trace());
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].result, "stopped");
    }

    #[test]
    fn every_event_is_explained_in_a_sentence() {
        let trace = run(async {
            let handle = spawn(async { sleep(5).await });
            handle.await;
        });
        for e in &trace.events {
            let text = explain(e);
            assert!(text.ends_with('.') || text.ends_with(':'), "{text}");
        }
        let wake =
            trace.events.iter().find(|e| matches!(e.kind, EventKind::Wake { by: WakeSource::Timer(_), .. })).unwrap();
        assert_eq!(
            explain(wake),
            "The executor, because timer t1 fired, calls `wake` on task #2's waker, so it goes to the back of the run queue."
        );
    }

    #[test]
    fn the_timeline_has_one_bar_per_poll_and_one_arrow_per_wake() {
        let trace = run(async {
            yield_now().await;
        });
        let (bars, wakes) = timeline(&trace);
        assert_eq!(bars.iter().map(|b| b.result).collect::<Vec<_>>(), ["pending", "ready"]);
        assert_eq!(wakes.len(), 1);
        assert_eq!(wakes[0].from, WakeSource::Task(TaskId(1)));
    }
}
