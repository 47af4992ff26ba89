//! Methods and functions of std types and of the prelude, by receiver kind.
//!
//! Each returns `Some(value)`, or `None` when it pushed a frame whose result arrives on the
//! operand stack later (a call of an interpreted method).

use std::collections::VecDeque;
use std::rc::Rc;

use super::host::{host_value, task_name, to_host};
use super::ops::{self, clone_value, deref_value, with_value};
use super::value::*;
use super::{Begun, Unwind, Vm, VmResult};
use crate::program::*;
use crate::ty::{IntTy, Ty};

fn option(vm: &Vm<'_, '_>, v: Option<Value>) -> Value {
    let def = vm.rt.program.enums[OPTION as usize].clone();
    match v {
        Some(v) => Value::Enum(def, 1, vec![v]),
        None => Value::Enum(def, 0, vec![]),
    }
}

fn result(vm: &Vm<'_, '_>, v: Result<Value, Value>) -> Value {
    let def = vm.rt.program.enums[RESULT as usize].clone();
    match v {
        Ok(v) => Value::Enum(def, 0, vec![v]),
        Err(e) => Value::Enum(def, 1, vec![e]),
    }
}

fn usize_value(n: usize) -> Value {
    Value::Int(n as i128, IntTy::Usize)
}

/// What a receiver is, after following pointers as far as the method needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Future,
    Option,
    Result,
    Poll,
    Vec,
    Str,
    Int,
    Char,
    Bool,
    Rc,
    Box,
    RefCell,
    Cell,
    Mutex,
    Waker,
    WakerRef,
    Context,
    Iter,
    Range,
    Ref,
    Guard,
    Other,
}

fn kind_of(v: &Value) -> Kind {
    match v {
        Value::Struct(..) => Kind::User,
        Value::Enum(def, ..) if def.id == OPTION => Kind::Option,
        Value::Enum(def, ..) if def.id == RESULT => Kind::Result,
        Value::Enum(def, ..) if def.id == POLL => Kind::Poll,
        Value::Enum(..) => Kind::User,
        Value::Future(_) => Kind::Future,
        Value::Vec(_) | Value::Array(_) => Kind::Vec,
        Value::Str(_) | Value::String(_) => Kind::Str,
        Value::Int(..) => Kind::Int,
        Value::Char(_) => Kind::Char,
        Value::Bool(_) => Kind::Bool,
        Value::Rc(..) => Kind::Rc,
        Value::Box(_) => Kind::Box,
        Value::RefCell(_) => Kind::RefCell,
        Value::Cell(_) => Kind::Cell,
        Value::Mutex(_) => Kind::Mutex,
        Value::Waker(_) => Kind::Waker,
        Value::WakerRef(_) => Kind::WakerRef,
        Value::Context(_) => Kind::Context,
        Value::Iter(_) => Kind::Iter,
        Value::Range(..) => Kind::Range,
        Value::Ref(_) => Kind::Ref,
        Value::Guard(_) => Kind::Guard,
        _ => Kind::Other,
    }
}

/// Methods that pointers themselves answer (rather than what they point to).
fn pointer_method(kind: Kind, name: &str) -> bool {
    match kind {
        Kind::Rc => name == "clone",
        Kind::Box | Kind::Ref => matches!(name, "as_mut" | "as_ref" | "get_mut" | "set" | "poll"),
        _ => false,
    }
}

pub fn call_method(vm: &mut Vm<'_, '_>, recv: Place, name: &str, args: Vec<Value>) -> VmResult<Option<Value>> {
    let program = vm.rt.program.clone();
    // Follow pointers until a value that has this method (user types first).
    let mut place = recv;
    for _ in 0..16 {
        let (kind, user) = vm.with(&place, |v| {
            let user = match v {
                Value::Struct(def, _) => program.method(&def.name, name),
                Value::Enum(def, _, _) => program.method(&def.name, name),
                _ => None,
            };
            (kind_of(v), user)
        })?;
        if let Some(id) = user {
            return call_user_method(vm, id, place, args);
        }
        let is_pointer = matches!(kind, Kind::Ref | Kind::Box | Kind::Rc | Kind::Guard);
        if !is_pointer || pointer_method(kind, name) {
            return builtin_method(vm, kind, place, name, args);
        }
        place = vm.deref(&place)?;
    }
    Err(vm.error(format!("no method named `{name}` found")))
}

fn call_user_method(vm: &mut Vm<'_, '_>, id: FnId, place: Place, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let self_kind = vm.rt.program.fns[id as usize].self_kind;
    let receiver = match self_kind {
        Some(SelfKind::Value) => vm.load(&place)?,
        Some(_) => Value::Ref(place),
        None => return Err(vm.error("this associated function has no `self`: call it with `Type::name(..)`")),
    };
    args.insert(0, receiver);
    vm.coerce_args(id, &mut args)?;
    vm.start_call(id, args, None)?;
    Ok(None)
}

