//! `Result`.

use super::*;

pub(super) fn result_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let is_ok = vm.with(&place, |v| matches!(v, Value::Enum(_, variant::OK, _)))?;
    match name {
        "is_ok" => return Ok(Some(Value::Bool(is_ok))),
        "is_err" => return Ok(Some(Value::Bool(!is_ok))),
        "as_ref" | "as_mut" => {
            let inner = Value::Ref(place.project(Proj::Field(0)));
            return Ok(Some(result(vm, if is_ok { Ok(inner) } else { Err(inner) })));
        }
        _ => {}
    }
    let (_, inner) = take_variant(vm, &place)?;
    let inner = inner.unwrap_or(Value::Unit);
    match (name, is_ok) {
        ("unwrap" | "expect" | "unwrap_or" | "unwrap_or_else", true) => Ok(Some(inner)),
        ("unwrap", false) => Err(vm.panic(format!("called `Result::unwrap()` on an `Err` value: {inner:?}"))),
        ("expect", false) => {
            let msg = arg(vm, &mut args, 0)?;
            Err(vm.panic(format!("{}: {inner:?}", text_of(vm, &msg)?)))
        }
        ("unwrap_err", false) => Ok(Some(inner)),
        ("unwrap_err", true) => Err(vm.panic(format!("called `Result::unwrap_err()` on an `Ok` value: {inner:?}"))),
        ("unwrap_or", false) => Ok(Some(arg(vm, &mut args, 0)?)),
        ("unwrap_or_else", false) => {
            let f = arg(vm, &mut args, 0)?;
            Ok(Some(vm.call_value(&f, vec![inner])?))
        }
        ("ok", ok) => Ok(Some(option(vm, ok.then_some(inner)))),
        ("err", ok) => Ok(Some(option(vm, (!ok).then_some(inner)))),
        ("map", true) | ("and_then", true) => {
            let f = arg(vm, &mut args, 0)?;
            let r = vm.call_value(&f, vec![inner])?;
            Ok(Some(if name == "map" { result(vm, Ok(r)) } else { r }))
        }
        ("map", false) | ("and_then", false) => Ok(Some(result(vm, Err(inner)))),
        ("map_err", false) => {
            let f = arg(vm, &mut args, 0)?;
            let r = vm.call_value(&f, vec![inner])?;
            Ok(Some(result(vm, Err(r))))
        }
        ("map_err", true) => Ok(Some(result(vm, Ok(inner)))),
        (name, _) => Err(vm.error(format!("no method named `{name}` found for `Result` in Pollscope"))),
    }
}
