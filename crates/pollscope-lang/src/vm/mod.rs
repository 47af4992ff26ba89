//! The bytecode VM: frames, the run loop, calls, and polling futures.
//!
//! | file | purpose |
//! |---|---|
//! | `value.rs` | values, places, futures, iterators |
//! | `ops.rs` | integer arithmetic with rustc's overflow panics, comparisons, clone |
//! | `methods.rs` | methods and functions of std types and the prelude |
//! | `format.rs` | `format!` with std's output |
//! | `pattern.rs` | testing and binding patterns |
//! | `host.rs` | interpreted futures as real `std::future::Future`s, and running a program |
//!
//! Interpreted calls do not recurse on the host stack: each call pushes a [`Frame`]. An
//! `async` body is a frame that can be suspended: at an `.await` whose future is pending, the
//! frame (locals, operand stack, resume point) is saved in its future and the frame is popped;
//! the next poll pushes it again. Host recursion happens only where Rust code polls an
//! interpreted future (a task, `join`), which a call-depth limit bounds.

// VM internals hold executor state, closures and raw wakers; `Debug` on them would say little.
#![allow(missing_debug_implementations)]

pub mod format;
pub mod host;
pub mod memory;
pub mod methods;
pub mod ops;
pub mod pattern;
pub mod stream;
pub mod tokio;
pub mod traits;
pub mod value;
pub mod wake;

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::task::{Context, Poll};

use pollscope_executor::{FutureId, FutureKind, LimitKind, PollResult};

use crate::diag::Span;
use crate::program::*;
use value::*;

/// How an interpreted computation stopped early. Two words at most: every instruction returns
/// a [`VmResult`], and in two words it comes back in registers, not through memory. (With the
/// message inline it took four, and storing and reloading the result of each instruction was a
/// tenth of a run of `Spin` polls.)
pub enum Unwind {
    /// A Rust panic of the program, with its message.
    Panic(Box<String>),
    /// The run is over: a limit or an interpreter error was reported to the executor.
    Halt,
    /// A panic payload from Rust code that is not the program's (the executor's own unwind
    /// when a limit is reached): passed on untouched.
    Foreign(Box<Box<dyn Any + Send>>),
}

const _: () = assert!(std::mem::size_of::<VmResult<Flow>>() <= 16);

pub type VmResult<T> = Result<T, Unwind>;

/// State shared by every VM entry of one run.
pub struct Runtime {
    pub program: Rc<Program>,
    /// Instructions left for the whole run.
    pub fuel: Cell<u64>,
    /// Generation counter for `Context` values.
    pub generation: Cell<u64>,
    /// Host recursion depth (nested polls of interpreted futures by Rust code).
    pub nesting: Cell<u32>,
    pub limits: InterpLimits,
    /// Bytes asked for so far (the heap limit's measure without a counting allocator).
    pub heap_used: Cell<u64>,
    /// Bytes live on the thread when the run started, with a counting allocator (see
    /// [`memory`]): the run's memory is what is live beyond it.
    pub heap_base: Option<isize>,
    /// Boxes coerced to `Box<dyn Future>`: a task spawned from one is named `dyn Future`, as
    /// rustc's type name says. Weak pointers, so that an address is not reused while listed.
    pub erased: RefCell<Vec<std::rc::Weak<RefCell<Value>>>>,
    /// Ids of hand-written futures (struct values have no room for one), by the place they
    /// were first polled at, and whether they returned `Ready`; removed when their `.await`
    /// drops them.
    pub user_futures: RefCell<std::collections::HashMap<UserKey, (FutureId, bool)>>,
    /// Virtual addresses for the Pin lab (see `addr_of`).
    pub addrs: RefCell<Addrs>,
    /// Calls of the program's code that Rust code asked for, waiting for the VM: `drop` of a
    /// value Rust dropped (see `traits::DropHook`), `wake` of a waker (see `wake`).
    pub pending_drops: RefCell<Vec<Deferred>>,
    /// Whether `pending_drops` may hold calls (checked after every instruction: a `Cell` read
    /// is cheaper than a `RefCell` borrow).
    pub deferred: Cell<bool>,
    /// How many VMs are running (nested polls): with none, a queued `drop` runs at once.
    pub active: Cell<u32>,
    /// The locals and operand stacks of returned frames, empty, for the next calls to reuse
    /// (a call would otherwise allocate both; see `push_call` and `recycle`).
    frame_pool: RefCell<Vec<(Locals, Vec<Value>)>>,
    /// The (empty) frame stack of the last VM entry that ended, for the next one: a task's
    /// every poll is an entry, and would otherwise allocate one.
    spare_frames: Cell<Vec<Frame>>,
}

/// The bytes of one value in a collection.
pub const VALUE_BYTES: u64 = std::mem::size_of::<Value>() as u64;

/// How many returned frames' vectors the pool keeps at most.
const FRAME_POOL: usize = 64;

/// Deterministic virtual addresses: each heap cell or frame that holds a polled future gets a
/// block of its own the first time it is seen (heap cells from 0x1000 up, frames of plain calls
/// from 0x7ff0_0000 down), and a future inside an async body's locals lives inside that body's
/// block. Only computed while detail events are recorded.
#[derive(Default)]
pub struct Addrs {
    /// Base address by the pointer of a root (an `Rc` of locals or of a heap cell).
    bases: std::collections::HashMap<usize, u64>,
    /// A weak reference to every root in `bases`: it keeps the allocation (not the value)
    /// alive, so that its pointer is never reused for another root while it is listed (which
    /// would make addresses depend on the allocator, and differ from run to run).
    keep: Vec<Keep>,
    heap: u64,
    stack: u64,
}

// Held only to keep allocations from being reused; never read.
#[allow(dead_code)]
enum Keep {
    Locals(std::rc::Weak<RefCell<Vec<Value>>>),
    Heap(std::rc::Weak<RefCell<Value>>),
}

impl Addrs {
    fn base(&mut self, root: &Root, on_stack: bool) -> u64 {
        let key = root.ptr();
        if let Some(&b) = self.bases.get(&key) {
            return b;
        }
        let b = if on_stack {
            self.stack += 0x100;
            0x7ff0_0000 - self.stack
        } else {
            self.heap += 1;
            0x1000 + (self.heap - 1) * 0x100
        };
        self.set(root, b);
        b
    }

    /// Gives `root` the address `base` (the locals of an async body live inside it).
    fn set(&mut self, root: &Root, base: u64) {
        if self.bases.insert(root.ptr(), base).is_none() {
            self.keep.push(match root {
                Root::Local(locals, _) => Keep::Locals(Rc::downgrade(locals)),
                Root::Heap(cell) => Keep::Heap(Rc::downgrade(cell)),
            });
        }
    }
}

/// The interpreter's own limits, on top of the executor's.
#[derive(Debug, Clone, Copy)]
pub struct InterpLimits {
    /// Instructions in one whole run.
    pub run_fuel: u64,
    /// Instructions in one poll of a task.
    pub poll_fuel: u64,
    /// Interpreted call frames, plus Rust-level nesting.
    pub max_depth: usize,
    /// Bytes of memory the run may occupy: live bytes with a counting allocator (see
    /// [`memory`]), otherwise every byte of values it created added up.
    pub max_heap: u64,
}

impl Default for InterpLimits {
    fn default() -> InterpLimits {
        InterpLimits { run_fuel: 200_000_000, poll_fuel: 10_000_000, max_depth: 400, max_heap: 64 << 20 }
    }
}

impl Runtime {
    /// Queues a call of the program's code for the VM to make (see `pending_drops`).
    pub(crate) fn defer(&self, call: Deferred) {
        self.pending_drops.borrow_mut().push(call);
        self.deferred.set(true);
    }

    pub fn new(program: Rc<Program>, limits: InterpLimits) -> Rc<Runtime> {
        Rc::new(Runtime {
            program,
            fuel: Cell::new(limits.run_fuel),
            generation: Cell::new(0),
            nesting: Cell::new(0),
            limits,
            heap_used: Cell::new(0),
            heap_base: memory::live(),
            erased: RefCell::new(Vec::new()),
            user_futures: RefCell::new(std::collections::HashMap::new()),
            addrs: RefCell::new(Addrs::default()),
            pending_drops: RefCell::new(Vec::new()),
            deferred: Cell::new(false),
            active: Cell::new(0),
            frame_pool: RefCell::new(Vec::new()),
            spare_frames: Cell::new(Vec::new()),
        })
    }
}

/// A call of the program's code queued by Rust code (see [`Runtime::pending_drops`]).
pub struct Deferred {
    pub fn_id: FnId,
    pub value: Value,
    /// Whether the function takes a reference to `value` (`drop(&mut self)`,
    /// `wake_by_ref(self: &Arc<Self>)`) or `value` itself (`wake(self: Arc<Self>)`).
    pub by_ref: bool,
}

/// How a frame hands back its result.
pub(crate) enum Mode {
    /// A call: the return value goes on the caller's stack.
    Call,
    /// An async body being polled: `Poll::Ready(v)` on return, `Poll::Pending` on suspension.
    Resume(Rc<RefCell<AsyncFrame>>),
}

/// The future a hand-written `poll`'s frame polls (for the detail events).
pub(crate) struct PollOf {
    /// Its id.
    pub id: FutureId,
    /// Its place (`self`), to report the wakers it keeps after the poll.
    pub place: Place,
}

pub(crate) struct Frame {
    pub fn_id: FnId,
    pub pc: usize,
    pub locals: Locals,
    pub stack: Vec<Value>,
    pub captures: Option<Heap>,
    pub mode: Mode,
    /// For a hand-written `poll` called to poll a future, with detail events wanted: which
    /// future. (Boxed: rare, and a frame is pushed and popped by every call.)
    pub poll: Option<Box<PollOf>>,
    /// Where this frame last built a `Poll` value (`Poll::Pending`, `Poll::Ready(x)`): the line
    /// a hand-written `poll` returned from, for the detail events.
    pub poll_span: Option<Span>,
}

