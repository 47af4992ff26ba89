//! `Future::poll` on a boxed future, and `Pin`'s own methods.

use super::*;

pub(super) fn future_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    _args: Vec<Value>,
) -> VmResult<Option<Value>> {
    match name {
        "poll" => match vm.begin_poll(place)? {
            Begun::Done(v) => Ok(Some(v)),
            Begun::Pushed => Ok(None),
        },
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
        "as_mut" | "as_ref" | "get_mut" | "get_ref" => {
            let target = vm.deref(&place)?;
            Ok(Some(Value::Ref(target)))
        }
        "set" => {
            let v = arg(vm, &mut args, 0)?;
            let target = vm.deref(&place)?;
            let old = vm.with(&target, |slot| std::mem::replace(slot, v))?;
            drop(old);
            Ok(Some(Value::Unit))
        }
        "poll" => {
            let target = vm.deref(&place)?;
            match vm.begin_poll(target)? {
                Begun::Done(v) => Ok(Some(v)),
                Begun::Pushed => Ok(None),
            }
        }
        _ => Err(vm.error(format!("no method named `{name}` found for a pointer"))),
    }
}
