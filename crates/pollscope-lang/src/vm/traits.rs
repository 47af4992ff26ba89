//! What std does with the traits a program implements by hand: `Display` and `Debug` in
//! formatting, `Iterator` in `for` and the adaptors, `PartialEq` in `==` (see
//! `compile/traits.rs` for the compiling side).
//!
//! Formatting runs in Rust (`format.rs`, std's builders), which cannot call back into the
//! program; so before a `format!` runs, every value it will print whose type has a
//! hand-written `fmt` is rendered by that `fmt` and kept by address for the formatting to
//! find ([`prerender`], [`rendered`]). The values stay where they are meanwhile: the arguments
//! are references, or moved into heap cells first.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::value::*;
use super::{Vm, VmResult};
use crate::program::{FmtPiece, FnId, FormatSpec};

/// Which hand-written `fmt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FmtTrait {
    Display,
    Debug,
}

thread_local! {
    /// Values rendered for the format in progress: (address, trait, `{:#?}`) -> text.
    static RENDERED: RefCell<HashMap<(usize, FmtTrait, bool), String>> = RefCell::new(HashMap::new());
}

/// How many values one format may render by hand, and how deep it looks for them.
const MAX_RENDERED: usize = 10_000;
const MAX_DEPTH: usize = 64;

/// The text a hand-written `Debug::fmt` gave this value, in the format in progress.
pub fn rendered(v: &Value, alternate: bool) -> Option<String> {
    lookup(v, FmtTrait::Debug, alternate)
}

/// The text a hand-written `Display::fmt` gave this value, in the format in progress.
pub fn rendered_display(v: &Value) -> Option<String> {
    lookup(v, FmtTrait::Display, false)
}

fn lookup(v: &Value, which: FmtTrait, alternate: bool) -> Option<String> {
    if !matches!(v, Value::Struct(..) | Value::Enum(..)) {
        return None;
    }
    RENDERED.with(|r| {
        let r = r.borrow();
        if r.is_empty() { None } else { r.get(&(v as *const Value as usize, which, alternate)).cloned() }
    })
}

/// The hand-written `fmt` of this value's type, if any.
fn fmt_fn(vm: &Vm<'_, '_>, v: &Value, which: FmtTrait) -> Option<FnId> {
    let name = match v {
        Value::Struct(def, _) => &def.name,
        Value::Enum(def, _, _) => &def.name,
        _ => return None,
    };
    let table = match which {
        FmtTrait::Display => &vm.rt.program.display,
        FmtTrait::Debug => &vm.rt.program.debug,
    };
    table.get(name).copied()
}

/// Whether the program formats anything by hand (else formatting needs no preparation).
pub fn has_fmt_impls(vm: &Vm<'_, '_>) -> bool {
    !vm.rt.program.display.is_empty() || !vm.rt.program.debug.is_empty()
}

/// Calls a hand-written `fmt` on the value at `place`; returns what it wrote.
pub fn call_fmt(vm: &mut Vm<'_, '_>, id: FnId, place: Place, alternate: bool) -> VmResult<String> {
    let out = Rc::new(FmtOut { text: RefCell::new(String::new()), alternate });
    // `fmt::Result`: std panics if an implementation returns `Err` without the writer failing.
    let result = vm.call_value(&Value::Fn(id), vec![Value::Ref(place), Value::Formatter(out.clone())])?;
    if let Value::Enum(def, variant, _) = &result
        && def.id == crate::program::RESULT
        && *variant == crate::program::variant::ERR
    {
        return Err(vm.panic("a formatting trait implementation returned an error when the underlying stream did not"));
    }
    let text = out.text.borrow().clone();
    vm.alloc(text.len() as u64)?;
    Ok(text)
}

/// `value.to_string()` for a type with a hand-written `Display`.
pub fn display_string(vm: &mut Vm<'_, '_>, place: &Place) -> VmResult<Option<String>> {
    let target = follow(vm, place.clone())?;
    let id = vm.with(&target, |v| fmt_fn(vm, v, FmtTrait::Display))?;
    match id {
        Some(id) => call_fmt(vm, id, target, false).map(Some),
        None => Ok(None),
    }
}

/// The program's method `name` for the value `v` is or points at.
pub fn user_method(vm: &Vm<'_, '_>, v: &Value, name: &str) -> VmResult<Option<FnId>> {
    let program = vm.rt.program.clone();
    super::ops::with_value(vm, v, &mut |v| match v {
        Value::Struct(def, _) => program.method(&def.name, name),
        Value::Enum(def, _, _) => program.method(&def.name, name),
        _ => None,
    })
}

