//! Wakers and contexts a program makes itself, for its own executor: `Waker::noop()`,
//! `Waker::from(Arc<impl Wake>)`, `Waker::from_raw(RawWaker::new(data, &VTABLE))` with the
//! program's own `RawWakerVTable`, `Context::from_waker(&waker)`, and polling a future with
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
            Value::Waker(w) => Some(Ok(lend(w))),
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
        let r = inner.with_deferred(r);
        vm.fuel = inner.fuel;
        r
    };
    rt.nesting.set(rt.nesting.get() - 1);
    match result? {
        Some(poll) => Ok(poll),
        None => Ok(vm.poll_value(None)),
    }
}

/// The waker a `Context::from_waker(&waker)` lends, without a clone the program would see: a
/// borrowed `&Waker` natively (neither the executor's trace nor a program's `RawWakerVTable`
/// hears of it).
fn lend(w: &Waker) -> Waker {
    if std::ptr::eq(w.vtable(), &RAW_VTABLE) {
        let data = borrow_raw(w.data());
        let lent =
            ProgramRawWaker { data: data.data.copy(), vtable: data.vtable.clone(), rt: data.rt.clone(), lent: true };
        return raw_program_waker(lent);
    }
    pollscope_executor::unreported_clone(w)
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

/// `RawWakerVTable::new(clone, wake, wake_by_ref, drop)`: the program's four functions.
pub fn vtable(vm: &mut Vm<'_, '_>, fns: Vec<Value>) -> VmResult<Value> {
    let mut ids = Vec::with_capacity(4);
    for f in fns {
        let (id, captures) = vm.callee(f)?;
        if captures.is_some_and(|c| !matches!(&*c.borrow(), Value::Tuple(items) if items.is_empty())) {
            return Err(vm.error("a `RawWakerVTable` takes functions (`fn`), not closures that capture"));
        }
        ids.push(id);
    }
    let Ok(ids) = <[FnId; 4]>::try_from(ids) else {
        return Err(vm.error("`RawWakerVTable::new` takes four functions: clone, wake, wake_by_ref and drop"));
    };
    Ok(Value::Host(Box::new(super::tokio::HostObj::VTable(Rc::new(ids)))))
}

/// `RawWaker::new(data, &VTABLE)`: the data pointer and the table (read now: rustc promotes
/// `&RawWakerVTable::new(..)` to a static).
pub fn raw_waker_value(vm: &mut Vm<'_, '_>, data: Value, table: Value) -> VmResult<Value> {
    let data = RawData::of(vm, data)?;
    let table = match table {
        Value::Ref(place) => {
            let place = vm.autoderef(place, |v| matches!(v, Value::Host(_)))?;
            vm.with(&place, |v| vtable_of(v))?
        }
        other => vtable_of(&other),
    };
    let Some(vtable) = table else {
        return Err(vm.error("`RawWaker::new` takes a `&RawWakerVTable` as its second argument"));
    };
    Ok(Value::Host(Box::new(super::tokio::HostObj::RawWaker(data, vtable))))
}

fn vtable_of(v: &Value) -> Option<Rc<[FnId; 4]>> {
    match v {
        Value::Host(h) => match &**h {
            super::tokio::HostObj::VTable(t) => Some(t.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// `unsafe { Waker::from_raw(raw) }`: a real `Waker` whose clone, wake, wake_by_ref and drop
/// call the program's functions with its data (clone at once - it gives the new `RawWaker` -,
/// the others queued like a `drop`, run after the instruction).
pub fn waker_from_raw(vm: &mut Vm<'_, '_>, raw: Value) -> VmResult<Value> {
    let Value::Host(h) = raw else {
        return Err(vm.error(format!("`Waker::from_raw` needs a `RawWaker`, not {}", raw.kind())));
    };
    let super::tokio::HostObj::RawWaker(data, vtable) = *h else {
        return Err(vm.error("`Waker::from_raw` needs a `RawWaker`"));
    };
    Ok(Value::Waker(raw_program_waker(ProgramRawWaker { data, vtable, rt: Rc::downgrade(vm.rt), lent: false })))
}

/// A `RawWaker`'s data pointer, as the program made it: null, or a pointer to a place.
pub enum RawData {
    Null,
    To(Place),
}

impl RawData {
    fn of(vm: &Vm<'_, '_>, v: Value) -> VmResult<RawData> {
        match v {
            Value::NullPtr | Value::Unit => Ok(RawData::Null),
            Value::Int(0, _) => Ok(RawData::Null),
            Value::Ref(place) => Ok(RawData::To(place)),
            other => Err(vm.error(format!(
                "a `RawWaker`'s data here is a pointer (`std::ptr::null()`, or `&x as *const _ as *const ()`), not {}",
                other.kind()
            ))),
        }
    }

    pub fn copy(&self) -> RawData {
        match self {
            RawData::Null => RawData::Null,
            RawData::To(p) => RawData::To(p.clone()),
        }
    }

    fn value(&self) -> Value {
        match self {
            RawData::Null => Value::NullPtr,
            RawData::To(p) => Value::Ref(p.clone()),
        }
    }
}

/// What a waker made by `Waker::from_raw` of the program's `RawWaker` points to.
struct ProgramRawWaker {
    data: RawData,
    /// clone, wake, wake_by_ref, drop.
    vtable: Rc<[FnId; 4]>,
    rt: Weak<Runtime>,
    /// Lent by `Context::from_waker(&waker)`: its own drop calls nothing (a borrow natively).
    lent: bool,
}

impl ProgramRawWaker {
    /// Queues the program's function `which` of the table with the data.
    fn queue(&self, which: usize) {
        let Some(rt) = self.rt.upgrade() else { return };
        if pollscope_executor::is_halted() {
            return;
        }
        rt.defer(super::Deferred { fn_id: self.vtable[which], value: self.data.value(), by_ref: false });
        if rt.active.get() == 0 {
            super::traits::drain(&rt);
        }
    }

    /// The program's clone, called now: the `RawWaker` it returns.
    fn clone_raw(&self) -> Option<ProgramRawWaker> {
        let rt = self.rt.upgrade()?;
        match super::host::call_now(&rt, &Value::Fn(self.vtable[0]), vec![self.data.value()])? {
            Value::Host(h) => match *h {
                super::tokio::HostObj::RawWaker(data, vtable) => {
                    Some(ProgramRawWaker { data, vtable, rt: self.rt.clone(), lent: false })
                }
                _ => {
                    pollscope_executor::halt_error(
                        "the `RawWakerVTable`'s clone must return a `RawWaker`".to_string(),
                        None,
                    );
                    None
                }
            },
            other => {
                pollscope_executor::halt_error(
                    format!("the `RawWakerVTable`'s clone must return a `RawWaker`, not {}", other.kind()),
                    None,
                );
                None
            }
        }
    }
}

/// The vtable of [`ProgramRawWaker`]s.
static RAW_VTABLE: RawWakerVTable = RawWakerVTable::new(raw_clone, raw_wake, raw_wake_by_ref, raw_drop);

fn raw_program_waker(data: ProgramRawWaker) -> Waker {
    let raw = RawWaker::new(Rc::into_raw(Rc::new(data)).cast(), &RAW_VTABLE);
    // SAFETY: the pointer is `Rc::into_raw` of an `Rc<ProgramRawWaker>` whose count the waker
    // owns, and `RAW_VTABLE`'s functions treat it as exactly that (one thread: see `raw_waker`).
    unsafe { Waker::from_raw(raw) }
}

fn borrow_raw(ptr: *const ()) -> ManuallyDrop<Rc<ProgramRawWaker>> {
    // SAFETY: `ptr` comes from `Rc::into_raw` in `raw_program_waker`, its waker alive.
    ManuallyDrop::new(unsafe { Rc::from_raw(ptr.cast::<ProgramRawWaker>()) })
}

unsafe fn raw_clone(ptr: *const ()) -> RawWaker {
    let this = borrow_raw(ptr);
    // After an error the program's clone is not called: a copy that calls nothing.
    let new = this.clone_raw().unwrap_or_else(|| ProgramRawWaker {
        data: this.data.copy(),
        vtable: this.vtable.clone(),
        rt: Weak::new(),
        lent: true,
    });
    RawWaker::new(Rc::into_raw(Rc::new(new)).cast(), &RAW_VTABLE)
}

unsafe fn raw_wake(ptr: *const ()) {
    // SAFETY: a by-value wake consumes the waker and its count (the program's `wake` owns the
    // data now: its `drop` is not called).
    let this = unsafe { Rc::from_raw(ptr.cast::<ProgramRawWaker>()) };
    this.queue(1);
}

unsafe fn raw_wake_by_ref(ptr: *const ()) {
    borrow_raw(ptr).queue(2);
}

unsafe fn raw_drop(ptr: *const ()) {
    // SAFETY: the dropped waker owned one count.
    let this = unsafe { Rc::from_raw(ptr.cast::<ProgramRawWaker>()) };
    if !this.lent {
        this.queue(3);
    }
}
