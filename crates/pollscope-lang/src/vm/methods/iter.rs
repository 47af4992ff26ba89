//! Iterators: adaptors, consumers, and how a value becomes an iterator.

use super::*;

/// Iterator methods; a range or collection receiver is turned into an iterator first.
pub(super) fn iter_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let is_range = vm.with(&place, |v| matches!(v, Value::Range(..)))?;
    if is_range && name == "contains" {
        let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
        let ok = vm.with(&place, |v| matches!(v, Value::Range(r) if r.contains(n)))?;
        return Ok(Some(Value::Bool(ok)));
    }
    let v = vm.load(&place)?;
    let mut it = match v {
        Value::Iter(it) => *it,
        Value::Vec(_) | Value::Array(_) => {
            // `v.map(..)` is not Rust, but `v.iter().map(..)` landed here through a temporary.
            into_iter(vm, v)?
        }
        other => into_iter(vm, other)?,
    };
    let wrap = |it: Iter| Ok(Some(Value::Iter(Box::new(it))));
    match name {
        "next" => {
            let n = iter_next(vm, &mut it)?;
            vm.with(&place, |slot| *slot = Value::Iter(Box::new(it)))?;
            Ok(Some(option(vm, n)))
        }
        "iter" | "into_iter" | "iter_mut" | "by_ref" => wrap(it),
        "map" => wrap(Iter::Map(Box::new(it), arg(vm, &mut args, 0)?)),
        "filter" => wrap(Iter::Filter(Box::new(it), arg(vm, &mut args, 0)?)),
        "enumerate" => wrap(Iter::Enumerate(Box::new(it), 0)),
        "rev" => wrap(Iter::Rev(Box::new(it))),
        "skip" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            wrap(Iter::Skip(Box::new(it), n as usize))
        }
        "take" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            wrap(Iter::Take(Box::new(it), n as usize))
        }
        "zip" => {
            let other = into_iter(vm, arg(vm, &mut args, 0)?)?;
            wrap(Iter::Zip(Box::new(it), Box::new(other)))
        }
        "chain" => {
            let other = into_iter(vm, arg(vm, &mut args, 0)?)?;
            wrap(Iter::Chain(Box::new(it), Box::new(other)))
        }
        "step_by" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            if n == 0 {
                return Err(vm.panic("assertion failed: step != 0"));
            }
            wrap(Iter::StepBy(Box::new(it), n as usize, true))
        }
        "take_while" => wrap(Iter::TakeWhile(Box::new(it), arg(vm, &mut args, 0)?, false)),
        "skip_while" => wrap(Iter::SkipWhile(Box::new(it), arg(vm, &mut args, 0)?, true)),
        "flat_map" => wrap(Iter::FlatMap(Box::new(it), arg(vm, &mut args, 0)?, None)),
        "nth" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let mut out = None;
            for i in 0..=n {
                match iter_next(vm, &mut it)? {
                    Some(v) if i == n => out = Some(v),
                    Some(_) => {}
                    None => break,
                }
            }
            vm.with(&place, |slot| *slot = Value::Iter(Box::new(it)))?;
            Ok(Some(option(vm, out)))
        }
        "max_by_key" | "min_by_key" => {
            // `max_by_key` keeps the last of equal keys, `min_by_key` the first.
            let f = arg(vm, &mut args, 0)?;
            let mut best: Option<(Value, Value)> = None;
            while let Some(v) = iter_next(vm, &mut it)? {
                let cell = heap(v);
                let key = vm.call_value(&f, vec![Value::Ref(Place::heap(&cell))])?;
                let v = std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit);
                best = Some(match best {
                    None => (key, v),
                    Some((bk, bv)) => {
                        let ord = ops::compare(vm, &key, &bk)?;
                        let better = if name == "max_by_key" {
                            ord != Some(std::cmp::Ordering::Less)
                        } else {
                            ord == Some(std::cmp::Ordering::Less)
                        };
                        if better { (key, v) } else { (bk, bv) }
                    }
                });
            }
            Ok(Some(option(vm, best.map(|(_, v)| v))))
        }
        "cloned" | "copied" => {
            let mut items = VecDeque::new();
            while let Some(v) = iter_next(vm, &mut it)? {
                let c = deref_clone(vm, v)?;
                items.push_back(c);
            }
            wrap(Iter::Items(items))
        }
        "collect_string" => {
            let mut text = String::new();
            while let Some(v) = iter_next(vm, &mut it)? {
                text.push_str(&text_of(vm, &v)?);
            }
            vm.alloc(text.len() as u64)?;
            Ok(Some(Value::String(text)))
        }
        "collect" | "collect_vec" => {
            let mut items = Vec::new();
            while let Some(v) = iter_next(vm, &mut it)? {
                vm.alloc_values(1)?;
                items.push(v);
            }
            Ok(Some(Value::Vec(items)))
        }
        "count" => {
            let mut n = 0;
            while iter_next(vm, &mut it)?.is_some() {
                n += 1;
            }
            Ok(Some(usize_value(n)))
        }
        n if matches!(n.split('_').next(), Some("sum" | "product")) && !n.ends_with('_') => {
            // `sum_u64`: the sum's type, from a turbofish or an annotation.
            let (name, ty) = match name.split_once('_') {
                Some((n, t)) => (n, IntTy::from_name(t)),
                None => (name, None),
            };
            let mut acc: Option<(i128, IntTy)> = ty.map(|t| (if name == "sum" { 0 } else { 1 }, t));
            while let Some(v) = iter_next(vm, &mut it)? {
                let (x, t) = int_arg(vm, v)?;
                acc = Some(match acc {
                    None => (x, t),
                    Some((a, at)) => {
                        let op = if name == "sum" { BinOp::Add } else { BinOp::Mul };
                        match ops::int_binary(vm, op, a, at, x, t)? {
                            Value::Int(r, rt) => (r, rt),
                            _ => (a, at),
                        }
                    }
                });
            }
            let (v, t) = acc.unwrap_or((if name == "sum" { 0 } else { 1 }, IntTy::Infer));
            Ok(Some(Value::Int(v, t)))
        }
        "max" | "min" => {
            let mut best: Option<Value> = None;
            while let Some(v) = iter_next(vm, &mut it)? {
                best = Some(match best {
                    None => v,
                    Some(b) => {
                        let ord = ops::compare(vm, &v, &b)?;
                        let better = match name {
                            "max" => ord != Some(std::cmp::Ordering::Less),
                            _ => ord == Some(std::cmp::Ordering::Less),
                        };
                        if better { v } else { b }
                    }
                });
            }
            Ok(Some(option(vm, best)))
        }
        "last" => {
            let mut last = None;
            while let Some(v) = iter_next(vm, &mut it)? {
                last = Some(v);
            }
            Ok(Some(option(vm, last)))
        }
        "for_each" => {
            let f = arg(vm, &mut args, 0)?;
            while let Some(v) = iter_next(vm, &mut it)? {
                vm.call_value(&f, vec![v])?;
            }
            Ok(Some(Value::Unit))
        }
        "fold" => {
            let mut acc = arg(vm, &mut args, 0)?;
            let f = arg(vm, &mut args, 1)?;
            while let Some(v) = iter_next(vm, &mut it)? {
                acc = vm.call_value(&f, vec![acc, v])?;
            }
            Ok(Some(acc))
        }
        "any" | "all" | "find" | "position" => {
            let f = arg(vm, &mut args, 0)?;
            let mut index = 0;
            while let Some(v) = iter_next(vm, &mut it)? {
                let cell = heap(v);
                let arg_value = if name == "find" {
                    Value::Ref(Place::heap(&cell))
                } else {
                    std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit)
                };
                let called = vm.call_value(&f, vec![arg_value])?;
                let hit = matches!(deref_value(vm, called)?, Value::Bool(true));
                match (name, hit) {
                    ("any", true) => return Ok(Some(Value::Bool(true))),
                    ("all", false) => return Ok(Some(Value::Bool(false))),
                    ("find", true) => {
                        let v = std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit);
                        return Ok(Some(option(vm, Some(v))));
                    }
                    ("position", true) => return Ok(Some(option(vm, Some(usize_value(index))))),
                    _ => {}
                }
                index += 1;
            }
            Ok(Some(match name {
                "any" => Value::Bool(false),
                "all" => Value::Bool(true),
                _ => option(vm, None),
            }))
        }
        "len" => {
            let mut n = 0;
            while iter_next(vm, &mut it)?.is_some() {
                n += 1;
            }
            Ok(Some(usize_value(n)))
        }
        _ => Err(vm.error(format!("no method named `{name}` found for iterators in Pollscope"))),
    }
}

