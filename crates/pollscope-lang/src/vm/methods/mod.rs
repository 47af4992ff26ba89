//! Methods and functions of std types and of the prelude, one file per receiver kind.
//!
//! Each returns `Some(value)`, or `None` when it pushed a frame whose result arrives on the
//! operand stack later (a call of an interpreted method). This file finds the receiver's kind
//! ([`call_method`]) and holds what they share; the methods are in:
//!
//! | file | receiver |
//! |---|---|
//! | `option.rs`, `result.rs`, `poll.rs` | `Option`, `Result`, `Poll` |
//! | `vec.rs`, `string.rs`, `int.rs`, `char.rs` | collections and slices, text, integers, `char` |
//! | `duration.rs` | `std::time::Duration` |
//! | `cell.rs` | `Cell`, `RefCell`, `Mutex` |
//! | `iter.rs` | iterators (adaptors, consumers, `into_iter`) |
//! | `pin.rs`, `waker.rs` | boxed futures and `Pin`; `Waker` and `Context` |
//! | `path.rs` | functions called by path: std constructors and the prelude |

use std::collections::VecDeque;
use std::rc::Rc;

use super::host::{host_value, task_name, to_host};
use super::ops::{self, clone_value, deref_value, with_value};
use super::value::*;
use super::{Begun, Unwind, Vm, VmResult};
use crate::program::*;
use crate::ty::{IntTy, Ty};

mod cell;
mod char;
mod duration;
mod int;
mod iter;
mod option;
mod path;
mod pin;
mod poll;
mod result;
mod string;
mod vec;
mod waker;

use self::cell::*;
use self::char::*;
use self::duration::*;
use self::int::*;
use self::iter::*;
pub use self::iter::{into_iter, iter_next};
use self::option::*;
pub use self::path::call_builtin;
pub(crate) use self::path::spawn_task;
use self::pin::*;
use self::poll::*;
use self::result::*;
use self::string::*;
use self::vec::*;
use self::waker::*;

fn option(vm: &Vm<'_, '_>, v: Option<Value>) -> Value {
    let def = vm.rt.program.enums[OPTION as usize].clone();
    match v {
        Some(v) => Value::Enum(def, variant::SOME, vec![v].into()),
        None => Value::Enum(def, variant::NONE, vec![].into()),
    }
}

pub(crate) fn result(vm: &Vm<'_, '_>, v: Result<Value, Value>) -> Value {
    let def = vm.rt.program.enums[RESULT as usize].clone();
    match v {
        Ok(v) => Value::Enum(def, variant::OK, vec![v].into()),
        Err(e) => Value::Enum(def, variant::ERR, vec![e].into()),
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
    Duration,
    Instant,
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
    Formatter,
    UserContext,
    Host,
    NullPtr,
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
        Value::Duration(_) => Kind::Duration,
        Value::Instant(_) => Kind::Instant,
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
        Value::Formatter(_) => Kind::Formatter,
        Value::UserContext(_) => Kind::UserContext,
        Value::Host(_) => Kind::Host,
        Value::NullPtr => Kind::NullPtr,
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
        Kind::Box | Kind::Ref => matches!(
            name,
            "as_mut"
                | "as_ref"
                | "get_mut"
                | "set"
                | "poll"
                | "is_null"
                | "get_unchecked_mut"
                | "map_unchecked_mut"
                | "map_unchecked"
                | "into_ref"
                | "get_ref"
        ),
        _ => false,
    }
}