fn arg(vm: &Vm<'_, '_>, args: &mut [Value], i: usize) -> VmResult<Value> {
    if i < args.len() { Ok(std::mem::replace(&mut args[i], Value::Uninit)) } else { Err(vm.error("missing argument")) }
}

fn int_arg(vm: &Vm<'_, '_>, v: Value) -> VmResult<(i128, IntTy)> {
    match deref_value(vm, v)? {
        Value::Int(n, t) => Ok((n, t)),
        other => Err(vm.error(format!("expected an integer, found {}", other.kind()))),
    }
}

fn text_of(vm: &Vm<'_, '_>, v: &Value) -> VmResult<String> {
    let mut out = None;
    with_value(vm, v, &mut |v| {
        out = match v {
            Value::Str(s) => Some(s.to_string()),
            Value::String(s) => Some(s.clone()),
            Value::Char(c) => Some(c.to_string()),
            _ => None,
        }
    })?;
    out.ok_or_else(|| vm.error("expected a string"))
}

fn builtin_method(
    vm: &mut Vm<'_, '_>,
    kind: Kind,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    // Methods every type has.
    match name {
        "clone" | "to_owned" if kind != Kind::Str || name == "clone" => return ops::clone_at(vm, &place).map(Some),
        "to_string" => {
            let mut text = None;
            with_value(vm, &Value::Ref(place.clone()), &mut |v| {
                text = match v {
                    Value::Str(s) => Some(s.to_string()),
                    Value::String(s) => Some(s.clone()),
                    Value::Int(n, _) => Some(n.to_string()),
                    Value::Char(c) => Some(c.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                }
            })?;
            return match text {
                Some(t) => Ok(Some(Value::String(t))),
                None => Err(vm.error("this value doesn't implement `std::fmt::Display`")),
            };
        }
        "eq" | "ne" => {
            let other = arg(vm, &mut args, 0)?;
            let eq = ops::equal(vm, &Value::Ref(place), &other)?;
            return Ok(Some(Value::Bool(if name == "eq" { eq } else { !eq })));
        }
        "cmp" | "partial_cmp" => {
            let other = arg(vm, &mut args, 0)?;
            let ord = ops::compare(vm, &Value::Ref(place), &other)?;
            let def = vm.rt.program.enums[ORDERING as usize].clone();
            let v = ord.map(|o| Value::Enum(def, (o as i8 + 1) as u32, vec![]));
            return Ok(Some(if name == "cmp" { v.unwrap_or(Value::Unit) } else { option(vm, v) }));
        }
        _ => {}
    }
    match kind {
        Kind::Future => future_method(vm, place, name, args),
        Kind::Box | Kind::Ref => pin_method(vm, place, name, args),
        Kind::Waker | Kind::WakerRef => waker_method(vm, kind, place, name, args),
        Kind::Context => match name {
            "waker" => Ok(Some(Value::WakerRef(vm.generation))),
            _ => Err(vm.error(format!("no method `{name}` on `Context` in Pollscope"))),
        },
        Kind::Option => option_method(vm, place, name, args),
        Kind::Result => result_method(vm, place, name, args),
        Kind::Poll => poll_method(vm, place, name, args),
        Kind::Vec => vec_method(vm, place, name, args),
        Kind::Str => str_method(vm, place, name, args),
        Kind::Int => int_method(vm, place, name, args),
        Kind::Char => char_method(vm, place, name, args),
        Kind::RefCell | Kind::Mutex => cell_method(vm, place, name, args),
        Kind::Cell => cell_method(vm, place, name, args),
        Kind::Iter | Kind::Range => iter_method(vm, place, name, args),
        Kind::User if name == "poll" => Err(vm.error("this type does not implement `Future`")),
        _ => {
            let what = vm.with(&place, |v| v.kind())?;
            Err(vm.error(format!("no method named `{name}` found for {what} in Pollscope")))
        }
    }
}

fn future_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, _args: Vec<Value>) -> VmResult<Option<Value>> {
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
fn pin_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
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

fn waker_method(
    vm: &mut Vm<'_, '_>,
    kind: Kind,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let check = |vm: &Vm<'_, '_>, g: u64| -> VmResult<()> {
        if g != vm.generation {
            return Err(vm.error("this `Context` belongs to a `poll` that has returned"));
        }
        Ok(())
    };
    match (kind, name) {
        (Kind::WakerRef, "wake_by_ref") => {
            let g = vm.with(&place, |v| if let Value::WakerRef(g) = v { *g } else { 0 })?;
            check(vm, g)?;
            vm.cx.waker().wake_by_ref();
        }
        (Kind::WakerRef, "wake") => {
            return Err(vm.error("cannot move out of `*cx.waker()`: call `wake_by_ref`, or `clone()` first"));
        }
        (Kind::Waker, "wake") => {
            let w = vm.load(&place)?;
            if let Value::Waker(w) = w {
                w.wake();
            }
        }
        (Kind::Waker, "wake_by_ref") => {
            vm.with(&place, |v| {
                if let Value::Waker(w) = v {
                    w.wake_by_ref();
                }
            })?;
        }
        (_, "will_wake") => {
            let other = arg(vm, &mut args, 0)?;
            let other_waker = waker_of(vm, &other)?;
            let mine = match vm.with(&place, |v| match v {
                Value::Waker(w) => Some(w.clone_for_compare()),
                _ => None,
            })? {
                Some(w) => w,
                None => WakerId::of(vm.cx.waker()),
            };
            return Ok(Some(Value::Bool(mine == other_waker)));
        }
        _ => return Err(vm.error(format!("no method named `{name}` found for `Waker` in Pollscope"))),
    }
    if pollscope_executor::is_halted() {
        return Err(Unwind::Halt);
    }
    Ok(Some(Value::Unit))
}

/// A waker's identity (`will_wake` compares data pointer and vtable).
#[derive(PartialEq, Eq)]
pub struct WakerId(*const (), *const std::task::RawWakerVTable);

impl WakerId {
    fn of(w: &std::task::Waker) -> WakerId {
        WakerId(w.data(), w.vtable())
    }
}

trait CompareWaker {
    fn clone_for_compare(&self) -> WakerId;
}

impl CompareWaker for std::task::Waker {
    fn clone_for_compare(&self) -> WakerId {
        WakerId::of(self)
    }
}

fn waker_of(vm: &Vm<'_, '_>, v: &Value) -> VmResult<WakerId> {
    let mut out = None;
    let generation = vm.generation;
    with_value(vm, v, &mut |v| {
        out = match v {
            Value::Waker(w) => Some(Ok(WakerId::of(w))),
            Value::WakerRef(g) => Some(Err(*g)),
            _ => None,
        }
    })?;
    match out {
        Some(Ok(id)) => Ok(id),
        Some(Err(g)) if g == generation => Ok(WakerId::of(vm.cx.waker())),
        _ => Err(vm.error("`will_wake` needs a `&Waker`")),
    }
}

fn take_variant(vm: &Vm<'_, '_>, place: &Place) -> VmResult<(u32, Option<Value>)> {
    let v = vm.with(place, |v| match v.try_copy() {
        Some(c) => c,
        None => std::mem::replace(v, Value::Uninit),
    })?;
    match v {
        Value::Enum(_, variant, mut fields) => Ok((variant, fields.pop())),
        other => Err(vm.error(format!("expected an enum, found {}", other.kind()))),
    }
}

fn option_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let is_some = vm.with(&place, |v| matches!(v, Value::Enum(_, 1, _)))?;
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
fn deref_clone(vm: &Vm<'_, '_>, v: Value) -> VmResult<Value> {
    match v {
        Value::Ref(p) => ops::clone_at(vm, &p),
        other => Ok(other),
    }
}

fn result_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let is_ok = vm.with(&place, |v| matches!(v, Value::Enum(_, 0, _)))?;
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

fn poll_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let ready = vm.with(&place, |v| matches!(v, Value::Enum(_, 0, _)))?;
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

fn vec_len(vm: &Vm<'_, '_>, place: &Place) -> VmResult<usize> {
    vm.with(place, |v| match v {
        Value::Vec(items) | Value::Array(items) => items.len(),
        _ => 0,
    })
}

fn vec_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
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
            vm.alloc(1)?;
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
                vm.alloc(1)?;
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

fn str_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let text = text_of(vm, &Value::Ref(place.clone()))?;
    match name {
        "len" => Ok(Some(usize_value(text.len()))),
        "is_empty" => Ok(Some(Value::Bool(text.is_empty()))),
        "as_str" | "trim" | "to_uppercase" | "to_lowercase" | "to_owned" | "into" => {
            let out = match name {
                "trim" => text.trim().to_string(),
                "to_uppercase" => text.to_uppercase(),
                "to_lowercase" => text.to_lowercase(),
                _ => text,
            };
            Ok(Some(if matches!(name, "as_str" | "trim") { Value::Str(out.into()) } else { Value::String(out) }))
        }
        "push_str" | "push" => {
            let more = text_of(vm, &arg(vm, &mut args, 0)?)?;
            vm.alloc(more.len() as u64)?;
            vm.with(&place, |v| {
                if let Value::String(s) = v {
                    s.push_str(&more);
                }
            })?;
            Ok(Some(Value::Unit))
        }
        "contains" | "starts_with" | "ends_with" => {
            let needle = text_of(vm, &arg(vm, &mut args, 0)?)?;
            let r = match name {
                "contains" => text.contains(&needle),
                "starts_with" => text.starts_with(&needle),
                _ => text.ends_with(&needle),
            };
            Ok(Some(Value::Bool(r)))
        }
        "repeat" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            vm.alloc((text.len() as u64).saturating_mul(n as u64))?;
            Ok(Some(Value::String(text.repeat(n as usize))))
        }
        "chars" => Ok(Some(Value::Iter(Box::new(Iter::Items(text.chars().map(Value::Char).collect()))))),
        "split_whitespace" => Ok(Some(Value::Iter(Box::new(Iter::Items(
            text.split_whitespace().map(|s| Value::Str(s.into())).collect(),
        ))))),
        "lines" => Ok(Some(Value::Iter(Box::new(Iter::Items(text.lines().map(|s| Value::Str(s.into())).collect()))))),
        "split" => {
            let sep = text_of(vm, &arg(vm, &mut args, 0)?)?;
            Ok(Some(Value::Iter(Box::new(Iter::Items(
                text.split(sep.as_str()).map(|s| Value::Str(s.into())).collect(),
            )))))
        }
        "replace" => {
            let from = text_of(vm, &arg(vm, &mut args, 0)?)?;
            let to = text_of(vm, &arg(vm, &mut args, 1)?)?;
            let out = text.replace(from.as_str(), &to);
            vm.alloc(out.len() as u64)?;
            Ok(Some(Value::String(out)))
        }
        "char_indices" => Ok(Some(Value::Iter(Box::new(Iter::Items(
            text.char_indices().map(|(i, c)| Value::Tuple(vec![usize_value(i), Value::Char(c)])).collect(),
        ))))),
        "bytes" => Ok(Some(Value::Iter(Box::new(Iter::Items(
            text.bytes().map(|b| Value::Int(b as i128, IntTy::U8)).collect(),
        ))))),
        "split_once" => {
            let sep = text_of(vm, &arg(vm, &mut args, 0)?)?;
            let parts = text
                .split_once(sep.as_str())
                .map(|(a, b)| Value::Tuple(vec![Value::Str(a.into()), Value::Str(b.into())]));
            Ok(Some(option(vm, parts)))
        }
        "find" => {
            let needle = text_of(vm, &arg(vm, &mut args, 0)?)?;
            Ok(Some(option(vm, text.find(needle.as_str()).map(usize_value))))
        }
        _ => Err(vm.error(format!("no method named `{name}` found for strings in Pollscope"))),
    }
}

