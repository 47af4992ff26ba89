//! A compiled program: item tables and bytecode. Spans live in a side table per function,
//! indexed like the instructions.

use std::collections::HashMap;
use std::rc::Rc;

use crate::diag::Span;
use crate::ty::{IntTy, Ty};

pub type FnId = u32;
pub type StructId = u32;
pub type EnumId = u32;
pub type PatId = u32;
pub type FmtId = u32;
pub type Sym = Rc<str>;

/// A compiled program, ready to run.
#[derive(Debug)]
pub struct Program {
    pub source: Rc<str>,
    pub fns: Vec<FnDef>,
    pub structs: Vec<Rc<StructDef>>,
    pub enums: Vec<Rc<EnumDef>>,
    /// Methods by type name, then method name: inherent methods and `Future::poll`. (Nested
    /// so that the VM looks methods up by `&str`, without building a key.)
    pub methods: HashMap<String, HashMap<String, FnId>>,
    /// Types that implement `Future` by hand (their `poll` is in `methods`).
    pub futures: HashMap<String, FnId>,
    /// The same `poll`s by struct id and by enum id: what `.await` looks up at every poll.
    pub struct_futures: Vec<Option<FnId>>,
    pub enum_futures: Vec<Option<FnId>>,
    /// Types that implement futures' `Stream` by hand: their `poll_next`.
    pub streams: HashMap<String, FnId>,
    /// `impl Display` and `impl Debug` by hand: their `fmt`, by type name.
    pub display: HashMap<String, FnId>,
    pub debug: HashMap<String, FnId>,
    /// `impl Drop`: its `drop`, by struct id and by enum id.
    pub struct_drops: Vec<Option<FnId>>,
    /// Whether some type of the program has an `eq` method (`==` then asks for it).
    pub user_eq: bool,
    /// Whether some type of the program has a `next` method (`for` then asks for it).
    pub user_next: bool,
    /// Whether the program implements a trait of its own for a std type (`impl Summary for
    /// u32`): method calls on std values then look in the program's tables first.
    pub std_impls: bool,
    pub enum_drops: Vec<Option<FnId>>,
    pub patterns: Vec<Pattern>,
    pub formats: Vec<FormatSpec>,
    pub main: FnId,
    pub limits: pollscope_executor::Limits,
}

impl Program {
    /// The `poll` of a hand-written future: `v`'s, if it is a struct or enum of the program
    /// with `impl Future`.
    #[inline]
    pub fn poll_of(&self, v: &crate::vm::value::Value) -> Option<FnId> {
        use crate::vm::value::Value;
        match v {
            Value::Struct(def, _) => self.struct_futures.get(def.id as usize).copied().flatten(),
            Value::Enum(def, _, _) => self.enum_futures.get(def.id as usize).copied().flatten(),
            _ => None,
        }
    }

    /// The method `name` of the program's type `ty`.
    pub fn method(&self, ty: &str, name: &str) -> Option<FnId> {
        self.methods.get(ty)?.get(name).copied()
    }
}

/// What kind of body a function is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnKind {
    Plain,
    /// An `async fn`: calling it makes a future that runs the body when polled.
    Async,
    /// An `async` block: a future over its captures.
    AsyncBlock,
    Closure,
}

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfKind {
    Value,
    Ref,
    RefMut,
    /// `self: Pin<&mut Self>` (also `Pin<&Self>`).
    Pin,
}

/// One `.await` of an async body: where it is, and the locals in scope there.
#[derive(Debug, Clone)]
pub struct AwaitPoint {
    pub span: Span,
    /// (name, local slot) of the named locals in scope at this await.
    pub locals: Vec<(String, u32)>,
}