/// `a == b` / `a != b` where `a`'s type implements `PartialEq` by hand: its `eq`.
pub fn user_eq(vm: &mut Vm<'_, '_>, lhs: Value, rhs: Value) -> VmResult<Option<bool>> {
    let Some(id) = user_method(vm, &lhs, "eq")? else { return Ok(None) };
    let as_ref = |v: Value| match v {
        Value::Ref(_) => v,
        owned => Value::Ref(Place::heap(&heap(owned))),
    };
    match vm.call_value(&Value::Fn(id), vec![as_ref(lhs), as_ref(rhs)])? {
        Value::Bool(b) => Ok(Some(b)),
        other => Err(vm.error(format!("`eq` returned {}, not a `bool`", other.kind()))),
    }
}

/// A value of a type with `impl Iterator` (or a reference to one) as an iterator.
pub fn user_iter(vm: &Vm<'_, '_>, v: Value) -> VmResult<Result<Iter, Value>> {
    let Some(next) = user_method(vm, &v, "next")? else { return Ok(Err(v)) };
    let place = match v {
        Value::Ref(p) => p,
        owned => Place::heap(&heap(owned)),
    };
    Ok(Ok(Iter::User { next, place }))
}

/// The next item of a user iterator: its `next(&mut self)`.
pub fn user_next(vm: &mut Vm<'_, '_>, next: FnId, place: &Place) -> VmResult<Option<Value>> {
    match vm.call_value(&Value::Fn(next), vec![Value::Ref(place.clone())])? {
        Value::Enum(def, variant, mut fields) if def.id == crate::program::OPTION => {
            Ok(if variant == crate::program::variant::SOME { fields.pop() } else { None })
        }
        other => Err(vm.error(format!("`next` returned {}, not an `Option`", other.kind()))),
    }
}

/// Renders by hand what `spec` prints of `args` (see the module's comment). Owned arguments
/// move into heap cells (returned, to keep them alive while formatting).
pub fn prerender(vm: &mut Vm<'_, '_>, spec: &FormatSpec, args: &mut [Value]) -> VmResult<Vec<Heap>> {
    let mut cells = Vec::new();
    let mut jobs: Vec<(usize, FmtTrait, bool)> = Vec::new();
    for piece in &spec.pieces {
        if let FmtPiece::Arg { index, spec } = piece {
            let which = if spec.kind.ends_with('?') { FmtTrait::Debug } else { FmtTrait::Display };
            if spec.kind.is_empty() || spec.kind.ends_with('?') {
                jobs.push((*index, which, spec.alternate));
            }
        }
    }
    if jobs.is_empty() {
        return Ok(cells);
    }
    let mut found: HashMap<(usize, FmtTrait, bool), String> = HashMap::new();
    for (index, which, alternate) in jobs {
        let Some(arg) = args.get_mut(index) else { continue };
        let place = match arg {
            Value::Ref(p) => p.clone(),
            other => {
                let cell = heap(std::mem::replace(other, Value::Uninit));
                *other = Value::Ref(Place::heap(&cell));
                cells.push(cell.clone());
                Place::heap(&cell)
            }
        };
        visit(vm, place, which, alternate, 0, &mut found)?;
    }
    RENDERED.with(|r| *r.borrow_mut() = found);
    Ok(cells)
}

/// Forgets what [`prerender`] rendered.
pub fn clear_rendered() {
    RENDERED.with(|r| r.borrow_mut().clear());
}

/// Renders the value at `place` if its type formats by hand, else (for `Debug`) what it holds.
fn visit(
    vm: &mut Vm<'_, '_>,
    place: Place,
    which: FmtTrait,
    alternate: bool,
    depth: usize,
    found: &mut HashMap<(usize, FmtTrait, bool), String>,
) -> VmResult<()> {
    if depth > MAX_DEPTH || found.len() >= MAX_RENDERED {
        return Ok(());
    }
    let place = follow(vm, place)?;
    let (addr, id, children) = vm.with(&place, |v| {
        let addr = v as *const Value as usize;
        let id = fmt_fn(vm, v, which);
        // `Display` is the top value's own; `Debug` of a derive prints its parts with theirs.
        let children: Vec<super::value::Proj> = if id.is_some() || which == FmtTrait::Display {
            Vec::new()
        } else {
            match v {
                Value::Struct(_, items) | Value::Enum(_, _, items) => {
                    (0..items.len()).map(|i| Proj::Field(i as u32)).collect()
                }
                Value::Tuple(items) => (0..items.len()).map(|i| Proj::Field(i as u32)).collect(),
                Value::Vec(items) | Value::Array(items) => (0..items.len()).map(Proj::at).collect(),
                Value::RefCell(_) | Value::Mutex(_) | Value::Cell(_) => vec![Proj::Inner],
                _ => Vec::new(),
            }
        };
        (addr, id, children)
    })?;
    if let Some(id) = id {
        if found.contains_key(&(addr, which, alternate)) {
            return Ok(());
        }
        let text = call_fmt(vm, id, place, alternate)?;
        found.insert((addr, which, alternate), text);
        return Ok(());
    }
    for proj in children {
        visit(vm, place.project(proj), which, alternate, depth + 1, found)?;
    }
    Ok(())
}