fn int_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let (n, ty) = int_arg(vm, Value::Ref(place))?;
    let other = |vm: &Vm<'_, '_>, args: &mut [Value]| -> VmResult<i128> { Ok(int_arg(vm, arg(vm, args, 0)?)?.0) };
    let v = |x: i128| Value::Int(x, ty);
    Ok(Some(match name {
        "abs" => match n.checked_abs() {
            Some(a) if ty.fits(a) => v(a),
            _ => return Err(vm.panic("attempt to negate with overflow")),
        },
        "pow" => {
            let e = other(vm, &mut args)?;
            let r = (0..e).try_fold(1i128, |acc, _| acc.checked_mul(n).filter(|r| ty.fits(*r)));
            match r {
                Some(r) => v(r),
                None => return Err(vm.panic("attempt to multiply with overflow")),
            }
        }
        "min" => v(n.min(other(vm, &mut args)?)),
        "max" => v(n.max(other(vm, &mut args)?)),
        "clamp" => {
            let lo = other(vm, &mut args)?;
            let hi = int_arg(vm, arg(vm, &mut args, 1)?)?.0;
            v(n.clamp(lo, hi))
        }
        "signum" => v(n.signum()),
        "is_positive" => Value::Bool(n > 0),
        "is_negative" => Value::Bool(n < 0),
        "wrapping_add" => v(ty.wrap(n + other(vm, &mut args)?)),
        "wrapping_sub" => v(ty.wrap(n - other(vm, &mut args)?)),
        "wrapping_mul" => v(ty.wrap(n.wrapping_mul(other(vm, &mut args)?))),
        "saturating_add" => v((n + other(vm, &mut args)?).clamp(ty.min(), ty.max())),
        "saturating_sub" => v((n - other(vm, &mut args)?).clamp(ty.min(), ty.max())),
        "checked_add" | "checked_sub" | "checked_mul" | "checked_div" | "checked_rem" => {
            let b = other(vm, &mut args)?;
            let r = match name {
                "checked_add" => n.checked_add(b),
                "checked_sub" => n.checked_sub(b),
                "checked_mul" => n.checked_mul(b),
                "checked_div" => n.checked_div(b),
                _ => n.checked_rem(b),
            };
            option(vm, r.filter(|r| ty.fits(*r)).map(v))
        }
        "rem_euclid" => {
            let b = other(vm, &mut args)?;
            if b == 0 {
                return Err(vm.panic("attempt to calculate the remainder with a divisor of zero"));
            }
            v(n.rem_euclid(b))
        }
        "count_ones" => {
            Value::Int((ty.wrap(n) as u128 & (u128::MAX >> (128 - ty.bits()))).count_ones() as i128, IntTy::U32)
        }
        "abs_diff" => {
            let b = other(vm, &mut args)?;
            let t = match ty {
                IntTy::I8 => IntTy::U8,
                IntTy::I16 => IntTy::U16,
                IntTy::I32 | IntTy::Infer => IntTy::U32,
                IntTy::I64 => IntTy::U64,
                IntTy::I128 => IntTy::U128,
                IntTy::Isize => IntTy::Usize,
                t => t,
            };
            Value::Int((n - b).abs(), t)
        }
        "is_power_of_two" => Value::Bool(n > 0 && (n & (n - 1)) == 0),
        _ => return Err(vm.error(format!("no method named `{name}` found for `{ty}` in Pollscope"))),
    }))
}

