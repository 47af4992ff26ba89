//! Run-time values and places.
//!
//! Values are owned trees, as in Rust: moving a value takes it out of its place (leaving
//! `Uninit`), and dropping a value drops what it owns - a real `Waker`, a host future, a
//! `RefCell` guard - at the moment rustc would drop it, so the executor records the same events.
//! A reference is a [`Place`]: a root (a local slot or a heap cell) and a path of projections.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Waker;

use crate::program::{EnumDef, FnId, StructDef, Sym};
use crate::ty::IntTy;

pub type Heap = Rc<RefCell<Value>>;
pub type Locals = Rc<RefCell<Vec<Value>>>;

pub fn heap(value: Value) -> Heap {
    Rc::new(RefCell::new(value))
}

/// A place whose frame has returned: only a raw pointer can still name it (safe references
/// cannot outlive their place: rustc's borrow checker sees to that).
pub const DANGLING: &str = "this pointer dangles: the local it points to is gone (its function returned), and reading \
                            it is undefined behavior in Rust";

/// Where a place starts.
#[derive(Clone)]
pub enum Root {
    /// A local slot of a frame (frames keep their locals in a shared vector so that references
    /// into them survive a suspended `async` frame).
    Local(Locals, u32),
    /// A heap cell: the content of a `Box`, an `Rc`, a closure's captures, a task's future.
    Heap(Heap),
}

/// One step from a value to a part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proj {
    Field(u32),
    /// An element of a `Vec` or array (u32 keeps places small: the heap limit is far below).
    Index(u32),
    /// The value inside a `RefCell`, `Cell` or `Mutex`.
    Inner,
}

/// A place's projections. Short paths stay inline: places are made for every field access.
/// Two inline, in a `union` `SmallVec`, keep a `Place` at five words and so a [`Value`] at six
/// (with four, a `Value` took eight: every push, pop and local moved a third more bytes).
pub type Path = smallvec::SmallVec<[Proj; 2]>;

impl Proj {
    /// The projection to element `i`.
    pub fn at(i: usize) -> Proj {
        Proj::Index(i as u32)
    }
}

/// Something that can be read, written and borrowed.
#[derive(Clone)]
pub struct Place {
    pub root: Root,
    pub path: Path,
}

impl Place {
    pub fn local(locals: &Locals, slot: u32) -> Place {
        Place { root: Root::Local(locals.clone(), slot), path: Path::new() }
    }

    pub fn heap(cell: &Heap) -> Place {
        Place { root: Root::Heap(cell.clone()), path: Path::new() }
    }

    pub fn project(&self, proj: Proj) -> Place {
        // Built in one go (a clone, then a push, moved the path twice).
        let path = match *self.path {
            [] => smallvec::smallvec![proj],
            [a] => smallvec::smallvec![a, proj],
            ref longer => longer.iter().copied().chain([proj]).collect(),
        };
        Place { root: self.root.clone(), path }
    }

    /// Runs `f` on the value at this place. The root's cell is borrowed only during `f`, which
    /// must not run program code.
    pub fn with<R>(&self, f: impl FnOnce(&mut Value) -> R) -> Result<R, String> {
        match &self.root {
            Root::Local(locals, slot) => {
                let mut locals = locals.try_borrow_mut().map_err(|_| "a local is in use".to_string())?;
                let value = locals.get_mut(*slot as usize).ok_or(DANGLING)?;
                walk(value, &self.path).map(f)
            }
            Root::Heap(cell) => {
                let mut value = cell.try_borrow_mut().map_err(|_| "a value is in use".to_string())?;
                walk(&mut value, &self.path).map(f)
            }
        }
    }

    /// Runs `f` on the value at this place with a shared borrow, so that two places of one
    /// root can be read at once (comparing two elements of a `Vec`).
    pub fn read<R>(&self, f: impl FnOnce(&Value) -> R) -> Result<R, String> {
        match &self.root {
            Root::Local(locals, slot) => {
                let locals = locals.try_borrow().map_err(|_| "a local is in use".to_string())?;
                let value = locals.get(*slot as usize).ok_or(DANGLING)?;
                walk_ref(value, &self.path).map(f)
            }
            Root::Heap(cell) => {
                let value = cell.try_borrow().map_err(|_| "a value is in use".to_string())?;
                walk_ref(&value, &self.path).map(f)
            }
        }
    }