/// Follows references, boxes and shared pointers to the value they point at.
fn follow(vm: &Vm<'_, '_>, place: Place) -> VmResult<Place> {
    vm.autoderef(place, |v| !matches!(v, Value::Ref(_) | Value::Box(_) | Value::Rc(..) | Value::Guard(_)))
}

/// A value's `impl Drop`: the program's `drop` and the run to call it in. When Rust drops the
/// value's fields (see [`Fields`]), the value is queued; the VM runs the queue after the
/// instruction that dropped it (or at once, when no VM is running: the executor dropping a
/// finished task's future), and the fields drop after `drop` returns, as in Rust.
pub struct DropHook {
    pub fn_id: FnId,
    pub of: HookOf,
    pub rt: std::rc::Weak<super::Runtime>,
}

/// The type a [`DropHook`] rebuilds its value as.
pub enum HookOf {
    Struct(Rc<crate::program::StructDef>),
    Enum(Rc<crate::program::EnumDef>, u32),
}

impl DropHook {
    /// The hook for a new value of struct `id`, if its type implements `Drop`.
    pub fn for_struct(vm: &Vm<'_, '_>, def: &Rc<crate::program::StructDef>) -> Option<Box<DropHook>> {
        let fn_id = (*vm.rt.program.struct_drops.get(def.id as usize)?)?;
        Some(Box::new(DropHook { fn_id, of: HookOf::Struct(def.clone()), rt: Rc::downgrade(vm.rt) }))
    }

    /// The hook for a new value of enum `def`'s variant `variant`, if its type implements `Drop`.
    pub fn for_enum(vm: &Vm<'_, '_>, def: &Rc<crate::program::EnumDef>, variant: u32) -> Option<Box<DropHook>> {
        let fn_id = (*vm.rt.program.enum_drops.get(def.id as usize)?)?;
        Some(Box::new(DropHook { fn_id, of: HookOf::Enum(def.clone(), variant), rt: Rc::downgrade(vm.rt) }))
    }

    /// A copy for a clone of the value.
    pub fn again(&self) -> Box<DropHook> {
        let of = match &self.of {
            HookOf::Struct(def) => HookOf::Struct(def.clone()),
            HookOf::Enum(def, v) => HookOf::Enum(def.clone(), *v),
        };
        Box::new(DropHook { fn_id: self.fn_id, of, rt: self.rt.clone() })
    }

    /// Whether dropping its value would run the program's `drop` (not once the run is over).
    pub fn will_fire(&self) -> bool {
        self.rt.strong_count() > 0 && !pollscope_executor::is_halted()
    }

    pub(super) fn fire(self, items: Vec<Value>) {
        // After a limit or an interpreter error nothing more of the program runs.
        let rt = match self.rt.upgrade() {
            Some(rt) if !pollscope_executor::is_halted() => rt,
            _ => return drop_in_order(items),
        };
        let value = match self.of {
            HookOf::Struct(def) => Value::Struct(def, items.into()),
            HookOf::Enum(def, v) => Value::Enum(def, v, items.into()),
        };
        rt.defer(super::Deferred { fn_id: self.fn_id, value, by_ref: true });
        if rt.active.get() == 0 {
            drain(&rt);
        }
    }
}

/// Runs the queued calls in a VM of their own (no VM is running: nothing else would).
pub(crate) fn drain(rt: &Rc<super::Runtime>) {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut vm = Vm::new(rt, &mut cx);
    match vm.run_deferred() {
        Ok(()) | Err(super::Unwind::Halt) => {}
        // A panic in `drop` while no poll runs: the executor's `catch_unwind` around dropping
        // a future (or its pending-panic slot) takes it, as it takes rustc's.
        Err(super::Unwind::Panic(message)) if !std::thread::panicking() => {
            drop(vm);
            pollscope_executor::raise(*message);
        }
        Err(super::Unwind::Panic(_)) => {}
        Err(super::Unwind::Foreign(payload)) if !std::thread::panicking() => std::panic::resume_unwind(*payload),
        Err(super::Unwind::Foreign(_)) => {}
    }
}