/// One entry into interpreted code from Rust, with the `Context` of the poll in progress.
pub struct Vm<'a, 'w> {
    pub rt: &'a Rc<Runtime>,
    pub cx: &'a mut Context<'w>,
    pub generation: u64,
    pub(crate) frames: Vec<Frame>,
    pub fuel: u64,
    /// The value of the frame that returned at the base of `run` ([`Flow::Finished`]).
    finished: Option<Value>,
}

impl Drop for Vm<'_, '_> {
    fn drop(&mut self) {
        self.rt.active.set(self.rt.active.get() - 1);
        // Frames left by an unwind go first, as they went when the stack was a field.
        self.frames.clear();
        if self.frames.capacity() <= FRAME_POOL {
            self.rt.spare_frames.set(std::mem::take(&mut self.frames));
        }
    }
}

/// A future [`Vm::future_at`] found ready to poll.
enum Ready {
    Async(Rc<RefCell<AsyncFrame>>),
    User(FnId),
}

/// The result of starting to poll a future.
pub(crate) enum Begun {
    /// The `Poll` value is known now.
    Done(Value),
    /// A frame was pushed; its `Poll` (or return value) arrives on the current frame's stack.
    Pushed,
}

impl<'a, 'w> Vm<'a, 'w> {
    pub fn new(rt: &'a Rc<Runtime>, cx: &'a mut Context<'w>) -> Vm<'a, 'w> {
        let generation = rt.generation.get() + 1;
        rt.generation.set(generation);
        rt.active.set(rt.active.get() + 1);
        Vm { rt, cx, generation, frames: rt.spare_frames.take(), fuel: rt.limits.poll_fuel, finished: None }
    }

    /// The span of the instruction being executed (for limits and errors).
    pub fn span(&self) -> Span {
        let Some(frame) = self.frames.last() else { return Span::default() };
        let f = &self.rt.program.fns[frame.fn_id as usize];
        f.spans.get(frame.pc.saturating_sub(1)).copied().unwrap_or(f.span)
    }

    fn at(&self) -> Option<(u32, u32)> {
        let span = self.span();
        (span.start.line > 0).then_some((span.start.line, span.start.col))
    }

    /// Ends the run with an interpreter error at the current instruction.
    pub fn error(&self, message: impl Into<String>) -> Unwind {
        pollscope_executor::halt_error(message.into(), self.at());
        Unwind::Halt
    }

    fn limit(&self, limit: LimitKind, value: u64) -> Unwind {
        pollscope_executor::halt(limit, value, self.at());
        Unwind::Halt
    }

    pub fn panic(&self, message: impl Into<String>) -> Unwind {
        Unwind::Panic(Box::new(message.into()))
    }

    /// Counts `bytes` the program is about to allocate toward the heap limit: checked before
    /// the allocation, so that `vec![0u64; 1 << 40]` stops here rather than in the allocator.
    pub fn alloc(&self, bytes: u64) -> VmResult<()> {
        let asked = self.rt.heap_used.get().saturating_add(bytes);
        self.rt.heap_used.set(asked);
        let used = match (self.rt.heap_base, memory::live()) {
            (Some(base), Some(live)) => {
                let used = |less: isize| ((live - base - less).max(0) as u64).saturating_add(bytes);
                // Less the trace, which the event limit bounds (asked for only when it matters).
                match used(0) {
                    all if all > self.rt.limits.max_heap => used(pollscope_executor::trace_bytes() as isize),
                    all => all,
                }
            }
            _ => asked,
        };
        if used > self.rt.limits.max_heap {
            return Err(self.limit(LimitKind::Heap, self.rt.limits.max_heap));
        }
        Ok(())
    }

    /// [`Vm::alloc`] for `n` values (elements of a `Vec`, an array, a collection).
    pub fn alloc_values(&self, n: u64) -> VmResult<()> {
        self.alloc(n.saturating_mul(VALUE_BYTES))
    }

    /// Pushes a call frame for `fn_id` with `args` in its first locals.
    pub(crate) fn push_call(
        &mut self,
        fn_id: FnId,
        args: impl IntoIterator<Item = Value>,
        captures: Option<Heap>,
    ) -> VmResult<()> {
        self.check_depth()?;
        let (locals, stack) = self.rt.frame_pool.borrow_mut().pop().unwrap_or_default();
        locals.borrow_mut().extend(args);
        self.push_frame(fn_id, locals, stack, captures);
        Ok(())
    }

    /// `Instr::Call`: calls `fn_id` with the `n` values on top of the operand stack. A plain
    /// function's arguments go from there straight into its frame's locals (no `Vec` of
    /// arguments per call, the commonest call there is).
    fn call_from_stack(&mut self, fn_id: FnId, n: usize) -> VmResult<()> {
        if self.rt.program.fns[fn_id as usize].kind != FnKind::Plain {
            let mut args = self.pop_n(n)?;
            self.coerce_args(fn_id, &mut args)?;
            return self.start_call(fn_id, args, None);
        }
        let Some(at) = self.frame().stack.len().checked_sub(n) else {
            return Err(self.error("internal: operand stack underflow"));
        };
        self.check_depth()?;
        let (locals, stack) = self.rt.frame_pool.borrow_mut().pop().unwrap_or_default();
        locals.borrow_mut().extend(self.frame().stack.drain(at..));
        self.coerce_args(fn_id, &mut locals.borrow_mut()[..n])?;
        self.push_frame(fn_id, locals, stack, None);
        Ok(())
    }

    /// Ends the run at the depth limit if one more frame would pass it.
    fn check_depth(&self) -> VmResult<()> {
        if self.frames.len() + self.rt.nesting.get() as usize * 8 >= self.rt.limits.max_depth {
            return Err(self.limit(LimitKind::Depth, self.rt.limits.max_depth as u64));
        }
        Ok(())
    }

    /// Pushes the frame of a call of `fn_id` whose `locals` hold its arguments (the rest of
    /// its locals start uninitialised).
    fn push_frame(&mut self, fn_id: FnId, locals: Locals, stack: Vec<Value>, captures: Option<Heap>) {
        locals.borrow_mut().resize_with(self.rt.program.fns[fn_id as usize].locals as usize, || Value::Uninit);
        self.frames.push(Frame {
            fn_id,
            pc: 0,
            locals,
            stack,
            captures,
            mode: Mode::Call,
            poll: None,
            poll_span: None,
        });
    }

    /// Calls a function value and runs it to completion (for Rust code that calls back into
    /// the program: iterator adaptors, `Option::map`, ...).
    pub fn call_value(&mut self, callee: &Value, args: Vec<Value>) -> VmResult<Value> {
        let base = self.frames.len();
        let (id, captures) = match callee {
            Value::Fn(id) => (*id, None),
            Value::Closure(c) => (c.fn_id, Some(c.captures.clone())),
            Value::Ref(place) => self.callee(Value::Ref(place.clone()))?,
            other => return Err(self.error(format!("{} cannot be called", other.kind()))),
        };
        self.start_call(id, args, captures)?;
        match self.run(base)? {
            Some(v) => Ok(v),
            None => Err(self.error("a called function suspended")),
        }
    }