/// An iterator over a value, as `IntoIterator::into_iter` gives: a range, an owned collection,
/// or a reference to one (whose items are references).
pub fn into_iter(vm: &mut Vm<'_, '_>, v: Value) -> VmResult<Iter> {
    // A value of the program's type with `impl Iterator`, or a reference to one.
    let v = if vm.rt.program.user_next && matches!(v, Value::Struct(..) | Value::Enum(..) | Value::Ref(_)) {
        match crate::vm::traits::user_iter(vm, v)? {
            Ok(it) => return Ok(it),
            Err(v) => v,
        }
    } else {
        v
    };
    match v {
        Value::Iter(it) => Ok(*it),
        Value::Range(r) => match r.start {
            Some(a) => Ok(Iter::Range { next: a, end: r.end, ty: r.ty, inclusive: r.inclusive, done: false }),
            None => Err(vm.error("cannot iterate over a range without a start")),
        },
        Value::Vec(items) | Value::Array(items) => Ok(Iter::Items(items.into())),
        Value::Ref(place) => {
            let (is_vec, is_iter) = vm.with(&place, |v| {
                (matches!(v, Value::Vec(_) | Value::Array(_)), matches!(v, Value::Iter(_) | Value::Range(..)))
            })?;
            if is_vec {
                Ok(Iter::Refs { place, index: 0 })
            } else if is_iter {
                let v = vm.load(&place)?;
                into_iter(vm, v)
            } else {
                let target = vm.deref(&place)?;
                into_iter(vm, Value::Ref(target))
            }
        }
        Value::Enum(def, variant, mut fields) if def.id == OPTION => {
            Ok(Iter::Items(if variant == variant::SOME { fields.pop().into_iter().collect() } else { VecDeque::new() }))
        }
        other => Err(vm.error(format!("{} is not an iterator", other.kind()))),
    }
}