#[derive(Debug)]
pub struct FnDef {
    /// `main`, `Countdown::poll`, `{closure}`, ...
    pub name: String,
    /// The name a task running this future gets (see `pollscope_executor::task_name`).
    pub task_name: String,
    pub kind: FnKind,
    pub self_kind: Option<SelfKind>,
    /// Parameters occupy the first `params` local slots (captures come first for closures
    /// and async blocks, in the slots after the parameters).
    pub params: u32,
    pub captures: u32,
    pub locals: u32,
    pub local_names: Vec<String>,
    pub param_tys: Vec<Ty>,
    pub ret: Ty,
    pub code: Vec<Instr>,
    pub spans: Vec<Span>,
    pub awaits: Vec<AwaitPoint>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Named,
    Tuple,
    Unit,
}

#[derive(Debug, Clone, Default)]
pub struct Derives {
    pub debug: bool,
    pub clone: bool,
    pub copy: bool,
    pub partial_eq: bool,
    pub partial_ord: bool,
    pub default: bool,
}

#[derive(Debug)]
pub struct StructDef {
    pub id: StructId,
    pub name: String,
    pub shape: Shape,
    pub fields: Vec<(String, Ty)>,
    pub derives: Derives,
}

#[derive(Debug)]
pub struct VariantDef {
    pub name: String,
    pub shape: Shape,
    pub fields: Vec<(String, Ty)>,
    /// The value `Variant as i64` gives: written (`= 5`) or the previous one plus one.
    pub discriminant: i128,
}

#[derive(Debug)]
pub struct EnumDef {
    pub id: EnumId,
    pub name: String,
    pub variants: Vec<VariantDef>,
    pub derives: Derives,
}

/// Built-in enums, with fixed ids below the program's own.
/// Variant indices of the built-in enums, by name.
pub mod variant {
    pub const NONE: u32 = 0;
    pub const SOME: u32 = 1;
    pub const OK: u32 = 0;
    pub const ERR: u32 = 1;
    pub const READY: u32 = 0;
    pub const PENDING: u32 = 1;
}

pub const OPTION: EnumId = 0;
pub const RESULT: EnumId = 1;
pub const POLL: EnumId = 2;
pub const ORDERING: EnumId = 3;
pub const BUILTIN_ENUMS: u32 = 4;

/// A pattern, matched at run time against a place.
#[derive(Debug, Clone)]
pub enum Pattern {
    Wild,
    /// `name`, `mut name`, `ref name`, `ref mut name`, optionally `name @ sub`.
    Bind {
        slot: u32,
        by_ref: bool,
        sub: Option<Box<Pattern>>,
    },
    Int(i128),
    Bool(bool),
    Char(char),
    Str(Sym),
    Unit,
    /// `lo..=hi` or `lo..hi` over integers or chars (chars as their code).
    Range {
        lo: Option<i128>,
        hi: Option<i128>,
        inclusive: bool,
    },
    Tuple(Vec<Pattern>),
    /// A struct pattern: fields by index, the rest ignored.
    Struct {
        id: StructId,
        fields: Vec<(u32, Pattern)>,
    },
    /// An enum variant with its fields by index.
    Variant {
        enum_id: EnumId,
        variant: u32,
        fields: Vec<(u32, Pattern)>,
    },
    /// `&pat`.
    Deref(Box<Pattern>),
    Or(Vec<Pattern>),
    /// `[a, b, rest @ ..]` is not supported; `[a, b]` matches a fixed length.
    Slice(Vec<Pattern>),
}

/// A parsed `format!` string.
#[derive(Debug, Clone)]
pub struct FormatSpec {
    pub pieces: Vec<FmtPiece>,
}

#[derive(Debug, Clone)]
pub enum FmtPiece {
    Lit(String),
    Arg { index: usize, spec: ArgSpec },
}

#[derive(Debug, Clone, Default)]
pub struct ArgSpec {
    pub fill: char,
    pub align: Option<char>,
    pub sign_plus: bool,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<Count>,
    pub precision: Option<Count>,
    /// '' (Display), '?', 'x', 'X', 'b', 'o', 'e'.
    pub kind: String,
}