    /// Deref coercion at a call: an argument with more references than its parameter's type
    /// (`&&str` for `&str`, `&&Job` for `&Job`) is dereferenced down to it, so that it no
    /// longer points into a place that may die first (a spawned task outliving a loop).
    pub(crate) fn coerce_args(&self, fn_id: FnId, args: &mut [Value]) -> VmResult<()> {
        let program = self.rt.program.clone();
        let f = &program.fns[fn_id as usize];
        for (arg, ty) in args.iter_mut().zip(&f.param_tys) {
            let mut want = 0;
            let mut t = ty;
            while let crate::ty::Ty::Elem(inner) = t {
                want += 1;
                t = inner;
            }
            if want == 0 || !matches!(arg, Value::Ref(_)) {
                continue;
            }
            let is_str = matches!(t, crate::ty::Ty::Named(n, _) if n == "str");
            let known = match t {
                crate::ty::Ty::Int(_) => true,
                crate::ty::Ty::Named(n, _) => {
                    matches!(n.as_str(), "str" | "String" | "Vec" | "bool" | "char")
                        || program.structs.iter().any(|s| s.name == *n)
                        || program.enums.iter().any(|e| e.name == *n)
                }
                _ => false,
            };
            if !known {
                continue;
            }
            while let Value::Ref(p) = &*arg {
                // How many references deep the argument is (a `&str` value counts as one).
                let mut have = 1;
                let mut next = p.clone();
                loop {
                    match next.read(|v| match v {
                        Value::Ref(q) => Some(Ok(q.clone())),
                        Value::Str(_) => Some(Err(())),
                        _ => None,
                    }) {
                        Ok(Some(Ok(q))) => {
                            have += 1;
                            next = q;
                        }
                        Ok(Some(Err(()))) if is_str => {
                            have += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                if have <= want {
                    break;
                }
                let inner = self.with(p, |v| v.try_copy())?;
                match inner {
                    Some(v @ (Value::Ref(_) | Value::Str(_))) => *arg = v,
                    _ => break,
                }
            }
        }
        Ok(())
    }

    /// The function and captures of a callee: a function or closure value, or a place holding
    /// one behind references and boxes (calling a closure does not move it).
    pub(crate) fn callee(&self, callee: Value) -> VmResult<(FnId, Option<Heap>)> {
        let found = match callee {
            Value::Fn(id) => Some((id, None)),
            Value::Closure(c) => Some((c.fn_id, Some(c.captures.clone()))),
            Value::Ref(place) => {
                let place = self.autoderef(place, |v| matches!(v, Value::Fn(_) | Value::Closure(_)))?;
                self.with(&place, |v| match v {
                    Value::Fn(id) => Some((*id, None)),
                    Value::Closure(c) => Some((c.fn_id, Some(c.captures.clone()))),
                    _ => None,
                })?
            }
            Value::Box(cell) => return self.callee(Value::Ref(Place::heap(&cell))),
            _ => None,
        };
        found.ok_or_else(|| self.error("this value cannot be called"))
    }

    /// Starts a call: a plain function or closure pushes a frame; an `async fn` or async block
    /// makes a future (pushed as a ready value on the current frame, or returned when there is
    /// no frame).
    pub(crate) fn start_call(&mut self, fn_id: FnId, args: Vec<Value>, captures: Option<Heap>) -> VmResult<()> {
        let f = &self.rt.program.fns[fn_id as usize];
        match f.kind {
            FnKind::Async | FnKind::AsyncBlock => {
                let fut = self.make_async(fn_id, args, captures);
                self.frames.push(Frame {
                    fn_id,
                    pc: usize::MAX,
                    locals: Rc::new(RefCell::new(Vec::new())),
                    stack: vec![fut],
                    captures: None,
                    mode: Mode::Call,
                    poll: None,
                    poll_span: None,
                });
                Ok(())
            }
            FnKind::Plain | FnKind::Closure => self.push_call(fn_id, args, captures),
        }
    }

    pub(crate) fn make_async(&self, fn_id: FnId, args: Vec<Value>, captures: Option<Heap>) -> Value {
        make_async_value(&self.rt.program, fn_id, args, captures)
    }

    /// The virtual address of a place, for the Pin lab (see [`Addrs`]).
    fn addr_of(&self, place: &Place) -> u64 {
        let mut addrs = self.rt.addrs.borrow_mut();
        let (base, slot) = match &place.root {
            Root::Heap(_) => (addrs.base(&place.root, false), None),
            // Locals not known as an async body's are a plain call's frame, on the stack.
            Root::Local(_, slot) => (addrs.base(&place.root, true), Some(*slot)),
        };
        // Locals from offset 0x10 (after the state tag), 0x20 bytes each; fields 8 bytes each.
        let mut addr = base + slot.map_or(0, |s| 0x10 + u64::from(s) * 0x20);
        for proj in &place.path {
            addr += match proj {
                Proj::Field(i) | Proj::Index(i) => u64::from(*i) * 8,
                Proj::Inner => 8,
            };
        }
        addr
    }

    /// The span of the code that made the top frame return: where it built the `Poll` it
    /// returns (a hand-written `poll`), else the return itself.
    fn return_span(&self) -> Option<(u32, u32, u32, u32)> {
        let frame = self.frames.last()?;
        let span = frame.poll_span.unwrap_or_else(|| self.span());
        (span.start.line > 0).then_some((span.start.line, span.start.col, span.end.line, span.end.col))
    }

    /// Runs frames until the stack is back to `base` frames. Returns the value of the frame
    /// that finished at `base` (a return value, or a `Poll` for a resumed async frame), or
    /// `None` if that frame suspended.
    pub(crate) fn run(&mut self, base: usize) -> VmResult<Option<Value>> {
        match self.run_inner(base) {
            Ok(v) => Ok(v),
            Err(unwind) => {
                self.unwind_to(base, &unwind);
                Err(unwind)
            }
        }
    }

    /// Pops frames above `base` after a panic, dropping their locals last-declared first, as
    /// Rust's unwinding does. An async frame that panicked can never be resumed.
    fn unwind_to(&mut self, base: usize, unwind: &Unwind) {
        while self.frames.len() > base {
            let frame = self.frames.pop().expect("frames above base");
            let halted = matches!(unwind, Unwind::Halt);
            if let Mode::Resume(af) = &frame.mode {
                {
                    let mut a = af.borrow_mut();
                    a.status = AsyncStatus::Panicked;
                    a.running = false;
                }
                if !halted {
                    self.record_state(af, &frame.locals, None);
                    pollscope_executor::future_exit(FutureId(af.borrow().id), PollResult::Panicked, None);
                }
            }
            if !halted && let Some(poll) = &frame.poll {
                pollscope_executor::future_exit(poll.id, PollResult::Panicked, None);
            }
            drop(frame.stack);
            if !halted {
                let values: Vec<Value> = std::mem::take(&mut *frame.locals.borrow_mut());
                for v in values.into_iter().rev() {
                    drop(v);
                }
                self.drop_block_captures(frame.fn_id, &frame.captures);
            }
        }
    }

    /// An `async` block that returns or panics drops what it captured by value then, after
    /// its locals, in the order of the captures (first mention in the body), as rustc's
    /// generated future does; not when the future itself is dropped later.
    fn drop_block_captures(&self, fn_id: FnId, captures: &Option<Heap>) {
        if self.rt.program.fns[fn_id as usize].kind != FnKind::AsyncBlock {
            return;
        }
        let Some(caps) = captures else { return };
        let taken = match caps.try_borrow_mut() {
            Ok(mut tuple) => match &mut *tuple {
                Value::Tuple(items) => items.iter_mut().map(|v| std::mem::replace(v, Value::Uninit)).collect(),
                _ => Vec::new(),
            },
            Err(_) => Vec::new(),
        };
        for v in taken {
            drop(v);
        }
    }

    fn run_inner(&mut self, base: usize) -> VmResult<Option<Value>> {
        let program = self.rt.program.clone();
        loop {
            let depth = self.frames.len();
            if depth <= base {
                return Err(self.error("internal: frame stack underflow"));
            }
            let frame = self.frames.last_mut().expect("a frame runs");
            // An async call made its future without running: hand it to the caller.
            if frame.pc == usize::MAX {
                let mut frame = self.frames.pop().expect("the frame");
                let fut = frame.stack.pop().expect("the future");
                if self.frames.len() == base {
                    return Ok(Some(fut));
                }
                self.push(fut);
                continue;
            }
            let f = &program.fns[frame.fn_id as usize];
            let Some(instr) = f.code.get(frame.pc) else {
                return Err(self.error("internal: ran past the end of a function"));
            };
            if causes_events(instr)
                && let Some(span) = f.spans.get(frame.pc)
            {
                pollscope_executor::set_location(Some((span.start.line, span.start.col)));
            }
            frame.pc += 1;
            if self.fuel == 0 {
                return Err(self.limit(LimitKind::Fuel, self.rt.limits.poll_fuel));
            }
            self.fuel -= 1;
            let left = self.rt.fuel.get();
            if left == 0 {
                return Err(self.limit(LimitKind::Fuel, self.rt.limits.run_fuel));
            }
            self.rt.fuel.set(left - 1);
            // What no `alloc` call counts (frames, boxed futures, closures, structs) is caught
            // by looking at the live bytes now and then.
            if left.is_multiple_of(1024) {
                self.alloc(0)?;
            }
            let flow = self.step_hot(instr, base)?;
            // Taken before the deferred drops: a program's `drop` runs as a nested run of this
            // VM, whose own finish would overwrite it.
            let finished = match flow {
                Flow::Finished => Some(self.finished.take()),
                _ => None,
            };
            // Values of types with `impl Drop` that this instruction dropped.
            if self.rt.deferred.get() {
                self.run_deferred()?;
            }
            match flow {
                Flow::Next => {}
                Flow::Finished => return Ok(finished.flatten()),
                Flow::Suspended => return Ok(Some(self.poll_value(None))),
            }
        }
    }

    #[inline]
    pub(crate) fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("a frame runs")
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Value) {
        self.frame().stack.push(v);
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> VmResult<Value> {
        match self.frame().stack.pop() {
            Some(v) => Ok(v),
            None => Err(self.error("internal: operand stack underflow")),
        }
    }

    pub(crate) fn pop_n(&mut self, n: usize) -> VmResult<Vec<Value>> {
        let stack = &mut self.frame().stack;
        if stack.len() < n {
            return Err(self.error("internal: operand stack underflow"));
        }
        let at = stack.len() - n;
        Ok(stack.split_off(at))
    }

    /// Pops a place (a reference value pushed by a place instruction).
    pub(crate) fn pop_place(&mut self) -> VmResult<Place> {
        match self.pop()? {
            Value::Ref(p) => Ok(p),
            other => {
                // A value where a place is needed: give it a home of its own.
                Ok(Place::heap(&heap(other)))
            }
        }
    }

    /// Reads the value at a place, copying it if it is `Copy` and moving it out otherwise.
    pub(crate) fn load(&mut self, place: &Place) -> VmResult<Value> {
        match place.with(copy_or_move) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.error(e)),
            Err(e) => Err(self.error(e)),
        }
    }

    /// Runs `f` on the value at `place`, reporting a bad place as an interpreter error.
    pub(crate) fn with<R>(&self, place: &Place, f: impl FnOnce(&mut Value) -> R) -> VmResult<R> {
        place.with(f).map_err(|e| self.error(e))
    }

    /// Follows one pointer: the place a reference, `Box`, `Rc`, `Pin` or guard at `place` points to.
    pub(crate) fn deref(&self, place: &Place) -> VmResult<Place> {
        let next = self.with(place, |v| match v {
            Value::Ref(p) => Some(p.clone()),
            Value::Box(cell) | Value::Rc(cell, _) => Some(Place::heap(cell)),
            Value::Guard(g) => Some(g.place.clone()),
            _ => None,
        })?;
        match next {
            Some(p) => Ok(p),
            None => {
                let kind = self.with(place, |v| v.kind())?;
                if kind == "a null pointer" {
                    return Err(self.error(
                        "dereference of a null pointer: this is undefined behavior in Rust (the program would \
                         read memory that is not there); check `is_null()` first",
                    ));
                }
                Err(self.error(format!("type `{kind}` cannot be dereferenced")))
            }
        }
    }

    /// Follows pointers from `place` until `accept` says the value there will do.
    pub(crate) fn autoderef(&self, mut place: Place, accept: impl Fn(&Value) -> bool) -> VmResult<Place> {
        for _ in 0..16 {
            // One look at the value: it will do, or it points on (as `deref` follows it), or
            // it is neither and the caller reports what it is.
            let next = self.with(&place, |v| match v {
                _ if accept(v) => None,
                Value::Ref(p) => Some(p.clone()),
                Value::Box(cell) | Value::Rc(cell, _) => Some(Place::heap(cell)),
                Value::Guard(g) => Some(g.place.clone()),
                _ => None,
            })?;
            match next {
                Some(next) => place = next,
                None => return Ok(place),
            }
        }
        Ok(place)
    }

    /// Starts polling the future at `place` (`.await`, or a `poll` method call).
    pub(crate) fn begin_poll(&mut self, place: Place) -> VmResult<Begun> {
        let details = pollscope_executor::details_wanted();
        // The commonest polls, with no detail events to record: an `async` body or a
        // hand-written future right at the place (a task's future, `Spin { .. }.await`). Each
        // is polled as the general path below polls it, after one look instead of three.
        if !details {
            match self.future_at(&place) {
                Some(Ready::Async(af)) => {
                    self.resume_async(af)?;
                    return Ok(Begun::Pushed);
                }
                Some(Ready::User(id)) => {
                    self.push_call(id, [Value::Ref(place), Value::Context(self.generation)], None)?;
                    return Ok(Begun::Pushed);
                }
                None => {}
            }
        }
        let place = self.autoderef(place, |v| {
            matches!(v, Value::Future(_) | Value::Struct(..) | Value::Enum(..))
                || matches!(v, Value::Host(h) if matches!(**h, tokio::HostObj::Fuse(_)))
        })?;
        enum What {
            Async(Rc<RefCell<AsyncFrame>>),
            Host,
            Fuse(tokio::SharedFuse),
            PollFn(Value),
            User(FnId, String),
            Bad(String),
        }
        let program = self.rt.program.clone();
        // A hand-written future's name is only shown in detail events: not copied otherwise.
        let name = |name: &String| if details { name.clone() } else { String::new() };
        let what = self.with(&place, |v| match &*v {
            Value::Future(Fut::Async(af)) => What::Async(af.clone()),
            Value::Future(Fut::Host(..)) => What::Host,
            Value::Host(h) => match &**h {
                tokio::HostObj::Fuse(f) => What::Fuse(f.clone()),
                other => What::Bad(format!("{} is not a future", other.type_name())),
            },
            Value::Future(Fut::PollFn(f)) => match &**f {
                Value::Closure(c) => What::PollFn(Value::Closure(c.clone())),
                Value::Fn(id) => What::PollFn(Value::Fn(*id)),
                other => What::Bad(format!("`poll_fn` needs a closure, not {}", other.kind())),
            },
            Value::Struct(def, _) => match program.poll_of(v) {
                Some(id) => What::User(id, name(&def.name)),
                None => What::Bad(format!("`{}` is not a future", def.name)),
            },
            Value::Enum(def, _, _) => match program.poll_of(v) {
                Some(id) => What::User(id, name(&def.name)),
                None => What::Bad(format!("`{}` is not a future", def.name)),
            },
            other => What::Bad(format!("{} is not a future", other.kind())),
        })?;
        match what {
            What::Async(af) => {
                if details {
                    let name = program.fns[af.borrow().fn_id as usize].task_name.clone();
                    if af.borrow().id == 0 {
                        // Made outside any poll (a task's `main`): it gets its id now.
                        let def = program.fns[af.borrow().fn_id as usize].span.start.line;
                        let id = pollscope_executor::future_new(&name, FutureKind::AsyncBody, Some(def));
                        af.borrow_mut().id = id.0;
                    }
                    if af.borrow().lives.is_empty() {
                        let lives = self.describe(&place);
                        af.borrow_mut().lives = lives;
                    }
                    let addr = self.addr_of(&place);
                    // Its saved locals live inside it: futures kept there get addresses inside.
                    let locals = Root::Local(af.borrow().locals.clone(), 0);
                    self.rt.addrs.borrow_mut().set(&locals, addr);
                    pollscope_executor::future_enter(FutureId(af.borrow().id), &name, Some(addr));
                }
                self.resume_async(af)?;
                Ok(Begun::Pushed)
            }
            What::User(id, name) => {
                let future = if details { self.user_future_id(&place, &name) } else { FutureId(0) };
                self.push_call(id, [Value::Ref(place.clone()), Value::Context(self.generation)], None)?;
                if future.0 != 0 {
                    self.frame().poll = Some(Box::new(PollOf { id: future, place }));
                }
                Ok(Begun::Pushed)
            }
            What::Host => Ok(Begun::Done(self.poll_host(&place)?)),
            What::Fuse(f) => Ok(Begun::Done(self.poll_rust(|cx| std::pin::Pin::new(&mut *f.borrow_mut()).poll(cx))?)),
            // The closure's call returns the `Poll` (it is the poll).
            What::PollFn(f) => {
                let (id, captures) = self.callee(f)?;
                self.start_call(id, vec![Value::Context(self.generation)], captures)?;
                Ok(Begun::Pushed)
            }
            What::Bad(message) => Err(self.error(message)),
        }
    }

    /// The `async` body, or the `poll` of the hand-written future (a struct or enum of the
    /// program), at `place` itself, not behind a pointer.
    fn future_at(&self, place: &Place) -> Option<Ready> {
        let program = &self.rt.program;
        let found = place.read(|v| match v {
            Value::Future(Fut::Async(af)) => Some(Ready::Async(af.clone())),
            v => program.poll_of(v).map(Ready::User),
        });
        found.ok().flatten()
    }

    /// The id of the hand-written future at `place` (given at its first poll there), and its
    /// `enter` detail event.
    fn user_future_id(&self, place: &Place, name: &str) -> FutureId {
        let key = user_key(place);
        let known = self.rt.user_futures.borrow().get(&key).copied();
        let id = match known {
            Some((id, false)) => id,
            // Polled again where a finished future was: a new value took its place (the old
            // one was dropped by being overwritten), or it is polled after `Ready` (a bug the
            // learner sees as a new future) - either way, a future of its own from here on.
            found => {
                if let Some((old, true)) = found {
                    pollscope_executor::future_drop(old);
                }
                let def = self.rt.program.futures.get(name).map(|&f| self.rt.program.fns[f as usize].span.start.line);
                let id = pollscope_executor::future_new(name, FutureKind::HandWritten, def);
                self.rt.user_futures.borrow_mut().insert(key, (id, false));
                id
            }
        };
        pollscope_executor::future_enter(id, name, Some(self.addr_of(place)));
        id
    }

    /// The hand-written future at `place` returned `Ready`: a later poll there is another
    /// future's.
    fn finish_user_future(&self, place: &Place) {
        if let Some(entry) = self.rt.user_futures.borrow_mut().get_mut(&user_key(place)) {
            entry.1 = true;
        }
    }

    /// The `.await` of the hand-written future at `place` drops it: forget its id.
    fn drop_user_future(&self, place: &Place) {
        if self.rt.user_futures.borrow().is_empty() {
            return;
        }
        let removed = self.rt.user_futures.borrow_mut().remove(&user_key(place));
        if let Some((id, _)) = removed {
            pollscope_executor::future_drop(id);
        }
    }

    /// Polls a Rust future stored at `place`. It is taken out during the poll, so that the
    /// futures it polls in turn may use the frame that holds it.
    fn poll_host(&mut self, place: &Place) -> VmResult<Value> {
        let taken = self.with(place, |v| std::mem::replace(v, Value::Uninit))?;
        let Value::Future(Fut::Host(mut fut, kind)) = taken else {
            return Err(self.error("internal: not a host future"));
        };
        let cx = &mut *self.cx;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fut.as_mut().poll(cx)));
        let _ = place.with(|v| *v = Value::Future(Fut::Host(fut, kind)));
        self.polled(result)
    }

    /// Polls a Rust future of the program's (`poll` given this poll's `Context`).
    fn poll_rust(&mut self, poll: impl FnOnce(&mut Context<'_>) -> Poll<Value>) -> VmResult<Value> {
        let cx = &mut *self.cx;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| poll(cx)));
        self.polled(result)
    }

    /// The `Poll` value of a Rust future's poll, or how the program stops.
    fn polled(&self, result: std::thread::Result<Poll<Value>>) -> VmResult<Value> {
        if pollscope_executor::is_halted() {
            return Err(Unwind::Halt);
        }
        // A panic raised without unwinding by the Rust future (or by interpreted code it
        // polled): unwind the interpreted frames here, as Rust's unwinding would.
        if let Some(message) = pollscope_executor::take_panic() {
            return Err(Unwind::Panic(Box::new(message)));
        }
        match result {
            Ok(Poll::Ready(v)) => Ok(self.poll_value(Some(v))),
            Ok(Poll::Pending) => Ok(self.poll_value(None)),
            Err(payload) => Err(unwind_from(payload)),
        }
    }

    /// A `Poll` value: `Ready(v)` or `Pending`.
    pub(crate) fn poll_value(&self, ready: Option<Value>) -> Value {
        let def = self.rt.program.enums[POLL as usize].clone();
        match ready {
            Some(v) => Value::Enum(def, variant::READY, vec![v].into()),
            None => Value::Enum(def, variant::PENDING, vec![].into()),
        }
    }

    /// Pushes an async body's frame to run until it returns or suspends.
    fn resume_async(&mut self, af: Rc<RefCell<AsyncFrame>>) -> VmResult<()> {
        let (fn_id, locals, stack, pc, captures) = {
            let mut a = af.borrow_mut();
            match a.status {
                AsyncStatus::Returned => return Err(self.panic("`async fn` resumed after completion")),
                AsyncStatus::Panicked => return Err(self.panic("`async fn` resumed after panicking")),
                _ => {}
            }
            if a.running {
                return Err(self.error("an async block polled itself"));
            }
            a.running = true;
            (a.fn_id, a.locals.clone(), std::mem::take(&mut a.stack), a.pc, a.captures.clone())
        };
        if self.frames.len() + self.rt.nesting.get() as usize * 8 >= self.rt.limits.max_depth {
            af.borrow_mut().running = false;
            return Err(self.limit(LimitKind::Depth, self.rt.limits.max_depth as u64));
        }
        self.frames.push(Frame {
            fn_id,
            pc: pc as usize,
            locals,
            stack,
            captures,
            mode: Mode::Resume(af),
            poll: None,
            poll_span: None,
        });
        Ok(())
    }

    /// The frame on top returns `value`.
    fn finish_frame(&mut self, value: Value, base: usize) -> VmResult<Flow> {
        let at = if pollscope_executor::details_wanted() { self.return_span() } else { None };
        let frame = self.frames.pop().expect("a frame returns");
        // Whatever the compiled drops left (temporaries of an early `return`) goes now, last
        // first, each dropped outside the borrow of the locals.
        loop {
            let last = frame.locals.borrow_mut().pop();
            match last {
                Some(v) => drop(v),
                None => break,
            }
        }
        self.drop_block_captures(frame.fn_id, &frame.captures);
        let result = match &frame.mode {
            Mode::Call => {
                if let Some(poll) = &frame.poll {
                    let result = match &value {
                        Value::Enum(def, variant::READY, fields) if def.id == POLL => {
                            PollResult::Ready(debug_text(fields.first().unwrap_or(&Value::Unit)).into())
                        }
                        _ => PollResult::Pending,
                    };
                    let mut held = Vec::new();
                    let _ = poll.place.read(|v| held_wakers(v, "self", &mut held));
                    pollscope_executor::wakers_held(poll.id, held);
                    if matches!(result, PollResult::Ready(_)) {
                        self.finish_user_future(&poll.place);
                    }
                    pollscope_executor::future_exit(poll.id, result, at);
                }
                value
            }
            Mode::Resume(af) => {
                let mut a = af.borrow_mut();
                a.status = AsyncStatus::Returned;
                a.running = false;
                a.stack.clear();
                let id = FutureId(a.id);
                drop(a);
                self.record_state(af, &frame.locals, None);
                pollscope_executor::future_exit(id, PollResult::Ready(debug_text(&value).into()), at);
                self.poll_value(Some(value))
            }
        };
        self.recycle(frame);
        if self.frames.len() == base {
            self.finished = Some(result);
            return Ok(Flow::Finished);
        }
        self.push(result);
        Ok(Flow::Next)
    }

    /// Keeps a returned frame's (empty) locals and stack for the next call, unless something
    /// still holds the locals (a reference into them, an async body's saved state, or the Pin
    /// lab's address table, whose weak pointer keeps addresses from being reused).
    fn recycle(&self, frame: Frame) {
        let Frame { locals, mut stack, .. } = frame;
        if Rc::strong_count(&locals) != 1 || Rc::weak_count(&locals) != 0 || !locals.borrow().is_empty() {
            return;
        }
        stack.clear();
        let mut pool = self.rt.frame_pool.borrow_mut();
        if pool.len() < FRAME_POOL {
            pool.push((locals, stack));
        }
    }

    /// The async frame on top is pending at await point `index`: save it and report `Pending`.
    fn suspend_frame(&mut self, index: u32, resume_pc: usize, base: usize) -> VmResult<Flow> {
        let frame = self.frames.pop().expect("a frame suspends");
        let Mode::Resume(af) = &frame.mode else {
            return Err(self.error("internal: only async frames suspend"));
        };
        {
            let mut a = af.borrow_mut();
            a.status = AsyncStatus::Suspended(index);
            a.pc = resume_pc as u32;
            a.stack = frame.stack;
            a.running = false;
        }
        self.record_state(af, &frame.locals, Some(index));
        let f = &self.rt.program.fns[frame.fn_id as usize];
        if let Some(point) = f.awaits.get(index as usize)
            && pollscope_executor::details_wanted()
        {
            // The wakers it keeps in its own locals across the `.await`.
            let mut held = Vec::new();
            if let Ok(values) = frame.locals.try_borrow() {
                for (name, slot) in &point.locals {
                    if let Some(v) = values.get(*slot as usize) {
                        held_wakers(v, name, &mut held);
                    }
                }
            }
            pollscope_executor::wakers_held(FutureId(af.borrow().id), held);
            let span = point.span;
            let at = Some((span.start.line, span.start.col, span.end.line, span.end.col));
            pollscope_executor::future_exit(FutureId(af.borrow().id), PollResult::Pending, at);
        }
        if self.frames.len() == base {
            return Ok(Flow::Suspended);
        }
        let pending = self.poll_value(None);
        self.push(pending);
        Ok(Flow::Next)
    }

    /// Records the state machine of an async body after a poll (a detail event for the UI).
    fn record_state(&self, af: &Rc<RefCell<AsyncFrame>>, locals: &Locals, suspended_at: Option<u32>) {
        if !pollscope_executor::details_wanted() {
            return;
        }
        let a = af.borrow();
        let f = &self.rt.program.fns[a.fn_id as usize];
        let state = match (&a.status, suspended_at) {
            (_, Some(i)) => format!("Suspend{i}"),
            (AsyncStatus::Returned, None) => "Returned".to_string(),
            (AsyncStatus::Panicked, None) => "Panicked".to_string(),
            _ => "Unresumed".to_string(),
        };
        let point = suspended_at.and_then(|i| f.awaits.get(i as usize));
        let values = locals.try_borrow().ok();
        let mut saved = Vec::new();
        let mut self_refs = Vec::new();
        let mut local_addrs = Vec::new();
        let mut self_ref_addrs = Vec::new();
        // The body's address (given at its first poll); its locals live inside it.
        let base = self.rt.addrs.borrow().bases.get(&Rc::as_ptr(locals).cast::<()>().addr()).copied();
        let local_addr = |slot: u32| base.map_or(0, |b| b + 0x10 + u64::from(slot) * 0x20);
        if let (Some(point), Some(values)) = (point, values.as_ref()) {
            for (name, slot) in &point.locals {
                let Some(v) = values.get(*slot as usize) else { continue };
                if matches!(v, Value::Uninit) {
                    continue;
                }
                saved.push((name.clone(), debug_text(v)));
                local_addrs.push(local_addr(*slot));
                if let Value::Ref(p) = v
                    && let Root::Local(root, target) = &p.root
                    && Rc::ptr_eq(root, locals)
                {
                    let target_name = f.local_names.get(*target as usize).cloned().unwrap_or_default();
                    self_refs.push(format!("{name} -> {target_name}"));
                    self_ref_addrs.push((local_addr(*slot), self.addr_of(p)));
                }
            }
        }
        let await_at = point.map(|p| (p.span.start.line, p.span.start.col, p.span.end.line, p.span.end.col));
        pollscope_executor::record_detail(pollscope_executor::FutureState {
            task: None,
            future: a.id,
            name: f.task_name.clone(),
            state,
            awaits: f.awaits.len() as u32,
            await_at,
            locals: saved,
            lives: a.lives.clone(),
            self_refs,
            addr: base,
            local_addrs,
            self_ref_addrs,
        });
    }

    /// Where a place is, in words, for the UI ("`<awaitee>` in main").
    fn describe(&self, place: &Place) -> String {
        match &place.root {
            Root::Local(locals, slot) => {
                let owner = self.frames.iter().rev().find(|f| Rc::ptr_eq(&f.locals, locals));
                match owner {
                    Some(frame) => {
                        let f = &self.rt.program.fns[frame.fn_id as usize];
                        let local = f.local_names.get(*slot as usize).map(String::as_str).unwrap_or("?");
                        let local = match local {
                            "<awaitee>" => "the future being awaited",
                            "<pinned>" => "the `pin!` slot",
                            other => other,
                        };
                        format!("{local} in the frame of {}", f.task_name)
                    }
                    None => "a local of a finished call".to_string(),
                }
            }
            // Polled from Rust code: by its task, or boxed inside a runtime future (`join`).
            Root::Heap(_) if self.frames.is_empty() => match pollscope_executor::polling().1 {
                None => "its task (a heap cell owned by the executor)".to_string(),
                Some(parent) => format!("a heap cell owned by the runtime future {parent} that polls it"),
            },
            Root::Heap(_) => "a heap cell (Box)".to_string(),
        }
    }

    /// The place of capture `i` of the running closure or async block.
    fn capture_place(&mut self, i: u32, by_ref: bool) -> VmResult<Place> {
        let Some(caps) = self.frame().captures.clone() else {
            return Err(self.error("internal: no captures"));
        };
        let place = Place::heap(&caps).project(Proj::Field(i));
        if by_ref { self.deref(&place) } else { Ok(place) }
    }

    /// The commonest instructions (constants, locals, jumps, integer arithmetic), each in a few
    /// lines, before [`step`](Vm::step): its frame on the host stack is large (it handles
    /// every instruction), and entering it for an `Int` or a `Jump` cost more than the work.
    #[inline]
    fn step_hot(&mut self, instr: &Instr, base: usize) -> VmResult<Flow> {
        match instr {
            Instr::Unit => self.push(Value::Unit),
            Instr::UnitPop => {
                if self.fuel_for_fused(1) {
                    // Where the `Pop` would have told the executor it runs (it may drop).
                    self.enter_fused_next();
                } else {
                    self.push(Value::Unit);
                }
            }
            Instr::Bool(b) => self.push(Value::Bool(*b)),
            Instr::Local(slot) => self.push_local_place(*slot),
            Instr::StoreLocal(slot) => {
                let v = self.pop()?;
                // Dropped after the borrow: a `Drop` of the program may read the locals.
                let old = std::mem::replace(&mut self.frame().locals.borrow_mut()[*slot as usize], v);
                drop(old);
            }
            Instr::DropLocal(slot) => {
                let old = std::mem::replace(&mut self.frame().locals.borrow_mut()[*slot as usize], Value::Uninit);
                drop(old);
            }
            Instr::Pop => {
                let v = self.pop()?;
                drop(v);
            }
            Instr::Int(v, t) => self.push(Value::Int(*v, *t)),
            Instr::LoadLocal(slot) => self.push_local_value(*slot)?,
            &Instr::LocalIntBinary { slot, place, k, ty, op } => {
                let local = match &self.frame().locals.borrow()[slot as usize] {
                    Value::Int(a, at) => Some((*a, *at)),
                    _ => None,
                };
                if let Some((a, at)) = local
                    && self.fuel_for_fused(2)
                {
                    // Past the `Binary`, as when it runs alone: its errors point at its span.
                    self.frame().pc += 2;
                    let v = ops::int_binary(self, op, a, at, k, ty)?;
                    self.push(v);
                } else if place {
                    self.push_local_place(slot);
                } else {
                    self.push_local_value(slot)?;
                }
            }
            &Instr::IntBinary { k, ty, op } => {
                let lhs = self.frame().stack.last().and_then(int_operand);
                if let Some((a, at)) = lhs
                    && self.fuel_for_fused(1)
                {
                    self.frame().stack.pop();
                    // Past the `Binary`, as when it runs alone: its errors point at its span.
                    self.frame().pc += 1;
                    let v = ops::int_binary(self, op, a, at, k, ty)?;
                    self.push(v);
                } else {
                    self.push(Value::Int(k, ty));
                }
            }
            Instr::LocalField(slot, name) => match self.local_field_place(*slot, name) {
                Some(place) if self.fuel_for_fused(1) => {
                    self.frame().pc += 1;
                    self.push(Value::Ref(place));
                }
                _ => self.push_local_place(*slot),
            },
            Instr::Jump(t) => self.frame().pc = *t as usize,
            Instr::JumpIfFalse(t) => {
                if !self.pop_bool()? {
                    self.frame().pc = *t as usize;
                }
            }
            Instr::JumpIfTrue(t) => {
                if self.pop_bool()? {
                    self.frame().pc = *t as usize;
                }
            }
            Instr::Binary(op) => {
                // Two integers, the commonest operands (or places of them: a comparison takes
                // its operands by reference): straight to the integer arithmetic, which is
                // where `ops::binary` ends up for them after its other cases.
                let stack = &self.frame().stack;
                let n = stack.len();
                if n >= 2
                    && let (Some((a, at)), Some((b, bt))) = (int_operand(&stack[n - 2]), int_operand(&stack[n - 1]))
                {
                    self.frame().stack.truncate(n - 2);
                    let v = ops::int_binary(self, *op, a, at, b, bt)?;
                    self.push(v);
                } else {
                    return self.step(instr, base);
                }
            }
            _ => return self.step(instr, base),
        }
        Ok(Flow::Next)
    }

    /// Whether the `extra` instructions after a superinstruction's first would pass the fuel's
    /// checks as `run_inner` makes them before each (no limit reached, no look at the live
    /// bytes due); if so, they are charged as they would be.
    #[inline]
    fn fuel_for_fused(&mut self, extra: u64) -> bool {
        let left = self.rt.fuel.get();
        let passes = self.fuel >= extra && left >= extra && (0..extra).all(|i| !(left - i).is_multiple_of(1024));
        if passes {
            self.fuel -= extra;
            self.rt.fuel.set(left - extra);
        }
        passes
    }

    /// Steps past the instruction after a superinstruction's first, which runs fused with it,
    /// telling the executor where it runs as `run_inner` does for one that may cause events.
    fn enter_fused_next(&mut self) {
        let frame = self.frames.last_mut().expect("a frame runs");
        if let Some(span) = self.rt.program.fns[frame.fn_id as usize].spans.get(frame.pc) {
            pollscope_executor::set_location(Some((span.start.line, span.start.col)));
        }
        frame.pc += 1;
    }

    /// `Instr::LocalField`'s fast path: the place of field `name` of the struct in local `slot`,
    /// or of the struct a reference there points to (`self` in a `poll`), as `Local` then
    /// `Field` would find it. `None` for anything else, which goes the general way.
    #[inline]
    fn local_field_place(&self, slot: u32, name: &str) -> Option<Place> {
        let index = |def: &StructDef| field_index(def, name).map(Proj::Field);
        let locals = &self.frames.last()?.locals;
        let values = locals.try_borrow().ok()?;
        match values.get(slot as usize)? {
            Value::Struct(def, _) => {
                Some(Place { root: Root::Local(locals.clone(), slot), path: smallvec::smallvec![index(def)?] })
            }
            Value::Ref(p) => {
                let proj = p.read(|v| if let Value::Struct(def, _) = v { index(def) } else { None }).ok()??;
                Some(p.project(proj))
            }
            _ => None,
        }
    }

    /// `Instr::Local`: pushes the place of a local.
    #[inline]
    fn push_local_place(&mut self, slot: u32) {
        let place = Place::local(&self.frame().locals, slot);
        self.push(Value::Ref(place));
    }

    /// `Instr::LoadLocal`: pushes a local's value.
    #[inline]
    fn push_local_value(&mut self, slot: u32) -> VmResult<()> {
        match load_local(&self.frame().locals, slot) {
            Ok(v) => {
                self.push(v);
                Ok(())
            }
            Err(e) => Err(self.error(e)),
        }
    }

    fn step(&mut self, instr: &Instr, base: usize) -> VmResult<Flow> {
        match instr {
            Instr::Int(..)
            | Instr::Unit
            | Instr::Bool(_)
            | Instr::Local(_)
            | Instr::StoreLocal(_)
            | Instr::DropLocal(_)
            | Instr::Pop
            | Instr::LoadLocal(_)
            | Instr::LocalIntBinary { .. }
            | Instr::LocalField(..)
            | Instr::UnitPop
            | Instr::IntBinary { .. }
            | Instr::Jump(_)
            | Instr::JumpIfFalse(_)
            | Instr::JumpIfTrue(_) => {
                unreachable!("`step_hot` runs {instr:?}")
            }
            Instr::Char(c) => self.push(Value::Char(*c)),
            Instr::Str(s) => self.push(Value::Str(s.clone())),
            Instr::Capture(i, by_ref) => {
                let place = self.capture_place(*i, *by_ref)?;
                self.push(Value::Ref(place));
            }
            Instr::Deref => {
                let place = self.pop_place()?;
                let target = self.deref(&place)?;
                self.push(Value::Ref(target));
            }
            Instr::Field(name) => {
                let place = self.pop_place()?;
                let target = self.field_place(place, name)?;
                self.push(Value::Ref(target));
            }
            Instr::TupleField(i) => {
                let place = self.pop_place()?;
                let place = self.autoderef(place, |v| matches!(v, Value::Tuple(_) | Value::Struct(..)))?;
                self.push(Value::Ref(place.project(Proj::Field(*i))));
            }
            Instr::Index => {
                let index = self.pop()?;
                let place = self.pop_place()?;
                let target = self.index_place(place, index)?;
                self.push(Value::Ref(target));
            }
            Instr::Load => {
                let place = self.pop_place()?;
                let v = self.load(&place)?;
                self.push(v);
            }
            Instr::Store => {
                let place = self.pop_place()?;
                let v = self.pop()?;
                let old = self.with(&place, |slot| {
                    let v = ops::adopt(v, slot);
                    std::mem::replace(slot, v)
                })?;
                drop(old);
            }
            Instr::CompoundAssign(op) => {
                let place = self.pop_place()?;
                let rhs = self.pop()?;
                let place =
                    self.autoderef(place, |v| matches!(v, Value::Int(..) | Value::Bool(_) | Value::String(_)))?;
                // An integer into an integer (`self.left -= 1`): computed where it lies, as
                // `ops::binary` would compute it.
                if let Some((b, bt)) = int_operand(&rhs) {
                    let done = self.with(&place, |v| match v {
                        Value::Int(a, at) => Some(ops::int_binary(self, *op, *a, *at, b, bt).map(|r| *v = r)),
                        _ => None,
                    })?;
                    if let Some(result) = done {
                        result?;
                        return Ok(Flow::Next);
                    }
                }
                let lhs = self.with(&place, |v| match v {
                    Value::String(s) => Value::String(std::mem::take(s)),
                    other => other.try_copy().unwrap_or(Value::Uninit),
                })?;
                let result = ops::binary(self, *op, lhs, rhs)?;
                self.with(&place, |v| *v = result)?;
            }
            Instr::Dup => {
                let v = self.pop()?;
                let copy = match v.try_copy() {
                    Some(c) => c,
                    None => return Err(self.error("internal: cannot duplicate this value")),
                };
                self.push(v);
                self.push(copy);
            }
            Instr::Swap => {
                let a = self.pop()?;
                let b = self.pop()?;
                self.push(a);
                self.push(b);
            }
            Instr::Binary(op) => {
                let rhs = self.pop()?;
                let lhs = self.pop()?;
                if matches!(op, BinOp::Eq | BinOp::Ne)
                    && self.rt.program.user_eq
                    && matches!(lhs, Value::Ref(_) | Value::Struct(..) | Value::Enum(..))
                    && traits::user_method(self, &lhs, "eq")?.is_some()
                {
                    let eq = traits::user_eq(self, lhs, rhs)?.unwrap_or(false);
                    self.push(Value::Bool(eq == (*op == BinOp::Eq)));
                } else {
                    let v = ops::binary(self, *op, lhs, rhs)?;
                    self.push(v);
                }
            }
            Instr::Unary(op) => {
                let v = self.pop()?;
                let v = ops::unary(self, *op, v)?;
                self.push(v);
            }
            Instr::Cast(ty) => {
                let v = self.pop()?;
                let v = ops::cast(self, v, *ty)?;
                self.push(v);
            }
            Instr::CastChar => {
                let v = self.pop()?;
                match ops::deref_value(self, v)? {
                    Value::Int(n, crate::ty::IntTy::U8) => self.push(Value::Char(n as u8 as char)),
                    other => return Err(self.error(format!("only `u8` can be cast as `char`, not {}", other.kind()))),
                }
            }
            Instr::Default(ty) => {
                let v = methods::default_of(self, ty)?;
                self.push(v);
            }
            Instr::MakeTuple(n) => {
                let items = self.pop_n(*n as usize)?;
                self.push(Value::Tuple(items));
            }
            Instr::MakeArray(n) => {
                let items = self.pop_n(*n as usize)?;
                self.alloc_values(items.len() as u64)?;
                self.push(Value::Array(items));
            }
            Instr::Repeat => {
                let n = self.pop()?;
                let v = self.pop()?;
                let Value::Int(n, _) = ops::deref_value(self, n)? else {
                    return Err(self.error("the length of an array must be an integer"));
                };
                self.alloc_values(u64::try_from(n).unwrap_or(u64::MAX))?;
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    items.push(ops::clone_value(self, &v)?);
                }
                self.push(Value::Array(items));
            }
            Instr::MakeStruct(id, order) => {
                let values = self.pop_n(order.len())?;
                let def = self.rt.program.structs[*id as usize].clone();
                let fields = arrange(values, order, def.fields.len());
                let hook = traits::DropHook::for_struct(self, &def);
                self.push(Value::Struct(def, Fields::new(fields, hook)));
            }
            Instr::MakeVariant(e, v, order) => {
                let values = self.pop_n(order.len())?;
                let def = self.rt.program.enums[*e as usize].clone();
                if def.id == POLL {
                    let span = self.span();
                    self.frame().poll_span = Some(span);
                }
                let n = def.variants[*v as usize].fields.len().max(order.len());
                let fields = arrange(values, order, n);
                let hook = traits::DropHook::for_enum(self, &def, *v);
                self.push(Value::Enum(def, *v, Fields::new(fields, hook)));
            }
            Instr::Call(fn_id, n) => self.call_from_stack(*fn_id, *n as usize)?,
            Instr::CallValue(n) => {
                let args = self.pop_n(*n as usize)?;
                let callee = self.pop()?;
                let (id, captures) = self.callee(callee)?;
                self.start_call(id, args, captures)?;
            }
            Instr::LocalCallMethod(slot, name) => {
                if self.fuel_for_fused(1) {
                    self.enter_fused_next();
                    let recv = Place::local(&self.frame().locals, *slot);
                    if let Some(v) = methods::call_method(self, recv, name, Vec::new())? {
                        self.push(v);
                    }
                } else {
                    self.push_local_place(*slot);
                }
            }
            Instr::CallMethod(name, n) => {
                let args = self.pop_n(*n as usize)?;
                let recv = self.pop_place()?;
                if let Some(v) = methods::call_method(self, recv, name, args)? {
                    self.push(v);
                }
            }
            Instr::CallBuiltin(builtin, n) => {
                let args = self.pop_n(*n as usize)?;
                if let Some(v) = methods::call_builtin(self, *builtin, args)? {
                    self.push(v);
                }
            }
            Instr::Prefix(prefix) => {
                let text = self.pop()?;
                let text = methods::text_of(self, &text)?;
                self.push(Value::String(format!("{prefix}{text}")));
            }
            Instr::Format(id, n) => {
                let args = self.pop_n(*n as usize)?;
                let spec = self.rt.program.formats[*id as usize].clone();
                let text = traits::format_with_impls(self, &spec, args)?;
                self.alloc(text.len() as u64)?;
                self.push(Value::String(text));
            }
            Instr::MakeClosure(fn_id, n) => {
                let caps = self.pop_n(*n as usize)?;
                let captures = heap(Value::Tuple(caps));
                let f = &self.rt.program.fns[*fn_id as usize];
                if f.kind == FnKind::AsyncBlock {
                    let fut = self.make_async(*fn_id, Vec::new(), Some(captures));
                    self.push(fut);
                } else {
                    self.push(Value::Closure(Rc::new(Closure { fn_id: *fn_id, captures })));
                }
            }
            Instr::FnValue(id) => self.push(Value::Fn(*id)),
            Instr::PollLocal(slot) => {
                let locals = self.frame().locals.clone();
                match self.begin_poll(Place::local(&locals, *slot))? {
                    Begun::Done(poll) => self.push(poll),
                    Begun::Pushed => {}
                }
            }
            Instr::AwaitResult(slot, index) => {
                let poll = self.pop()?;
                match poll {
                    Value::Enum(def, variant::READY, mut fields) if def.id == POLL => {
                        let v = fields.pop().unwrap_or(Value::Unit);
                        let locals = self.frame().locals.clone();
                        self.drop_user_future(&Place::local(&locals, *slot));
                        let fut = std::mem::replace(&mut locals.borrow_mut()[*slot as usize], Value::Uninit);
                        drop(fut);
                        self.push(v);
                    }
                    Value::Enum(def, variant::PENDING, _) if def.id == POLL => {
                        let resume = self.frame().pc - 2;
                        return self.suspend_frame(*index, resume, base);
                    }
                    other => return Err(self.error(format!("`poll` returned {}, not a `Poll`", other.kind()))),
                }
            }
            Instr::MakeRange(has_start, has_end, inclusive) => {
                let end = if *has_end { Some(self.pop()?) } else { None };
                let start = if *has_start { Some(self.pop()?) } else { None };
                let v = ops::make_range(self, start, end, *inclusive)?;
                self.push(v);
            }
            Instr::IntoIter => {
                let v = self.pop()?;
                let it = methods::into_iter(self, v)?;
                self.push(Value::Iter(Box::new(it)));
            }
            Instr::IterNext(slot) => {
                let locals = self.frame().locals.clone();
                let taken = std::mem::replace(&mut locals.borrow_mut()[*slot as usize], Value::Uninit);
                let Value::Iter(mut it) = taken else { return Err(self.error("internal: not an iterator")) };
                let next = methods::iter_next(self, &mut it);
                locals.borrow_mut()[*slot as usize] = Value::Iter(it);
                let next = next?;
                let def = self.rt.program.enums[OPTION as usize].clone();
                self.push(match next {
                    Some(v) => Value::Enum(def, variant::SOME, vec![v].into()),
                    None => Value::Enum(def, variant::NONE, vec![].into()),
                });
            }
            Instr::Test(id) => {
                let place = self.pop_place()?;
                let pat = &self.rt.program.patterns[*id as usize];
                let ok = pattern::test(self, pat, &place)?;
                self.push(Value::Bool(ok));
            }
            Instr::Bind(id) => {
                let place = self.pop_place()?;
                let program = self.rt.program.clone();
                pattern::bind(self, &program.patterns[*id as usize], &place, false, false)?;
            }
            Instr::BindRef(id) => {
                let place = self.pop_place()?;
                let program = self.rt.program.clone();
                pattern::bind(self, &program.patterns[*id as usize], &place, false, true)?;
            }
            Instr::Try => {
                let v = self.pop()?;
                let v = ops::deref_value(self, v)?;
                match v {
                    Value::Enum(def, variant, mut fields) if def.id == OPTION || def.id == RESULT => {
                        let ok = (def.id == OPTION && variant == variant::SOME)
                            || (def.id == RESULT && variant == variant::OK);
                        if ok {
                            self.push(fields.pop().unwrap_or(Value::Unit));
                            self.push(Value::Bool(true));
                        } else {
                            self.push(Value::Enum(def, variant, fields));
                            self.push(Value::Bool(false));
                        }
                    }
                    other => {
                        return Err(self.error(format!(
                            "the `?` operator can only be applied to `Option` or `Result`, not {}",
                            other.kind()
                        )));
                    }
                }
            }
            Instr::Return => {
                let v = self.pop()?;
                return self.finish_frame(v, base);
            }
            Instr::Panic => {
                let msg = self.pop()?;
                let text = match ops::deref_value(self, msg)? {
                    Value::String(s) => s,
                    Value::Str(s) => s.to_string(),
                    other => format!("{other:?}"),
                };
                return Err(Unwind::Panic(Box::new(text)));
            }
        }
        Ok(Flow::Next)
    }

    #[inline]
    pub(crate) fn pop_bool(&mut self) -> VmResult<bool> {
        let v = match self.pop()? {
            // A comparison's result, the commonest by far.
            Value::Bool(b) => return Ok(b),
            v => v,
        };
        match ops::deref_value(self, v)? {
            Value::Bool(b) => Ok(b),
            other => Err(self.error(format!("expected `bool`, found {}", other.kind()))),
        }
    }

    /// The place of field `name` of the struct at (or behind) `place`.
    fn field_place(&self, place: Place, name: &str) -> VmResult<Place> {
        let place = self.autoderef(place, |v| matches!(v, Value::Struct(..) | Value::Enum(..) | Value::Tuple(_)))?;
        let index = self.with(&place, |v| match v {
            Value::Struct(def, _) => field_index(def, name)
                .map(|i| i as usize)
                .ok_or_else(|| format!("no field `{name}` on type `{}`", def.name)),
            Value::Tuple(_) => name.parse::<usize>().map_err(|_| format!("no field `{name}` on a tuple")),
            other => Err(format!("no field `{name}` on {}", other.kind())),
        })?;
        match index {
            Ok(i) => Ok(place.project(Proj::Field(i as u32))),
            Err(message) => Err(self.error(message)),
        }
    }

    fn index_place(&self, place: Place, index: Value) -> VmResult<Place> {
        let index = match ops::deref_value(self, index)? {
            Value::Int(i, _) => i,
            Value::Range(r) => return self.slice_place(place, r.start, r.end, r.inclusive),
            other => return Err(self.error(format!("cannot index with {}", other.kind()))),
        };
        let place = self.autoderef(place, |v| matches!(v, Value::Vec(_) | Value::Array(_)))?;
        let len = self.with(&place, |v| match v {
            Value::Vec(items) | Value::Array(items) => Some(items.len()),
            _ => None,
        })?;
        let Some(len) = len else { return Err(self.error("this value cannot be indexed")) };
        if index < 0 || index as usize >= len {
            return Err(self.panic(format!("index out of bounds: the len is {len} but the index is {index}")));
        }
        Ok(place.project(Proj::at(index as usize)))
    }
}

