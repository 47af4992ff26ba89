//! `Vec`, `VecDeque`, arrays and slices.

use super::*;

pub(super) fn vec_len(vm: &Vm<'_, '_>, place: &Place) -> VmResult<usize> {
    vm.with(place, |v| match v {
        Value::Vec(items) | Value::Array(items) => items.len(),
        _ => 0,
    })
}

pub(super) fn vec_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let len = vec_len(vm, &place)?;
    let items_mut = |vm: &Vm<'_, '_>, f: &mut dyn FnMut(&mut Vec<Value>) -> Value| -> VmResult<Value> {
        vm.with(&place, |v| match v {
            Value::Vec(items) | Value::Array(items) => f(items),
            _ => Value::Unit,
        })
    };
    match name {
        "len" => Ok(Some(usize_value(len))),
        "is_empty" => Ok(Some(Value::Bool(len == 0))),
        "push" | "push_back" => {
            let v = arg(vm, &mut args, 0)?;
            vm.alloc_values(1)?;
            let mut v = Some(v);
            items_mut(vm, &mut |items| {
                let v = v.take().expect("pushed once");
                let v = match items.last() {
                    Some(last) => ops::adopt(v, last),
                    None => v,
                };
                items.push(v);
                Value::Unit
            })?;
            Ok(Some(Value::Unit))
        }
        "push_front" => {
            let v = arg(vm, &mut args, 0)?;
            let mut v = Some(v);
            items_mut(vm, &mut |items| {
                items.insert(0, v.take().expect("pushed once"));
                Value::Unit
            })?;
            Ok(Some(Value::Unit))
        }
        "pop" | "pop_back" | "pop_front" => {
            let front = name == "pop_front";
            let v = items_mut(vm, &mut |items| {
                let v = if front { (!items.is_empty()).then(|| items.remove(0)) } else { items.pop() };
                v.map(|v| Value::Tuple(vec![v])).unwrap_or(Value::Unit)
            })?;
            let v = match v {
                Value::Tuple(mut t) => t.pop(),
                _ => None,
            };
            Ok(Some(option(vm, v)))
        }
        "remove" => {
            let (i, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            if i < 0 || i as usize >= len {
                return Err(vm.panic(format!("removal index (is {i}) should be < len (is {len})")));
            }
            Ok(Some(items_mut(vm, &mut |items| items.remove(i as usize))?))
        }
        "insert" => {
            let (i, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let v = arg(vm, &mut args, 1)?;
            if i < 0 || i as usize > len {
                return Err(vm.panic(format!("insertion index (is {i}) should be <= len (is {len})")));
            }
            vm.alloc_values(1)?;
            let mut v = Some(v);
            items_mut(vm, &mut |items| {
                items.insert(i as usize, v.take().expect("inserted once"));
                Value::Unit
            })?;
            Ok(Some(Value::Unit))
        }
        "clear" => {
            let old = items_mut(vm, &mut |items| Value::Vec(std::mem::take(items)))?;
            drop(old);
            Ok(Some(Value::Unit))
        }
        "truncate" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let old = items_mut(vm, &mut |items| Value::Vec(items.split_off((n as usize).min(items.len()))))?;
            drop(old);
            Ok(Some(Value::Unit))
        }
        "contains" => {
            let needle = arg(vm, &mut args, 0)?;
            for i in 0..len {
                if ops::equal(vm, &Value::Ref(place.project(Proj::at(i))), &needle)? {
                    return Ok(Some(Value::Bool(true)));
                }
            }
            Ok(Some(Value::Bool(false)))
        }
        "first" | "last" | "front" | "back" => {
            let i = if matches!(name, "first" | "front") { 0 } else { len.wrapping_sub(1) };
            let v = (len > 0).then(|| Value::Ref(place.project(Proj::at(i))));
            Ok(Some(option(vm, v)))
        }
        "get" | "get_mut" => {
            let (i, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let v = (i >= 0 && (i as usize) < len).then(|| Value::Ref(place.project(Proj::at(i as usize))));
            Ok(Some(option(vm, v)))
        }
        "swap" => {
            let (a, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let (b, _) = int_arg(vm, arg(vm, &mut args, 1)?)?;
            for i in [a, b] {
                if i < 0 || i as usize >= len {
                    return Err(vm.panic(format!("index out of bounds: the len is {len} but the index is {i}")));
                }
            }
            items_mut(vm, &mut |items| {
                items.swap(a as usize, b as usize);
                Value::Unit
            })?;
            Ok(Some(Value::Unit))
        }
        "reverse" => {
            items_mut(vm, &mut |items| {
                items.reverse();
                Value::Unit
            })?;
            Ok(Some(Value::Unit))
        }
        "sort" | "sort_unstable" => {
            // Insertion sort with the VM's comparison (stable, as `sort` is).
            let mut items = match items_mut(vm, &mut |items| Value::Vec(std::mem::take(items)))? {
                Value::Vec(items) => items,
                _ => Vec::new(),
            };
            let mut failure = None;
            for i in 1..items.len() {
                let mut j = i;
                while j > 0 {
                    match ops::compare(vm, &items[j - 1], &items[j]) {
                        Ok(Some(std::cmp::Ordering::Greater)) => {
                            items.swap(j - 1, j);
                            j -= 1;
                        }
                        Ok(_) => break,
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
            }
            let mut items = Some(items);
            items_mut(vm, &mut |slot| {
                *slot = items.take().expect("restored once");
                Value::Unit
            })?;
            match failure {
                Some(e) => Err(e),
                None => Ok(Some(Value::Unit)),
            }
        }
        "sort_by" | "sort_by_key" | "sort_unstable_by" | "sort_unstable_by_key" => {
            // Insertion sort, comparing the elements in place through the closure.
            let f = arg(vm, &mut args, 0)?;
            let by_key = name.ends_with("_key");
            for i in 1..len {
                let mut j = i;
                while j > 0 {
                    let a = Value::Ref(place.project(Proj::at(j - 1)));
                    let b = Value::Ref(place.project(Proj::at(j)));
                    let greater = if by_key {
                        let ka = vm.call_value(&f, vec![a])?;
                        let kb = vm.call_value(&f, vec![b])?;
                        ops::compare(vm, &ka, &kb)? == Some(std::cmp::Ordering::Greater)
                    } else {
                        let ord = vm.call_value(&f, vec![a, b])?;
                        matches!(deref_value(vm, ord)?, Value::Enum(def, 2, _) if def.id == ORDERING)
                    };
                    if !greater {
                        break;
                    }
                    items_mut(vm, &mut |items| {
                        items.swap(j - 1, j);
                        Value::Unit
                    })?;
                    j -= 1;
                }
            }
            Ok(Some(Value::Unit))
        }
        "dedup" => {
            let mut i = 1;
            while i < vec_len(vm, &place)? {
                let a = Value::Ref(place.project(Proj::at(i - 1)));
                let b = Value::Ref(place.project(Proj::at(i)));
                if ops::equal(vm, &a, &b)? {
                    let removed = items_mut(vm, &mut |items| items.remove(i))?;
                    drop(removed);
                } else {
                    i += 1;
                }
            }
            Ok(Some(Value::Unit))
        }
        "extend_from_slice" => {
            let other = arg(vm, &mut args, 0)?;
            let mut it = into_iter(vm, other)?;
            while let Some(v) = iter_next(vm, &mut it)? {
                let mut v = Some(deref_clone(vm, v)?);
                vm.alloc_values(1)?;
                items_mut(vm, &mut |items| {
                    items.push(v.take().expect("pushed once"));
                    Value::Unit
                })?;
            }
            Ok(Some(Value::Unit))
        }
        "windows" | "chunks" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            if n <= 0 {
                let what = if name == "windows" { "window" } else { "chunk" };
                return Err(vm.panic(format!("{what} size must be non-zero")));
            }
            let n = n as usize;
            let view = |from: usize, to: usize| {
                Value::Array((from..to).map(|i| Value::Ref(place.project(Proj::at(i)))).collect())
            };
            let items: VecDeque<Value> = if name == "windows" {
                (0..len.saturating_sub(n - 1)).map(|i| view(i, i + n)).collect()
            } else {
                (0..len).step_by(n).map(|i| view(i, (i + n).min(len))).collect()
            };
            Ok(Some(Value::Iter(Box::new(Iter::Items(items)))))
        }
        "iter" | "iter_mut" => Ok(Some(Value::Iter(Box::new(Iter::Refs { place, index: 0 })))),
        "into_iter" | "drain" => {
            let v = if name == "drain" {
                items_mut(vm, &mut |items| Value::Vec(std::mem::take(items)))?
            } else {
                vm.load(&place)?
            };
            let it = into_iter(vm, v)?;
            Ok(Some(Value::Iter(Box::new(it))))
        }
        "extend" => {
            let other = arg(vm, &mut args, 0)?;
            let mut it = into_iter(vm, other)?;
            while let Some(v) = iter_next(vm, &mut it)? {
                vm.alloc_values(1)?;
                let mut v = Some(v);
                items_mut(vm, &mut |items| {
                    items.push(v.take().expect("pushed once"));
                    Value::Unit
                })?;
            }
            Ok(Some(Value::Unit))
        }
        "retain" => {
            let f = arg(vm, &mut args, 0)?;
            let items = match items_mut(vm, &mut |items| Value::Vec(std::mem::take(items)))? {
                Value::Vec(items) => items,
                _ => Vec::new(),
            };
            let mut kept = Vec::new();
            for item in items {
                let cell = heap(item);
                let keep = vm.call_value(&f, vec![Value::Ref(Place::heap(&cell))])?;
                let item = std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit);
                if matches!(deref_value(vm, keep)?, Value::Bool(true)) {
                    kept.push(item);
                }
            }
            let mut kept = Some(kept);
            items_mut(vm, &mut |slot| {
                *slot = kept.take().expect("restored once");
                Value::Unit
            })?;
            Ok(Some(Value::Unit))
        }
        "join" | "concat" => {
            let sep = if name == "join" { text_of(vm, &arg(vm, &mut args, 0)?)? } else { String::new() };
            let mut parts = Vec::new();
            for i in 0..len {
                parts.push(text_of(vm, &Value::Ref(place.project(Proj::at(i))))?);
            }
            Ok(Some(Value::String(parts.join(&sep))))
        }
        "to_vec" => match ops::clone_at(vm, &place)? {
            Value::Array(items) | Value::Vec(items) => Ok(Some(Value::Vec(items))),
            other => Ok(Some(other)),
        },
        _ => iter_method(vm, place, name, args),
    }
}