pub fn iter_next(vm: &mut Vm<'_, '_>, it: &mut Iter) -> VmResult<Option<Value>> {
    match it {
        Iter::User { next, place } => crate::vm::traits::user_next(vm, *next, place),
        Iter::Range { next, end, ty, inclusive, done } => {
            if *done {
                return Ok(None);
            }
            let n = *next;
            let more = match end {
                Some(e) => {
                    if *inclusive {
                        n <= *e
                    } else {
                        n < *e
                    }
                }
                None => true,
            };
            if !more {
                *done = true;
                return Ok(None);
            }
            if *inclusive && Some(n) == *end {
                *done = true;
            } else {
                *next = n + 1;
            }
            Ok(Some(Value::Int(n, *ty)))
        }
        Iter::CharRange { next, end, inclusive, done } => {
            if *done || (*next > *end) || (!*inclusive && *next == *end) {
                *done = true;
                return Ok(None);
            }
            let c = char::from_u32(*next).unwrap_or('\0');
            *next += 1;
            Ok(Some(Value::Char(c)))
        }
        Iter::Items(items) => Ok(items.pop_front()),
        Iter::Refs { place, index } => {
            let len = vec_len(vm, place)?;
            if *index >= len {
                return Ok(None);
            }
            let p = place.project(Proj::at(*index));
            *index += 1;
            Ok(Some(Value::Ref(p)))
        }
        Iter::Map(inner, f) => match iter_next(vm, inner)? {
            Some(v) => {
                let f = f.try_copy().unwrap_or_else(|| shallow(f));
                Ok(Some(vm.call_value(&f, vec![v])?))
            }
            None => Ok(None),
        },
        Iter::Filter(inner, f) => {
            let f = f.try_copy().unwrap_or_else(|| shallow(f));
            loop {
                let Some(v) = iter_next(vm, inner)? else { return Ok(None) };
                let cell = heap(v);
                let keep = vm.call_value(&f, vec![Value::Ref(Place::heap(&cell))])?;
                if matches!(deref_value(vm, keep)?, Value::Bool(true)) {
                    let v = std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit);
                    return Ok(Some(v));
                }
            }
        }
        Iter::Enumerate(inner, i) => match iter_next(vm, inner)? {
            Some(v) => {
                let n = *i;
                *i += 1;
                Ok(Some(Value::Tuple(vec![usize_value(n), v])))
            }
            None => Ok(None),
        },
        Iter::Rev(inner) => {
            // Materialize, then yield from the back.
            let mut items = VecDeque::new();
            while let Some(v) = iter_next(vm, inner)? {
                items.push_front(v);
            }
            *it = Iter::Items(items);
            iter_next(vm, it)
        }
        Iter::Skip(inner, n) => {
            while *n > 0 {
                *n -= 1;
                if iter_next(vm, inner)?.is_none() {
                    return Ok(None);
                }
            }
            iter_next(vm, inner)
        }
        Iter::Take(inner, n) => {
            if *n == 0 {
                return Ok(None);
            }
            *n -= 1;
            iter_next(vm, inner)
        }
        Iter::Zip(a, b) => match (iter_next(vm, a)?, iter_next(vm, b)?) {
            (Some(x), Some(y)) => Ok(Some(Value::Tuple(vec![x, y]))),
            _ => Ok(None),
        },
        Iter::Chain(a, b) => match iter_next(vm, a)? {
            Some(v) => Ok(Some(v)),
            None => iter_next(vm, b),
        },
        Iter::StepBy(inner, step, first) => {
            if *first {
                *first = false;
                return iter_next(vm, inner);
            }
            for _ in 1..*step {
                if iter_next(vm, inner)?.is_none() {
                    return Ok(None);
                }
            }
            iter_next(vm, inner)
        }
        Iter::TakeWhile(inner, f, done) => {
            if *done {
                return Ok(None);
            }
            let f = f.try_copy().unwrap_or_else(|| shallow(f));
            let Some(v) = iter_next(vm, inner)? else { return Ok(None) };
            let cell = heap(v);
            let keep = vm.call_value(&f, vec![Value::Ref(Place::heap(&cell))])?;
            if matches!(deref_value(vm, keep)?, Value::Bool(true)) {
                return Ok(Some(std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit)));
            }
            *done = true;
            Ok(None)
        }
        Iter::SkipWhile(inner, f, skipping) => {
            let f = f.try_copy().unwrap_or_else(|| shallow(f));
            loop {
                let Some(v) = iter_next(vm, inner)? else { return Ok(None) };
                if !*skipping {
                    return Ok(Some(v));
                }
                let cell = heap(v);
                let skip = vm.call_value(&f, vec![Value::Ref(Place::heap(&cell))])?;
                if !matches!(deref_value(vm, skip)?, Value::Bool(true)) {
                    *skipping = false;
                    return Ok(Some(std::mem::replace(&mut *cell.borrow_mut(), Value::Uninit)));
                }
            }
        }
        Iter::FlatMap(inner, f, current) => loop {
            if let Some(cur) = current {
                if let Some(v) = iter_next(vm, cur)? {
                    return Ok(Some(v));
                }
                *current = None;
            }
            let Some(v) = iter_next(vm, inner)? else { return Ok(None) };
            let f = f.try_copy().unwrap_or_else(|| shallow(f));
            let out = vm.call_value(&f, vec![v])?;
            *current = Some(Box::new(into_iter(vm, out)?));
        },
    }
}

/// A closure value shared by an adaptor (closures are reference-counted).
pub(super) fn shallow(f: &Value) -> Value {
    match f {
        Value::Closure(c) => Value::Closure(c.clone()),
        Value::Fn(id) => Value::Fn(*id),
        _ => Value::Unit,
    }
}