impl Vm<'_, '_> {
    /// `&v[a..b]` and `&s[a..b]`, with std's panics. A slice of a `Vec` or array is a view: an
    /// array of references to the elements. A slice of a string is a `&str`.
    fn slice_place(&self, place: Place, start: Option<i128>, end: Option<i128>, inclusive: bool) -> VmResult<Place> {
        let place =
            self.autoderef(place, |v| matches!(v, Value::Vec(_) | Value::Array(_) | Value::Str(_) | Value::String(_)))?;
        let (len, text) = self
            .with(&place, |v| match v {
                Value::Vec(items) | Value::Array(items) => Some((items.len(), None)),
                Value::Str(s) => Some((s.len(), Some(s.to_string()))),
                Value::String(s) => Some((s.len(), Some(s.clone()))),
                _ => None,
            })?
            .ok_or_else(|| self.error("this value cannot be sliced"))?;
        let len = len as i128;
        let start = start.unwrap_or(0);
        // The end as written (reported when out of bounds) and as an exclusive bound.
        let (shown_end, end) = match end {
            Some(e) if inclusive => (e, e + 1),
            Some(e) => (e, e),
            None => (len, len),
        };
        let Some(text) = text else {
            if start > len {
                return Err(self.panic(format!("range start index {start} out of range for slice of length {len}")));
            }
            if end > len {
                return Err(self.panic(format!("range end index {shown_end} out of range for slice of length {len}")));
            }
            if start > end {
                return Err(self.panic(format!("slice index starts at {start} but ends at {end}")));
            }
            let view = (start..end).map(|i| Value::Ref(place.project(Proj::at(i as usize)))).collect();
            return Ok(Place::heap(&heap(Value::Array(view))));
        };
        if start > len {
            return Err(self.panic(format!("start byte index {start} is out of bounds of `{text}`")));
        }
        if end > len {
            return Err(self.panic(format!("end byte index {shown_end} is out of bounds of `{text}`")));
        }
        if start > end {
            return Err(self.panic(format!("begin > end ({start} > {end}) when slicing `{text}`")));
        }
        for (what, at) in [("start", start as usize), ("end", end as usize)] {
            if !text.is_char_boundary(at) {
                let (from, c) = text.char_indices().take_while(|(i, _)| *i < at).last().unwrap_or((0, ' '));
                return Err(self.panic(format!(
                    "{what} byte index {at} is not a char boundary; it is inside {c:?} (bytes {from}..{}) of `{text}`",
                    from + c.len_utf8()
                )));
            }
        }
        Ok(Place::heap(&heap(Value::Str(text[start as usize..end as usize].into()))))
    }
}

