//! The executor: owns the tasks' futures, polls them one at a time and drives the virtual clock.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::{Arc, MutexGuard, Once};
use std::task::{Context, Poll};

use crate::context::{LimitReached, PollGuard, unwind_if_halted, with_current};
use crate::core::{Core, Shared, TaskMeta, TaskState, TimerEntry};
use crate::task::{JoinHandle, task_cell};
use crate::text::Text;
use crate::trace::{EventKind, LimitKind, MainEnd, PromiseId, TaskId, TimerId, Trace, WakeSource};
use crate::waker::{self, WakerData};

/// Bounds that end a run with a [`EventKind::Limit`] event instead of hanging or exhausting
/// memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Polls of all tasks together.
    pub max_polls: u64,
    /// Tasks spawned, `main` included.
    pub max_tasks: usize,
    /// Events recorded, the `limit` event included. Only counts while tracing is on.
    pub max_events: usize,
    /// Bytes of program output.
    pub max_output_bytes: u64,
}

impl Default for Limits {
    /// Generous for a learner's program, small enough that a runaway one ends in well under a
    /// second and a few megabytes.
    fn default() -> Limits {
        Limits { max_polls: 100_000, max_tasks: 1_000, max_events: 200_000, max_output_bytes: 1 << 20 }
    }
}

impl Limits {
    /// The limits a program asks for in a `// pollscope-limits:` comment line, starting from
    /// the defaults, e.g. `// pollscope-limits: polls=300 events=5000`. Keys: `polls`, `tasks`,
    /// `events`, `output` (bytes). The native harness and the interpreter both read programs'
    /// limits through this function, so both runs stop at the same point.
    ///
    /// ```
    /// use pollscope_executor::Limits;
    /// let limits = Limits::from_source("// pollscope-limits: polls=300\nasync fn main() {}").unwrap();
    /// assert_eq!(limits.max_polls, 300);
    /// assert_eq!(limits.max_tasks, Limits::default().max_tasks);
    /// assert!(Limits::from_source("// pollscope-limits: naps=3").is_err());
    /// ```
    pub fn from_source(source: &str) -> Result<Limits, String> {
        let mut limits = Limits::default();
        for (index, line) in source.lines().enumerate() {
            let Some(settings) = line.trim().strip_prefix("// pollscope-limits:") else { continue };
            for setting in settings.split_whitespace() {
                let bad =
                    || format!("line {}: `{setting}` is not `polls=N`, `tasks=N`, `events=N` or `output=N`", index + 1);
                let (key, value) = setting.split_once('=').ok_or_else(bad)?;
                let value: u64 = value.replace('_', "").parse().map_err(|_| bad())?;
                match key {
                    "polls" => limits.max_polls = value,
                    "tasks" => limits.max_tasks = value as usize,
                    "events" => limits.max_events = value as usize,
                    "output" => limits.max_output_bytes = value,
                    _ => return Err(bad()),
                }
            }
        }
        Ok(limits)
    }
}

/// How [`Executor::run`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// The main task (`#1`) finished, returning or panicking.
    Done(MainEnd),
    /// Tasks remain but nothing can wake them.
    Stalled,
    /// A limit was reached.
    Limit(LimitKind),
}

