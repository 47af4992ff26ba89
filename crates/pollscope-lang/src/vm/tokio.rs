//! tokio-shaped code: `tokio::spawn`, `tokio::time::{timeout, interval, sleep_until}`,
//! `tokio::sync::{mpsc, oneshot}`, and what `join!`/`select!` compile to. Each is the
//! executor's own implementation (`pollscope_executor::{sync, combinators}`) over `Value`s -
//! the same code the native stand-in for tokio (`crates/pollscope-tokio`) runs over typed
//! values - so both runs make the same polls and wakes.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use pollscope_executor::combinators::{self, Fuse, FusedSelect, Interval, Select, Selected};
use pollscope_executor::sync::{mpsc, oneshot};

use super::host::{host_value, to_host};
use super::methods::result;
use super::value::*;
use super::{Vm, VmResult};
use crate::program::{RESULT, variant};

type BoxFuture = Pin<Box<dyn Future<Output = Value>>>;

/// A fused future of the program (`fut.fuse()`), shared with the `select!`s that borrow it.
pub type SharedFuse = Rc<RefCell<Fuse<BoxFuture>>>;

/// A tokio object held by the program.
pub enum HostObj {
    Sender(mpsc::Sender<Value>),
    UnboundedSender(mpsc::UnboundedSender<Value>),
    Receiver(mpsc::Receiver<Value>),
    UnboundedReceiver(mpsc::UnboundedReceiver<Value>),
    OneshotSender(oneshot::Sender<Value>),
    Interval(Interval),
    /// A `select!` in progress (its futures, dropped with it).
    Select(Rc<RefCell<Select<BoxFuture>>>),
    /// `FutureExt::fuse(fut)` (futures): shared with a futures `select!` that borrows it.
    Fuse(SharedFuse),
    /// `RawWakerVTable::new(clone, wake, wake_by_ref, drop)`: the program's functions.
    VTable(Rc<[crate::program::FnId; 4]>),
    /// `RawWaker::new(data, &VTABLE)`.
    RawWaker(super::wake::RawData, Rc<[crate::program::FnId; 4]>),
    /// A stream of the futures crate's (`stream::iter`, an adaptor, ...).
    Stream(super::stream::SharedStream),
    /// A futures `select!`/`select_biased!` in progress (its own futures dropped with it).
    FusedSelect(Rc<FusedSelect<BoxFuture>>),
    /// `tokio::sync::Mutex`: the lock's queue, and the value (in a cell of its own).
    Mutex(pollscope_executor::sync::mutex::RawMutex, Heap),
    Notify(pollscope_executor::sync::notify::Notify),
    /// A `Formatter`'s `debug_struct(..)` (and its kin) being built.
    Builder(Rc<RefCell<super::traits::DebugBuilder>>),
    /// An error value (`SendError`, `RecvError`, `Elapsed`, `JoinError`): its texts.
    Error {
        debug: &'static str,
        display: &'static str,
    },
}

