//! Operators: integer arithmetic with rustc's debug-build overflow panics, comparisons through
//! references, casts, and `Clone`.

use std::cmp::Ordering;

use super::value::*;
use super::{Vm, VmResult};
use crate::program::{BinOp, UnOp};
use crate::ty::IntTy;

/// The value behind any number of references (copied when `Copy`). Non-`Copy` values behind a
/// reference are an error here: callers that only read use [`with_value`].
pub fn deref_value(vm: &Vm<'_, '_>, v: Value) -> VmResult<Value> {
    match v {
        Value::Ref(place) => {
            let inner = place.read(|v| v.try_copy()).map_err(|e| vm.error(e))?;
            match inner {
                Some(v) => deref_value(vm, v),
                None => {
                    let kind = place.read(|v| v.kind()).unwrap_or_default();
                    Err(vm.error(format!("cannot move {kind} out of a reference")))
                }
            }
        }
        other => Ok(other),
    }
}

/// Runs `f` on the value behind any number of references, without copying it.
pub fn with_value<R>(vm: &Vm<'_, '_>, v: &Value, f: &mut dyn FnMut(&Value) -> R) -> VmResult<R> {
    match v {
        Value::Ref(place) => {
            let r = place.read(|inner| match inner {
                Value::Ref(_) | Value::Box(_) | Value::Rc(..) | Value::Guard(_) => None,
                other => Some(f(other)),
            });
            match r.map_err(|e| vm.error(e))? {
                Some(r) => Ok(r),
                None => {
                    let next = vm.deref(place)?;
                    with_value(vm, &Value::Ref(next), f)
                }
            }
        }
        Value::Box(cell) | Value::Rc(cell, _) => with_value(vm, &Value::Ref(Place::heap(cell)), f),
        Value::Guard(g) => with_value(vm, &Value::Ref(g.place.clone()), f),
        other => Ok(f(other)),
    }
}

/// An unsuffixed integer stored where a typed one was takes that type, as rustc's inference
/// would have typed the literal.
pub fn adopt(v: Value, slot: &Value) -> Value {
    match (v, slot) {
        (Value::Int(x, IntTy::Infer), Value::Int(_, t)) if *t != IntTy::Infer => Value::Int(x, *t),
        (v, _) => v,
    }
}

fn unify(a: IntTy, b: IntTy) -> IntTy {
    if a == IntTy::Infer { b } else { a }
}

fn overflow(vm: &Vm<'_, '_>, what: &str) -> super::Unwind {
    vm.panic(format!("attempt to {what} with overflow"))
}

pub fn int_binary(vm: &Vm<'_, '_>, op: BinOp, a: i128, at: IntTy, b: i128, bt: IntTy) -> VmResult<Value> {
    let ty = unify(at, bt);
    let checked = |r: Option<i128>, what: &str| -> VmResult<Value> {
        match r {
            Some(v) if ty.fits(v) => Ok(Value::Int(v, ty)),
            _ => Err(overflow(vm, what)),
        }
    };
    match op {
        BinOp::Add => checked(a.checked_add(b), "add"),
        BinOp::Sub => checked(a.checked_sub(b), "subtract"),
        BinOp::Mul => checked(a.checked_mul(b), "multiply"),
        BinOp::Div => {
            if b == 0 {
                return Err(vm.panic("attempt to divide by zero"));
            }
            checked(a.checked_div(b), "divide")
        }
        BinOp::Rem => {
            if b == 0 {
                return Err(vm.panic("attempt to calculate the remainder with a divisor of zero"));
            }
            checked(a.checked_rem(b), "calculate the remainder")
        }
        BinOp::BitAnd => Ok(Value::Int(ty.wrap(a & b), ty)),
        BinOp::BitOr => Ok(Value::Int(ty.wrap(a | b), ty)),
        BinOp::BitXor => Ok(Value::Int(ty.wrap(a ^ b), ty)),
        BinOp::Shl | BinOp::Shr => {
            // The shift amount's type does not change the result's type.
            let ty = at;
            if b < 0 || b >= ty.bits() as i128 {
                let what = if op == BinOp::Shl { "shift left" } else { "shift right" };
                return Err(overflow(vm, what));
            }
            let v = if op == BinOp::Shl { ty.wrap(a << b) } else { a >> b };
            Ok(Value::Int(v, ty))
        }
        BinOp::Eq => Ok(Value::Bool(a == b)),
        BinOp::Ne => Ok(Value::Bool(a != b)),
        BinOp::Lt => Ok(Value::Bool(a < b)),
        BinOp::Le => Ok(Value::Bool(a <= b)),
        BinOp::Gt => Ok(Value::Bool(a > b)),
        BinOp::Ge => Ok(Value::Bool(a >= b)),
    }
}

