//! The futures crate's streams: a program's own `impl Stream` and `stream::{iter, once,
//! unfold}`, with `StreamExt`'s adaptors and consumers. Each is the executor's implementation
//! (`pollscope_executor::stream`) over `Value`s - the same code the native stand-in for the
//! futures crate runs over typed values - so both runs make the same polls; the program's
//! closures are called from there in a VM of their own.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use pollscope_executor::stream::{self, Stream, StreamExt};

use super::host::{host_value, to_host};
use super::tokio::HostObj;
use super::value::*;
use super::{Runtime, Unwind, Vm, VmResult};
use crate::program::{FnId, OPTION, POLL, variant};

/// A stream of the program's values.
pub type LocalStream = Pin<Box<dyn Stream<Item = Value>>>;

/// A stream held by the program (shared with the `next()` futures that borrow it).
pub type SharedStream = Rc<RefCell<LocalStream>>;

fn stream_value(s: impl Stream<Item = Value> + 'static) -> Value {
    Value::Host(Box::new(HostObj::Stream(Rc::new(RefCell::new(Box::pin(s))))))
}

/// [`call_now`](super::host::call_now), `()` after a panic or a limit (the run stops then).
fn call_now(rt: &Rc<Runtime>, f: &Value, args: Vec<Value>) -> Value {
    super::host::call_now(rt, f, args).unwrap_or(Value::Unit)
}

/// `Some(v)`/`None` of the program as Rust's.
fn option_of(v: Value) -> Option<Value> {
    match v {
        Value::Enum(def, variant::SOME, mut fields) if def.id == OPTION => fields.pop(),
        _ => None,
    }
}

fn option_value(rt: &Runtime, v: Option<Value>) -> Value {
    let def = rt.program.enums[OPTION as usize].clone();
    match v {
        Some(v) => Value::Enum(def, variant::SOME, vec![v].into()),
        None => Value::Enum(def, variant::NONE, vec![].into()),
    }
}

/// A program's `impl Stream` at a place: each `poll_next` runs its `poll_next`.
struct ProgramStream {
    rt: Rc<Runtime>,
    place: Place,
    poll_next: FnId,
}

impl Stream for ProgramStream {
    type Item = Value;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Value>> {
        if pollscope_executor::is_halted() || pollscope_executor::panic_pending() {
            return Poll::Pending;
        }
        let rt = self.rt.clone();
        let result = {
            let mut vm = Vm::new(&rt, cx);
            let context = Value::Context(vm.generation);
            let r = vm.call_value(&Value::Fn(self.poll_next), vec![Value::Ref(self.place.clone()), context]);
            vm.with_deferred(r)
        };
        match result {
            Ok(Value::Enum(def, variant::READY, mut fields)) if def.id == POLL => {
                Poll::Ready(fields.pop().and_then(option_of))
            }
            Ok(Value::Enum(def, variant::PENDING, _)) if def.id == POLL => Poll::Pending,
            Ok(other) => {
                pollscope_executor::halt_error(format!("`poll_next` returned {}, not a `Poll`", other.kind()), None);
                Poll::Pending
            }
            Err(Unwind::Panic(message)) => {
                pollscope_executor::raise(*message);
                Poll::Pending
            }
            Err(Unwind::Halt) => Poll::Pending,
            Err(Unwind::Foreign(payload)) => std::panic::resume_unwind(*payload),
        }
    }
}

/// The VM's iterator behind `stream::iter(items)`, advanced lazily (an endless range is fine).
struct IterStream {
    rt: Rc<Runtime>,
    iter: Iter,
}

impl Stream for IterStream {
    type Item = Value;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Value>> {
        let this = &mut *self;
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut vm = Vm::new(&this.rt, &mut cx);
        match super::methods::iter_next(&mut vm, &mut this.iter) {
            Ok(v) => Poll::Ready(v),
            Err(Unwind::Panic(message)) => {
                pollscope_executor::raise(*message);
                Poll::Pending
            }
            Err(Unwind::Halt) => Poll::Pending,
            Err(Unwind::Foreign(payload)) => std::panic::resume_unwind(*payload),
        }
    }
}