/// What `Local(slot)` then `Load` push ([`Instr::LoadLocal`]): the local's value, copied if it
/// is `Copy`, else moved out; the same errors as [`Vm::load`] of the local's place.
/// Where field `name` is among the struct's fields.
fn field_index(def: &StructDef, name: &str) -> Option<u32> {
    def.fields.iter().position(|(f, _)| f == name).map(|i| i as u32)
}

fn load_local(locals: &Locals, slot: u32) -> Result<Value, &'static str> {
    let mut locals = locals.try_borrow_mut().map_err(|_| "a local is in use")?;
    copy_or_move(locals.get_mut(slot as usize).ok_or(value::DANGLING)?)
}

/// Reading a value out of its place ([`Vm::load`], [`Instr::LoadLocal`]): a copy if it is
/// `Copy`, else the value itself, leaving the place moved-out.
fn copy_or_move(value: &mut Value) -> Result<Value, &'static str> {
    match value.try_copy() {
        Some(copy) => Ok(copy),
        None if matches!(value, Value::Uninit) => Err("use of a moved value"),
        None => Ok(std::mem::replace(value, Value::Uninit)),
    }
}

/// An integer operand of a binary operator: an integer, or a place holding one (`n < 2` pushes
/// the place of `n`). Anything else, or a place that cannot be read now, is `None`: the
/// general path handles it (and reports what is wrong).
fn int_operand(v: &Value) -> Option<(i128, crate::ty::IntTy)> {
    match v {
        Value::Int(a, t) => Some((*a, *t)),
        Value::Ref(place) => place
            .read(|v| match v {
                Value::Int(a, t) => Some((*a, *t)),
                _ => None,
            })
            .ok()
            .flatten(),
        _ => None,
    }
}

