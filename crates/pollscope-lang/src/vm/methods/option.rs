//! `Option`.

use super::*;

pub(super) fn take_variant(vm: &Vm<'_, '_>, place: &Place) -> VmResult<(u32, Option<Value>)> {
    let v = vm.with(place, |v| match v.try_copy() {
        Some(c) => c,
        None => std::mem::replace(v, Value::Uninit),
    })?;
    match v {
        Value::Enum(_, variant, mut fields) => Ok((variant, fields.pop())),
        other => Err(vm.error(format!("expected an enum, found {}", other.kind()))),
    }
}

pub(super) fn option_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let is_some = vm.with(&place, |v| matches!(v, Value::Enum(_, variant::SOME, _)))?;
    match name {
        "is_some" => return Ok(Some(Value::Bool(is_some))),
        "is_none" => return Ok(Some(Value::Bool(!is_some))),
        "take" => {
            let none = option(vm, None);
            let v = vm.with(&place, |v| std::mem::replace(v, none))?;
            return Ok(Some(v));
        }
        "replace" | "insert" => {
            let new = arg(vm, &mut args, 0)?;
            let some = option(vm, Some(new));
            let old = vm.with(&place, |v| std::mem::replace(v, some))?;
            if name == "insert" {
                drop(old);
                return Ok(Some(Value::Ref(place.project(Proj::Field(0)))));
            }
            return Ok(Some(old));
        }
        "as_ref" | "as_mut" => {
            let v = if is_some { Some(Value::Ref(place.project(Proj::Field(0)))) } else { None };
            return Ok(Some(option(vm, v)));
        }
        "get_or_insert_with" => {
            if !is_some {
                let f = arg(vm, &mut args, 0)?;
                let v = vm.call_value(&f, vec![])?;
                let some = option(vm, Some(v));
                vm.with(&place, |slot| *slot = some)?;
            }
            return Ok(Some(Value::Ref(place.project(Proj::Field(0)))));
        }
        "is_some_and" => {
            if !is_some {
                return Ok(Some(Value::Bool(false)));
            }
            let (_, inner) = take_variant(vm, &place)?;
            let f = arg(vm, &mut args, 0)?;
            let r = vm.call_value(&f, vec![inner.unwrap_or(Value::Unit)])?;
            return Ok(Some(r));
        }
        "iter" => {
            let items: VecDeque<Value> =
                if is_some { [Value::Ref(place.project(Proj::Field(0)))].into() } else { VecDeque::new() };
            return Ok(Some(Value::Iter(Box::new(Iter::Items(items)))));
        }
        _ => {}
    }
    let (_, inner) = take_variant(vm, &place)?;
    match (name, inner) {
        ("unwrap", Some(v))
        | ("expect", Some(v))
        | ("unwrap_or", Some(v))
        | ("unwrap_or_default", Some(v))
        | ("unwrap_or_else", Some(v)) => Ok(Some(v)),
        ("unwrap", None) => Err(vm.panic("called `Option::unwrap()` on a `None` value")),
        ("expect", None) => {
            let msg = arg(vm, &mut args, 0)?;
            Err(vm.panic(text_of(vm, &msg)?))
        }
        ("unwrap_or", None) => Ok(Some(arg(vm, &mut args, 0)?)),
        ("unwrap_or_else", None) => {
            let f = arg(vm, &mut args, 0)?;
            Ok(Some(vm.call_value(&f, vec![])?))
        }
        ("unwrap_or_default", None) => {
            Err(vm.error("`unwrap_or_default` on `None` needs the type's default, which Pollscope cannot know"))
        }
        ("map", Some(v)) => {
            let f = arg(vm, &mut args, 0)?;
            let r = vm.call_value(&f, vec![v])?;
            Ok(Some(option(vm, Some(r))))
        }
        ("and_then", Some(v)) => {
            let f = arg(vm, &mut args, 0)?;
            Ok(Some(vm.call_value(&f, vec![v])?))
        }
        ("filter", Some(v)) => {
            let f = arg(vm, &mut args, 0)?;
            let keep = vm.call_value(&f, vec![Value::Ref(Place::heap(&heap(v.try_copy().unwrap_or(Value::Unit))))])?;
            let keep = matches!(deref_value(vm, keep)?, Value::Bool(true));
            Ok(Some(option(vm, keep.then_some(v))))
        }
        ("map" | "and_then" | "filter", None) => Ok(Some(option(vm, None))),
        ("ok_or", Some(v)) => Ok(Some(result(vm, Ok(v)))),
        ("ok_or", None) => {
            let e = arg(vm, &mut args, 0)?;
            Ok(Some(result(vm, Err(e))))
        }
        ("or", Some(v)) => Ok(Some(option(vm, Some(v)))),
        ("or", None) => Ok(Some(arg(vm, &mut args, 0)?)),
        ("cloned" | "copied", v) => {
            let v = match v {
                Some(v) => Some(clone_value(vm, &v).and_then(|c| deref_clone(vm, c))?),
                None => None,
            };
            Ok(Some(option(vm, v)))
        }
        (name, _) => Err(vm.error(format!("no method named `{name}` found for `Option` in Pollscope"))),
    }
}

/// `cloned()` of an `Option<&T>`: the `T`.
pub(super) fn deref_clone(vm: &Vm<'_, '_>, v: Value) -> VmResult<Value> {
    match v {
        Value::Ref(p) => ops::clone_at(vm, &p),
        other => Ok(other),
    }
}
