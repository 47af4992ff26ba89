//! `std::time::Duration` (a [`Value::Duration`] in nanoseconds).

use super::*;

/// The nanoseconds of a `Duration` value (through references).
pub(super) fn nanos_of(vm: &Vm<'_, '_>, v: Value) -> VmResult<u128> {
    match deref_value(vm, v)? {
        Value::Duration(n) => Ok(n),
        other => Err(vm.error(format!("expected a `Duration`, found {}", other.kind()))),
    }
}

pub(super) fn duration_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let n = nanos_of(vm, Value::Ref(place))?;
    let int = |x: u128, ty: IntTy| Value::Int(x as i128, ty);
    let other = |vm: &Vm<'_, '_>, args: &mut [Value]| -> VmResult<u128> { nanos_of(vm, arg(vm, args, 0)?) };
    Ok(Some(match name {
        "as_secs" => int(n / 1_000_000_000, IntTy::U64),
        "as_millis" => int(n / 1_000_000, IntTy::U128),
        "as_micros" => int(n / 1_000, IntTy::U128),
        "as_nanos" => int(n, IntTy::U128),
        "subsec_millis" => int(n % 1_000_000_000 / 1_000_000, IntTy::U32),
        "subsec_micros" => int(n % 1_000_000_000 / 1_000, IntTy::U32),
        "subsec_nanos" => int(n % 1_000_000_000, IntTy::U32),
        "is_zero" => Value::Bool(n == 0),
        "clone" => Value::Duration(n),
        "checked_add" => {
            let sum = n.checked_add(other(vm, &mut args)?).filter(|s| *s <= DURATION_MAX);
            option(vm, sum.map(Value::Duration))
        }
        "checked_sub" => option(vm, n.checked_sub(other(vm, &mut args)?).map(Value::Duration)),
        "saturating_add" => Value::Duration(n.saturating_add(other(vm, &mut args)?).min(DURATION_MAX)),
        "saturating_sub" => Value::Duration(n.saturating_sub(other(vm, &mut args)?)),
        "abs_diff" => Value::Duration(n.abs_diff(other(vm, &mut args)?)),
        "min" => Value::Duration(n.min(other(vm, &mut args)?)),
        "max" => Value::Duration(n.max(other(vm, &mut args)?)),
        _ => return Err(vm.error(format!("`Duration::{name}` is not supported in Pollscope yet"))),
    }))
}

/// The virtual clock's now, as an [`Value::Instant`]'s nanoseconds.
pub(crate) fn now_nanos() -> u128 {
    pollscope_executor::Instant::now().since_start().as_nanos()
}

/// `std::time::Instant` on the virtual clock.
pub(super) fn instant_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let at = match deref_value(vm, Value::Ref(place))? {
        Value::Instant(n) => n,
        other => return Err(vm.error(format!("expected an `Instant`, found {}", other.kind()))),
    };
    let instant = |vm: &Vm<'_, '_>, v: Value| -> VmResult<u128> {
        match deref_value(vm, v)? {
            Value::Instant(n) => Ok(n),
            other => Err(vm.error(format!("expected an `Instant`, found {}", other.kind()))),
        }
    };
    Ok(Some(match name {
        "elapsed" => Value::Duration(now_nanos().saturating_sub(at)),
        "duration_since" | "saturating_duration_since" => {
            let earlier = instant(vm, arg(vm, &mut args, 0)?)?;
            Value::Duration(at.saturating_sub(earlier))
        }
        "checked_duration_since" => {
            let earlier = instant(vm, arg(vm, &mut args, 0)?)?;
            option(vm, at.checked_sub(earlier).map(Value::Duration))
        }
        "checked_add" => {
            let d = nanos_of(vm, arg(vm, &mut args, 0)?)?;
            option(vm, at.checked_add(d).filter(|n| *n <= DURATION_MAX).map(Value::Instant))
        }
        "checked_sub" => {
            let d = nanos_of(vm, arg(vm, &mut args, 0)?)?;
            option(vm, at.checked_sub(d).map(Value::Instant))
        }
        _ => return Err(vm.error(format!("no method named `{name}` found for `Instant` in Pollscope"))),
    }))
}