    /// Whether two places are the same location.
    pub fn same(&self, other: &Place) -> bool {
        let roots = match (&self.root, &other.root) {
            (Root::Local(a, i), Root::Local(b, j)) => Rc::ptr_eq(a, b) && i == j,
            (Root::Heap(a), Root::Heap(b)) => Rc::ptr_eq(a, b),
            _ => false,
        };
        roots && self.path == other.path
    }
}

impl Root {
    /// The pointer of the root's allocation (locals of a frame, or a heap cell): its identity
    /// while it is alive.
    pub fn ptr(&self) -> usize {
        match self {
            Root::Local(locals, _) => Rc::as_ptr(locals) as usize,
            Root::Heap(cell) => Rc::as_ptr(cell) as usize,
        }
    }
}

fn walk<'a>(mut value: &'a mut Value, path: &[Proj]) -> Result<&'a mut Value, String> {
    for proj in path {
        value = match (proj, value) {
            (Proj::Field(i), Value::Struct(_, fields) | Value::Enum(_, _, fields)) => {
                fields.get_mut(*i as usize).ok_or("no such field")?
            }
            (Proj::Field(i), Value::Tuple(fields)) => fields.get_mut(*i as usize).ok_or("no such field")?,
            (Proj::Index(i), Value::Vec(items) | Value::Array(items)) => {
                items.get_mut(*i as usize).ok_or("index out of range")?
            }
            (Proj::Inner, Value::RefCell(cell) | Value::Mutex(cell)) => &mut cell.value,
            (Proj::Inner, Value::Cell(inner)) => inner,
            (_, Value::Uninit) => return Err("use of a moved value".to_string()),
            (proj, other) => return Err(format!("cannot project {proj:?} of {}", other.kind())),
        };
    }
    Ok(value)
}

fn walk_ref<'a>(mut value: &'a Value, path: &[Proj]) -> Result<&'a Value, String> {
    for proj in path {
        value = match (proj, value) {
            (Proj::Field(i), Value::Struct(_, fields) | Value::Enum(_, _, fields)) => {
                fields.get(*i as usize).ok_or("no such field")?
            }
            (Proj::Field(i), Value::Tuple(fields)) => fields.get(*i as usize).ok_or("no such field")?,
            (Proj::Index(i), Value::Vec(items) | Value::Array(items)) => {
                items.get(*i as usize).ok_or("index out of range")?
            }
            (Proj::Inner, Value::RefCell(cell) | Value::Mutex(cell)) => &cell.value,
            (Proj::Inner, Value::Cell(inner)) => inner,
            (_, Value::Uninit) => return Err("use of a moved value".to_string()),
            (proj, other) => return Err(format!("cannot project {proj:?} of {}", other.kind())),
        };
    }
    Ok(value)
}

/// The content of a `RefCell` or `Mutex` with its borrow state: `>0` shared borrows, `-1` a
/// mutable borrow (or a lock).
pub struct CellVal {
    pub borrow: Rc<Cell<isize>>,
    pub value: Value,
}

/// A `Ref`, `RefMut` or `MutexGuard`: a place inside a cell, and the borrow it releases when
/// dropped.
pub struct Guard {
    pub place: Place,
    pub borrow: Rc<Cell<isize>>,
    pub mutable: bool,
    pub kind: GuardKind,
    /// A tokio `MutexGuard`'s hold on the lock: dropped after the borrow, waking the next
    /// waiter.
    pub permit: Option<pollscope_executor::sync::Permit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardKind {
    Ref,
    RefMut,
    Mutex,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let b = self.borrow.get();
        self.borrow.set(if self.mutable { 0 } else { b - 1 });
    }
}

/// A closure or async block's code and captures.
pub struct Closure {
    pub fn_id: FnId,
    /// A `Value::Tuple` of the captures; by-reference captures hold `Value::Ref`.
    pub captures: Heap,
}