pub fn binary(vm: &Vm<'_, '_>, op: BinOp, lhs: Value, rhs: Value) -> VmResult<Value> {
    match op {
        BinOp::Eq | BinOp::Ne => {
            let eq = equal(vm, &lhs, &rhs)?;
            return Ok(Value::Bool(if op == BinOp::Eq { eq } else { !eq }));
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = compare(vm, &lhs, &rhs)?;
            let Some(ord) = ord else { return Ok(Value::Bool(false)) };
            return Ok(Value::Bool(match op {
                BinOp::Lt => ord == Ordering::Less,
                BinOp::Le => ord != Ordering::Greater,
                BinOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }));
        }
        _ => {}
    }
    // `String + &str` appends.
    if op == BinOp::Add
        && let Value::String(mut s) = lhs
    {
        let mut text = String::new();
        with_value(vm, &rhs, &mut |v| match v {
            Value::Str(r) => text.push_str(r),
            Value::String(r) => text.push_str(r),
            _ => {}
        })?;
        s.push_str(&text);
        return Ok(Value::String(s));
    }
    let lhs = deref_value(vm, lhs)?;
    let rhs = deref_value(vm, rhs)?;
    match (lhs, rhs) {
        (Value::Int(a, at), Value::Int(b, bt)) => int_binary(vm, op, a, at, b, bt),
        (Value::Duration(a), Value::Duration(b)) => {
            time_sum(vm, op, a, b, Value::Duration, ["adding durations", "subtracting durations"], "two `Duration`s")
        }
        // `Instant` + `Duration`, `Instant` - `Duration`, `Instant` - `Instant` (saturating).
        (Value::Instant(a), Value::Duration(b)) => time_sum(
            vm,
            op,
            a,
            b,
            Value::Instant,
            ["adding duration to instant", "subtracting duration from instant"],
            "an `Instant` and a `Duration`",
        ),
        (Value::Instant(a), Value::Instant(b)) if op == BinOp::Sub => Ok(Value::Duration(a.saturating_sub(b))),
        (Value::Duration(a), Value::Int(b, _)) | (Value::Int(b, _), Value::Duration(a))
            if matches!(op, BinOp::Mul) && (0..=u32::MAX as i128).contains(&b) =>
        {
            a.checked_mul(b as u128)
                .filter(|n| *n <= DURATION_MAX)
                .map(Value::Duration)
                .ok_or_else(|| vm.panic("overflow when multiplying duration by scalar".to_string()))
        }
        (Value::Duration(a), Value::Int(b, _)) if matches!(op, BinOp::Div) && (0..=u32::MAX as i128).contains(&b) => {
            if b == 0 {
                return Err(vm.panic("divide by zero error when dividing duration by scalar".to_string()));
            }
            Ok(Value::Duration(a / b as u128))
        }
        (Value::Bool(a), Value::Bool(b)) => match op {
            BinOp::BitAnd => Ok(Value::Bool(a & b)),
            BinOp::BitOr => Ok(Value::Bool(a | b)),
            BinOp::BitXor => Ok(Value::Bool(a ^ b)),
            _ => Err(vm.error(format!("cannot apply `{op:?}` to `bool`"))),
        },
        (a, b) => Err(vm.error(format!("cannot apply `{op:?}` to {} and {}", a.kind(), b.kind()))),
    }
}

pub fn unary(vm: &Vm<'_, '_>, op: UnOp, v: Value) -> VmResult<Value> {
    match (op, deref_value(vm, v)?) {
        (UnOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnOp::Not, Value::Int(x, t)) => Ok(Value::Int(t.wrap(!x), t)),
        (UnOp::Neg, Value::Int(x, t)) => {
            if !t.signed() {
                return Err(vm.error(format!("cannot apply unary operator `-` to type `{t}`")));
            }
            match x.checked_neg() {
                Some(v) if t.fits(v) => Ok(Value::Int(v, t)),
                _ => Err(overflow(vm, "negate")),
            }
        }
        (op, other) => Err(vm.error(format!("cannot apply `{op:?}` to {}", other.kind()))),
    }
}

