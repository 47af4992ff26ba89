//! `Waker` and `Context`.

use super::*;

pub(super) fn waker_method(
    vm: &mut Vm<'_, '_>,
    kind: Kind,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let check = |vm: &Vm<'_, '_>, g: u64| -> VmResult<()> {
        if g != vm.generation {
            return Err(vm.error("this `Context` belongs to a `poll` that has returned"));
        }
        Ok(())
    };
    match (kind, name) {
        (Kind::WakerRef, "wake_by_ref") => {
            let g = vm.with(&place, |v| if let Value::WakerRef(g) = v { *g } else { 0 })?;
            check(vm, g)?;
            vm.cx.waker().wake_by_ref();
        }
        (Kind::WakerRef, "wake") => {
            return Err(vm.error("cannot move out of `*cx.waker()`: call `wake_by_ref`, or `clone()` first"));
        }
        (Kind::Waker, "wake") => {
            let w = vm.load(&place)?;
            if let Value::Waker(w) = w {
                w.wake();
            }
        }
        (Kind::Waker, "wake_by_ref") => {
            vm.with(&place, |v| {
                if let Value::Waker(w) = v {
                    w.wake_by_ref();
                }
            })?;
        }
        (_, "will_wake") => {
            let other = arg(vm, &mut args, 0)?;
            let other_waker = waker_of(vm, &other)?;
            let mine = match vm.with(&place, |v| match v {
                Value::Waker(w) => Some(w.clone_for_compare()),
                _ => None,
            })? {
                Some(w) => w,
                None => WakerId::of(vm.cx.waker()),
            };
            return Ok(Some(Value::Bool(mine == other_waker)));
        }
        _ => return Err(vm.error(format!("no method named `{name}` found for `Waker` in Pollscope"))),
    }
    if pollscope_executor::is_halted() {
        return Err(Unwind::Halt);
    }
    Ok(Some(Value::Unit))
}

/// A waker's identity (`will_wake` compares data pointer and vtable).
#[derive(PartialEq, Eq)]
pub struct WakerId(*const (), *const std::task::RawWakerVTable);

impl WakerId {
    fn of(w: &std::task::Waker) -> WakerId {
        // A task's wakers compare by task: the executor lends one to a hand-written executor's
        // poll under another vtable (`pollscope_executor::unreported_clone`).
        if pollscope_executor::waker_task(w).is_some() {
            return WakerId(w.data(), std::ptr::null());
        }
        WakerId(w.data(), w.vtable())
    }
}

trait CompareWaker {
    fn clone_for_compare(&self) -> WakerId;
}

impl CompareWaker for std::task::Waker {
    fn clone_for_compare(&self) -> WakerId {
        WakerId::of(self)
    }
}

pub(super) fn waker_of(vm: &Vm<'_, '_>, v: &Value) -> VmResult<WakerId> {
    let mut out = None;
    let generation = vm.generation;
    with_value(vm, v, &mut |v| {
        out = match v {
            Value::Waker(w) => Some(Ok(WakerId::of(w))),
            Value::WakerRef(g) => Some(Err(*g)),
            _ => None,
        }
    })?;
    match out {
        Some(Ok(id)) => Ok(id),
        Some(Err(g)) if g == generation => Ok(WakerId::of(vm.cx.waker())),
        _ => Err(vm.error("`will_wake` needs a `&Waker`")),
    }
}
