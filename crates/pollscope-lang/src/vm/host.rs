//! The bridge to real Rust futures: interpreted futures as `std::future::Future`s (so the real
//! executor, `join` and `spawn` poll them), Rust futures as values, and running a program.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use pollscope_executor::{Executor, FutureId, FutureKind, PollResult, Trace};

use super::value::*;
use super::{Begun, InterpLimits, Runtime, Unwind, Vm};
use crate::program::{POLL, Program, variant};

/// Interpreter steps in one poll of a task from which it counts as not yielding.
const LONG_POLL: u64 = 100_000;

/// An interpreted future (an async body, or a struct with an interpreted `poll`) as a real
/// `Future`. Its value lives in a heap cell, so it never moves once polled.
pub struct InterpFuture {
    rt: Rc<Runtime>,
    future: Heap,
}

impl InterpFuture {
    pub fn new(rt: Rc<Runtime>, future: Value) -> InterpFuture {
        InterpFuture { rt, future: heap(future) }
    }
}

impl Future for InterpFuture {
    type Output = Value;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Value> {
        // After a limit or an interpreter error, nothing more of the program runs.
        if pollscope_executor::is_halted() || pollscope_executor::panic_pending() {
            return Poll::Pending;
        }
        let rt = self.rt.clone();
        rt.nesting.set(rt.nesting.get() + 1);
        let (result, steps) = {
            let mut vm = Vm::new(&rt, cx);
            let result = match vm.begin_poll(Place::heap(&self.future)) {
                Ok(Begun::Done(poll)) => Ok(Some(poll)),
                Ok(Begun::Pushed) => vm.run(0),
                Err(e) => Err(e),
            };
            let result = vm.with_deferred(result);
            (result, rt.limits.poll_fuel - vm.fuel)
        };
        rt.nesting.set(rt.nesting.get() - 1);
        // A task's poll that computes for long without reaching an `.await` keeps every other
        // task waiting: tell the learner (a detail event, not part of the canonical trace).
        if rt.nesting.get() == 0 && steps >= LONG_POLL && !pollscope_executor::is_halted() {
            let task = pollscope_executor::current_task().map(|t| t.to_string()).unwrap_or_default();
            pollscope_executor::record_lint(format!(
                "Never yields: task {task} ran {steps} interpreter steps in one poll without reaching an `.await` that \
                 waits. While a poll runs, no other task can: add `yield_now().await` inside long loops."
            ));
        }
        match result {
            Ok(Some(Value::Enum(def, variant::READY, mut fields))) if def.id == POLL => {
                Poll::Ready(fields.pop().unwrap_or(Value::Unit))
            }
            Ok(Some(Value::Enum(def, variant::PENDING, _))) if def.id == POLL => Poll::Pending,
            Ok(Some(other)) => {
                pollscope_executor::halt_error(format!("`poll` returned {}, not a `Poll`", other.kind()), None);
                Poll::Pending
            }
            Ok(None) => Poll::Pending,
            Err(Unwind::Panic(message)) => raise(*message),
            Err(Unwind::Halt) => Poll::Pending,
            Err(Unwind::Foreign(payload)) => std::panic::resume_unwind(*payload),
        }
    }
}

impl Drop for InterpFuture {
    /// Rust code drops an interpreted future (a `select!` dropping a losing branch, a `join`
    /// dropping a finished one, the executor a finished task): what it owns is dropped now,
    /// and the program's `drop`s this queues run now, before Rust drops anything else (as
    /// they would natively), even while a VM is running the instruction that dropped it.
    fn drop(&mut self) {
        let value = match self.future.try_borrow_mut() {
            Ok(mut v) => std::mem::replace(&mut *v, Value::Uninit),
            Err(_) => return,
        };
        drop(value);
        if !self.rt.pending_drops.borrow().is_empty() {
            super::traits::drain(&self.rt);
        }
    }
}

/// Raises the program's panic in Rust, so that Rust code between here and the executor (a
/// `join`, a task) unwinds as it would for the same program compiled by rustc (or, without
/// unwinding, stops polling and hands the panic to the executor: see
/// `pollscope_executor::raise`).
fn raise(message: String) -> Poll<Value> {
    pollscope_executor::raise(message);
    Poll::Pending
}

/// A Rust future with any output, as a future of `Value`s. It reports its polls and its drop
/// as detail events under its own future id, whoever polls it (an `.await`, a `join`).
pub struct HostFuture<F, M> {
    future: Pin<Box<F>>,
    map: M,
    id: FutureId,
    kind: HostKind,
}