/// A task's future with its output type erased: what the executor stores and polls (a
/// [`TaskCell`](crate::task::TaskCell), shared with the task's `JoinHandle`).
///
/// # Safety
/// `poll_task` and `drop_future` reach the future through a shared reference: a caller must
/// have it to itself for the call. The executor does: it polls one task at a time, in place in
/// its slot, and nothing takes a task out of its slot during a poll (`Inner::polling`); it
/// drops a future only once the task is out of its slot.
pub(crate) trait TaskObj {
    /// Polls the future; `Ready` carries the output's `Debug` text when `describe` asks for it
    /// (tracing on: the `ready` event shows it), else an empty text (no allocation). A
    /// future already dropped stays `Pending`.
    ///
    /// # Safety
    /// No other call of `poll_task` or `drop_future` on this task is running (see above).
    unsafe fn poll_task(&self, cx: &mut Context<'_>, describe: bool) -> Poll<Text>;
    /// The future panicked with `message`: tell whoever awaits the task.
    fn panicked(&self, message: &str);
    /// Drops the future in place (its drops run now, not when the handle goes); idempotent.
    ///
    /// # Safety
    /// As for `poll_task`.
    unsafe fn drop_future(&self);
}

/// A task's place in the executor: the task until it finishes (or the run ends), then `None`
/// for good. Indexed by `TaskId.0 - 1`.
type TaskSlot = Option<Rc<dyn TaskObj>>;

/// Drops a task's future taken out of its slot, and the executor's share of the task's cell,
/// with user code's panics caught (they have no awaiter to go to). Both run while the current
/// task is set (which the caller arranges) and inside the guard: when no `JoinHandle` is left,
/// releasing the cell drops the task's output, whose `Drop` may print or panic.
fn drop_task(inner: &Rc<Inner>, task: Rc<dyn TaskObj>) {
    let _guard = PollGuard::enter(inner);
    release_task(task);
}

/// [`drop_task`] without a current task (the run is closed): the future, then the executor's
/// share of the cell, panics caught.
fn release_task(task: Rc<dyn TaskObj>) {
    let _ = panic::catch_unwind(AssertUnwindSafe(move || {
        // SAFETY: `task` was taken out of its slot, so nothing else reaches its future.
        unsafe { task.drop_future() };
        drop(task);
    }));
}

pub(crate) struct Inner {
    pub(crate) shared: Arc<Shared>,
    slots: RefCell<Vec<TaskSlot>>,
    /// Told about every host promise created, in a live run (see [`Executor::on_promise`]).
    pub(crate) promise_hook: RefCell<Option<PromiseHook>>,
    /// Whether events are recorded (the core's flag, read here without its lock at each poll).
    pub(crate) tracing: std::cell::Cell<bool>,
    /// Whether one of this executor's tasks is being polled. Its future is polled where it
    /// lives, in its slot, so nothing may take a task out of a slot meanwhile: a poll that
    /// called back into its own executor (one leaked to be `'static`) to poll, abandon or close
    /// is refused (see [`Executor::assert_not_polling`]).
    polling: std::cell::Cell<bool>,
}

/// Called with a new promise's id, the milliseconds until it settles (the default, for a
/// user's promise) and the user's label.
pub type PromiseHook = Box<dyn Fn(PromiseId, u64, Option<&str>)>;

/// What is due next on the clock (see [`Executor::next_due`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Timer(TimerId),
    Promise(PromiseId),
}

/// A single-threaded, deterministic executor that records a [`Trace`] of everything it does.
///
/// Tasks run in FIFO order from a run queue; time is virtual and only moves when no task is
/// runnable, jumping to the next timer.
///
/// ```
/// use pollscope_executor::{Executor, sleep, spawn, print};
///
/// let executor = Executor::new();
/// executor.spawn("main", async {
///     let worker = spawn(async { sleep(50).await; 7 });
///     print(&format!("worker says {}\n", worker.await));
/// });
/// executor.run();
/// let trace = executor.trace().to_string();
/// assert!(trace.contains("50ms print #1 \"worker says 7\""));
/// assert!(trace.ends_with("done main ready, 2 tasks, 4 polls\n"));
/// ```
pub struct Executor {
    inner: Rc<Inner>,
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Executor").field("core", &*self.inner.shared.lock()).finish()
    }
}

impl Default for Executor {
    fn default() -> Executor {
        Executor::new()
    }
}

impl Executor {
    /// An executor with [`Limits::default`].
    pub fn new() -> Executor {
        Executor::with_limits(Limits::default())
    }

    /// An executor with the given limits.
    pub fn with_limits(limits: Limits) -> Executor {
        install_quiet_panic_hook();
        Executor {
            inner: Rc::new(Inner {
                shared: Arc::new(Shared::new(limits)),
                slots: RefCell::new(Vec::new()),
                promise_hook: RefCell::new(None),
                tracing: std::cell::Cell::new(true),
                polling: std::cell::Cell::new(false),
            }),
        }
    }

    /// Turns event recording on (the default) or off. Off, the trace stays empty; benchmarks use
    /// this to measure the cost of tracing. Choose before spawning: a task spawned while tracing
    /// is off is not given its name (only events show it), so turned on later, events name it
    /// `""`.
    pub fn set_tracing(&self, on: bool) {
        self.inner.shared.lock().tracing = on;
        self.inner.tracing.set(on);
    }