/// The state of an interpreted `async fn` or `async` block, named as rustc's generator
/// transform names them.
pub enum AsyncStatus {
    Unresumed,
    Suspended(u32),
    Returned,
    Panicked,
}

/// A suspended (or not yet started) interpreted async body.
pub struct AsyncFrame {
    pub fn_id: FnId,
    pub status: AsyncStatus,
    /// The frame: locals (arguments first), saved operand stack and resume point.
    pub locals: Locals,
    pub stack: Vec<Value>,
    pub pc: u32,
    pub captures: Option<Heap>,
    /// Set while the frame runs, so a future that polls itself is caught.
    pub running: bool,
    /// Its id in the run's detail events (`f1`, ...), given at the first poll; 0 before.
    pub id: u32,
    /// Where it lives from its first poll on, in words.
    pub lives: String,
}

/// A future value.
pub enum Fut {
    /// An interpreted async fn or block.
    Async(Rc<RefCell<AsyncFrame>>),
    /// A future implemented in Rust: `Sleep`, `YieldNow`, `JoinHandle`, `Join`, ...
    Host(Pin<Box<dyn Future<Output = Value>>>, HostKind),
    /// `std::future::poll_fn(f)`: each poll calls the closure `f` with the `Context`.
    PollFn(Box<Value>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    Sleep,
    YieldNow,
    JoinHandle,
    Join,
    Ready,
    Pending,
    Promise,
    Timeout,
    Oneshot,
    Recv,
    Send,
    Tick,
    Select,
    Lock,
    Notified,
    /// A stream's `next()`, `collect()`, `for_each(..)`, `fold(..)`.
    Next,
    Collect,
    ForEach,
    Fold,
}

impl HostKind {
    pub fn name(self) -> &'static str {
        match self {
            HostKind::Sleep => "Sleep",
            HostKind::YieldNow => "YieldNow",
            HostKind::JoinHandle => "JoinHandle",
            HostKind::Join => "Join",
            HostKind::Ready => "Ready",
            HostKind::Pending => "Pending",
            HostKind::Promise => "HostPromise",
            HostKind::Timeout => "Timeout",
            HostKind::Oneshot => "oneshot::Receiver",
            HostKind::Recv => "Recv",
            HostKind::Send => "Send",
            HostKind::Tick => "Tick",
            HostKind::Select => "Select",
            HostKind::Lock => "Lock",
            HostKind::Notified => "Notified",
            HostKind::Next => "Next",
            HostKind::Collect => "Collect",
            HostKind::ForEach => "ForEach",
            HostKind::Fold => "Fold",
        }
    }
}

/// An iterator's state.
pub enum Iter {
    Range {
        next: i128,
        end: Option<i128>,
        ty: IntTy,
        inclusive: bool,
        done: bool,
    },
    CharRange {
        next: u32,
        end: u32,
        inclusive: bool,
        done: bool,
    },
    /// Owned items (`into_iter`, `vec.drain(..)`).
    Items(std::collections::VecDeque<Value>),
    /// References to the elements of a `Vec`/array at a place (`iter`, `iter_mut`, `&v`).
    Refs {
        place: Place,
        index: usize,
    },
    Map(Box<Iter>, Value),
    Filter(Box<Iter>, Value),
    Enumerate(Box<Iter>, usize),
    Rev(Box<Iter>),
    Skip(Box<Iter>, usize),
    Take(Box<Iter>, usize),
    Zip(Box<Iter>, Box<Iter>),
    Chain(Box<Iter>, Box<Iter>),
    /// The step, and whether the first item is still to come.
    StepBy(Box<Iter>, usize, bool),
    /// The predicate, and whether it has failed once.
    TakeWhile(Box<Iter>, Value, bool),
    /// The predicate, and whether items are still being skipped.
    SkipWhile(Box<Iter>, Value, bool),
    /// The function, and the iterator of the item being flattened.
    FlatMap(Box<Iter>, Value, Option<Box<Iter>>),
    /// A value of the program's type with `impl Iterator` (or a reference to one): its `next`.
    User {
        next: FnId,
        place: Place,
    },
}