impl<F: Future, M: FnMut(F::Output) -> Value + Unpin> Future for HostFuture<F, M> {
    type Output = Value;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Value> {
        let this = &mut *self;
        pollscope_executor::future_enter(this.id, this.kind.name(), None);
        let poll = match this.future.as_mut().poll(cx) {
            Poll::Ready(v) => Poll::Ready((this.map)(v)),
            Poll::Pending => Poll::Pending,
        };
        let result = match &poll {
            Poll::Ready(v) => PollResult::Ready(super::debug_text(v).into()),
            Poll::Pending => PollResult::Pending,
        };
        pollscope_executor::future_exit(this.id, result, None);
        poll
    }
}

impl<F, M> Drop for HostFuture<F, M> {
    fn drop(&mut self) {
        pollscope_executor::future_drop(self.id);
    }
}

/// Wraps a Rust future as a value of the program.
pub fn host_value<F>(future: F, kind: HostKind, map: impl FnMut(F::Output) -> Value + Unpin + 'static) -> Value
where
    F: Future + 'static,
{
    let id = pollscope_executor::future_new(kind.name(), FutureKind::Runtime, None);
    Value::Future(Fut::Host(Box::pin(HostFuture { future: Box::pin(future), map, id, kind }), kind))
}

/// A future value of the program as a Rust future of `Value`s, for Rust code to poll.
pub fn to_host(rt: &Rc<Runtime>, v: Value) -> Pin<Box<dyn Future<Output = Value>>> {
    match v {
        Value::Future(Fut::Host(f, _)) => f,
        other => Box::pin(InterpFuture::new(rt.clone(), other)),
    }
}

/// Calls the program's function or closure `f` now, in a VM of its own, for Rust code that has
/// no VM at hand (a stream adaptor's closure, a `RawWakerVTable`'s clone). `None` after a
/// panic (raised as the task's) or a limit.
pub(crate) fn call_now(rt: &Rc<Runtime>, f: &Value, args: Vec<Value>) -> Option<Value> {
    if pollscope_executor::is_halted() {
        return None;
    }
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let mut vm = Vm::new(rt, &mut cx);
    let result = vm.call_value(f, args);
    let result = vm.with_deferred(result);
    drop(vm);
    match result {
        Ok(v) => Some(v),
        Err(Unwind::Panic(message)) => {
            pollscope_executor::raise(*message);
            None
        }
        Err(Unwind::Foreign(payload)) => std::panic::resume_unwind(*payload),
        Err(Unwind::Halt) => None,
    }
}

/// The task name rustc's `type_name` would give this future (see
/// `pollscope_executor::task_name`).
pub fn task_name(program: &Program, v: &Value) -> String {
    match v {
        Value::Future(Fut::Async(af)) => program.fns[af.borrow().fn_id as usize].task_name.clone(),
        Value::Future(Fut::Host(_, kind)) => kind.name().to_string(),
        Value::Future(Fut::PollFn(_)) => "PollFn".to_string(),
        Value::Struct(def, _) => def.name.clone(),
        Value::Enum(def, _, _) => def.name.clone(),
        Value::Box(cell) => task_name(program, &cell.borrow()),
        _ => "task".to_string(),
    }
}

/// Runs a compiled program on a fresh executor and returns its trace.
pub fn run_program(program: Program) -> Trace {
    run_program_with(program, InterpLimits::default())
}

/// [`run_program`] with explicit interpreter limits.
pub fn run_program_with(program: Program, limits: InterpLimits) -> Trace {
    run_shared(Rc::new(program), limits, true)
}

/// Runs a program that may be run again (benchmarks), with or without recording the trace.
pub fn run_shared(program: Rc<Program>, limits: InterpLimits, tracing: bool) -> Trace {
    let executor = start(program, limits);
    executor.set_tracing(tracing);
    executor.run();
    executor.take_trace()
}

/// An executor with the program's `main` spawned as task #1, not yet run: the caller drives
/// it (`run`, or `run_for` in slices, as the browser does).
pub fn start(program: Rc<Program>, limits: InterpLimits) -> Executor {
    let executor_limits = program.limits;
    let main = program.main;
    let rt = Runtime::new(program, limits);
    let main = super::make_async_value(&rt.program, main, Vec::new(), None);
    let executor = Executor::with_limits(executor_limits);
    executor.spawn("main", InterpFuture::new(rt, main));
    executor
}

impl Drop for AsyncFrame {
    /// A dropped async body drops the locals it kept across its last `.await`, last declared
    /// first.
    fn drop(&mut self) {
        pollscope_executor::future_drop(FutureId(self.id));
        let stack = std::mem::take(&mut self.stack);
        drop(stack);
        let locals = match self.locals.try_borrow_mut() {
            Ok(mut l) => std::mem::take(&mut *l),
            Err(_) => return,
        };
        for v in locals.into_iter().rev() {
            drop(v);
        }
    }
}

impl std::fmt::Debug for InterpFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InterpFuture")
    }
}