    /// Spawns a task named `name`. The first task spawned is `#1`, the main task.
    pub fn spawn<F>(&self, name: &str, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: fmt::Debug + 'static,
    {
        self.inner.spawn(|| Text::new(name), future)
    }

    /// The current virtual time in milliseconds.
    pub fn now(&self) -> u64 {
        self.inner.shared.lock().now
    }

    /// A copy of the events recorded so far.
    pub fn trace(&self) -> Trace {
        self.inner.shared.lock().trace(false)
    }

    /// The trace recorded so far, moved out rather than copied (a run at the event limit holds
    /// tens of megabytes of events): for a run that is over, whose trace nobody asks for again.
    /// Later calls see only what is recorded after this one.
    pub fn take_trace(&self) -> Trace {
        let mut core = self.inner.shared.lock();
        core.events_heap = 0;
        core.trace(true)
    }

    /// Polls the task at the front of the run queue once. Returns `false`, polling nothing, when
    /// the queue is empty or the run is over (`main` finished, stalled or halted by a limit).
    pub fn try_run_one(&self) -> bool {
        self.poll_tasks(1) == 1
    }

    /// Polls tasks from the front of the run queue, one at a time, until `max` polls or until
    /// [`try_run_one`](Executor::try_run_one) would return `false`; returns how many it polled.
    /// The lock taken last to record how a poll ended also picks the next task: two lock round
    /// trips per poll instead of three.
    fn poll_tasks(&self, max: usize) -> usize {
        self.assert_not_polling();
        let mut done = 0;
        let mut held = None;
        while done < max {
            let mut core = held.take().unwrap_or_else(|| self.inner.shared.lock());
            let Some((task, data)) = self.begin_poll(&mut core) else { break };
            drop(core);
            done += 1;
            held = Some(self.poll_begun(task, data));
        }
        done
    }

    /// Takes the task at the front of the queue for a poll (the `poll` event, its state), with
    /// its waker; `None` when nothing may be polled now.
    fn begin_poll(&self, core: &mut Core) -> Option<(TaskId, *const WakerData)> {
        if core.closed || core.halted.is_some() {
            return None;
        }
        // Once `main` has finished, the other tasks are only abandoned (by `run`), never
        // polled again. This check used to be only in `run_until_stalled`, after each poll,
        // so stepping with `try_run_one` past main's last poll (or calling `run` then) still
        // polled the next queued task: a different trace from a plain `run`.
        if core.tasks.first().is_some_and(|main| main.state == TaskState::Finished) {
            return None;
        }
        let &task = core.queue.front()?;
        if core.polls >= core.limits.max_polls {
            let value = core.limits.max_polls;
            core.halt(LimitKind::Polls, value);
            return None;
        }
        crate::location::set_location(None);
        core.record_with(|| EventKind::Poll { task });
        if core.halted.is_some() {
            // Recording the poll reached the event limit, so the `limit` event stands in its
            // place and ends the run: the task must not run. (It used to be polled anyway,
            // running user code that the trace does not show.)
            return None;
        }
        core.queue.pop_front();
        core.polls += 1;
        core.current = Some(task);
        let meta = core.meta(task);
        meta.scheduled = false;
        meta.state = TaskState::Running;
        let data = core.wakers.get(task);
        Some((task, data))
    }

    /// A poll of this executor's tasks must not poll, abandon or close them: they are polled
    /// in place in their slots.
    fn assert_not_polling(&self) {
        assert!(!self.inner.polling.get(), "an executor cannot be run from inside a poll of one of its own tasks");
    }

    /// Polls `task`, taken by [`begin_poll`](Executor::begin_poll), and records how the poll
    /// ended. Returns the lock it took last, for picking the next task.
    fn poll_begun(&self, task: TaskId, data: *const WakerData) -> MutexGuard<'_, Core> {
        // The task stays in its slot while it is polled (taking it out and putting it back
        // cost a sixth of a re-poll: the fat pointer's round trip through the stack). A task is
        // queued only while it is unfinished, so its future is present; a spawn during the poll
        // may move the slot's `Rc`, never the cell it points to.
        let future: *const dyn TaskObj =
            Rc::as_ptr(self.inner.slots.borrow()[task.0 as usize - 1].as_ref().expect("a scheduled task has a future"));

        // SAFETY: `data` is the task's entry in the executor state's `WakerTable`, which lives
        // as long as the executor, so past this poll.
        let waker = unsafe { waker::borrowed(data) };
        let mut cx = Context::from_waker(&waker);
        let describe = self.inner.tracing.get();
        let result = {
            let _guard = PollGuard::enter(&self.inner);
            self.inner.polling.set(true);
            // SAFETY: the cell is alive: its slot keeps it until the task is taken out, which
            // `polling` forbids until this poll is over. For the same reason no other call
            // reaches its future meanwhile (one task is polled at a time).
            let result = panic::catch_unwind(AssertUnwindSafe(|| unsafe { (*future).poll_task(&mut cx, describe) }));
            self.inner.polling.set(false);
            // A panic raised without unwinding (see `unwind`) ends the poll the same way.
            match crate::unwind::take_panic() {
                Some(message) => Err(Box::new(message) as Box<dyn Any + Send>),
                None => result,
            }
        };

        // The executor itself reports how the poll ended, from no line of the program.
        crate::location::set_location(None);
        let ended = match result {
            Ok(Poll::Pending) => {
                // The common case takes the lock once: the poll is over, the task waits (and
                // the caller picks the next task under the same lock).
                let mut core = self.inner.shared.lock();
                core.close_polls(false);
                core.record_with(|| EventKind::Pending { task });
                core.meta(task).state = TaskState::Waiting;
                core.current = None;
                return core;
            }
            Ok(Poll::Ready(value)) => Ok(value),
            Err(payload) => Err(payload),
        };
        // The task has finished: out of its slot for good.
        let future = self.inner.slots.borrow_mut()[task.0 as usize - 1].take().expect("the polled task has a future");
        match ended {
            Ok(value) => {
                let mut core = self.inner.shared.lock();
                core.close_polls(false);
                core.record_with(|| EventKind::Ready { task, value });
                core.finish_task(task, false);
            }
            Err(payload) => {
                self.inner.shared.lock().close_polls(true);
                if !payload.is::<LimitReached>() {
                    let message = panic_message(&*payload);
                    self.inner.shared.lock().record(EventKind::Panic { task, message: message.as_str().into() });
                    let _guard = PollGuard::enter(&self.inner);
                    // Waking the awaiter may itself hit a limit and unwind; the limit is
                    // recorded already, so that unwind carries nothing more to report.
                    let _ = panic::catch_unwind(AssertUnwindSafe(|| future.panicked(&message)));
                }
                self.inner.shared.lock().finish_task(task, true);
            }
        }
        // The task has finished: dropping its future runs user drops (wakers, timers) while the
        // task is current.
        drop_task(&self.inner, future);
        let mut core = self.inner.shared.lock();
        core.current = None;
        core
    }