/// The fields of a struct or enum value. A value of a type with `impl Drop` carries its
/// `drop` here: when Rust drops the fields, the value is handed to the program's `drop` first
/// (see `vm::traits::DropHook`), exactly where rustc would drop it.
#[derive(Default)]
pub struct Fields {
    items: Vec<Value>,
    pub hook: Option<Box<super::traits::DropHook>>,
}

impl Fields {
    pub fn new(items: Vec<Value>, hook: Option<Box<super::traits::DropHook>>) -> Fields {
        Fields { items, hook }
    }
}

impl From<Vec<Value>> for Fields {
    fn from(items: Vec<Value>) -> Fields {
        Fields { items, hook: None }
    }
}

impl FromIterator<Value> for Fields {
    fn from_iter<I: IntoIterator<Item = Value>>(items: I) -> Fields {
        Fields { items: items.into_iter().collect(), hook: None }
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl std::ops::Deref for Fields {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.items
    }
}

impl std::ops::DerefMut for Fields {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.items
    }
}

impl Drop for Fields {
    fn drop(&mut self) {
        if let Some(hook) = self.hook.take() {
            (*hook).fire(std::mem::take(&mut self.items));
            return;
        }
        drop_in_order(std::mem::take(&mut self.items));
    }
}

/// Drops values as Rust would - each one's parts in order, depth first - but with a loop
/// instead of the host's recursion, so that a long chain (a linked list of 100,000 boxed
/// nodes) cannot overflow the host's stack. A value of a type with `impl Drop` is dropped as
/// it is (its hook runs the program's `drop`, then drops its fields the same way).
pub fn drop_in_order(items: Vec<Value>) {
    if !items.iter().any(has_parts) {
        return;
    }
    let mut stack: Vec<std::vec::IntoIter<Value>> = vec![items.into_iter()];
    while let Some(top) = stack.last_mut() {
        let Some(mut v) = top.next() else {
            stack.pop();
            continue;
        };
        let parts = take_parts(&mut v);
        drop(v);
        if let Some(parts) = parts {
            stack.push(parts.into_iter());
        }
    }
}

fn has_parts(v: &Value) -> bool {
    matches!(
        v,
        Value::Struct(..)
            | Value::Enum(..)
            | Value::Box(_)
            | Value::Rc(..)
            | Value::Vec(_)
            | Value::Tuple(_)
            | Value::Array(_)
    )
}

/// The parts of a value that owns them alone, taken out (leaving a shell whose drop does
/// nothing visible); `None` for a value whose drop must run as a whole.
fn take_parts(v: &mut Value) -> Option<Vec<Value>> {
    match v {
        // A value whose `drop` will not run (the run is over) is only its parts.
        Value::Struct(_, f) | Value::Enum(_, _, f) if f.hook.as_ref().is_some_and(|h| !h.will_fire()) => {
            f.hook = None;
            Some(std::mem::take(&mut f.items))
        }
        Value::Struct(_, f) | Value::Enum(_, _, f) if f.hook.is_none() && f.items.iter().any(has_parts) => {
            Some(std::mem::take(&mut f.items))
        }
        Value::Vec(items) | Value::Tuple(items) | Value::Array(items) if items.iter().any(has_parts) => {
            Some(std::mem::take(items))
        }
        Value::Box(cell) | Value::Rc(cell, _) if Rc::strong_count(cell) == 1 && Rc::weak_count(cell) == 0 => {
            let mut inner = cell.try_borrow_mut().ok()?;
            has_parts(&inner).then(|| vec![std::mem::replace(&mut *inner, Value::Uninit)])
        }
        _ => None,
    }
}

/// What a hand-written `fmt` writes into, and the flags it may ask for (`f.alternate()`).
#[derive(Debug)]
pub struct FmtOut {
    pub text: RefCell<String>,
    pub alternate: bool,
}

/// Which shared pointer a [`Value::Rc`] is (they behave alike on one thread; the name shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    Rc,
    Arc,
}