/// `stream::iter(items)`.
pub fn iter(vm: &mut Vm<'_, '_>, items: Value) -> VmResult<Value> {
    let iter = super::methods::into_iter(vm, items)?;
    Ok(stream_value(IterStream { rt: vm.rt.clone(), iter }))
}

/// `stream::once(future)`.
pub fn once(vm: &Vm<'_, '_>, future: Value) -> Value {
    stream_value(stream::once(to_host(vm.rt, future)))
}

/// `stream::unfold(state, f)`: `f(state)` is a future of `Some((item, next))` or `None`.
pub fn unfold(vm: &Vm<'_, '_>, state: Value, f: Value) -> Value {
    let rt = vm.rt.clone();
    stream_value(stream::unfold(state, move |s| {
        let future = to_host(&rt, call_now(&rt, &f, vec![s]));
        async move {
            match option_of(future.await) {
                Some(Value::Tuple(mut pair)) if pair.len() == 2 => {
                    let next = pair.pop().unwrap_or(Value::Unit);
                    Some((pair.pop().unwrap_or(Value::Unit), next))
                }
                _ => None,
            }
        }
    }))
}

/// The stream a value of the program is, or is at (through references and boxes): one of its
/// own (`impl Stream`), or one made by `stream::` or an adaptor.
enum Found {
    Shared(SharedStream),
    Program(Place, FnId),
}

fn find(vm: &Vm<'_, '_>, place: Place) -> VmResult<Option<Found>> {
    let program = vm.rt.program.clone();
    let place = vm.autoderef(place, |v| match v {
        Value::Host(h) => matches!(**h, HostObj::Stream(_)),
        Value::Struct(..) | Value::Enum(..) => true,
        _ => false,
    })?;
    vm.with(&place, |v| match v {
        Value::Host(h) => match &**h {
            HostObj::Stream(s) => Some(Found::Shared(s.clone())),
            _ => None,
        },
        Value::Struct(def, _) => program.streams.get(&def.name).map(|&id| Found::Program(place.clone(), id)),
        Value::Enum(def, _, _) => program.streams.get(&def.name).map(|&id| Found::Program(place.clone(), id)),
        _ => None,
    })
}

/// Whether the value at `place` is a stream (so `StreamExt`'s methods apply).
pub fn is_stream(vm: &Vm<'_, '_>, place: &Place) -> VmResult<bool> {
    Ok(find(vm, place.clone())?.is_some())
}