    /// Polls tasks until the run queue is empty or the run is over. Does not move the clock.
    pub fn run_until_stalled(&self) {
        // `poll_tasks` stops once `main` has finished.
        self.poll_tasks(usize::MAX);
    }

    /// In a live run the host settles promises for real: `hook` hears of each new promise, and
    /// the driver settles it with [`fire_next`](Executor::fire_next) when the real one settles.
    pub fn on_promise(&self, hook: PromiseHook) {
        *self.inner.promise_hook.borrow_mut() = Some(hook);
    }

    /// What is due next (the earliest timer or promise settlement) and when; `None` if nothing
    /// is pending. For a driver that waits for real time or real promises between steps.
    pub fn next_due(&self) -> Option<(u64, Due)> {
        let core = self.inner.shared.lock();
        let (&(deadline, _), entry) = core.timers.first_key_value()?;
        Some((
            deadline,
            match entry {
                TimerEntry::Sleep { id, .. } => Due::Timer(*id),
                TimerEntry::Promise(id) => Due::Promise(*id),
            },
        ))
    }

    /// Whether the run is over (main finished, stalled, or halted); records how it ended, as
    /// [`run`](Executor::run) would, when it is.
    pub fn finished(&self) -> Option<RunEnd> {
        if self.inner.shared.lock().queue.is_empty() && self.next_due().is_none() {
            if let Some(end) = self.finish_if_over() {
                return Some(end);
            }
            self.record_stall();
            self.close();
            return Some(RunEnd::Stalled);
        }
        self.finish_if_over()
    }