pub fn cast(vm: &Vm<'_, '_>, v: Value, ty: IntTy) -> VmResult<Value> {
    match deref_value(vm, v)? {
        Value::Int(x, _) => Ok(Value::Int(ty.wrap(x), ty)),
        Value::Char(c) => Ok(Value::Int(ty.wrap(c as i128), ty)),
        Value::Bool(b) => Ok(Value::Int(b as i128, ty)),
        // A field-less enum casts to its discriminant (rustc refuses `as` on enums with fields).
        Value::Enum(def, v, _) if def.variants.iter().all(|v| v.fields.is_empty()) => {
            Ok(Value::Int(ty.wrap(def.variants[v as usize].discriminant), ty))
        }
        other => Err(vm.error(format!("cannot cast {} as `{ty}`", other.kind()))),
    }
}

pub fn make_range(vm: &Vm<'_, '_>, start: Option<Value>, end: Option<Value>, inclusive: bool) -> VmResult<Value> {
    let int = |v: Option<Value>| -> VmResult<Option<(i128, IntTy)>> {
        match v {
            None => Ok(None),
            Some(v) => match deref_value(vm, v)? {
                Value::Int(x, t) => Ok(Some((x, t))),
                Value::Char(c) => Ok(Some((c as i128, IntTy::U32))),
                other => Err(vm.error(format!("ranges of {} are not supported", other.kind()))),
            },
        }
    };
    let a = int(start)?;
    let b = int(end)?;
    let ty = match (a, b) {
        (Some((_, x)), Some((_, y))) => unify(x, y),
        (Some((_, x)), None) | (None, Some((_, x))) => x,
        (None, None) => IntTy::Infer,
    };
    Ok(Value::Range(Box::new(RangeValue { start: a.map(|v| v.0), end: b.map(|v| v.0), ty, inclusive })))
}

/// `==` through references, as derived `PartialEq` compares.
pub fn equal(vm: &Vm<'_, '_>, a: &Value, b: &Value) -> VmResult<bool> {
    if is_pointer(a) {
        let a2 = snapshot(vm, a)?;
        return equal(vm, &a2, b);
    }
    if is_pointer(b) {
        let b2 = snapshot(vm, b)?;
        return equal(vm, a, &b2);
    }
    Ok(match (a, b) {
        (Value::Unit, Value::Unit) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Duration(x), Value::Duration(y)) | (Value::Instant(x), Value::Instant(y)) => x == y,
        (Value::Char(x), Value::Char(y)) => x == y,
        (Value::Str(_) | Value::String(_), Value::Str(_) | Value::String(_)) => text(a) == text(b),
        (Value::Tuple(x), Value::Tuple(y)) | (Value::Vec(x) | Value::Array(x), Value::Vec(y) | Value::Array(y)) => {
            x.len() == y.len() && all_equal(vm, x, y)?
        }
        (Value::Struct(d1, x), Value::Struct(d2, y)) => {
            d1.id == d2.id && derives_eq(vm, &d1.name, d1.derives.partial_eq)? && all_equal(vm, x, y)?
        }
        (Value::Enum(d1, v1, x), Value::Enum(d2, v2, y)) => {
            d1.id == d2.id && v1 == v2 && derives_eq(vm, &d1.name, d1.derives.partial_eq)? && all_equal(vm, x, y)?
        }
        (Value::Cell(x), Value::Cell(y)) => equal(vm, x, y)?,
        (Value::RefCell(x), Value::RefCell(y)) => equal(vm, &x.value, &y.value)?,
        (x, y) => return Err(vm.error(format!("cannot compare {} with {}", x.kind(), y.kind()))),
    })
}