impl HostObj {
    pub fn type_name(&self) -> &'static str {
        match self {
            HostObj::Sender(_) => "Sender",
            HostObj::UnboundedSender(_) => "UnboundedSender",
            HostObj::Receiver(_) => "Receiver",
            HostObj::UnboundedReceiver(_) => "UnboundedReceiver",
            HostObj::OneshotSender(_) => "oneshot::Sender",
            HostObj::Interval(_) => "Interval",
            HostObj::Select(_) | HostObj::FusedSelect(_) => "Select",
            HostObj::Fuse(_) => "Fuse",
            HostObj::Stream(_) => "Stream",
            HostObj::VTable(_) => "RawWakerVTable",
            HostObj::RawWaker(..) => "RawWaker",
            HostObj::Mutex(..) => "Mutex",
            HostObj::Builder(_) => "DebugStruct",
            HostObj::Notify(_) => "Notify",
            HostObj::Error { .. } => "Error",
        }
    }

    /// `{:?}` as tokio prints it (its channel halves print their internals: these say less).
    pub fn debug_text(&self) -> String {
        match self {
            HostObj::Error { debug, .. } => debug.to_string(),
            HostObj::Mutex(_, cell) => match cell.try_borrow() {
                Ok(v) => format!("Mutex {{ data: {:?} }}", &*v),
                Err(_) => "Mutex { data: <locked> }".to_string(),
            },
            other => format!("{} {{ .. }}", other.type_name()),
        }
    }

    /// `{}`, for the errors.
    pub fn display_text(&self) -> Option<&'static str> {
        match self {
            HostObj::Error { display, .. } => Some(display),
            _ => None,
        }
    }

    /// `.clone()` of a sender.
    pub fn try_clone(&self) -> Option<HostObj> {
        match self {
            HostObj::Sender(s) => Some(HostObj::Sender(s.clone())),
            HostObj::UnboundedSender(s) => Some(HostObj::UnboundedSender(s.clone())),
            HostObj::Error { debug, display } => Some(HostObj::Error { debug, display }),
            HostObj::Builder(b) => Some(HostObj::Builder(b.clone())),
            // `RawWakerVTable` is `Copy` (a table of function pointers); so is `RawWaker`'s data.
            HostObj::VTable(t) => Some(HostObj::VTable(t.clone())),
            _ => None,
        }
    }
}

fn host(obj: HostObj) -> Value {
    Value::Host(Box::new(obj))
}

const SEND_ERROR: HostObj = HostObj::Error { debug: "SendError { .. }", display: "channel closed" };

/// `tokio::spawn(fut)`: the prelude's spawn, whose handle gives `Ok(output)`.
pub fn spawn(vm: &mut Vm<'_, '_>, fut: Value) -> VmResult<Value> {
    let ok = vm.rt.program.enums[RESULT as usize].clone();
    super::methods::spawn_task(vm, fut, move |v| Value::Enum(ok.clone(), variant::OK, vec![v].into()))
}

/// `tokio::time::timeout(duration, fut)`.
pub fn timeout(vm: &Vm<'_, '_>, nanos: u128, fut: Value) -> Value {
    let ok = vm.rt.program.enums[RESULT as usize].clone();
    let inner = to_host(vm.rt, fut);
    host_value(combinators::timeout(std_duration(nanos), inner), HostKind::Timeout, move |r| match r {
        Ok(v) => Value::Enum(ok.clone(), variant::OK, vec![v].into()),
        Err(_) => Value::Enum(
            ok.clone(),
            variant::ERR,
            vec![host(HostObj::Error { debug: "Elapsed(())", display: "deadline has elapsed" })].into(),
        ),
    })
}

/// `tokio::time::interval(period)`.
pub fn interval(vm: &Vm<'_, '_>, nanos: u128) -> VmResult<Value> {
    if nanos == 0 {
        return Err(vm.panic("`period` must be non-zero."));
    }
    Ok(host(HostObj::Interval(combinators::interval(std_duration(nanos)))))
}

/// `tokio::time::sleep_until(deadline)`.
pub fn sleep_until(deadline: u128) -> Value {
    let at = pollscope_executor::Instant::from_start(std_duration(deadline));
    host_value(combinators::sleep_until(at), HostKind::Sleep, |()| Value::Unit)
}