/// A range value: `a..b`, `a..=b`, `a..`, `..b`, `..` (integer bounds of one type).
#[derive(Debug, Clone, PartialEq)]
pub struct RangeValue {
    pub start: Option<i128>,
    pub end: Option<i128>,
    pub ty: IntTy,
    pub inclusive: bool,
}

impl RangeValue {
    /// Whether `n` is inside the range.
    pub fn contains(&self, n: i128) -> bool {
        self.start.is_none_or(|a| n >= a) && self.end.is_none_or(|b| if self.inclusive { n <= b } else { n < b })
    }
}

/// A value of the interpreted program.
pub enum Value {
    /// Moved out, or not yet assigned.
    Uninit,
    Unit,
    Bool(bool),
    Int(i128, IntTy),
    /// A `std::time::Duration`, in nanoseconds (at most `Duration::MAX`'s).
    Duration(u128),
    /// A `std::time::Instant` of the virtual clock: nanoseconds since the start of the run
    /// (`pollscope_executor::Instant`, which the native run uses).
    Instant(u128),
    Char(char),
    /// A `&str`.
    Str(Sym),
    String(String),
    Tuple(Vec<Value>),
    Array(Vec<Value>),
    Vec(Vec<Value>),
    Struct(Rc<StructDef>, Fields),
    Enum(Rc<EnumDef>, u32, Fields),
    /// `&T` / `&mut T` / `Pin<&mut T>`.
    Ref(Place),
    /// `Box<T>` / `Pin<Box<T>>`: owns its heap cell.
    Box(Heap),
    /// `Rc<T>` / `Arc<T>`: shares its heap cell.
    Rc(Heap, Shared),
    RefCell(Box<CellVal>),
    Mutex(Box<CellVal>),
    Cell(Box<Value>),
    /// Boxed: guards are rare, and inline they would make every value bigger.
    Guard(Box<Guard>),
    Fn(FnId),
    Closure(Rc<Closure>),
    Future(Fut),
    Waker(Waker),
    /// `&mut Context<'_>` of the poll that is running (by generation, so a stale one is caught).
    Context(u64),
    /// `&Waker` borrowed from the running poll's context.
    WakerRef(u64),
    /// A null raw pointer (`ptr::null()`); a non-null one is a [`Value::Ref`] to its place.
    NullPtr,
    /// A tokio object: a channel half, an `Interval`, a `select!` in progress, an error.
    Host(Box<super::tokio::HostObj>),
    /// A `Context` the program made with `Context::from_waker(&waker)`: where that waker is.
    UserContext(Box<Place>),
    /// The `&mut fmt::Formatter` a hand-written `Display::fmt` or `Debug::fmt` writes into.
    Formatter(Rc<FmtOut>),
    Iter(Box<Iter>),
    /// `start..end` / `start..=end` (boxed: two `i128`s would make every value bigger).
    Range(Box<RangeValue>),
}

/// Every operand, local and element is one: its size is most of what the VM moves.
const _: () = assert!(std::mem::size_of::<Value>() <= 48);

