//! Testing a place against a pattern, and binding the pattern's variables from it.
//!
//! Matching through a reference follows it and switches the default binding mode to `ref`
//! (Rust's "match ergonomics"): `match &opt { Some(x) => .. }` binds `x` as a reference.

use super::value::*;
use super::{Vm, VmResult};
use crate::program::Pattern;

/// Whether the value at `place` matches `pat`.
pub fn test(vm: &Vm<'_, '_>, pat: &Pattern, place: &Place) -> VmResult<bool> {
    let place = place.clone();
    test_at(vm, pat, &place)
}

fn test_at(vm: &Vm<'_, '_>, pat: &Pattern, place: &Place) -> VmResult<bool> {
    match pat {
        Pattern::Wild => return Ok(true),
        Pattern::Bind { sub: None, .. } => return Ok(true),
        Pattern::Bind { sub: Some(sub), .. } => return test_at(vm, sub, place),
        Pattern::Or(alts) => {
            for alt in alts {
                if test_at(vm, alt, place)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        Pattern::Deref(inner) => {
            let target = vm.deref(place)?;
            return test_at(vm, inner, &target);
        }
        _ => {}
    }
    // Follow references (match ergonomics) to the value the pattern describes.
    let is_ref = vm.with(place, |v| matches!(v, Value::Ref(_)))?;
    if is_ref {
        let target = vm.deref(place)?;
        return test_at(vm, pat, &target);
    }
    enum Next {
        Done(bool),
        Fields(Vec<(u32, Pattern)>),
        Items(Vec<Pattern>),
    }
    let next = place
        .read(|v| match (pat, v) {
            (Pattern::Int(x), Value::Int(y, _)) => Next::Done(x == y),
            (Pattern::Int(x), Value::Char(c)) => Next::Done(*x == *c as i128),
            (Pattern::Bool(x), Value::Bool(y)) => Next::Done(x == y),
            (Pattern::Char(x), Value::Char(y)) => Next::Done(x == y),
            (Pattern::Str(x), Value::Str(y)) => Next::Done(**x == **y),
            (Pattern::Str(x), Value::String(y)) => Next::Done(**x == **y),
            (Pattern::Unit, Value::Unit) => Next::Done(true),
            (Pattern::Range { lo, hi, inclusive }, v) => {
                let n = match v {
                    Value::Int(n, _) => *n,
                    Value::Char(c) => *c as i128,
                    _ => return Next::Done(false),
                };
                let above = lo.is_none_or(|lo| n >= lo);
                let below = hi.is_none_or(|hi| if *inclusive { n <= hi } else { n < hi });
                Next::Done(above && below)
            }
            (Pattern::Tuple(items), Value::Tuple(values)) => {
                if items.len() != values.len() {
                    return Next::Done(false);
                }
                Next::Fields(items.iter().cloned().enumerate().map(|(i, p)| (i as u32, p)).collect())
            }
            (Pattern::Struct { id, fields }, Value::Struct(def, _)) => {
                if def.id != *id {
                    return Next::Done(false);
                }
                Next::Fields(fields.clone())
            }
            (Pattern::Variant { enum_id, variant, fields }, Value::Enum(def, v, _)) => {
                if def.id != *enum_id || v != variant {
                    return Next::Done(false);
                }
                Next::Fields(fields.clone())
            }
            (Pattern::Slice(items), Value::Vec(values) | Value::Array(values)) => {
                if items.len() != values.len() {
                    return Next::Done(false);
                }
                Next::Items(items.clone())
            }
            _ => Next::Done(false),
        })
        .map_err(|e| vm.error(e))?;
    match next {
        Next::Done(b) => Ok(b),
        Next::Fields(fields) => {
            for (i, p) in &fields {
                if !test_at(vm, p, &place.project(Proj::Field(*i)))? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Next::Items(items) => {
            for (i, p) in items.iter().enumerate() {
                if !test_at(vm, p, &place.project(Proj::at(i)))? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
    }
}

/// Binds the variables of `pat` (which matched) from `place`. `by_ref` is the default binding
/// mode; `peek` binds everything by reference (for guards, before the arm is chosen).
pub fn bind(vm: &mut Vm<'_, '_>, pat: &Pattern, place: &Place, by_ref: bool, peek: bool) -> VmResult<()> {
    match pat {
        Pattern::Wild
        | Pattern::Int(_)
        | Pattern::Bool(_)
        | Pattern::Char(_)
        | Pattern::Str(_)
        | Pattern::Unit
        | Pattern::Range { .. } => Ok(()),
        Pattern::Bind { slot, by_ref: explicit_ref, sub } => {
            let value = if *explicit_ref || by_ref || peek {
                // A binding by reference whose value is `Copy` behaves the same either way;
                // keep the reference so that mutation through `ref mut` works.
                Value::Ref(place.clone())
            } else {
                vm.load(place)?
            };
            let locals = vm.frame().locals.clone();
            let old = std::mem::replace(&mut locals.borrow_mut()[*slot as usize], value);
            drop(old);
            if let Some(sub) = sub {
                // `name @ pat` binds `name` by copy; the sub-pattern's bindings are by reference
                // when `name` moved the value (rustc only allows this for `Copy` values).
                bind(vm, sub, place, by_ref, peek)?;
            }
            Ok(())
        }
        Pattern::Deref(inner) => {
            let target = vm.deref(place)?;
            bind(vm, inner, &target, false, peek)
        }
        Pattern::Or(alts) => {
            for alt in alts {
                if test(vm, alt, place)? {
                    return bind(vm, alt, place, by_ref, peek);
                }
            }
            Ok(())
        }
        _ => {
            let is_ref = vm.with(place, |v| matches!(v, Value::Ref(_)))?;
            if is_ref {
                let target = vm.deref(place)?;
                return bind(vm, pat, &target, true, peek);
            }
            match pat {
                Pattern::Tuple(items) => {
                    for (i, p) in items.iter().enumerate() {
                        bind(vm, p, &place.project(Proj::Field(i as u32)), by_ref, peek)?;
                    }
                }
                Pattern::Struct { fields, .. } | Pattern::Variant { fields, .. } => {
                    for (i, p) in fields {
                        bind(vm, p, &place.project(Proj::Field(*i)), by_ref, peek)?;
                    }
                }
                Pattern::Slice(items) => {
                    for (i, p) in items.iter().enumerate() {
                        bind(vm, p, &place.project(Proj::at(i)), by_ref, peek)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
    }
}