/// Whether an instruction can make the executor record an event (a call, a poll, a drop of a
/// waker or a timer), so the VM tells the executor which source line runs.
fn causes_events(instr: &Instr) -> bool {
    matches!(
        instr,
        Instr::CallMethod(..)
            | Instr::CallBuiltin(..)
            | Instr::PollLocal(_)
            | Instr::AwaitResult(..)
            | Instr::DropLocal(_)
            | Instr::Store
            | Instr::StoreLocal(_)
            | Instr::Pop
            | Instr::Return
            | Instr::Panic
    )
}

/// What an instruction left to do. Small on purpose: every instruction returns one, and a
/// `Value` inline here (then 64 bytes) made copying the result the costliest part of running a
/// `Jump`. (Boxed, it cost an allocation per entry, that is per poll of a task.)
pub(crate) enum Flow {
    Next,
    /// The frame at the base returned the value now in [`Vm::finished`].
    Finished,
    /// The frame at the base suspended: the entry ends with `Poll::Pending`.
    Suspended,
}

/// A not-yet-started future for an `async fn` call or an async block.
pub(crate) fn make_async_value(program: &Program, fn_id: FnId, args: Vec<Value>, captures: Option<Heap>) -> Value {
    let f = &program.fns[fn_id as usize];
    let id = pollscope_executor::future_new(&f.task_name, FutureKind::AsyncBody, Some(f.span.start.line)).0;
    let mut locals = args;
    locals.resize_with(f.locals as usize, || Value::Uninit);
    Value::Future(Fut::Async(Rc::new(RefCell::new(AsyncFrame {
        fn_id,
        status: AsyncStatus::Unresumed,
        locals: Rc::new(RefCell::new(locals)),
        stack: Vec::new(),
        pc: 0,
        captures,
        running: false,
        id,
        lives: String::new(),
    }))))
}