/// A `StreamExt` method on the stream at `place`: `next` borrows it, the others take it.
pub fn method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let Some(found) = find(vm, place.clone())? else { return Ok(None) };
    let rt = vm.rt.clone();
    if name == "next" {
        let opt = rt.clone();
        let next = match found {
            Found::Shared(s) => host_value(
                std::future::poll_fn(move |cx| s.borrow_mut().as_mut().poll_next(cx)),
                HostKind::Next,
                move |v| option_value(&opt, v),
            ),
            Found::Program(place, poll_next) => {
                let mut s = ProgramStream { rt: rt.clone(), place, poll_next };
                host_value(std::future::poll_fn(move |cx| Pin::new(&mut s).poll_next(cx)), HostKind::Next, move |v| {
                    option_value(&opt, v)
                })
            }
        };
        return Ok(Some(next));
    }
    let wanted = match name {
        "map" | "then" | "filter" | "filter_map" | "take" | "skip" | "for_each" => 1,
        "fold" => 2,
        _ => 0,
    };
    if args.len() < wanted {
        return Err(vm.error(format!("`{name}` needs {wanted} argument(s)")));
    }
    let mut arg = |i: usize| std::mem::replace(&mut args[i], Value::Uninit);
    // The adaptors and consumers take the stream (a program's own moves into a cell of its own).
    let taken: LocalStream = match found {
        Found::Shared(s) => {
            let v = vm.load(&place)?;
            drop(v);
            Box::pin(SharedAdapter(s))
        }
        Found::Program(at, poll_next) => {
            let cell = heap(vm.load(&at)?);
            Box::pin(ProgramStream { rt: rt.clone(), place: Place::heap(&cell), poll_next })
        }
    };
    let count = |vm: &Vm<'_, '_>, v: Value| -> VmResult<usize> {
        match v {
            Value::Int(n, _) if n >= 0 => Ok(n as usize),
            other => Err(vm.error(format!("`{name}` needs a count, not {}", other.kind()))),
        }
    };
    let out = match name {
        "map" => {
            let f = arg(0);
            stream_value(taken.map(move |v| call_now(&rt, &f, vec![v])))
        }
        "then" => {
            let f = arg(0);
            stream_value(taken.then(move |v| to_host(&rt, call_now(&rt, &f, vec![v]))))
        }
        "filter" => {
            let f = arg(0);
            stream_value(taken.filter(move |item: &Value| {
                // The predicate gets `&item`: a copy in a cell of its own (items are values of
                // the program: ints, strings, tuples, ...).
                let copy = item_copy(&rt, item);
                let future = to_host(&rt, call_now(&rt, &f, vec![Value::Ref(Place::heap(&heap(copy)))]));
                async move { matches!(future.await, Value::Bool(true)) }
            }))
        }
        "filter_map" => {
            let f = arg(0);
            stream_value(taken.filter_map(move |v| {
                let future = to_host(&rt, call_now(&rt, &f, vec![v]));
                async move { option_of(future.await) }
            }))
        }
        "take" => {
            let n = count(vm, arg(0))?;
            stream_value(taken.take(n))
        }
        "skip" => {
            let n = count(vm, arg(0))?;
            stream_value(taken.skip(n))
        }
        "enumerate" => stream_value(
            taken.enumerate().map(|(i, v)| Value::Tuple(vec![Value::Int(i as i128, crate::ty::IntTy::Usize), v])),
        ),
        "boxed" | "boxed_local" => stream_value(taken),
        "collect" | "collect_vec" => host_value(taken.collect::<Vec<Value>>(), HostKind::Collect, Value::Vec),
        "collect_string" => {
            let texts = taken.map(move |v| match &v {
                Value::Str(s) => s.to_string(),
                Value::String(s) => s.clone(),
                Value::Char(c) => c.to_string(),
                other => other.kind(),
            });
            host_value(texts.collect::<String>(), HostKind::Collect, Value::String)
        }
        "for_each" => {
            let f = arg(0);
            host_value(
                taken.for_each(move |v| {
                    let future = to_host(&rt, call_now(&rt, &f, vec![v]));
                    async move {
                        future.await;
                    }
                }),
                HostKind::ForEach,
                |()| Value::Unit,
            )
        }
        "fold" => {
            let init = arg(0);
            let f = arg(1);
            host_value(
                taken.fold(init, move |acc, v| to_host(&rt, call_now(&rt, &f, vec![acc, v]))),
                HostKind::Fold,
                |v| v,
            )
        }
        _ => return Err(vm.error(format!("no method named `{name}` found for a stream in Pollscope"))),
    };
    Ok(Some(out))
}

/// A copy of an item for a predicate's `&item` (ints and the like are `Copy`; strings and
/// collections are cloned: the predicate only reads it).
fn item_copy(rt: &Rc<Runtime>, item: &Value) -> Value {
    if let Some(v) = item.try_copy() {
        return v;
    }
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let vm = Vm::new(rt, &mut cx);
    super::ops::clone_value(&vm, item).unwrap_or(Value::Unit)
}

/// A stream the program held, taken by an adaptor.
struct SharedAdapter(SharedStream);

impl Stream for SharedAdapter {
    type Item = Value;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Value>> {
        self.0.borrow_mut().as_mut().poll_next(cx)
    }
}