impl Value {
    /// A word for the kind of value, for error messages.
    pub fn kind(&self) -> String {
        match self {
            Value::Uninit => "a moved value".into(),
            Value::Unit => "()".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_, ty) => ty.name().into(),
            Value::Instant(_) => "Instant".into(),
            Value::Char(_) => "char".into(),
            Value::Str(_) => "&str".into(),
            Value::String(_) => "String".into(),
            Value::Tuple(_) => "a tuple".into(),
            Value::Array(_) => "an array".into(),
            Value::Vec(_) => "Vec".into(),
            Value::Struct(def, _) => def.name.clone(),
            Value::Enum(def, _, _) => def.name.clone(),
            Value::Ref(_) => "a reference".into(),
            Value::Box(_) => "Box".into(),
            Value::Rc(_, Shared::Rc) => "Rc".into(),
            Value::Rc(_, Shared::Arc) => "Arc".into(),
            Value::RefCell(_) => "RefCell".into(),
            Value::Mutex(_) => "Mutex".into(),
            Value::Cell(_) => "Cell".into(),
            Value::Guard(g) => format!("{:?}", g.kind),
            Value::Fn(_) => "a function".into(),
            Value::Closure(_) => "a closure".into(),
            Value::Future(Fut::Async(_)) => "an async future".into(),
            Value::Future(Fut::PollFn(_)) => "PollFn".into(),
            Value::Future(Fut::Host(_, kind)) => kind.name().into(),
            Value::Waker(_) | Value::WakerRef(_) => "Waker".into(),
            Value::Context(_) => "Context".into(),
            Value::Formatter(_) => "Formatter".into(),
            Value::UserContext(_) => "Context".into(),
            Value::NullPtr => "a null pointer".into(),
            Value::Host(h) => h.type_name().into(),
            Value::Duration(_) => "Duration".into(),
            Value::Iter(_) => "an iterator".into(),
            Value::Range(..) => "a range".into(),
        }
    }

    /// A copy, if the value's type is `Copy` (references count as copyable: the borrow checker
    /// that would reject a misuse is rustc's job, not the interpreter's).
    pub fn try_copy(&self) -> Option<Value> {
        Some(match self {
            Value::Unit => Value::Unit,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(v, t) => Value::Int(*v, *t),
            Value::Duration(n) => Value::Duration(*n),
            Value::Instant(n) => Value::Instant(*n),
            Value::Char(c) => Value::Char(*c),
            Value::Str(s) => Value::Str(s.clone()),
            Value::Ref(p) => Value::Ref(p.clone()),
            Value::Fn(f) => Value::Fn(*f),
            Value::Context(g) => Value::Context(*g),
            Value::NullPtr => Value::NullPtr,
            Value::Formatter(f) => Value::Formatter(f.clone()),
            Value::WakerRef(g) => Value::WakerRef(*g),
            Value::Tuple(items) => Value::Tuple(copy_all(items)?),
            Value::Array(items) => Value::Array(copy_all(items)?),
            Value::Struct(def, fields) if def.derives.copy => Value::Struct(def.clone(), copy_all(fields)?.into()),
            // Option, Result, Poll and Ordering are Copy when their payloads are.
            Value::Enum(def, v, fields) if def.derives.copy || def.id < crate::program::BUILTIN_ENUMS => {
                Value::Enum(def.clone(), *v, copy_all(fields)?.into())
            }
            Value::Range(r) => Value::Range(r.clone()),
            _ => return None,
        })
    }

    pub fn int(v: i128, ty: IntTy) -> Value {
        Value::Int(v, ty)
    }
}

fn copy_all(items: &[Value]) -> Option<Vec<Value>> {
    items.iter().map(Value::try_copy).collect()
}

