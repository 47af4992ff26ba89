//! `Cell`, `RefCell`, `Mutex`.

use super::*;

pub(super) fn cell_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
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
            Ok(Some(Value::Guard(Box::new(Guard {
                place: inner,
                borrow: flag,
                mutable: false,
                kind: GuardKind::Ref,
                permit: None,
            }))))
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
                return Ok(Some(result(vm, Err(Value::Struct(def, Vec::new().into())))));
            }
            flag.set(if mutable { -1 } else { flag.get() + 1 });
            let kind = if mutable { GuardKind::RefMut } else { GuardKind::Ref };
            Ok(Some(result(
                vm,
                Ok(Value::Guard(Box::new(Guard { place: inner, borrow: flag, mutable, kind, permit: None }))),
            )))
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
                permit: None,
            }))))
        }
        ("lock", Some(flag)) if is_mutex => {
            if flag.get() != 0 {
                return Err(
                    vm.error("deadlock: this `Mutex` is already locked by the same task (std would block forever)")
                );
            }
            flag.set(-1);
            let guard = Value::Guard(Box::new(Guard {
                place: inner,
                borrow: flag,
                mutable: true,
                kind: GuardKind::Mutex,
                permit: None,
            }));
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
