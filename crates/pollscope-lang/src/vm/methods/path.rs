//! Functions called by path: constructors of std types and the prelude.

use super::*;

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
        "Rc::new" => Value::Rc(heap(arg(vm, &mut args, 0)?), Shared::Rc),
        "Arc::new" => Value::Rc(heap(arg(vm, &mut args, 0)?), Shared::Arc),
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