/// `Debug` as `#[derive(Debug)]` and std print it; std's builders give `{:#?}` for free.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A value whose type implements `Debug` by hand, rendered by its `fmt` beforehand.
        if let Some(text) = super::traits::rendered(self, f.alternate()) {
            return f.write_str(&text);
        }
        match self {
            Value::Uninit => f.write_str("<moved>"),
            Value::Unit => f.write_str("()"),
            Value::Bool(b) => fmt::Debug::fmt(b, f),
            Value::Int(v, _) => fmt::Debug::fmt(v, f),
            Value::Duration(n) => fmt::Debug::fmt(&std_duration(*n), f),
            Value::Instant(n) => fmt::Debug::fmt(&pollscope_executor::Instant::from_start(std_duration(*n)), f),
            Value::Char(c) => fmt::Debug::fmt(c, f),
            Value::Str(s) => fmt::Debug::fmt(&**s, f),
            Value::String(s) => fmt::Debug::fmt(s, f),
            Value::Tuple(items) => {
                let mut t = f.debug_tuple("");
                for item in items {
                    t.field(item);
                }
                t.finish()
            }
            Value::Array(items) | Value::Vec(items) => f.debug_list().entries(items).finish(),
            Value::Struct(def, fields) => debug_fields(f, &def.name, def.shape, &def.fields, fields),
            Value::Enum(def, variant, fields) => {
                let v = &def.variants[*variant as usize];
                debug_fields(f, &v.name, v.shape, &v.fields, fields)
            }
            Value::Ref(place) => match place.read(|v| format!("{}", DebugWith(v, f.alternate()))) {
                Ok(text) => f.write_str(&text),
                Err(_) => f.write_str("<dangling>"),
            },
            Value::Box(cell) | Value::Rc(cell, _) => match cell.try_borrow() {
                Ok(v) => fmt::Debug::fmt(&*v, f),
                Err(_) => f.write_str("<in use>"),
            },
            Value::RefCell(cell) => {
                let mut s = f.debug_struct("RefCell");
                if cell.borrow.get() < 0 {
                    s.field("value", &BorrowedPlaceholder);
                } else {
                    s.field("value", &cell.value);
                }
                s.finish()
            }
            Value::Mutex(cell) => {
                let mut s = f.debug_struct("Mutex");
                if cell.borrow.get() != 0 {
                    s.field("data", &LockedPlaceholder);
                } else {
                    s.field("data", &cell.value);
                }
                s.field("poisoned", &false).finish_non_exhaustive()
            }
            Value::Cell(inner) => f.debug_struct("Cell").field("value", inner).finish(),
            Value::Guard(g) => match g.place.read(|v| format!("{}", DebugWith(v, f.alternate()))) {
                Ok(text) => f.write_str(&text),
                Err(_) => f.write_str("<dangling>"),
            },
            Value::Fn(_) | Value::Closure(_) => f.write_str("<closure>"),
            Value::Future(_) => f.write_str("<future>"),
            // std prints two raw pointers, different in every run: say which task it wakes.
            Value::Waker(w) => match pollscope_executor::waker_task(w) {
                Some(task) => write!(f, "Waker({task})"),
                None => f.write_str("Waker"),
            },
            Value::WakerRef(_) => f.write_str("Waker"),
            Value::Context(_) => f.write_str("Context"),
            Value::Formatter(_) => f.write_str("Formatter"),
            Value::UserContext(_) => f.write_str("Context { waker: Waker { .. } }"),
            Value::NullPtr => f.write_str("0x0"),
            Value::Host(h) => f.write_str(&h.debug_text()),
            Value::Iter(_) => f.write_str("<iterator>"),
            Value::Range(r) => {
                if let Some(a) = r.start {
                    write!(f, "{a}")?;
                }
                f.write_str(if r.inclusive { "..=" } else { ".." })?;
                if let Some(b) = r.end {
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

struct BorrowedPlaceholder;
impl fmt::Debug for BorrowedPlaceholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<borrowed>")
    }
}

struct LockedPlaceholder;
impl fmt::Debug for LockedPlaceholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<locked>")
    }
}

/// Formats a value with `{:?}` or `{:#?}`, for values reached through a place.
struct DebugWith<'a>(&'a Value, bool);
impl fmt::Display for DebugWith<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 { write!(f, "{:#?}", self.0) } else { write!(f, "{:?}", self.0) }
    }
}

fn debug_fields(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    shape: crate::program::Shape,
    decl: &[(String, crate::ty::Ty)],
    fields: &[Value],
) -> fmt::Result {
    match shape {
        crate::program::Shape::Unit => f.write_str(name),
        crate::program::Shape::Tuple => {
            let mut t = f.debug_tuple(name);
            for field in fields {
                t.field(field);
            }
            t.finish()
        }
        crate::program::Shape::Named => {
            let mut s = f.debug_struct(name);
            for ((field_name, _), value) in decl.iter().zip(fields) {
                s.field(field_name, value);
            }
            s.finish()
        }
    }
}

/// The largest `Duration` (`Duration::MAX`), in nanoseconds.
pub const DURATION_MAX: u128 = u64::MAX as u128 * 1_000_000_000 + 999_999_999;

/// A [`Value::Duration`]'s nanoseconds as std's `Duration` (for its `Debug` and for `sleep`).
pub fn std_duration(nanos: u128) -> std::time::Duration {
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    std::time::Duration::new(secs, (nanos % 1_000_000_000) as u32)
}