pub fn call_method(vm: &mut Vm<'_, '_>, recv: Place, name: &str, args: Vec<Value>) -> VmResult<Option<Value>> {
    let program = vm.rt.program.clone();
    // Follow pointers until a value that has this method (user types first).
    let mut place = recv;
    for _ in 0..16 {
        // std's own methods come first, as inherent methods do in Rust.
        let std_impls = program.std_impls && !crate::builtins::vm_has_method(name);
        let (kind, user) = vm.with(&place, |v| {
            let user = match v {
                Value::Struct(def, _) => program.method(&def.name, name),
                Value::Enum(def, _, _) => program.method(&def.name, name),
                // The program's traits implemented for std types (`impl Summary for String`).
                Value::Int(_, ty) if std_impls => {
                    program.method(if *ty == IntTy::Infer { "i32" } else { ty.name() }, name)
                }
                Value::String(_) if std_impls => program.method("String", name),
                Value::Str(_) if std_impls => program.method("str", name),
                Value::Vec(_) if std_impls => program.method("Vec", name),
                Value::Bool(_) if std_impls => program.method("bool", name),
                Value::Char(_) if std_impls => program.method("char", name),
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

pub(crate) fn text_of(vm: &Vm<'_, '_>, v: &Value) -> VmResult<String> {
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
        // `FutureExt::boxed`/`boxed_local` (futures-rs): `Box::pin(fut)` as a `dyn Future`.
        "boxed" | "boxed_local" if matches!(kind, Kind::Future | Kind::User) => {
            let v = vm.load(&place)?;
            let boxed = Value::Box(heap(v));
            return call_builtin(vm, crate::builtins::Builtin::EraseFuture, vec![boxed]);
        }
        // `FutureExt::poll_unpin` (futures-rs): `Pin::new(&mut fut).poll(cx)`.
        "poll_unpin" if matches!(kind, Kind::Future | Kind::User | Kind::Box | Kind::Ref) => {
            return poll_unpin(vm, place, &args);
        }
        // `FutureExt::fuse` (futures-rs).
        "fuse" if kind == Kind::Future || (kind == Kind::User && !crate::vm::stream::is_stream(vm, &place)?) => {
            let v = vm.load(&place)?;
            return Ok(Some(crate::vm::tokio::fuse(vm, v)));
        }
        "clone" | "to_owned" if kind != Kind::Str || name == "clone" => return ops::clone_at(vm, &place).map(Some),
        "to_string" => {
            if matches!(kind, Kind::User | Kind::Ref | Kind::Box | Kind::Rc)
                && let Some(text) = crate::vm::traits::display_string(vm, &place)?
            {
                return Ok(Some(Value::String(text)));
            }
            let mut text = None;
            with_value(vm, &Value::Ref(place.clone()), &mut |v| {
                text = match v {
                    Value::Str(s) => Some(s.to_string()),
                    Value::String(s) => Some(s.clone()),
                    Value::Int(n, _) => Some(n.to_string()),
                    Value::Char(c) => Some(c.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    Value::Host(h) => h.display_text().map(str::to_string),
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
            let v = ord.map(|o| Value::Enum(def, (o as i8 + 1) as u32, vec![].into()));
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
        Kind::Duration => duration_method(vm, place, name, args),
        Kind::Instant => instant_method(vm, place, name, args),
        Kind::Char => char_method(vm, place, name, args),
        Kind::RefCell | Kind::Mutex => cell_method(vm, place, name, args),
        Kind::Cell => cell_method(vm, place, name, args),
        Kind::Iter | Kind::Range => iter_method(vm, place, name, args),
        Kind::User if name == "poll" => Err(vm.error("this type does not implement `Future`")),
        // `StreamExt` on a type with `impl Stream`.
        Kind::User if crate::vm::stream::is_stream(vm, &place)? => crate::vm::stream::method(vm, place, name, args),
        // The adaptors and consumers of a type with `impl Iterator` (its `next` is its own).
        Kind::User if crate::vm::traits::user_method(vm, &Value::Ref(place.clone()), "next")?.is_some() => {
            iter_method(vm, place, name, args)
        }
        Kind::Formatter => formatter_method(vm, place, name, args),
        Kind::Host => crate::vm::tokio::method(vm, place, name, args),
        Kind::NullPtr => match name {
            "is_null" => Ok(Some(Value::Bool(true))),
            _ => Err(vm.error(format!("`{name}` of a null pointer: it points to nothing"))),
        },
        Kind::UserContext => match name {
            // `cx.waker()`: the waker it was made from, where it is.
            "waker" => Ok(vm.with(&place, |v| match v {
                Value::UserContext(p) => Some(Value::Ref((**p).clone())),
                _ => None,
            })?),
            _ => Err(vm.error(format!("no method `{name}` on `Context` in Pollscope: it has `waker()`"))),
        },
        _ => {
            let what = vm.with(&place, |v| v.kind())?;
            Err(vm.error(format!("no method named `{name}` found for {what} in Pollscope")))
        }
    }
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
                "Rc" => Value::Rc(heap(default_of(vm, &elem())?), Shared::Rc),
                "Arc" => Value::Rc(heap(default_of(vm, &elem())?), Shared::Arc),
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
                    Value::Struct(def.clone(), Fields::new(fields, crate::vm::traits::DropHook::for_struct(vm, def)))
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
        Value::Enum(def, _, _) if def.id == OPTION => {
            Value::Enum(program.enums[OPTION as usize].clone(), variant::NONE, vec![].into())
        }
        Value::Unit => Value::Unit,
        _ => return None,
    })
}

/// `fmt::Formatter`: what a hand-written `fmt` writes with (`write!` is `write_str` of the
/// formatted text).
fn formatter_method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let out = vm.with(&place, |v| if let Value::Formatter(f) = v { Some(f.clone()) } else { None })?;
    let Some(out) = out else { return Err(vm.error("not a `Formatter`")) };
    match name {
        "write_str" | "pad" => {
            let text = text_of(vm, &arg(vm, &mut args, 0)?)?;
            vm.alloc(text.len() as u64)?;
            out.text.borrow_mut().push_str(&text);
            Ok(Some(ok_unit(vm)))
        }
        "write_char" => {
            let c = arg(vm, &mut args, 0)?;
            let text = text_of(vm, &c)?;
            out.text.borrow_mut().push_str(&text);
            Ok(Some(ok_unit(vm)))
        }
        "alternate" => Ok(Some(Value::Bool(out.alternate))),
        "debug_struct" | "debug_tuple" | "debug_list" | "debug_set" => {
            use crate::vm::traits::BuilderKind;
            let kind = match name {
                "debug_struct" => BuilderKind::Struct(text_of(vm, &arg(vm, &mut args, 0)?)?),
                "debug_tuple" => BuilderKind::Tuple(text_of(vm, &arg(vm, &mut args, 0)?)?),
                "debug_list" => BuilderKind::List,
                _ => BuilderKind::Set,
            };
            let b = crate::vm::traits::DebugBuilder { out, kind, fields: Vec::new() };
            Ok(Some(Value::Host(Box::new(crate::vm::tokio::HostObj::Builder(Rc::new(std::cell::RefCell::new(b)))))))
        }
        _ => Err(vm.error(format!(
            "no method named `{name}` found for `Formatter` in Pollscope: write with `write!(f, ..)`, \
             `f.write_str(..)`, `f.debug_struct(..)`/`debug_tuple`/`debug_list`, and ask `f.alternate()`"
        ))),
    }
}

/// `Ok(())`, what `write!` and `fmt` return.
pub(crate) fn ok_unit(vm: &Vm<'_, '_>) -> Value {
    let def = vm.rt.program.enums[crate::program::RESULT as usize].clone();
    Value::Enum(def, crate::program::variant::OK, vec![Value::Unit].into())
}