    /// Moves the clock to the next due item and handles only that one: fires a timer, or
    /// settles a promise (`resolved` overrides how the host planned to settle it: a user's
    /// Resolve or Reject). Returns `false` if nothing was due. Handling items one at a time
    /// in this order gives the same events as [`run`](Executor::run).
    pub fn fire_next(&self, resolved: Option<bool>) -> bool {
        let entry = {
            let mut core = self.inner.shared.lock();
            let Some(first) = core.timers.first_entry() else { return false };
            let deadline = first.key().0;
            let entry = first.remove();
            if let (Some(r), TimerEntry::Promise(id)) = (resolved, &entry) {
                core.promise(*id).resolves = r;
            }
            if deadline > core.now {
                let by = deadline - core.now;
                core.now = deadline;
                core.record(EventKind::Advance { by });
            }
            entry
        };
        self.fire(entry);
        true
    }

    /// Runs until the main task (`#1`) finishes, no task can make progress, or a limit is hit,
    /// then records the final events. When `main` finishes, unfinished tasks are abandoned, as
    /// when a tokio runtime's `block_on` returns.
    pub fn run(&self) -> RunEnd {
        loop {
            if let Some(end) = self.run_for(usize::MAX) {
                return end;
            }
        }
    }

    /// Like [`run`](Executor::run), but returns `None` after `polls` polls if the run is not
    /// over yet; call it again to go on. A browser page runs in such slices and lets the page
    /// handle input in between.
    pub fn run_for(&self, polls: usize) -> Option<RunEnd> {
        let mut done = 0;
        loop {
            done += self.poll_tasks(polls - done);
            if let Some(end) = self.finish_if_over() {
                return Some(end);
            }
            if done >= polls {
                return None;
            }
            if !self.fire_due_timers() {
                self.record_stall();
                self.close();
                return Some(RunEnd::Stalled);
            }
        }
    }

    /// If the run is over (halted, or `main` finished), records how and closes it.
    fn finish_if_over(&self) -> Option<RunEnd> {
        self.assert_not_polling();
        let mut core = self.inner.shared.lock();
        if let Some(limit) = core.halted {
            drop(core);
            self.close();
            return Some(RunEnd::Limit(limit));
        }
        let main = core.tasks.first()?;
        if main.state != TaskState::Finished {
            return None;
        }
        let main_end = if main.panicked { MainEnd::Panicked } else { MainEnd::Ready };
        core.current = None;
        core.flush_output();
        let unfinished: Vec<(TaskId, Text)> = unfinished_tasks(&core.tasks).collect();
        drop(core);
        // Each abandoned task's future is dropped now, as a runtime's shutdown drops it: what
        // its drops print is the task's output (not lost to the host's stdout).
        for (task, name) in unfinished {
            {
                let mut core = self.inner.shared.lock();
                core.record(EventKind::Abandon { task, name });
                core.current = Some(task);
            }
            let future = self.inner.slots.borrow_mut()[task.0 as usize - 1].take();
            if let Some(future) = future {
                drop_task(&self.inner, future);
                // A panic in a drop here has no awaiter to go to: the shutdown goes on.
                crate::unwind::take_panic();
            }
            let mut core = self.inner.shared.lock();
            core.flush_output();
            core.current = None;
        }
        let mut core = self.inner.shared.lock();
        if let Some(limit) = core.halted {
            drop(core);
            self.close();
            return Some(RunEnd::Limit(limit));
        }
        let tasks = core.tasks.len() as u32;
        let polls = core.polls;
        core.record(EventKind::Done { main: main_end, tasks, polls });
        drop(core);
        self.close();
        Some(RunEnd::Done(main_end))
    }

    /// Moves the clock to the next timer and wakes every timer due by then. `false` if no timer
    /// is pending.
    fn fire_due_timers(&self) -> bool {
        // The same steps a live driver takes (one item at a time), so both give one order.
        let Some((deadline, _)) = self.next_due() else { return false };
        while self.next_due().is_some_and(|(d, _)| d == deadline) {
            self.fire_next(None);
        }
        true
    }