/// The place of a hand-written future: its root's pointer, local slot (or `u32::MAX` for a heap
/// cell) and path.
pub type UserKey = (usize, u32, value::Path);

/// The key of a hand-written future's place in `Runtime::user_futures`. Its root is listed in
/// `Addrs` (each is given an address at its first poll), so the pointer is not reused.
fn user_key(place: &Place) -> UserKey {
    let slot = match &place.root {
        Root::Local(_, slot) => *slot,
        Root::Heap(_) => u32::MAX,
    };
    (place.root.ptr(), slot, place.path.clone())
}

/// The wakers kept in `v` (reached through fields, elements, `Option`, `Box`, `Rc`, `RefCell`
/// and the like, not through references or other futures), each with the task it wakes and
/// where it is, as a path from `root`: `self.waker`, `shared.waker`. At most 256 values are
/// looked at; the path is written out only for a waker found (this runs after every poll).
fn held_wakers(v: &Value, root: &str, out: &mut Vec<(pollscope_executor::TaskId, String)>) {
    let mut path = vec![Seg::Name(root)];
    let mut budget = 256u32;
    walk_wakers(v, &mut path, out, &mut budget);
}

/// One step of a path to a kept waker.
enum Seg<'a> {
    Name(&'a str),
    Field(&'a str),
    TupleField(usize),
    Index(usize),
}

fn walk_wakers<'a>(
    v: &'a Value,
    path: &mut Vec<Seg<'a>>,
    out: &mut Vec<(pollscope_executor::TaskId, String)>,
    budget: &mut u32,
) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    match v {
        Value::Waker(w) => {
            if let Some(task) = pollscope_executor::waker_task(w) {
                let text = path
                    .iter()
                    .map(|seg| match seg {
                        Seg::Name(n) => n.to_string(),
                        Seg::Field(n) => format!(".{n}"),
                        Seg::TupleField(i) => format!(".{i}"),
                        Seg::Index(i) => format!("[{i}]"),
                    })
                    .collect();
                out.push((task, text));
            }
        }
        Value::Struct(def, fields) => {
            for ((name, _), field) in def.fields.iter().zip(fields) {
                path.push(Seg::Field(name));
                walk_wakers(field, path, out, budget);
                path.pop();
            }
        }
        Value::Enum(_, _, fields) => fields.iter().for_each(|f| walk_wakers(f, path, out, budget)),
        Value::Tuple(items) | Value::Array(items) | Value::Vec(items) => {
            let tuple = matches!(v, Value::Tuple(_));
            for (i, item) in items.iter().enumerate() {
                path.push(if tuple { Seg::TupleField(i) } else { Seg::Index(i) });
                walk_wakers(item, path, out, budget);
                path.pop();
            }
        }
        Value::Box(cell) | Value::Rc(cell, _) => {
            if let Ok(inner) = cell.try_borrow() {
                // The borrow ends with this call: the found paths are copied out as text.
                let mut inner_path: Vec<Seg<'_>> = path.iter().map(Seg::reborrow).collect();
                walk_wakers(&inner, &mut inner_path, out, budget);
            }
        }
        Value::RefCell(cell) | Value::Mutex(cell) => walk_wakers(&cell.value, path, out, budget),
        Value::Cell(inner) => walk_wakers(inner, path, out, budget),
        _ => {}
    }
}