/// `mpsc::channel(capacity)`, `mpsc::unbounded_channel()`, `oneshot::channel()`.
pub fn channel(vm: &Vm<'_, '_>, kind: &str, capacity: Option<i128>) -> VmResult<Value> {
    Ok(match kind {
        "mpsc" => {
            let capacity = capacity.unwrap_or(0);
            if capacity <= 0 {
                return Err(vm.panic("mpsc bounded channel requires buffer > 0"));
            }
            let (tx, rx) = mpsc::channel(capacity as usize);
            Value::Tuple(vec![host(HostObj::Sender(tx)), host(HostObj::Receiver(rx))])
        }
        "unbounded" => {
            let (tx, rx) = mpsc::unbounded_channel();
            Value::Tuple(vec![host(HostObj::UnboundedSender(tx)), host(HostObj::UnboundedReceiver(rx))])
        }
        _ => {
            let (tx, rx) = oneshot::channel::<Value>();
            let ok = vm.rt.program.enums[RESULT as usize].clone();
            let rx = host_value(rx, HostKind::Oneshot, move |r| match r {
                Ok(v) => Value::Enum(ok.clone(), variant::OK, vec![v].into()),
                Err(_) => Value::Enum(
                    ok.clone(),
                    variant::ERR,
                    vec![host(HostObj::Error { debug: "RecvError(())", display: "channel closed" })].into(),
                ),
            });
            Value::Tuple(vec![host(HostObj::OneshotSender(tx)), rx])
        }
    })
}

/// `tokio::join!(a, b, ..)`: a tuple of the outputs.
pub fn join(vm: &Vm<'_, '_>, futures: Vec<Value>) -> Value {
    let futures: Vec<BoxFuture> = futures.into_iter().map(|f| to_host(vm.rt, f)).collect();
    // tokio's expansion keeps the branches in a tuple: dropped first to last.
    host_value(combinators::join_all(futures), HostKind::Join, Value::Tuple)
}

/// `futures::join!(a, b, ..)` (a tuple) and `futures::future::join_all(v)` (a `Vec`): every
/// unfinished branch each poll, in order.
pub fn join_in_order(vm: &Vm<'_, '_>, futures: Vec<Value>, as_vec: bool) -> Value {
    let futures: Vec<BoxFuture> = futures.into_iter().map(|f| to_host(vm.rt, f)).collect();
    let join = combinators::join_all_in_order(futures);
    if as_vec {
        host_value(join, HostKind::Join, Value::Vec)
    } else {
        host_value(join.dropping_like_locals(), HostKind::Join, Value::Tuple)
    }
}

/// The start of a `select!`: its futures, and which branches are enabled.
pub fn select(vm: &Vm<'_, '_>, futures: Vec<Value>, enabled: Vec<bool>) -> Value {
    let futures: Vec<BoxFuture> = futures.into_iter().map(|f| to_host(vm.rt, f)).collect();
    host(HostObj::Select(Rc::new(RefCell::new(Select::new(futures, &enabled)))))
}

/// `fut.fuse()` (`FutureExt::fuse`, futures).
pub fn fuse(vm: &Vm<'_, '_>, fut: Value) -> Value {
    host(HostObj::Fuse(Rc::new(RefCell::new(Fuse::new(to_host(vm.rt, fut))))))
}

/// `Fuse::terminated()`.
pub fn fuse_terminated() -> Value {
    host(HostObj::Fuse(Rc::new(RefCell::new(Fuse::terminated()))))
}

/// The fused future a value is or points to (a `Fuse`, through references and boxes).
pub fn fused_at(vm: &Vm<'_, '_>, place: Place) -> VmResult<Option<SharedFuse>> {
    let place = vm.autoderef(place, |v| matches!(v, Value::Host(h) if matches!(**h, HostObj::Fuse(_))))?;
    vm.with(&place, |v| match v {
        Value::Host(h) => match &**h {
            HostObj::Fuse(f) => Some(f.clone()),
            _ => None,
        },
        _ => None,
    })
}

/// futures' `ready(..)` and `pending()` are fused futures of their own: borrowed by a select,
/// the one at `place` becomes a `Fuse` of itself there (awaited later, it is the same), so it
/// stays terminated across selects.
fn fuse_in_place(vm: &Vm<'_, '_>, place: Place) -> VmResult<Option<SharedFuse>> {
    let place = vm.autoderef(place, |v| matches!(v, Value::Future(_)))?;
    let ready = vm.with(&place, |v| matches!(v, Value::Future(Fut::Host(_, HostKind::Ready | HostKind::Pending))))?;
    if !ready {
        return Ok(None);
    }
    let future = vm.with(&place, |v| std::mem::replace(v, Value::Unit))?;
    let fused: SharedFuse = Rc::new(RefCell::new(Fuse::new(to_host(vm.rt, future))));
    vm.with(&place, |v| *v = host(HostObj::Fuse(fused.clone())))?;
    Ok(Some(fused))
}