fn char_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let c = match deref_value(vm, Value::Ref(place))? {
        Value::Char(c) => c,
        _ => return Err(vm.error("expected a char")),
    };
    Ok(Some(match name {
        "is_alphabetic" => Value::Bool(c.is_alphabetic()),
        "is_numeric" => Value::Bool(c.is_numeric()),
        "is_alphanumeric" => Value::Bool(c.is_alphanumeric()),
        "is_ascii_digit" => Value::Bool(c.is_ascii_digit()),
        "is_whitespace" => Value::Bool(c.is_whitespace()),
        "is_uppercase" => Value::Bool(c.is_uppercase()),
        "is_lowercase" => Value::Bool(c.is_lowercase()),
        "to_ascii_uppercase" => Value::Char(c.to_ascii_uppercase()),
        "to_ascii_lowercase" => Value::Char(c.to_ascii_lowercase()),
        "is_ascii_uppercase" => Value::Bool(c.is_ascii_uppercase()),
        "is_ascii_lowercase" => Value::Bool(c.is_ascii_lowercase()),
        "is_ascii_alphabetic" => Value::Bool(c.is_ascii_alphabetic()),
        "is_ascii_punctuation" => Value::Bool(c.is_ascii_punctuation()),
        "is_ascii" => Value::Bool(c.is_ascii()),
        "to_digit" => {
            let (radix, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            if !(2..=36).contains(&radix) {
                return Err(vm.panic("to_digit: invalid radix -- radix must be in the range 2 to 36 inclusive"));
            }
            option(vm, c.to_digit(radix as u32).map(|d| Value::Int(d as i128, IntTy::U32)))
        }
        _ => return Err(vm.error(format!("no method named `{name}` found for `char` in Pollscope"))),
    }))
}

