//! Wakers and contexts a program makes itself, for its own executor: `Waker::noop()`,
//! `Waker::from(Arc<impl Wake>)`, `Context::from_waker(&waker)`, and polling a future with
//! such a context.
//!
//! A waker made from the program's `impl Wake` is a real `std::task::Waker` (so the executor's
//! timers and the program's futures can keep and wake it like any other). Waking it calls the
//! program's `wake`/`wake_by_ref`: queued like a `drop` (see `traits::DropHook`), run after
//! the instruction that woke it, or at once when no VM is running (a timer firing).

use std::mem::ManuallyDrop;
use std::rc::{Rc, Weak};
use std::task::{Context, RawWaker, RawWakerVTable, Waker};

use super::value::*;
use super::{Begun, Runtime, Vm, VmResult};
use crate::program::FnId;

/// Polls the future at `place` with a `Context` of the waker at `waker` (the program's own
/// `Context::from_waker(&waker)`), in a VM of its own: inside it, `cx` is that context.
pub fn poll_in_context(vm: &mut Vm<'_, '_>, place: Place, waker: &Place) -> VmResult<Value> {
    let generation = vm.generation;
    let mut found: Option<Result<Waker, ()>> = None;
    let current = vm.cx.waker().clone_quietly();
    super::ops::with_value(vm, &Value::Ref(waker.clone()), &mut |v| {
        found = match v {
            Value::Waker(w) => Some(Ok(pollscope_executor::unreported_clone(w))),
            Value::WakerRef(g) if *g == generation => Some(Ok(pollscope_executor::unreported_clone(&current))),
            Value::WakerRef(_) => Some(Err(())),
            _ => None,
        }
    })?;
    let waker = match found {
        Some(Ok(w)) => w,
        Some(Err(())) => return Err(vm.error("this `&Waker` belongs to a `poll` that has returned")),
        None => return Err(vm.error("`Context::from_waker` needs a `&Waker`")),
    };
    let mut cx = Context::from_waker(&waker);
    let rt = vm.rt.clone();
    rt.nesting.set(rt.nesting.get() + 1);
    let result = {
        let mut inner = Vm::new(&rt, &mut cx);
        inner.fuel = vm.fuel;
        pollscope_executor::own_context_next();
        let r = match inner.begin_poll(place) {
            Ok(Begun::Done(v)) => Ok(Some(v)),
            Ok(Begun::Pushed) => inner.run(0),
            Err(e) => Err(e),
        };
        let r = match (r, inner.run_deferred()) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(e)) | (Err(e), _) => Err(e),
        };
        vm.fuel = inner.fuel;
        r
    };
    rt.nesting.set(rt.nesting.get() - 1);
    match result? {
        Some(poll) => Ok(poll),
        None => Ok(vm.poll_value(None)),
    }
}

trait CloneQuietly {
    fn clone_quietly(&self) -> Waker;
}

impl CloneQuietly for Waker {
    /// A clone that reports nothing (see `pollscope_executor::unreported_clone`).
    fn clone_quietly(&self) -> Waker {
        pollscope_executor::unreported_clone(self)
    }
}

/// `Waker::from(arc)` for an `Arc` of the program's type with `impl Wake`.
pub fn waker_from(vm: &mut Vm<'_, '_>, arc: Value) -> VmResult<Value> {
    let Value::Rc(cell, Shared::Arc) = arc else {
        return Err(vm.error(format!("`Waker::from` needs an `Arc` of a type with `impl Wake`, not {}", arc.kind())));
    };
    let program = vm.rt.program.clone();
    let ty = match &*cell.borrow() {
        Value::Struct(def, _) => def.name.clone(),
        Value::Enum(def, _, _) => def.name.clone(),
        other => return Err(vm.error(format!("`{}` does not implement `Wake`", other.kind()))),
    };
    let Some(wake) = program.method(&ty, "wake") else {
        return Err(vm.error(format!("`{ty}` does not implement `Wake`")));
    };
    let data =
        Rc::new(UserWaker { cell, wake, wake_by_ref: program.method(&ty, "wake_by_ref"), rt: Rc::downgrade(vm.rt) });
    Ok(Value::Waker(raw_waker(data)))
}

/// What a waker made from the program's `impl Wake` points to.
struct UserWaker {
    /// The `Arc`'s heap cell (each waker holds one count of it).
    cell: Heap,
    wake: FnId,
    wake_by_ref: Option<FnId>,
    rt: Weak<Runtime>,
}

impl UserWaker {
    fn arc(&self) -> Value {
        Value::Rc(self.cell.clone(), Shared::Arc)
    }

    /// Queues the program's `wake` (by value: `self: Arc<Self>`) or `wake_by_ref`
    /// (`self: &Arc<Self>`); std's default `wake_by_ref` is `self.clone().wake()`.
    fn wake(&self, by_ref: bool) {
        let Some(rt) = self.rt.upgrade() else { return };
        if pollscope_executor::is_halted() {
            return;
        }
        let call = match (by_ref, self.wake_by_ref) {
            (true, Some(id)) => super::Deferred { fn_id: id, value: self.arc(), by_ref: true },
            _ => super::Deferred { fn_id: self.wake, value: self.arc(), by_ref: false },
        };
        rt.defer(call);
        if rt.active.get() == 0 {
            super::traits::drain(&rt);
        }
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

fn raw_waker(data: Rc<UserWaker>) -> Waker {
    let raw = RawWaker::new(Rc::into_raw(data).cast(), &VTABLE);
    // SAFETY: the pointer is `Rc::into_raw` of an `Rc<UserWaker>` whose count the waker owns,
    // and `VTABLE`'s functions treat it as exactly that. `Waker` is `Send + Sync` by contract;
    // the interpreter runs on one thread and never sends a value of the program elsewhere.
    unsafe { Waker::from_raw(raw) }
}

/// The waker's data, borrowed.
fn borrow(ptr: *const ()) -> ManuallyDrop<Rc<UserWaker>> {
    // SAFETY: `ptr` comes from `Rc::into_raw` in `raw_waker` and its waker is alive (callers'
    // contract); `ManuallyDrop` keeps the count it does not own.
    ManuallyDrop::new(unsafe { Rc::from_raw(ptr.cast::<UserWaker>()) })
}

unsafe fn clone(ptr: *const ()) -> RawWaker {
    let data = borrow(ptr);
    RawWaker::new(Rc::into_raw(Rc::clone(&data)).cast(), &VTABLE)
}

unsafe fn wake(ptr: *const ()) {
    // SAFETY: a by-value wake consumes the waker and its count.
    let data = unsafe { Rc::from_raw(ptr.cast::<UserWaker>()) };
    data.wake(false);
}

unsafe fn wake_by_ref(ptr: *const ()) {
    borrow(ptr).wake(true);
}

unsafe fn drop_waker(ptr: *const ()) {
    // SAFETY: the dropped waker owned one count.
    drop(unsafe { Rc::from_raw(ptr.cast::<UserWaker>()) });
}