/// The start of a futures `select!`: each future borrowed (`&mut fut`, a fused future of the
/// program that lives on) or owned (written in the select: dropped with it).
pub fn select_fused(vm: &Vm<'_, '_>, futures: Vec<Value>) -> VmResult<Value> {
    let mut branches = Vec::with_capacity(futures.len());
    for f in futures {
        let fused = match f {
            Value::Ref(place) => match fused_at(vm, place.clone())? {
                Some(f) => Some(f),
                None => fuse_in_place(vm, place)?,
            },
            Value::Host(h) => match *h {
                HostObj::Fuse(f) => Some(f),
                _ => None,
            },
            // futures' `ready` and `pending` are fused futures already.
            v @ Value::Future(Fut::Host(_, HostKind::Ready | HostKind::Pending)) => {
                Some(Rc::new(RefCell::new(Fuse::new(to_host(vm.rt, v)))))
            }
            Value::Box(cell) => fused_at(vm, Place::heap(&cell))?,
            _ => None,
        };
        let Some(fused) = fused else {
            return Err(vm.error(
                "the futures crate's `select!` needs fused futures (`FusedFuture`): call `.fuse()` on the future (`use futures::FutureExt;`) and, to keep it across selects, `pin_mut!` it",
            ));
        };
        branches.push(fused);
    }
    Ok(host(HostObj::FusedSelect(Rc::new(FusedSelect::new(branches)))))
}

/// What a futures `select!`'s poll found, as the compiled match expects it: `(i, output)`
/// for branch `i`, `(n, ())` once every future completed, `(n + 1, ())` for `default`.
fn selected(n: usize, s: Option<Selected<Value>>) -> Value {
    let (i, v) = match s {
        Some(Selected::Branch(i, v)) => (i, v),
        Some(Selected::Complete) => (n, Value::Unit),
        None => (n + 1, Value::Unit),
    };
    Value::Tuple(vec![Value::Int(i as i128, crate::ty::IntTy::Usize), v])
}

/// `tokio::sync::Mutex::new(value)`.
pub fn mutex(value: Value) -> Value {
    host(HostObj::Mutex(Default::default(), heap(value)))
}

/// `tokio::sync::Notify::new()`.
pub fn notify() -> Value {
    host(HostObj::Notify(Default::default()))
}

/// A guard of a tokio mutex's value, holding `permit`.
fn guard(cell: &Heap, permit: pollscope_executor::sync::Permit) -> Value {
    Value::Guard(Box::new(Guard {
        place: Place::heap(cell),
        borrow: Rc::new(std::cell::Cell::new(0)),
        mutable: true,
        kind: GuardKind::Mutex,
        permit: Some(permit),
    }))
}