fn cell_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let inner = place.project(Proj::Inner);
    let flag = vm.with(&place, |v| match v {
        Value::RefCell(c) | Value::Mutex(c) => Some(c.borrow.clone()),
        _ => None,
    })?;
    let is_mutex = vm.with(&place, |v| matches!(v, Value::Mutex(_)))?;
    match (name, flag) {
        ("borrow", Some(flag)) => {
            if flag.get() < 0 {
                return Err(vm.panic("RefCell already mutably borrowed"));
            }
            flag.set(flag.get() + 1);
            Ok(Some(Value::Guard(Box::new(Guard { place: inner, borrow: flag, mutable: false, kind: GuardKind::Ref }))))
        }
        ("try_borrow" | "try_borrow_mut", Some(flag)) => {
            let mutable = name == "try_borrow_mut";
            if (mutable && flag.get() != 0) || flag.get() < 0 {
                let error = if mutable { "BorrowMutError" } else { "BorrowError" };
                let def = Rc::new(StructDef {
                    id: u32::MAX,
                    name: error.into(),
                    shape: Shape::Unit,
                    fields: Vec::new(),
                    derives: Derives { debug: true, ..Derives::default() },
                });
                return Ok(Some(result(vm, Err(Value::Struct(def, Vec::new())))));
            }
            flag.set(if mutable { -1 } else { flag.get() + 1 });
            let kind = if mutable { GuardKind::RefMut } else { GuardKind::Ref };
            Ok(Some(result(vm, Ok(Value::Guard(Box::new(Guard { place: inner, borrow: flag, mutable, kind }))))))
        }
        ("borrow_mut", Some(flag)) => {
            if flag.get() != 0 {
                return Err(vm.panic("RefCell already borrowed"));
            }
            flag.set(-1);
            Ok(Some(Value::Guard(Box::new(Guard {
                place: inner,
                borrow: flag,
                mutable: true,
                kind: GuardKind::RefMut,
            }))))
        }
        ("lock", Some(flag)) if is_mutex => {
            if flag.get() != 0 {
                return Err(
                    vm.error("deadlock: this `Mutex` is already locked by the same task (std would block forever)")
                );
            }
            flag.set(-1);
            let guard =
                Value::Guard(Box::new(Guard { place: inner, borrow: flag, mutable: true, kind: GuardKind::Mutex }));
            Ok(Some(result(vm, Ok(guard))))
        }
        ("get", None) => {
            let v = vm.with(&inner, |v| v.try_copy())?;
            v.map(Some).ok_or_else(|| vm.error("`Cell::get` needs a `Copy` value"))
        }
        ("set", None) => {
            let v = arg(vm, &mut args, 0)?;
            let old = vm.with(&inner, |slot| std::mem::replace(slot, v))?;
            drop(old);
            Ok(Some(Value::Unit))
        }
        ("replace", _) => {
            let v = arg(vm, &mut args, 0)?;
            Ok(Some(vm.with(&inner, |slot| std::mem::replace(slot, v))?))
        }
        ("into_inner", _) => {
            let v = vm.load(&place)?;
            match v {
                Value::RefCell(c) | Value::Mutex(c) => Ok(Some(c.value)),
                Value::Cell(v) => Ok(Some(*v)),
                other => Ok(Some(other)),
            }
        }
        ("get_mut", _) => Ok(Some(Value::Ref(inner))),
        (name, _) => Err(vm.error(format!("no method named `{name}` found for this cell in Pollscope"))),
    }
}