impl Vm<'_, '_> {
    /// Makes the queued calls (`drop`s, `wake`s) in order; the calls a call queues (a value's
    /// own fields, queued when its `drop` returns) come before the next of its batch, as in
    /// Rust - with a stack of batches, not recursion, so a long chain of values with `drop`s
    /// is as deep as the host's stack allows anywhere else: not at all.
    /// `result` of code that Rust asked this VM to run, after the queued calls it left (the
    /// `drop`s of values dropped by its last instruction, or while a panic unwound): the first
    /// error of the two.
    pub(crate) fn with_deferred<T>(&mut self, result: VmResult<T>) -> VmResult<T> {
        let deferred = self.run_deferred();
        let value = result?;
        deferred.map(|()| value)
    }

    pub(crate) fn run_deferred(&mut self) -> VmResult<()> {
        self.rt.deferred.set(false);
        let first = std::mem::take(&mut *self.rt.pending_drops.borrow_mut());
        if first.is_empty() {
            return Ok(());
        }
        let mut stack: Vec<std::vec::IntoIter<super::Deferred>> = vec![first.into_iter()];
        while let Some(batch) = stack.last_mut() {
            let Some(call) = batch.next() else {
                stack.pop();
                continue;
            };
            let r = if call.by_ref {
                let cell = heap(call.value);
                let r = self.call_value(&Value::Fn(call.fn_id), vec![Value::Ref(Place::heap(&cell))]);
                drop(cell);
                r
            } else {
                self.call_value(&Value::Fn(call.fn_id), vec![call.value])
            };
            r?;
            self.rt.deferred.set(false);
            let queued = std::mem::take(&mut *self.rt.pending_drops.borrow_mut());
            if !queued.is_empty() {
                stack.push(queued.into_iter());
            }
        }
        Ok(())
    }
}

/// `f.debug_struct(..)`, `f.debug_tuple(..)`, `f.debug_list()`, `f.debug_set()`: fields are
/// rendered (with the program's own `Debug`s) as they are added; `finish` lays them out with
/// std's builders, so `{:#?}` indents them as std does.
#[derive(Debug)]
pub struct DebugBuilder {
    pub out: Rc<FmtOut>,
    pub kind: BuilderKind,
    pub fields: Vec<(Option<String>, String)>,
}

#[derive(Debug, Clone)]
pub enum BuilderKind {
    Struct(String),
    Tuple(String),
    List,
    Set,
}

/// A value's `Debug` text (`{:?}`, or `{:#?}`), with the program's hand-written `Debug`s.
pub fn debug_text(vm: &mut Vm<'_, '_>, value: Value, alternate: bool) -> VmResult<String> {
    let spec = FormatSpec {
        pieces: vec![FmtPiece::Arg {
            index: 0,
            spec: crate::program::ArgSpec {
                fill: ' ',
                align: None,
                sign_plus: false,
                alternate,
                zero: false,
                width: None,
                precision: None,
                kind: "?".to_string(),
            },
        }],
    };
    format_with_impls(vm, &spec, vec![value])
}

/// What `format!(spec, args..)` makes, with the program's hand-written `Display`s and
/// `Debug`s rendered first (see the module's comment).
pub fn format_with_impls(vm: &mut Vm<'_, '_>, spec: &FormatSpec, mut args: Vec<Value>) -> VmResult<String> {
    if !has_fmt_impls(vm) {
        return super::format::format(vm, spec, &args);
    }
    let kept = prerender(vm, spec, &mut args);
    let text = kept.and_then(|_kept| super::format::format(vm, spec, &args));
    clear_rendered();
    text
}

/// What a builder prints, as std's builders lay it out.
pub fn finish(b: &DebugBuilder, non_exhaustive: bool) -> String {
    struct Raw<'a>(&'a str);
    impl std::fmt::Debug for Raw<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    struct Show<'a>(&'a DebugBuilder, bool);
    impl std::fmt::Debug for Show<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let Show(b, non_exhaustive) = *self;
            match &b.kind {
                BuilderKind::Struct(name) => {
                    let mut d = f.debug_struct(name);
                    for (n, t) in &b.fields {
                        d.field(n.as_deref().unwrap_or(""), &Raw(t));
                    }
                    if non_exhaustive { d.finish_non_exhaustive() } else { d.finish() }
                }
                BuilderKind::Tuple(name) => {
                    let mut d = f.debug_tuple(name);
                    for (_, t) in &b.fields {
                        d.field(&Raw(t));
                    }
                    if non_exhaustive { d.finish_non_exhaustive() } else { d.finish() }
                }
                BuilderKind::List => f.debug_list().entries(b.fields.iter().map(|(_, t)| Raw(t))).finish(),
                BuilderKind::Set => f.debug_set().entries(b.fields.iter().map(|(_, t)| Raw(t))).finish(),
            }
        }
    }
    if b.out.alternate { format!("{:#?}", Show(b, non_exhaustive)) } else { format!("{:?}", Show(b, non_exhaustive)) }
}