#[derive(Debug, Clone)]
pub enum Count {
    Is(usize),
    Arg(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

/// One bytecode instruction. Instructions work on an operand stack of values; a *place*
/// (something that can be read, written or borrowed) is pushed as a reference value.
#[derive(Debug, Clone)]
pub enum Instr {
    Unit,
    Int(i128, IntTy),
    Bool(bool),
    Char(char),
    Str(Sym),
    /// Push the place of a local.
    Local(u32),
    /// Push the place of a captured variable (closures, async blocks); `by_ref` captures hold a
    /// reference, which is followed.
    Capture(u32, bool),
    /// Pop a place, push the place it points to (`*p`, also through Box, Rc, guards).
    Deref,
    /// Pop a place, push the place of its field (auto-dereferencing).
    Field(Sym),
    TupleField(u32),
    /// Pop index, place; push the element's place.
    Index,
    /// Pop a place, push its value (copied if `Copy`, else moved out).
    Load,
    /// `Local(slot)` then `Load`, in one instruction: a local's value is the commonest operand
    /// (`n` in `n - 1`), and this skips making and dropping its place.
    LoadLocal(u32),
    /// `Local(slot)` or `LoadLocal(slot)` (`place`), `Int(k, ty)`, `Binary(op)`: the commonest
    /// three in a row (`n - 1`, `n < 2`), written by [`fuse`] in the first one's place. The two
    /// after it stay as they were, for jumps into them, and are skipped when it runs fused: when
    /// the local holds an integer and the fuel's checks would pass for all three (it counts as
    /// three instructions); else it runs as its first instruction alone.
    LocalIntBinary {
        slot: u32,
        place: bool,
        k: i128,
        ty: IntTy,
        op: BinOp,
    },
    /// `Local(slot)`, `Field(name)`: a field of a struct in a local or behind a reference in
    /// one (`self.left`, `p.x`), written by [`fuse`] in the `Local`'s place. The `Field` stays
    /// as it was and is skipped when it runs fused: when the local holds the struct or a
    /// reference to it, and the fuel's checks would pass for both; else it runs as the `Local`
    /// alone.
    LocalField(u32, Sym),
    /// `Int(k, ty)`, `Binary(op)`: an operation with a constant on its right (`x.len - 1`,
    /// `self.left == 0`), written by [`fuse`] in the `Int`'s place. The `Binary` stays and is
    /// skipped when it runs fused: when the operand below holds an integer (or the place of
    /// one) and the fuel's checks would pass for both; else it runs as the `Int` alone.
    IntBinary {
        k: i128,
        ty: IntTy,
        op: BinOp,
    },
    /// `Local(slot)`, `CallMethod(name, 0)`: a method without arguments called on a local
    /// (`cx.waker()`, `v.len()`), written by [`fuse`] in the `Local`'s place. The `CallMethod`
    /// stays and is skipped when it runs fused (when the fuel's checks would pass for both);
    /// else this runs as the `Local` alone.
    LocalCallMethod(u32, Sym),
    /// `Unit`, `Pop`: the value of an expression statement that is `()` (`self.left -= 1;`,
    /// an `if` without `else`), pushed and popped for nothing. Written by [`fuse`] in the
    /// `Unit`'s place; the `Pop` stays and is skipped when the fuel's checks would pass for
    /// both, else this runs as the `Unit` alone.
    UnitPop,
    /// Pop a value; store it in a local (dropping what was there).
    StoreLocal(u32),
    /// Pop a place, then a value; store the value there.
    Store,
    /// Pop a place, then a value; `place op= value`.
    CompoundAssign(BinOp),
    /// Drop a local's value (end of scope).
    DropLocal(u32),
    /// Pop and drop.
    Pop,
    Dup,
    Swap,
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    Binary(BinOp),
    Unary(UnOp),
    Cast(IntTy),
    /// `as char`, `as bool` etc. are not supported; `as u8` on a char is `Cast`.
    MakeTuple(u32),
    MakeArray(u32),
    /// Pop fields in source order; `order[i]` is the declaration index of the i-th popped.
    MakeStruct(StructId, Vec<u32>),
    /// Pop fields in source order; `order[i]` is the declaration index of the i-th popped.
    MakeVariant(EnumId, u32, Vec<u32>),
    /// Pop a count and a value; push an array of that many copies (`[v; n]`).
    Repeat,
    /// `as char` on a `u8`.
    CastChar,
    /// Push `Default::default()` of a type (`#[derive(Default)]` structs, std types).
    Default(Ty),
    /// Pop `n` args; call a program function (async fns make a future).
    Call(FnId, u32),
    /// Pop `n` args, then the callee value (a closure or fn).
    CallValue(u32),
    /// Pop `n` args, then a receiver place; call a method by name.
    CallMethod(Sym, u32),
    /// Pop `n` args; call a built-in function (`Rc::new`, `spawn`, ..., resolved at compile time).
    CallBuiltin(crate::builtins::Builtin, u32),
    /// Pop a text; push this prefix followed by it (a `panic!`-like macro's message).
    Prefix(Sym),
    /// Pop `n` args; format them with a format spec, push a `String`.
    Format(FmtId, u32),
    /// Make a closure or async block over `n` popped captures.
    MakeClosure(FnId, u32),
    /// Push a function item as a value.
    FnValue(FnId),
    /// Poll the future in a local once; push the `Poll` it returned (an interpreted future
    /// runs as a frame above this one and pushes its `Poll` when it returns or suspends).
    PollLocal(u32),
    /// Pop a `Poll`. `Ready(v)`: drop the future in the local, push `v`. `Pending`: suspend the
    /// frame at await point `.1`, to resume at the `PollLocal` just before.
    AwaitResult(u32, u32),
    /// Pop a range's end and start; push a range (`bool` = inclusive). `None` ends are absent.
    MakeRange(bool, bool, bool),
    /// Pop a value; push an iterator over it (`for` loops).
    IntoIter,
    /// Push `Option` of the next item of the iterator in a local.
    IterNext(u32),
    /// Pop a place; test it against a pattern; push a bool.
    Test(PatId),
    /// Pop a place; bind a pattern's variables from it (it matched).
    Bind(PatId),
    /// Pop a place; bind a pattern's variables as references (guards).
    BindRef(PatId),
    /// Pop the value; `?`: return early with `None`/`Err(e)`, or push the inner value.
    Try,
    Return,
    /// Pop a message (a `String`); panic with it.
    Panic,
}

/// Writes the superinstructions ([`Instr::LocalIntBinary`], [`Instr::LocalField`],
/// [`Instr::LocalCallMethod`], [`Instr::IntBinary`], [`Instr::UnitPop`]) into a function's
/// code. Nothing moves: each takes its first instruction's place.
pub fn fuse(code: &mut [Instr]) {
    for i in 0..code.len().saturating_sub(1) {
        match (&code[i], &code[i + 1]) {
            (Instr::Unit, Instr::Pop) => {
                code[i] = Instr::UnitPop;
                continue;
            }
            (&Instr::Int(k, ty), &Instr::Binary(op)) => {
                code[i] = Instr::IntBinary { k, ty, op };
                continue;
            }
            _ => {}
        }
        let (slot, place) = match code[i] {
            Instr::Local(slot) => (slot, true),
            Instr::LoadLocal(slot) => (slot, false),
            _ => continue,
        };
        if let (Some(&Instr::Int(k, ty)), Some(&Instr::Binary(op))) = (code.get(i + 1), code.get(i + 2)) {
            code[i] = Instr::LocalIntBinary { slot, place, k, ty, op };
        } else if let (true, Instr::Field(name)) = (place, &code[i + 1]) {
            code[i] = Instr::LocalField(slot, name.clone());
        } else if let (true, Instr::CallMethod(name, 0)) = (place, &code[i + 1]) {
            code[i] = Instr::LocalCallMethod(slot, name.clone());
        }
    }
}