    /// Handles one due item: a timer fires, a promise settles; its waker is woken.
    fn fire(&self, entry: TimerEntry) {
        let (waker, source) = {
            let mut core = self.inner.shared.lock();
            match entry {
                TimerEntry::Sleep { id, waker } => {
                    core.record(EventKind::TimerFire { timer: id });
                    (Some(waker), WakeSource::Timer(id))
                }
                TimerEntry::Promise(id) => {
                    let promise = core.promise(id);
                    let resolved = promise.resolves;
                    promise.settled = Some(resolved);
                    let waker = promise.waker.take();
                    core.record(EventKind::PromiseSettle { promise: id, resolved });
                    (waker, WakeSource::Promise(id))
                }
            }
        };
        if let Some(waker) = waker {
            self.inner.shared.lock().firing = Some(source);
            waker.wake();
            self.inner.shared.lock().firing = None;
        }
    }

    fn record_stall(&self) {
        let mut core = self.inner.shared.lock();
        core.flush_output();
        let stuck: Vec<(TaskId, Text)> = unfinished_tasks(&core.tasks).collect();
        core.record(EventKind::Stall { stuck: stuck.len() });
        for (task, name) in stuck {
            let alive = core.meta(task).live_wakers;
            core.record(EventKind::Stuck { task, name, alive: alive as usize });
        }
    }

    /// Ends the run: nothing more is recorded, and the remaining futures, timers and the wakers
    /// that pending host promises hold are dropped. (Those wakers each own a count of the
    /// executor state they sit in: kept, they would keep it alive after the executor's drop.)
    fn close(&self) {
        self.assert_not_polling();
        let (timers, promise_wakers) = {
            let mut core = self.inner.shared.lock();
            core.closed = true;
            core.queue.clear();
            let wakers: Vec<_> = core.promises.iter_mut().filter_map(|p| p.waker.take()).collect();
            (std::mem::take(&mut core.timers), wakers)
        };
        // Outside the lock: dropping a waker takes it.
        drop(timers);
        drop(promise_wakers);
        let tasks: Vec<_> = self.inner.slots.borrow_mut().iter_mut().filter_map(Option::take).collect();
        tasks.into_iter().for_each(release_task);
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.close();
    }
}

impl Inner {
    /// Spawns `future` as a task; `name` is asked for only when tracing records the spawn
    /// (untraced, a spawn allocates the task, nothing more but a waker-table chunk now and then,
    /// and the task's name
    /// stays empty: it is only ever shown in events).
    pub(crate) fn spawn<F>(&self, name: impl FnOnce() -> Text, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: fmt::Debug + 'static,
    {
        let task = {
            let mut core = self.shared.lock();
            if core.tasks.len() >= core.limits.max_tasks {
                let value = core.limits.max_tasks as u64;
                core.halt(LimitKind::Tasks, value);
                drop(core);
                unwind_if_halted(&self.shared);
                // Outside a poll there is nothing to unwind; the run loop sees the halt.
                return JoinHandle::detached();
            }
            let task = TaskId(core.tasks.len() as u32 + 1);
            let recording = core.recording();
            let name = if recording { name() } else { Text::default() };
            let event_name = recording.then(|| name.clone());
            TaskMeta::push_new(&mut core.tasks, name);
            core.queue.push_back(task);
            let parent = core.current;
            if let Some(name) = event_name {
                core.record(EventKind::Spawn { task, name, parent });
            }
            core.wakers.add(task, Arc::as_ptr(&self.shared));
            task
        };
        task_cell(task, future, |cell| self.slots.borrow_mut().push(Some(cell)))
    }
}

/// The tasks that have not finished, in id order, with their names.
fn unfinished_tasks(tasks: &[TaskMeta]) -> impl Iterator<Item = (TaskId, Text)> + '_ {
    tasks
        .iter()
        .enumerate()
        .filter(|(_, meta)| meta.state != TaskState::Finished)
        .map(|(i, meta)| (TaskId(i as u32 + 1), meta.name.clone()))
}

/// The text of a panic payload, as std's panic message shows it.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "Box<dyn Any>".to_string()
    }
}

/// Panics inside a poll are part of the trace, so the default hook's stderr message would only
/// be noise there. Elsewhere the previous hook runs as before.
fn install_quiet_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !with_current(|c| c.is_some()) {
                previous(info);
            }
        }));
    });
}