impl Seg<'_> {
    fn reborrow(&self) -> Seg<'_> {
        match self {
            Seg::Name(n) => Seg::Name(n),
            Seg::Field(n) => Seg::Field(n),
            Seg::TupleField(i) => Seg::TupleField(*i),
            Seg::Index(i) => Seg::Index(*i),
        }
    }
}

/// A value's `Debug` text for a detail event, cut to a length a view can show.
pub(crate) fn debug_text(v: &Value) -> String {
    let text = format!("{v:?}");
    const MAX: usize = 160;
    if text.len() <= MAX {
        return text;
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Puts values given in source order into declaration order.
fn arrange(values: Vec<Value>, order: &[u32], n: usize) -> Vec<Value> {
    let mut fields: Vec<Value> = (0..n).map(|_| Value::Uninit).collect();
    for (v, &i) in values.into_iter().zip(order) {
        fields[i as usize] = v;
    }
    fields
}

/// Classifies a Rust panic payload caught around a call into Rust code.
pub(crate) fn unwind_from(payload: Box<dyn Any + Send>) -> Unwind {
    if let Some(s) = payload.downcast_ref::<&str>() {
        return Unwind::Panic(Box::new(s.to_string()));
    }
    match payload.downcast::<String>() {
        Ok(s) => Unwind::Panic(s),
        Err(other) => Unwind::Foreign(Box::new(other)),
    }
}