/// A method of a tokio object at `place`.
pub fn method(vm: &mut Vm<'_, '_>, place: Place, name: &str, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    if vm.with(&place, |v| matches!(v, Value::Host(h) if matches!(**h, HostObj::Stream(_))))? {
        return super::stream::method(vm, place, name, args);
    }
    let arg0 = |vm: &Vm<'_, '_>, args: &mut Vec<Value>| {
        if args.is_empty() { Err(vm.error("missing argument")) } else { Ok(args.remove(0)) }
    };
    // Methods that take the object by value.
    if name == "send" && vm.with(&place, |v| matches!(v, Value::Host(h) if matches!(**h, HostObj::OneshotSender(_))))? {
        let value = arg0(vm, &mut args)?;
        let Value::Host(h) = vm.load(&place)? else { return Err(vm.error("not a sender")) };
        let HostObj::OneshotSender(tx) = *h else { return Err(vm.error("not a sender")) };
        let r = tx.send(value);
        return Ok(Some(result(vm, r.map(|()| Value::Unit))));
    }
    let builder = vm.with(&place, |v| match v {
        Value::Host(h) => match &**h {
            HostObj::Builder(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    })?;
    if let Some(b) = builder {
        return builder_method(vm, b, name, args);
    }
    let fused = vm.with(&place, |v| match v {
        Value::Host(h) => match &**h {
            HostObj::FusedSelect(s) => Some(Err(s.clone())),
            HostObj::Fuse(f) => Some(Ok(f.clone())),
            _ => None,
        },
        _ => None,
    })?;
    match (fused, name) {
        (Some(Ok(f)), "is_terminated") => return Ok(Some(Value::Bool(f.borrow().is_terminated()))),
        (Some(Err(s)), "next") => {
            let n = s.len();
            return Ok(Some(host_value(
                std::future::poll_fn(move |cx| s.poll_select(cx)),
                HostKind::Select,
                move |r| selected(n, Some(r)),
            )));
        }
        // With a `default` branch: one poll, with a waker that does nothing, and no waiting.
        (Some(Err(s)), "now") => {
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.poll_select(&mut cx)));
            if pollscope_executor::is_halted() {
                return Err(super::Unwind::Halt);
            }
            if let Some(message) = pollscope_executor::take_panic() {
                return Err(super::Unwind::Panic(Box::new(message)));
            }
            let polled = polled.map_err(super::unwind_from)?;
            let found = match polled {
                std::task::Poll::Ready(r) => Some(r),
                std::task::Poll::Pending => None,
            };
            return Ok(Some(selected(s.len(), found)));
        }
        _ => {}
    }
    if name == "try_lock" {
        let got = vm.with(&place, |v| match v {
            Value::Host(h) => match &**h {
                HostObj::Mutex(raw, cell) => Some(raw.try_lock().map(|p| guard(cell, p))),
                _ => None,
            },
            _ => None,
        })?;
        if let Some(got) = got {
            let busy = || host(HostObj::Error { debug: "TryLockError(())", display: "operation would block" });
            return Ok(Some(result(vm, got.ok_or_else(busy))));
        }
    }
    let opt = vm.rt.program.enums[crate::program::OPTION as usize].clone();
    let option_of = move |v: Option<Value>| match v {
        Some(x) => Value::Enum(opt.clone(), variant::SOME, vec![x].into()),
        None => Value::Enum(opt.clone(), variant::NONE, Vec::new().into()),
    };
    enum Call {
        Value(Value),
        Send,
        Err(String),
    }
    let ok = |vm: &Vm<'_, '_>| result(vm, Ok(Value::Unit));
    let call = vm.with(&place, |v| {
        let Value::Host(h) = v else { return Call::Err("not a tokio object".into()) };
        match (&mut **h, name) {
            (HostObj::Sender(_), "send") => Call::Send,
            (HostObj::Sender(tx), "is_closed") => Call::Value(Value::Bool(tx.is_closed())),
            (HostObj::UnboundedSender(tx), "is_closed") => Call::Value(Value::Bool(tx.is_closed())),
            (HostObj::UnboundedSender(_), "send") => Call::Send,
            (HostObj::Receiver(rx), "recv") => Call::Value(host_value(rx.recv(), HostKind::Recv, option_of.clone())),
            (HostObj::UnboundedReceiver(rx), "recv") => {
                Call::Value(host_value(rx.recv(), HostKind::Recv, option_of.clone()))
            }
            (HostObj::Receiver(rx), "close") => {
                rx.close();
                Call::Value(Value::Unit)
            }
            (HostObj::UnboundedReceiver(rx), "close") => {
                rx.close();
                Call::Value(Value::Unit)
            }
            (HostObj::Interval(i), "tick") => {
                Call::Value(host_value(i.tick(), HostKind::Tick, |at| Value::Instant(at.since_start().as_nanos())))
            }
            (HostObj::Mutex(raw, cell), "lock") => {
                let cell = cell.clone();
                Call::Value(host_value(raw.lock(), HostKind::Lock, move |permit| guard(&cell, permit)))
            }
            (HostObj::Notify(n), "notify_one") => {
                n.notify_one();
                Call::Value(Value::Unit)
            }
            (HostObj::Notify(n), "notify_waiters") => {
                n.notify_waiters();
                Call::Value(Value::Unit)
            }
            (HostObj::Notify(n), "notified") => {
                Call::Value(host_value(n.notified(), HostKind::Notified, |()| Value::Unit))
            }
            (HostObj::Select(s), "next") => {
                let s = s.clone();
                Call::Value(host_value(
                    std::future::poll_fn(move |cx| s.borrow_mut().poll_next(cx)),
                    HostKind::Select,
                    |r| match r {
                        Some((i, v)) => Value::Tuple(vec![Value::Int(i as i128, crate::ty::IntTy::Usize), v]),
                        None => Value::Unit,
                    },
                ))
            }
            (h, _) => Call::Err(format!("no method named `{name}` found for `{}` in Pollscope", h.type_name())),
        }
    })?;
    match call {
        Call::Value(v) => Ok(Some(v)),
        Call::Err(message) => Err(vm.error(message)),
        Call::Send => {
            let value = arg0(vm, &mut args)?;
            let outcome = vm.with(&place, |v| match v {
                Value::Host(h) => match &**h {
                    HostObj::Sender(tx) => Ok(tx.send(value)),
                    HostObj::UnboundedSender(tx) => Err(tx.send(value).is_ok()),
                    _ => Err(false),
                },
                _ => Err(false),
            })?;
            Ok(Some(match outcome {
                Ok(send) => {
                    let okdef = vm.rt.program.enums[RESULT as usize].clone();
                    host_value(send, HostKind::Send, move |r| match r {
                        Ok(()) => Value::Enum(okdef.clone(), variant::OK, vec![Value::Unit].into()),
                        Err(_) => Value::Enum(okdef.clone(), variant::ERR, vec![host(SEND_ERROR)].into()),
                    })
                }
                Err(true) => ok(vm),
                Err(false) => result(vm, Err(host(SEND_ERROR))),
            }))
        }
    }
}

