//! Built-in functions ([`Builtin`]): constructors of std types, `std::mem`, the prelude, and
//! what macros compile to.

use super::*;
use crate::builtins::Builtin;

/// Calls a built-in function (the compiler resolved its path; the match is exhaustive).
pub fn call_builtin(vm: &mut Vm<'_, '_>, builtin: Builtin, mut args: Vec<Value>) -> VmResult<Option<Value>> {
    let rt = vm.rt.clone();
    let program = rt.program.clone();
    Ok(Some(match builtin {
        Builtin::Print => {
            let text = text_of(vm, &arg(vm, &mut args, 0)?)?;
            pollscope_executor::print(&text);
            if pollscope_executor::is_halted() {
                return Err(Unwind::Halt);
            }
            Value::Unit
        }
        Builtin::VecFromArray => match arg(vm, &mut args, 0)? {
            Value::Array(items) => Value::Vec(items),
            other => other,
        },
        Builtin::AssertEq | Builtin::AssertNe => {
            let left = arg(vm, &mut args, 0)?;
            let right = arg(vm, &mut args, 1)?;
            let eq = ops::equal(vm, &left, &right)?;
            let want = builtin == Builtin::AssertEq;
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
        Builtin::Spawn => spawn_task(vm, arg(vm, &mut args, 0)?, |v| v)?,
        Builtin::Sleep => {
            // Milliseconds, or a `Duration` (rounded up to the virtual clock's milliseconds by
            // the executor's own rule).
            let ms = match deref_value(vm, arg(vm, &mut args, 0)?)? {
                Value::Duration(n) => pollscope_executor::duration_millis(std_duration(n)),
                other => int_arg(vm, other)?.0 as u64,
            };
            host_value(pollscope_executor::sleep(ms), HostKind::Sleep, |()| Value::Unit)
        }
        Builtin::DurationNew => {
            let (secs, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let (nanos, _) = int_arg(vm, arg(vm, &mut args, 1)?)?;
            if u64::try_from(secs).is_err() || u32::try_from(nanos).is_err() {
                return Err(vm.error("`Duration::new` takes a `u64` of seconds and a `u32` of nanoseconds"));
            }
            let total = secs as u128 * 1_000_000_000 + nanos as u128;
            if total > DURATION_MAX {
                return Err(vm.panic("overflow in Duration::new"));
            }
            Value::Duration(total)
        }
        Builtin::DurationFromSecs
        | Builtin::DurationFromMillis
        | Builtin::DurationFromMicros
        | Builtin::DurationFromNanos => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            // rustc's `u64` parameter (`from_nanos` of `Duration::MAX`'s constants aside).
            if n < 0 || (n > u64::MAX as i128 && builtin != Builtin::DurationFromNanos) {
                return Err(vm.error(format!("a `Duration` is made from a `u64`, not {n}")));
            }
            let unit: u128 = match builtin {
                Builtin::DurationFromSecs => 1_000_000_000,
                Builtin::DurationFromMillis => 1_000_000,
                Builtin::DurationFromMicros => 1_000,
                _ => 1,
            };
            Value::Duration(n as u128 * unit)
        }
        Builtin::YieldNow => host_value(pollscope_executor::yield_now(), HostKind::YieldNow, |()| Value::Unit),
        Builtin::Promise => {
            let (ms, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            let value = arg(vm, &mut args, 1)?;
            host_value(pollscope_executor::promise(ms as u64, value), HostKind::Promise, |v| v)
        }
        Builtin::UserPromise => {
            let label = text_of(vm, &arg(vm, &mut args, 0)?)?;
            host_value(pollscope_executor::user_promise(&label), HostKind::Promise, Value::Bool)
        }
        Builtin::Join => {
            let a = to_host(&rt, arg(vm, &mut args, 0)?);
            let b = to_host(&rt, arg(vm, &mut args, 1)?);
            host_value(pollscope_executor::join(a, b), HostKind::Join, |(a, b)| Value::Tuple(vec![a, b]))
        }
        Builtin::Pending => host_value(std::future::pending::<()>(), HostKind::Pending, |()| Value::Unit),
        Builtin::PollFn => Value::Future(Fut::PollFn(Box::new(arg(vm, &mut args, 0)?))),
        Builtin::Ready => {
            let v = arg(vm, &mut args, 0)?;
            host_value(std::future::ready(v), HostKind::Ready, |v| v)
        }
        Builtin::IntoFuture => {
            let v = arg(vm, &mut args, 0)?;
            let ty = match &v {
                Value::Struct(def, _) => Some(def.name.clone()),
                Value::Enum(def, _, _) => Some(def.name.clone()),
                _ => None,
            };
            let into = ty.filter(|t| !program.futures.contains_key(t)).and_then(|t| program.method(&t, "into_future"));
            match into {
                Some(id) => {
                    vm.start_call(id, vec![v], None)?;
                    return Ok(None);
                }
                None => v,
            }
        }
        Builtin::TokioMutexNew => crate::vm::tokio::mutex(arg(vm, &mut args, 0)?),
        Builtin::NotifyNew => crate::vm::tokio::notify(),
        Builtin::TokioJoin => crate::vm::tokio::join(vm, std::mem::take(&mut args)),
        Builtin::JoinInOrder => crate::vm::tokio::join_in_order(vm, std::mem::take(&mut args), false),
        Builtin::JoinAll => {
            let mut it = into_iter(vm, arg(vm, &mut args, 0)?)?;
            let mut futures = Vec::new();
            while let Some(f) = iter_next(vm, &mut it)? {
                futures.push(f);
            }
            crate::vm::tokio::join_in_order(vm, futures, true)
        }
        Builtin::StreamIter => crate::vm::stream::iter(vm, arg(vm, &mut args, 0)?)?,
        Builtin::StreamOnce => crate::vm::stream::once(vm, arg(vm, &mut args, 0)?),
        Builtin::StreamUnfold => {
            let state = arg(vm, &mut args, 0)?;
            let f = arg(vm, &mut args, 1)?;
            crate::vm::stream::unfold(vm, state, f)
        }
        Builtin::RawWakerVTableNew => crate::vm::wake::vtable(vm, std::mem::take(&mut args))?,
        Builtin::RawWakerNew => {
            let data = arg(vm, &mut args, 0)?;
            let table = arg(vm, &mut args, 1)?;
            crate::vm::wake::raw_waker_value(vm, data, table)?
        }
        Builtin::WakerFromRaw => crate::vm::wake::waker_from_raw(vm, arg(vm, &mut args, 0)?)?,
        Builtin::FuturesSelect => crate::vm::tokio::select_fused(vm, std::mem::take(&mut args))?,
        Builtin::FuseTerminated => crate::vm::tokio::fuse_terminated(),
        Builtin::IsTerminated => {
            let Value::Ref(place) = arg(vm, &mut args, 0)? else {
                return Err(vm.error("`FusedFuture::is_terminated` takes a reference: `is_terminated(&fut)`"));
            };
            match crate::vm::tokio::fused_at(vm, place)? {
                Some(f) => Value::Bool(f.borrow().is_terminated()),
                None => {
                    return Err(vm.error("`is_terminated` is a method of fused futures: `.fuse()` the future first"));
                }
            }
        }
        Builtin::TokioSelect => {
            let enabled = match arg(vm, &mut args, 0)? {
                Value::Array(items) | Value::Vec(items) => {
                    items.iter().map(|v| matches!(v, Value::Bool(true))).collect()
                }
                _ => Vec::new(),
            };
            crate::vm::tokio::select(vm, args.split_off(1), enabled)
        }
        Builtin::TokioSpawn => crate::vm::tokio::spawn(vm, arg(vm, &mut args, 0)?)?,
        Builtin::SleepUntil => match deref_value(vm, arg(vm, &mut args, 0)?)? {
            Value::Instant(at) => crate::vm::tokio::sleep_until(at),
            other => return Err(vm.error(format!("`sleep_until` needs an `Instant`, not {}", other.kind()))),
        },
        Builtin::Timeout => {
            let nanos = super::duration::nanos_of(vm, arg(vm, &mut args, 0)?)?;
            let fut = arg(vm, &mut args, 1)?;
            crate::vm::tokio::timeout(vm, nanos, fut)
        }
        Builtin::Interval => {
            let nanos = super::duration::nanos_of(vm, arg(vm, &mut args, 0)?)?;
            crate::vm::tokio::interval(vm, nanos)?
        }
        Builtin::MpscChannel => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            crate::vm::tokio::channel(vm, "mpsc", Some(n))?
        }
        Builtin::UnboundedChannel => crate::vm::tokio::channel(vm, "unbounded", None)?,
        Builtin::OneshotChannel => crate::vm::tokio::channel(vm, "oneshot", None)?,
        Builtin::InstantNow => Value::Instant(super::duration::now_nanos()),
        Builtin::WakerNoop => Value::Waker(std::task::Waker::noop().clone()),
        Builtin::WakerFrom => crate::vm::wake::waker_from(vm, arg(vm, &mut args, 0)?)?,
        Builtin::ContextFromWaker => {
            // `Context::from_waker(&waker)` borrows the waker where it is.
            let place = match arg(vm, &mut args, 0)? {
                Value::Ref(p) => p,
                owned => Place::heap(&heap(owned)),
            };
            Value::UserContext(Box::new(place))
        }
        Builtin::Drop => {
            drop(arg(vm, &mut args, 0)?);
            Value::Unit
        }
        Builtin::Max | Builtin::Min => {
            let a = arg(vm, &mut args, 0)?;
            let b = arg(vm, &mut args, 1)?;
            let greater = ops::compare(vm, &a, &b)? == Some(std::cmp::Ordering::Greater);
            // `max` keeps the second of two equal values, `min` the first.
            match (builtin == Builtin::Max, greater) {
                (true, true) | (false, false) => a,
                _ => b,
            }
        }
        Builtin::RcNew => Value::Rc(heap(arg(vm, &mut args, 0)?), Shared::Rc),
        Builtin::ArcNew => Value::Rc(heap(arg(vm, &mut args, 0)?), Shared::Arc),
        Builtin::RcClone => {
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
        Builtin::RcStrongCount => {
            let r = arg(vm, &mut args, 0)?;
            let Value::Ref(p) = r else { return Err(vm.error("`strong_count` needs a `&Rc`")) };
            let p = vm.autoderef(p, |v| matches!(v, Value::Rc(..)))?;
            let n = vm.with(&p, |v| match v {
                Value::Rc(c, _) => Rc::strong_count(c),
                _ => 0,
            })?;
            usize_value(n)
        }
        Builtin::RcPtrEq => {
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
        Builtin::BoxNew | Builtin::BoxPin => Value::Box(heap(arg(vm, &mut args, 0)?)),
        Builtin::EraseFuture => {
            let v = arg(vm, &mut args, 0)?;
            if let Value::Box(cell) = &v {
                let mut erased = vm.rt.erased.borrow_mut();
                erased.retain(|w| w.strong_count() > 0);
                erased.push(Rc::downgrade(cell));
            }
            v
        }
        Builtin::PinNew | Builtin::PinNewUnchecked | Builtin::PinIntoInner => arg(vm, &mut args, 0)?,
        Builtin::PtrNull => Value::NullPtr,
        Builtin::RefCellNew | Builtin::MutexNew => {
            let cell = Box::new(CellVal { borrow: Default::default(), value: arg(vm, &mut args, 0)? });
            if builtin == Builtin::MutexNew { Value::Mutex(cell) } else { Value::RefCell(cell) }
        }
        Builtin::CellNew => Value::Cell(Box::new(arg(vm, &mut args, 0)?)),
        Builtin::VecNew | Builtin::VecWithCapacity | Builtin::VecDequeNew => Value::Vec(Vec::new()),
        Builtin::StringNew => Value::String(String::new()),
        Builtin::StringFrom => Value::String(text_of(vm, &arg(vm, &mut args, 0)?)?),
        Builtin::MemReplace => {
            let target = arg(vm, &mut args, 0)?;
            let v = arg(vm, &mut args, 1)?;
            let Value::Ref(p) = target else { return Err(vm.error("`mem::replace` needs a `&mut`")) };
            vm.with(&p, |slot| std::mem::replace(slot, v))?
        }
        Builtin::MemTake => {
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
        Builtin::MemSwap => {
            let (Value::Ref(a), Value::Ref(b)) = (arg(vm, &mut args, 0)?, arg(vm, &mut args, 1)?) else {
                return Err(vm.error("`mem::swap` needs two `&mut`"));
            };
            let va = vm.with(&a, |v| std::mem::replace(v, Value::Uninit))?;
            let vb = vm.with(&b, |v| std::mem::replace(v, va))?;
            vm.with(&a, |v| *v = vb)?;
            Value::Unit
        }
    }))
}

/// Starts a task running `fut`; its `JoinHandle` as a value, whose output `map` makes (the
/// output itself for the prelude's `spawn`, `Ok(output)` for `tokio::spawn`).
pub(crate) fn spawn_task(
    vm: &mut Vm<'_, '_>,
    fut: Value,
    map: impl FnMut(Value) -> Value + Unpin + 'static,
) -> VmResult<Value> {
    let rt = vm.rt.clone();
    let name = if is_erased(vm, &fut) { "dyn Future".to_string() } else { task_name(&rt.program, &fut) };
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
    Ok(host_value(handle, HostKind::JoinHandle, map))
}