/// Element-wise `==` of two sequences of the same length.
fn all_equal(vm: &Vm<'_, '_>, x: &[Value], y: &[Value]) -> VmResult<bool> {
    for (p, q) in x.iter().zip(y) {
        if !equal(vm, p, q)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `==` on a program type needs `#[derive(PartialEq)]`, as rustc says.
fn derives_eq(vm: &Vm<'_, '_>, name: &str, derived: bool) -> VmResult<bool> {
    if derived {
        Ok(true)
    } else {
        Err(vm.error(format!("binary operation `==` cannot be applied to type `{name}`: add #[derive(PartialEq)]")))
    }
}

/// `partial_cmp` through references, as derived `PartialOrd` orders.
pub fn compare(vm: &Vm<'_, '_>, a: &Value, b: &Value) -> VmResult<Option<Ordering>> {
    if is_pointer(a) {
        let a2 = snapshot(vm, a)?;
        return compare(vm, &a2, b);
    }
    if is_pointer(b) {
        let b2 = snapshot(vm, b)?;
        return compare(vm, a, &b2);
    }
    let seq = |vm: &Vm<'_, '_>, x: &[Value], y: &[Value]| -> VmResult<Option<Ordering>> {
        for (p, q) in x.iter().zip(y) {
            match compare(vm, p, q)? {
                Some(Ordering::Equal) => {}
                other => return Ok(other),
            }
        }
        Ok(Some(x.len().cmp(&y.len())))
    };
    Ok(match (a, b) {
        (Value::Unit, Value::Unit) => Some(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.partial_cmp(y),
        (Value::Int(x, _), Value::Int(y, _)) => x.partial_cmp(y),
        (Value::Duration(x), Value::Duration(y)) | (Value::Instant(x), Value::Instant(y)) => x.partial_cmp(y),
        (Value::Char(x), Value::Char(y)) => x.partial_cmp(y),
        (Value::Str(_) | Value::String(_), Value::Str(_) | Value::String(_)) => text(a).partial_cmp(text(b)),
        (Value::Tuple(x), Value::Tuple(y)) | (Value::Vec(x) | Value::Array(x), Value::Vec(y) | Value::Array(y)) => {
            seq(vm, x, y)?
        }
        (Value::Struct(d1, x), Value::Struct(d2, y)) if d1.id == d2.id => {
            if !d1.derives.partial_ord {
                return Err(vm.error(format!("`{}` cannot be compared: add #[derive(PartialOrd)]", d1.name)));
            }
            seq(vm, x, y)?
        }
        (Value::Enum(d1, v1, x), Value::Enum(d2, v2, y)) if d1.id == d2.id => {
            if !d1.derives.partial_ord {
                return Err(vm.error(format!("`{}` cannot be compared: add #[derive(PartialOrd)]", d1.name)));
            }
            match v1.cmp(v2) {
                Ordering::Equal => seq(vm, x, y)?,
                other => Some(other),
            }
        }
        (x, y) => return Err(vm.error(format!("cannot compare {} with {}", x.kind(), y.kind()))),
    })
}

fn is_pointer(v: &Value) -> bool {
    matches!(v, Value::Ref(_) | Value::Box(_) | Value::Rc(..) | Value::Guard(_))
}

/// A read-only copy of the value behind a pointer, for comparing (deep, without side effects).
fn snapshot(vm: &Vm<'_, '_>, v: &Value) -> VmResult<Value> {
    let mut out = None;
    with_value(vm, v, &mut |inner| out = Some(shallow_clone(inner)))?;
    out.ok_or_else(|| vm.error("cannot read this value"))
}

/// A copy for comparison only: wakers and futures become `Unit` (they are never compared).
fn shallow_clone(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.clone()),
        Value::Tuple(x) => Value::Tuple(x.iter().map(shallow_clone).collect()),
        Value::Vec(x) => Value::Vec(x.iter().map(shallow_clone).collect()),
        Value::Array(x) => Value::Array(x.iter().map(shallow_clone).collect()),
        Value::Struct(d, x) => Value::Struct(d.clone(), x.iter().map(shallow_clone).collect()),
        Value::Enum(d, i, x) => Value::Enum(d.clone(), *i, x.iter().map(shallow_clone).collect()),
        Value::Cell(x) => Value::Cell(Box::new(shallow_clone(x))),
        Value::RefCell(c) => {
            Value::RefCell(Box::new(CellVal { borrow: c.borrow.clone(), value: shallow_clone(&c.value) }))
        }
        Value::Box(c) => Value::Box(c.clone()),
        Value::Rc(c, a) => Value::Rc(c.clone(), *a),
        Value::Ref(p) => Value::Ref(p.clone()),
        other => other.try_copy().unwrap_or(Value::Unit),
    }
}

fn text(v: &Value) -> &str {
    match v {
        Value::Str(s) => s,
        Value::String(s) => s,
        _ => "",
    }
}

/// `Clone::clone` of a value (deep), with the side effects of the real clones: cloning a
/// `Waker` is a real clone that the executor records; cloning an `Rc` shares it.
pub fn clone_value(vm: &Vm<'_, '_>, v: &Value) -> VmResult<Value> {
    if let Some(copy) = v.try_copy()
        && !matches!(v, Value::Ref(_) | Value::WakerRef(_))
    {
        return Ok(copy);
    }
    Ok(match v {
        Value::String(s) => {
            vm.alloc(s.len() as u64)?;
            Value::String(s.clone())
        }
        Value::Tuple(x) => Value::Tuple(clone_all(vm, x)?),
        Value::Host(h) => match h.try_clone() {
            Some(h) => Value::Host(Box::new(h)),
            None => return Err(vm.error(format!("`{}` cannot be cloned", h.type_name()))),
        },
        Value::Vec(x) => {
            vm.alloc_values(x.len() as u64)?;
            Value::Vec(clone_all(vm, x)?)
        }
        Value::Array(x) => {
            vm.alloc_values(x.len() as u64)?;
            Value::Array(clone_all(vm, x)?)
        }
        Value::Struct(d, x) => {
            if !d.derives.clone {
                return Err(vm.error(format!("no method named `clone` found for `{}`: add #[derive(Clone)]", d.name)));
            }
            Value::Struct(d.clone(), Fields::new(clone_all(vm, x)?, x.hook.as_ref().map(|h| h.again())))
        }
        Value::Enum(d, i, x) => {
            if !d.derives.clone {
                return Err(vm.error(format!("no method named `clone` found for `{}`: add #[derive(Clone)]", d.name)));
            }
            Value::Enum(d.clone(), *i, Fields::new(clone_all(vm, x)?, x.hook.as_ref().map(|h| h.again())))
        }
        Value::Rc(cell, arc) => Value::Rc(cell.clone(), *arc),
        Value::Box(cell) => {
            let inner = clone_value(vm, &cell.borrow())?;
            Value::Box(heap(inner))
        }
        Value::RefCell(c) => {
            if c.borrow.get() < 0 {
                return Err(vm.panic("RefCell already mutably borrowed"));
            }
            Value::RefCell(Box::new(CellVal { borrow: Default::default(), value: clone_value(vm, &c.value)? }))
        }
        Value::Cell(x) => Value::Cell(Box::new(clone_value(vm, x)?)),
        Value::Waker(w) => Value::Waker(w.clone()),
        Value::WakerRef(g) => {
            if *g != vm.generation {
                return Err(vm.error("this `Context` belongs to a `poll` that has returned"));
            }
            Value::Waker(vm.cx.waker().clone())
        }
        Value::Ref(place) => {
            let inner = place.read(|v| matches!(v, Value::Ref(_))).map_err(|e| vm.error(e))?;
            if inner {
                let next = vm.deref(place)?;
                return clone_value(vm, &Value::Ref(next));
            }
            return clone_at(vm, place);
        }
        Value::Closure(c) => Value::Closure(c.clone()),
        Value::Range(r) => Value::Range(r.clone()),
        Value::Duration(n) => Value::Duration(*n),
        Value::Instant(n) => Value::Instant(*n),
        other => return Err(vm.error(format!("{} cannot be cloned", other.kind()))),
    })
}

/// A clone of the value at `place`. The value is taken out while it is cloned (cloning a waker
/// reaches the executor, which must not find the place borrowed) and put back after.
pub fn clone_at(vm: &Vm<'_, '_>, place: &Place) -> VmResult<Value> {
    let taken = place.with(|v| std::mem::replace(v, Value::Uninit)).map_err(|e| vm.error(e))?;
    let result = clone_value(vm, &taken);
    let _ = place.with(|v| *v = taken);
    result
}

fn clone_all(vm: &Vm<'_, '_>, items: &[Value]) -> VmResult<Vec<Value>> {
    items.iter().map(|v| clone_value(vm, v)).collect()
}

/// `a + b` / `a - b` in nanoseconds for `Duration`s and `Instant`s, with std's overflow panics
/// (`overflow when {what}`).
fn time_sum(
    vm: &Vm<'_, '_>,
    op: BinOp,
    a: u128,
    b: u128,
    make: fn(u128) -> Value,
    what: [&str; 2],
    operands: &str,
) -> VmResult<Value> {
    let (n, what) = match op {
        BinOp::Add => (a.checked_add(b).filter(|n| *n <= DURATION_MAX), what[0]),
        BinOp::Sub => (a.checked_sub(b), what[1]),
        _ => return Err(vm.error(format!("cannot apply `{op:?}` to {operands}"))),
    };
    n.map(make).ok_or_else(|| vm.panic(format!("overflow when {what}")))
}