/// `.field(..)`, `.entry(..)`, `.entries(..)`, `.finish()` of a `Formatter`'s builder.
fn builder_method(
    vm: &mut Vm<'_, '_>,
    b: Rc<RefCell<super::traits::DebugBuilder>>,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let alternate = b.borrow().out.alternate;
    let this = || Value::Host(Box::new(HostObj::Builder(b.clone())));
    match name {
        "field" if args.len() == 2 => {
            let value = args.pop().unwrap_or(Value::Unit);
            let field = super::methods::text_of(vm, &args[0])?;
            let text = super::traits::debug_text(vm, value, alternate)?;
            b.borrow_mut().fields.push((Some(field), text));
            Ok(Some(this()))
        }
        "field" | "entry" => {
            let value = args.pop().unwrap_or(Value::Unit);
            let text = super::traits::debug_text(vm, value, alternate)?;
            b.borrow_mut().fields.push((None, text));
            Ok(Some(this()))
        }
        "entries" => {
            let items = args.pop().unwrap_or(Value::Unit);
            let mut it = super::methods::into_iter(vm, items)?;
            while let Some(item) = super::methods::iter_next(vm, &mut it)? {
                let text = super::traits::debug_text(vm, item, alternate)?;
                b.borrow_mut().fields.push((None, text));
            }
            Ok(Some(this()))
        }
        "finish" | "finish_non_exhaustive" => {
            let text = super::traits::finish(&b.borrow(), name == "finish_non_exhaustive");
            vm.alloc(text.len() as u64)?;
            let out = b.borrow().out.clone();
            out.text.borrow_mut().push_str(&text);
            Ok(Some(super::methods::ok_unit(vm)))
        }
        _ => Err(vm.error(format!("no method named `{name}` found for a `Formatter`'s builder in Pollscope"))),
    }
}