/// Iterator methods; a range or collection receiver is turned into an iterator first.
fn iter_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let is_range = vm.with(&place, |v| matches!(v, Value::Range(..)))?;
    if is_range && name == "contains" {
        let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
        let (a, b, incl) = vm.with(&place, |v| match v {
            Value::Range(r) => (r.0, r.1, r.3),
            _ => (None, None, false),
        })?;
        let ok = a.is_none_or(|a| n >= a) && b.is_none_or(|b| if incl { n <= b } else { n < b });
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
                vm.alloc(1)?;
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
    match v {
        Value::Iter(it) => Ok(*it),
        Value::Range(r) => match r.0 {
            Some(a) => Ok(Iter::Range { next: a, end: r.1, ty: r.2, inclusive: r.3, done: false }),
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
            Ok(Iter::Items(if variant == 1 { fields.pop().into_iter().collect() } else { VecDeque::new() }))
        }
        other => Err(vm.error(format!("{} is not an iterator", other.kind()))),
    }
}

pub fn iter_next(vm: &mut Vm<'_, '_>, it: &mut Iter) -> VmResult<Option<Value>> {
    match it {
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
fn shallow(f: &Value) -> Value {
    match f {
        Value::Closure(c) => Value::Closure(c.clone()),
        Value::Fn(id) => Value::Fn(*id),
        _ => Value::Unit,
    }
}

/// Functions called by path: constructors of std types and the prelude.
pub fn call_path(vm: &mut Vm<'_, '_>, path: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let rt = vm.rt.clone();
    let program = rt.program.clone();
    if let Some(prefix) = path.strip_prefix("<prefix>") {
        let msg = text_of(vm, &arg(vm, &mut args, 0)?)?;
        return Ok(Some(Value::String(format!("{prefix}{msg}"))));
    }
    Ok(Some(match path {
        "<print>" => {
            let text = text_of(vm, &arg(vm, &mut args, 0)?)?;
            pollscope_executor::print(&text);
            if pollscope_executor::is_halted() {
                return Err(Unwind::Halt);
            }
            Value::Unit
        }
        "<vec>" => match arg(vm, &mut args, 0)? {
            Value::Array(items) => Value::Vec(items),
            other => other,
        },
        "<assert>==" | "<assert>!=" => {
            let left = arg(vm, &mut args, 0)?;
            let right = arg(vm, &mut args, 1)?;
            let eq = ops::equal(vm, &left, &right)?;
            let want = path.ends_with("==");
            if eq == want {
                return Ok(Some(Value::Unit));
            }
            let op = if want { "==" } else { "!=" };
            let message =
                if args.len() > 2 { format!(": {}", text_of(vm, &arg(vm, &mut args, 2)?)?) } else { String::new() };
            return Err(
                vm.panic(format!("assertion `left {op} right` failed{message}\n  left: {left:?}\n right: {right:?}"))
            );
        }
        "spawn" => {
            let fut = arg(vm, &mut args, 0)?;
            let name = if is_erased(vm, &fut) { "dyn Future".to_string() } else { task_name(&program, &fut) };
            let moved = match &fut {
                Value::Future(Fut::Async(af)) => pollscope_executor::FutureId(af.borrow().id),
                _ => pollscope_executor::FutureId(0),
            };
            let host = to_host(&rt, fut);
            let handle = pollscope_executor::spawn_named(name, host);
            if let Some(task) = handle.id() {
                pollscope_executor::future_spawned(moved, task);
            }
            if pollscope_executor::is_halted() {
                return Err(Unwind::Halt);
            }
            host_value(handle, HostKind::JoinHandle, |v| v)
        }
        "sleep" => {
            let (ms, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            host_value(pollscope_executor::sleep(ms as u64), HostKind::Sleep, |()| Value::Unit)
        }
        "yield_now" => host_value(pollscope_executor::yield_now(), HostKind::YieldNow, |()| Value::Unit),
        "promise" => {
            let (ms, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let value = arg(vm, &mut args, 1)?;
            host_value(pollscope_executor::promise(ms as u64, value), HostKind::Promise, |v| v)
        }
        "user_promise" => {
            let label = text_of(vm, &arg(vm, &mut args, 0)?)?;
            host_value(pollscope_executor::user_promise(&label), HostKind::Promise, Value::Bool)
        }
        "join" => {
            let a = to_host(&rt, arg(vm, &mut args, 0)?);
            let b = to_host(&rt, arg(vm, &mut args, 1)?);
            host_value(pollscope_executor::join(a, b), HostKind::Join, |(a, b)| Value::Tuple(vec![a, b]))
        }
        "future::pending" | "pending" => host_value(std::future::pending::<()>(), HostKind::Pending, |()| Value::Unit),
        "future::ready" | "ready" => {
            let v = arg(vm, &mut args, 0)?;
            host_value(std::future::ready(v), HostKind::Ready, |v| v)
        }
        "drop" | "mem::drop" => {
            drop(arg(vm, &mut args, 0)?);
            Value::Unit
        }
        "cmp::max" | "cmp::min" => {
            let a = arg(vm, &mut args, 0)?;
            let b = arg(vm, &mut args, 1)?;
            let greater = ops::compare(vm, &a, &b)? == Some(std::cmp::Ordering::Greater);
            // `max` keeps the second of two equal values, `min` the first.
            match (path == "cmp::max", greater) {
                (true, true) | (false, false) => a,
                _ => b,
            }
        }
        "Rc::new" | "Arc::new" => Value::Rc(heap(arg(vm, &mut args, 0)?), path.starts_with("Arc")),
        "Rc::clone" | "Arc::clone" => {
            let r = arg(vm, &mut args, 0)?;
            let mut out = None;
            with_value(vm, &r, &mut |_| {})?;
            if let Value::Ref(p) = &r {
                let p = vm.autoderef(p.clone(), |v| matches!(v, Value::Rc(..)))?;
                out = vm.with(&p, |v| match v {
                    Value::Rc(c, a) => Some(Value::Rc(c.clone(), *a)),
                    _ => None,
                })?;
            }
            out.ok_or_else(|| vm.error("`Rc::clone` needs a `&Rc`"))?
        }
        "Rc::strong_count" | "Arc::strong_count" => {
            let r = arg(vm, &mut args, 0)?;
            let Value::Ref(p) = r else { return Err(vm.error("`strong_count` needs a `&Rc`")) };
            let p = vm.autoderef(p, |v| matches!(v, Value::Rc(..)))?;
            let n = vm.with(&p, |v| match v {
                Value::Rc(c, _) => Rc::strong_count(c),
                _ => 0,
            })?;
            usize_value(n)
        }
        "Rc::ptr_eq" => {
            let a = arg(vm, &mut args, 0)?;
            let b = arg(vm, &mut args, 1)?;
            let ptr = |vm: &Vm<'_, '_>, v: Value| -> VmResult<usize> {
                let Value::Ref(p) = v else { return Ok(0) };
                let p = vm.autoderef(p, |v| matches!(v, Value::Rc(..)))?;
                vm.with(&p, |v| match v {
                    Value::Rc(c, _) => Rc::as_ptr(c) as usize,
                    _ => 0,
                })
            };
            Value::Bool(ptr(vm, a)? == ptr(vm, b)?)
        }
        "Box::new" | "Box::pin" => Value::Box(heap(arg(vm, &mut args, 0)?)),
        "<erase>" => {
            let v = arg(vm, &mut args, 0)?;
            if let Value::Box(cell) = &v {
                let mut erased = vm.rt.erased.borrow_mut();
                erased.retain(|w| w.strong_count() > 0);
                erased.push(Rc::downgrade(cell));
            }
            v
        }
        "Pin::new" | "Pin::into_inner" => arg(vm, &mut args, 0)?,
        "RefCell::new" | "Mutex::new" => {
            let cell = Box::new(CellVal { borrow: Default::default(), value: arg(vm, &mut args, 0)? });
            if path == "Mutex::new" { Value::Mutex(cell) } else { Value::RefCell(cell) }
        }
        "Cell::new" => Value::Cell(Box::new(arg(vm, &mut args, 0)?)),
        "Vec::new" | "Vec::with_capacity" | "VecDeque::new" => Value::Vec(Vec::new()),
        "String::new" => Value::String(String::new()),
        "String::from" => Value::String(text_of(vm, &arg(vm, &mut args, 0)?)?),
        "mem::replace" => {
            let target = arg(vm, &mut args, 0)?;
            let v = arg(vm, &mut args, 1)?;
            let Value::Ref(p) = target else { return Err(vm.error("`mem::replace` needs a `&mut`")) };
            vm.with(&p, |slot| std::mem::replace(slot, v))?
        }
        "mem::take" => {
            let target = arg(vm, &mut args, 0)?;
            let Value::Ref(p) = target else { return Err(vm.error("`mem::take` needs a `&mut`")) };
            let (default, named) = vm.with(&p, |v| {
                let named = match v {
                    Value::Struct(def, _) => Some(Ty::Named(def.name.clone(), Vec::new())),
                    _ => None,
                };
                (default_like(&program, v), named)
            })?;
            let default = match (default, named) {
                (Some(d), _) => Some(d),
                (None, Some(ty)) => Some(default_of(vm, &ty)?),
                (None, None) => None,
            };
            let Some(default) = default else {
                return Err(vm.error("`mem::take` of this type is not supported in Pollscope"));
            };
            vm.with(&p, |slot| std::mem::replace(slot, default))?
        }
        "mem::swap" => {
            let (Value::Ref(a), Value::Ref(b)) = (arg(vm, &mut args, 0)?, arg(vm, &mut args, 1)?) else {
                return Err(vm.error("`mem::swap` needs two `&mut`"));
            };
            let va = vm.with(&a, |v| std::mem::replace(v, Value::Uninit))?;
            let vb = vm.with(&b, |v| std::mem::replace(v, va))?;
            vm.with(&a, |v| *v = vb)?;
            Value::Unit
        }
        other => return Err(vm.error(format!("`{other}` is not supported in Pollscope yet"))),
    }))
}

/// Whether `v` is a box coerced to `Box<dyn Future>`.
fn is_erased(vm: &Vm<'_, '_>, v: &Value) -> bool {
    match v {
        Value::Box(cell) => vm.rt.erased.borrow().iter().any(|w| std::ptr::eq(w.as_ptr(), Rc::as_ptr(cell))),
        _ => false,
    }
}

/// `Default::default()` of a type, as `#[derive(Default)]` and std define it.
pub fn default_of(vm: &Vm<'_, '_>, ty: &Ty) -> VmResult<Value> {
    let program = vm.rt.program.clone();
    let unknown = || vm.error("Pollscope cannot tell the type of this `Default::default()`: annotate it");
    Ok(match ty {
        Ty::Int(t) => Value::Int(0, *t),
        Ty::Tuple(items) if items.is_empty() => Value::Unit,
        Ty::Tuple(items) => Value::Tuple(items.iter().map(|t| default_of(vm, t)).collect::<VmResult<_>>()?),
        Ty::Elem(inner) => match &**inner {
            Ty::Named(n, _) if n == "str" => Value::Str("".into()),
            _ => return Err(unknown()),
        },
        Ty::Named(name, args) => {
            let elem = || args.first().cloned().unwrap_or(Ty::Unknown);
            match name.as_str() {
                "bool" => Value::Bool(false),
                "char" => Value::Char('\0'),
                "String" => Value::String(String::new()),
                "Vec" | "VecDeque" => Value::Vec(Vec::new()),
                "Option" => option(vm, None),
                "Box" => Value::Box(heap(default_of(vm, &elem())?)),
                "Rc" | "Arc" => Value::Rc(heap(default_of(vm, &elem())?), name == "Arc"),
                "Cell" => Value::Cell(Box::new(default_of(vm, &elem())?)),
                "RefCell" | "Mutex" => {
                    let cell = Box::new(CellVal { borrow: Default::default(), value: default_of(vm, &elem())? });
                    if name == "Mutex" { Value::Mutex(cell) } else { Value::RefCell(cell) }
                }
                _ => {
                    let Some(def) = program.structs.iter().find(|s| s.name == *name) else {
                        return Err(vm.error(format!("`{name}::default()` is not supported in Pollscope yet")));
                    };
                    if !def.derives.default {
                        return Err(vm.error(format!("`{name}` does not implement `Default`: add #[derive(Default)]")));
                    }
                    let fields = def.fields.iter().map(|(_, t)| default_of(vm, t)).collect::<VmResult<_>>()?;
                    Value::Struct(def.clone(), fields)
                }
            }
        }
        Ty::Unknown => return Err(unknown()),
    })
}

/// `Default::default()` for the type of `v`, where the value tells the type.
fn default_like(program: &Program, v: &Value) -> Option<Value> {
    Some(match v {
        Value::Int(_, t) => Value::Int(0, *t),
        Value::Bool(_) => Value::Bool(false),
        Value::String(_) => Value::String(String::new()),
        Value::Str(_) => Value::Str("".into()),
        Value::Vec(_) => Value::Vec(Vec::new()),
        Value::Enum(def, _, _) if def.id == OPTION => Value::Enum(program.enums[OPTION as usize].clone(), 0, vec![]),
        Value::Unit => Value::Unit,
        _ => return None,
    })
}
