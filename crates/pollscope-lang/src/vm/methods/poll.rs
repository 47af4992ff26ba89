//! `Poll`.

use super::*;

pub(super) fn poll_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let ready = vm.with(&place, |v| matches!(v, Value::Enum(_, variant::READY, _)))?;
    match name {
        "is_ready" => Ok(Some(Value::Bool(ready))),
        "is_pending" => Ok(Some(Value::Bool(!ready))),
        "map" => {
            let (_, inner) = take_variant(vm, &place)?;
            match inner {
                Some(v) if ready => {
                    let f = arg(vm, &mut args, 0)?;
                    let r = vm.call_value(&f, vec![v])?;
                    Ok(Some(vm.poll_value(Some(r))))
                }
                _ => Ok(Some(vm.poll_value(None))),
            }
        }
        _ => Err(vm.error(format!("no method named `{name}` found for `Poll` in Pollscope"))),
    }
}
