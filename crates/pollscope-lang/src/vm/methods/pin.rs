//! `Future::poll` on a boxed future, and `Pin`'s own methods.

use super::*;

pub(super) fn future_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    args: Vec<Value>,
) -> VmResult<Option<Value>> {
    match name {
        "poll" => poll_with(vm, place, &args),
        "as_mut" | "as_ref" | "get_mut" => Ok(Some(Value::Ref(place))),
        "is_finished" => Err(vm.error("`JoinHandle::is_finished` is not supported in Pollscope yet")),
        _ => Err(vm.error(format!("no method named `{name}` found for a future"))),
    }
}

/// `Pin<Box<T>>` and `Pin<&mut T>` (pins are erased: a pin is its pointer).
pub(super) fn pin_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    match name {
        "is_null" => Ok(Some(Value::Bool(false))),
        // `map_unchecked_mut(|s| &mut s.field)`: a pin of a part of the pinned value.
        "map_unchecked_mut" | "map_unchecked" => {
            let f = arg(vm, &mut args, 0)?;
            let target = vm.deref(&place)?;
            vm.call_value(&f, vec![Value::Ref(target)]).map(Some)
        }
        "as_mut" | "as_ref" | "get_mut" | "get_ref" | "get_unchecked_mut" | "into_ref" => {
            let target = vm.deref(&place)?;
            Ok(Some(Value::Ref(target)))
        }
        "set" => {
            let target = vm.deref(&place)?;
            // `r.set(v)` with `r: &Cell<T>` is `Cell::set` (a `Pin<&mut Cell<T>>`'s `set` would
            // replace the whole cell: no program needs that).
            let cell = vm.autoderef(target.clone(), |v| !matches!(v, Value::Ref(_)))?;
            if vm.with(&cell, |v| matches!(v, Value::Cell(_)))? {
                return super::cell::cell_method(vm, cell, "set", args);
            }
            let v = arg(vm, &mut args, 0)?;
            let old = vm.with(&target, |slot| std::mem::replace(slot, v))?;
            drop(old);
            Ok(Some(Value::Unit))
        }
        "poll" => {
            let target = vm.deref(&place)?;
            poll_with(vm, target, &args)
        }
        _ => Err(vm.error(format!("no method named `{name}` found for a pointer"))),
    }
}

/// `fut.poll(cx)`: with the `Context` of the poll in progress, the future runs in this VM; with
/// one the program made (`Context::from_waker(&waker)`, a hand-written executor), it runs in a
/// VM of its own whose `Context` holds that waker.
/// `fut.poll_unpin(cx)` (futures' `FutureExt`): a poll of the future `fut` is or points to.
pub(super) fn poll_unpin(vm: &mut Vm<'_, '_>, place: Place, args: &[Value]) -> VmResult<Option<Value>> {
    poll_with(vm, place, args)
}

fn poll_with(vm: &mut Vm<'_, '_>, place: Place, args: &[Value]) -> VmResult<Option<Value>> {
    if let Some(cx) = args.first()
        && let Some(waker) = user_context_waker(vm, cx)?
    {
        return crate::vm::wake::poll_in_context(vm, place, &waker).map(Some);
    }
    match vm.begin_poll(place)? {
        Begun::Done(v) => Ok(Some(v)),
        Begun::Pushed => Ok(None),
    }
}

/// The place of the waker of a `Context` the program made (`None` for the running poll's).
pub(crate) fn user_context_waker(vm: &Vm<'_, '_>, cx: &Value) -> VmResult<Option<Place>> {
    let mut out = None;
    with_value(vm, cx, &mut |v| {
        if let Value::UserContext(p) = v {
            out = Some((**p).clone());
        }
    })?;
    Ok(out)
}
