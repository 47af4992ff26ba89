//! From syntax to bytecode: collect the items, then compile each function body.
//!
//! | file | compiles |
//! |---|---|
//! | `mod.rs` | items (structs, enums, fns, impls), function contexts, scopes, locals |
//! | `expr.rs` | expressions and statements |
//! | `pat.rs` | patterns |
//! | `macros.rs` | `println!`, `format!`, `vec!`, `assert!`, ... and format strings |
//! | `traits.rs` | trait definitions and `impl` blocks (own traits, std's `Display`, `Drop`, `Wake`, ...) |
//!
//! Compiling never panics: anything outside the subset becomes a [`Diagnostic`] at its span,
//! and compilation goes on to report more.

mod aliases;
mod expr;
mod macros;
mod modules;
mod pat;
mod tokio;
mod traits;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use syn::spanned::Spanned;

use crate::diag::{Diagnostic, Span};
use crate::program::*;
use crate::ty::Ty;

/// Compiles a parsed file. Returns the program if there were no errors.
pub fn compile_file(source: &str, file: &syn::File) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = Compiler::new(source);
    // Items inside function bodies are compiled as the file's own (their names must then be
    // distinct from the other items'; see docs/language.md).
    let mut items = file.items.clone();
    c.flatten_modules(&mut items);
    let nested = nested_items(&items);
    for item in &nested {
        c.check_hides_prelude(item, "a function");
    }
    c.nested_names.extend(nested.iter().filter_map(item_name));
    items.extend(nested);
    // A `mod` declared inside a function body.
    c.flatten_modules(&mut items);
    c.resolve_aliases(&mut items);
    traits::check_dyn_compatible(&mut c, &mut items);
    let file = &syn::File { shebang: None, attrs: file.attrs.clone(), items };
    c.collect(file);
    c.compile_bodies(file);
    let limits = match pollscope_executor::Limits::from_source(source) {
        Ok(limits) => limits,
        Err(message) => {
            c.diags.push(limits_error(source, message));
            pollscope_executor::Limits::default()
        }
    };
    let main = match c.fn_ids.get("main") {
        Some(&id) if c.fn_kinds.get(&id) == Some(&FnKind::Async) => id,
        // A plain `fn main()` runs inside task #1: an `async` body that calls it (as the native
        // harness does with `async { main() }`).
        Some(_) => c.plain_main(file),
        None => {
            c.diags.push(Diagnostic::error(
                Span::file_start(),
                "a playground program needs a `main`: `async fn main()` (or a plain `fn main()`), which the executor \
                 runs as task #1",
            ));
            0
        }
    };
    if c.diags.iter().any(|d| d.severity == crate::diag::Severity::Error) {
        return (None, c.diags);
    }
    let fns = c.fns.into_iter().map(|f| f.expect("every declared fn has a body")).collect();
    let struct_drops = c.structs.iter().map(|d| c.drops.get(&d.name).copied()).collect();
    let user_eq = c.methods.keys().any(|(_, name)| name == "eq");
    let user_next = c.methods.keys().any(|(_, name)| name == "next");
    let std_impls = c.methods.keys().any(|(ty, _)| traits::STD_TYPES.contains(&ty.as_str()));
    let enum_drops = c.enums.iter().map(|d| c.drops.get(&d.name).copied()).collect();
    let struct_futures = c.structs.iter().map(|d| c.futures.get(&d.name).copied()).collect();
    let enum_futures = c.enums.iter().map(|d| c.futures.get(&d.name).copied()).collect();
    let program = Program {
        source: Rc::from(source),
        fns,
        structs: c.structs,
        enums: c.enums,
        methods: {
            let mut table: HashMap<String, HashMap<String, FnId>> = HashMap::new();
            for ((ty, name), id) in c.methods {
                table.entry(ty).or_default().insert(name, id);
            }
            table
        },
        futures: c.futures,
        struct_futures,
        enum_futures,
        streams: c.streams,
        display: c.display,
        debug: c.debug,
        struct_drops,
        enum_drops,
        user_eq,
        user_next,
        std_impls,
        patterns: c.patterns,
        formats: c.formats,
        main,
        limits,
    };
    (Some(program), c.diags)
}

/// What Pollscope's stand-in for tokio has (the names a `use tokio::..` may bring in).
pub(crate) const TOKIO_ITEMS: &[&str] = &[
    "self",
    "pin",
    "Sleep",
    "Mutex",
    "MutexGuard",
    "Notify",
    "TryLockError",
    "spawn",
    "main",
    "test",
    "join",
    "select",
    "task",
    "time",
    "sync",
    "mpsc",
    "oneshot",
    "sleep",
    "sleep_until",
    "timeout",
    "interval",
    "Instant",
    "Duration",
    "yield_now",
    "Interval",
    "JoinHandle",
    "error",
    "Sender",
    "Receiver",
    "UnboundedSender",
    "UnboundedReceiver",
    "Elapsed",
    "SendError",
    "RecvError",
    "unbounded_channel",
    "channel",
];

/// What Pollscope's stand-in for the futures crate has.
pub(crate) const FUTURES_ITEMS: &[&str] = &[
    "self",
    "join",
    "future",
    "join_all",
    "ready",
    "pending",
    "poll_fn",
    "FutureExt",
    "BoxFuture",
    "LocalBoxFuture",
    "prelude",
    "select",
    "select_biased",
    "pin_mut",
    "Fuse",
    "FusedFuture",
    "stream",
    "Stream",
    "StreamExt",
    "iter",
    "once",
    "unfold",
    "BoxStream",
    "LocalBoxStream",
];

/// The diagnostic for a part of the futures crate that Pollscope does not have.
pub(crate) fn not_in_futures_stand_in(name: &str) -> String {
    format!(
        "`{name}` of the futures crate is not supported in Pollscope yet: it has `join!`, `select!`, \
         `select_biased!`, `pin_mut!`, `future::{{join_all, ready, pending, poll_fn, BoxFuture, LocalBoxFuture, \
         Fuse, FusedFuture}}`, `FutureExt::{{boxed, boxed_local, fuse}}`, and streams: `Stream`, \
         `stream::{{iter, once, unfold}}` and `StreamExt`'s `next`, `map`, `then`, `filter`, `filter_map`, `take`, \
         `skip`, `enumerate`, `collect`, `for_each`, `fold`"
    )
}

/// The diagnostic for a part of tokio that Pollscope does not have.
pub(crate) fn not_in_tokio_stand_in(name: &str) -> String {
    format!(
        "`{name}` of tokio is not supported in Pollscope yet: it runs tokio's `spawn`, `task::{{spawn, yield_now}}`, \
         `time::{{sleep, sleep_until, timeout, interval, Instant}}`, `join!`, `select!` and `sync::{{mpsc, oneshot, \
         Mutex, Notify}}`"
    )
}

/// The error for a bad `// pollscope-limits:` comment, at that comment.
fn limits_error(source: &str, message: String) -> Diagnostic {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        let text = line.trim();
        if text.starts_with("// pollscope-limits:")
            && let Err(message) = pollscope_executor::Limits::from_source(text)
        {
            // The message starts with "line 1: " (of `text`): the span gives the line.
            let message = message.split_once(": ").map_or(message.as_str(), |(_, m)| m).to_string();
            return Diagnostic::error(Span::range(source, start, start + text.len()), message);
        }
    }
    Diagnostic::error(Span::file_start(), message)
}

pub(crate) struct Compiler<'s> {
    pub source: &'s str,
    pub diags: Vec<Diagnostic>,
    pub structs: Vec<Rc<StructDef>>,
    pub struct_ids: HashMap<String, StructId>,
    pub enums: Vec<Rc<EnumDef>>,
    pub enum_ids: HashMap<String, EnumId>,
    /// Bare names of enum variants in scope: `Some`, `None`, `Ok`, `Err`, and `use E::*`.
    pub variant_names: HashMap<String, (EnumId, u32)>,
    pub fns: Vec<Option<FnDef>>,
    pub fn_ids: HashMap<String, FnId>,
    pub fn_kinds: HashMap<FnId, FnKind>,
    pub fn_spans: HashMap<FnId, Span>,
    pub fn_params: HashMap<FnId, Vec<Ty>>,
    /// `const` and `static` items: each is a function without parameters whose body is the
    /// initializer, called at every use (a `const` is a fresh value at each use, as in Rust),
    /// with the initializer kept for patterns (`LIMIT => ..` matches a literal constant).
    pub consts: HashMap<String, (FnId, syn::Expr)>,
    /// Names of the items declared inside function bodies and modules.
    pub nested_names: HashSet<String>,
    /// Names of the program's (inline) modules, flattened into the file.
    pub module_names: HashSet<String>,
    pub methods: HashMap<(String, String), FnId>,
    pub futures: HashMap<String, FnId>,
    pub streams: HashMap<String, FnId>,
    /// The program's trait definitions.
    pub traits: HashMap<String, Rc<syn::ItemTrait>>,
    /// Whether the program has `use std::fmt::Write` (needed for `write!` into a `String`).
    pub imports_fmt_write: bool,
    /// Names the program imports from tokio (its `Mutex` is not std's).
    pub tokio_imports: HashSet<String>,
    /// Names the program imports from futures (its `join!` polls in order).
    pub futures_imports: HashSet<String>,
    /// Methods of impl blocks by (type, trait or "", method).
    pub impl_fns: HashMap<(String, String, String), FnId>,
    /// Default methods and associated constants that impls inherit, compiled in pass 2.
    pub inherited: Vec<traits::Inherited>,
    /// Associated constants: (type, name, its type, initializer, function).
    pub assoc_consts: Vec<(String, syn::Ident, syn::Type, syn::Expr, FnId)>,
    /// `impl Display`, `impl Debug` and `impl Drop`, by type name.
    pub display: HashMap<String, FnId>,
    pub debug: HashMap<String, FnId>,
    pub drops: HashMap<String, FnId>,
    /// The program's `unsafe fn`s (a call outside `unsafe` is E0133).
    pub unsafe_fns: HashSet<FnId>,
    pub patterns: Vec<Pattern>,
    pub formats: Vec<FormatSpec>,
    /// Function contexts being compiled, innermost last (closures and async blocks nest).
    pub fcx: Vec<FnCx>,
    /// `use Enum::...` trees (with the `Enum` segment), resolved once every enum is known.
    pending_uses: Vec<(syn::Ident, syn::UseTree)>,
    /// Names of items already reported as unsupported (constants, modules, nested functions,
    /// macros, ...): their uses are not reported again as unknown names.
    pub unsupported_names: HashSet<String>,
}

/// A local variable in scope.
#[derive(Debug, Clone)]
pub(crate) struct Var {
    pub name: String,
    pub slot: u32,
    pub ty: Ty,
}

#[derive(Debug, Default)]
pub(crate) struct Scope {
    pub vars: Vec<Var>,
    /// Slots to drop at the end of the scope, in declaration order (dropped in reverse).
    pub drops: Vec<u32>,
}

#[derive(Debug)]
pub(crate) struct LoopCx {
    pub label: Option<String>,
    pub breaks: Vec<usize>,
    pub continue_to: u32,
    /// Scope depth outside the loop: `break` drops the scopes above it.
    pub depth: usize,
    /// Slot receiving a `loop`'s `break value`.
    pub result: Option<u32>,
}

#[derive(Debug)]
pub(crate) struct Capture {
    pub name: String,
    pub by_ref: bool,
    pub ty: Ty,
}

/// The state of one function being compiled.
#[derive(Debug)]
pub(crate) struct FnCx {
    pub kind: FnKind,
    /// The enclosing named function (`main`, `Countdown::poll`), for task names.
    pub owner: String,
    pub code: Vec<Instr>,
    pub spans: Vec<Span>,
    pub scopes: Vec<Scope>,
    pub locals: u32,
    pub local_names: Vec<String>,
    pub loops: Vec<LoopCx>,
    pub captures: Vec<Capture>,
    pub is_move: bool,
    pub awaits: Vec<AwaitPoint>,
    pub ret: Ty,
    /// Temporaries of the statement being compiled, to drop at its end.
    pub temps: Vec<Vec<u32>>,
    pub span: Span,
    /// The type of `Self` in an impl.
    pub self_ty: Option<String>,
    /// Locals holding the future of an `async fn` call or `async` block, by slot, with rustc's
    /// name of its type (`{async fn body of fetch()}`): such a future is `!Unpin`.
    pub async_locals: HashMap<u32, String>,
    /// The span of the body's tail expression, if it has one (set by the last block compiled,
    /// which is the body).
    pub tail: Option<Span>,
    /// The function's type parameters (`T` of `fn f<T: Shape>`): `T::method(x)` is a method
    /// call on `x`.
    pub type_params: Vec<String>,
    /// How many `unsafe` blocks (or an `unsafe fn`) the code being compiled is inside.
    pub unsafe_depth: u32,
}

impl FnCx {
    pub fn new(kind: FnKind, owner: String, ret: Ty, span: Span, self_ty: Option<String>) -> FnCx {
        FnCx {
            kind,
            owner,
            code: Vec::new(),
            spans: Vec::new(),
            scopes: vec![Scope::default()],
            locals: 0,
            local_names: Vec::new(),
            loops: Vec::new(),
            captures: Vec::new(),
            is_move: false,
            awaits: Vec::new(),
            ret,
            temps: Vec::new(),
            span,
            self_ty,
            type_params: Vec::new(),
            unsafe_depth: 0,
            tail: None,
            async_locals: HashMap::new(),
        }
    }
}

/// An integer literal, possibly negated (`5`, `-1`, `0x10`, `3u8`).
fn const_int(expr: &syn::Expr) -> Option<i128> {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }) => int.base10_parse::<i128>().ok(),
        syn::Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => const_int(expr).map(|n| -n),
        syn::Expr::Paren(p) => const_int(&p.expr),
        syn::Expr::Group(g) => const_int(&g.expr),
        _ => None,
    }
}

fn derives(attrs: &[syn::Attribute]) -> Derives {
    let mut d = Derives::default();
    for attr in attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            match name.as_str() {
                "Debug" => d.debug = true,
                "Clone" => d.clone = true,
                "Copy" => d.copy = true,
                "PartialEq" | "Eq" => d.partial_eq = true,
                "PartialOrd" | "Ord" => d.partial_ord = true,
                "Default" => d.default = true,
                _ => {}
            }
            Ok(())
        });
    }
    d
}

fn fields_of(fields: &syn::Fields) -> (Shape, Vec<(String, Ty)>) {
    match fields {
        syn::Fields::Named(named) => (
            Shape::Named,
            named
                .named
                .iter()
                .map(|f| (f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(), Ty::from_syn(&f.ty)))
                .collect(),
        ),
        syn::Fields::Unnamed(unnamed) => (
            Shape::Tuple,
            unnamed.unnamed.iter().enumerate().map(|(i, f)| (i.to_string(), Ty::from_syn(&f.ty))).collect(),
        ),
        syn::Fields::Unit => (Shape::Unit, Vec::new()),
    }
}

/// The first `f32` or `f64` in a type (`f64`, `Vec<f32>`, `&(u8, f64)`), if any.
pub(crate) fn float_in(ty: &syn::Type) -> Option<&syn::Ident> {
    match ty {
        syn::Type::Path(p) => p.path.segments.iter().find_map(|s| {
            if s.ident == "f32" || s.ident == "f64" {
                return Some(&s.ident);
            }
            match &s.arguments {
                syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                    syn::GenericArgument::Type(t) => float_in(t),
                    _ => None,
                }),
                _ => None,
            }
        }),
        syn::Type::Tuple(t) => t.elems.iter().find_map(float_in),
        syn::Type::Reference(r) => float_in(&r.elem),
        syn::Type::Array(a) => float_in(&a.elem),
        syn::Type::Slice(s) => float_in(&s.elem),
        syn::Type::Paren(p) => float_in(&p.elem),
        syn::Type::Group(g) => float_in(&g.elem),
        syn::Type::Ptr(p) => float_in(&p.elem),
        _ => None,
    }
}

/// The last segment of a type path: `Countdown` for `Countdown<T>` or `self::Countdown`.
pub(crate) fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

impl<'s> Compiler<'s> {
    fn new(source: &'s str) -> Compiler<'s> {
        let mut c = Compiler {
            source,
            diags: Vec::new(),
            structs: Vec::new(),
            struct_ids: HashMap::new(),
            enums: Vec::new(),
            enum_ids: HashMap::new(),
            variant_names: HashMap::new(),
            fns: Vec::new(),
            fn_ids: HashMap::new(),
            consts: HashMap::new(),
            nested_names: HashSet::new(),
            module_names: HashSet::new(),
            fn_kinds: HashMap::new(),
            fn_spans: HashMap::new(),
            fn_params: HashMap::new(),
            methods: HashMap::new(),
            futures: HashMap::new(),
            streams: HashMap::new(),
            traits: HashMap::new(),
            imports_fmt_write: false,
            tokio_imports: HashSet::new(),
            futures_imports: HashSet::new(),
            impl_fns: HashMap::new(),
            inherited: Vec::new(),
            assoc_consts: Vec::new(),
            display: HashMap::new(),
            debug: HashMap::new(),
            drops: HashMap::new(),
            unsafe_fns: HashSet::new(),
            patterns: Vec::new(),
            formats: Vec::new(),
            fcx: Vec::new(),
            pending_uses: Vec::new(),
            unsupported_names: HashSet::new(),
        };
        let unit_at = |name: &str, discriminant| VariantDef {
            name: name.into(),
            shape: Shape::Unit,
            fields: vec![],
            discriminant,
        };
        let unit = |name: &str| unit_at(name, 0);
        let one = |name: &str| VariantDef {
            name: name.into(),
            shape: Shape::Tuple,
            fields: vec![("0".into(), Ty::Unknown)],
            discriminant: 0,
        };
        let all =
            Derives { debug: true, clone: true, copy: false, partial_eq: true, partial_ord: true, default: false };
        for (id, name, variants) in [
            (OPTION, "Option", vec![unit("None"), one("Some")]),
            (RESULT, "Result", vec![one("Ok"), one("Err")]),
            (POLL, "Poll", vec![one("Ready"), unit("Pending")]),
            (ORDERING, "Ordering", vec![unit_at("Less", -1), unit("Equal"), unit_at("Greater", 1)]),
        ] {
            c.enum_ids.insert(name.to_string(), id);
            c.enums.push(Rc::new(EnumDef { id, name: name.into(), variants, derives: all.clone() }));
        }
        // `std::marker::PhantomPinned`: a unit struct whose only meaning is `!Unpin` (see
        // `check_pin_new`).
        c.struct_ids.insert("PhantomPinned".into(), 0);
        c.structs.push(Rc::new(StructDef {
            id: 0,
            name: "PhantomPinned".into(),
            shape: Shape::Unit,
            fields: Vec::new(),
            derives: Derives {
                debug: true,
                clone: true,
                copy: true,
                partial_eq: true,
                partial_ord: true,
                default: true,
            },
        }));
        for (name, e, v) in [
            ("None", OPTION, variant::NONE),
            ("Some", OPTION, variant::SOME),
            ("Ok", RESULT, variant::OK),
            ("Err", RESULT, variant::ERR),
        ] {
            c.variant_names.insert(name.into(), (e, v));
        }
        c
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, message));
    }

    pub fn unsupported(&mut self, node: &impl Spanned, what: &str) {
        self.diags.push(Diagnostic::unsupported(Span::of(node.span()), what));
    }

    /// Reports an `f32`/`f64` in a type annotation: Pollscope has integers only.
    pub fn check_no_float(&mut self, ty: &syn::Type) {
        if let Some(float) = float_in(ty) {
            self.unsupported(float, "floating-point numbers");
        }
    }

    /// Reports an item that is not supported, and remembers its name so that its uses are not
    /// reported as well.
    fn unsupported_item(&mut self, ident: &syn::Ident, what: &str) {
        self.unsupported(ident, what);
        self.unsupported_names.insert(ident.to_string());
    }

    /// Whether a name (or the first segment of a path) is an item already reported as
    /// unsupported, so that an error about not finding it would only repeat that report.
    pub fn already_reported(&self, name: &str) -> bool {
        self.unsupported_names.contains(name)
    }

    /// Whether the program already defines a struct or enum named `name` (std's enums, such as
    /// `Ordering`, may be shadowed).
    fn type_defined(&self, name: &str) -> bool {
        self.struct_ids.contains_key(name) || self.enum_ids.get(name).is_some_and(|&id| id >= BUILTIN_ENUMS)
    }

    /// An item declared inside a module or a function is compiled beside the file's items, so
    /// one named like a prelude or std function (`sleep`, `spawn`, `drop`) would replace that
    /// function for the whole file, where rustc replaces it only in its scope: refused.
    pub(super) fn check_hides_prelude(&mut self, item: &syn::Item, inside: &str) {
        let (syn::Item::Fn(syn::ItemFn { sig: syn::Signature { ident, .. }, .. })
        | syn::Item::Const(syn::ItemConst { ident, .. })
        | syn::Item::Static(syn::ItemStatic { ident, .. })) = item
        else {
            return;
        };
        let name = ident.to_string();
        if crate::builtins::Builtin::from_path(&name).is_some() {
            self.error(
                Span::of_node(ident),
                format!(
                    "Pollscope compiles items declared inside {inside} beside the file's items, so this `{name}` \
                     would replace the prelude's `{name}` everywhere: give it another name"
                ),
            );
        }
    }

    /// Reports a second item of the same name. Items declared inside functions are compiled
    /// beside the file's own, so there the names must differ although Rust would allow it.
    pub(super) fn defined_twice(&mut self, span: Span, name: &str) {
        let why = if self.nested_names.contains(name) {
            " (Pollscope compiles the items of modules and of function bodies beside the file's items: give them \
             distinct names)"
        } else {
            ""
        };
        self.error(span, format!("the name `{name}` is defined multiple times{why}"));
    }

    /// Task #1 for a plain `fn main()`: `async { main() }`, compiled as an `async fn` named
    /// `main` at the user's `main`.
    fn plain_main(&mut self, file: &syn::File) -> FnId {
        let Some(user) = file.items.iter().find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident == "main" => Some(f),
            _ => None,
        }) else {
            return 0;
        };
        let ident = &user.sig.ident;
        let span = ident.span();
        let sig: syn::Signature = syn::parse_quote_spanned!(span=> async fn #ident());
        let block: syn::Block = syn::parse_quote_spanned!(span=> { #ident() });
        let id = self.declare_fn(FnKind::Async, Span::of_node(ident), Vec::new());
        let def = self.compile_fn(&sig, &block, None, "main".to_string());
        self.fns[id as usize] = Some(def);
        id
    }

    /// A `const` or (immutable) `static`: a function without parameters (see `consts`).
    fn declare_const(&mut self, ident: &syn::Ident, ty: &syn::Type, expr: &syn::Expr) {
        let name = ident.to_string();
        self.check_no_float(ty);
        let id = self.declare_fn(FnKind::Plain, Span::of_node(ident), Vec::new());
        if self.fn_ids.contains_key(&name) || self.consts.contains_key(&name) {
            self.defined_twice(Span::of_node(ident), &name);
        } else {
            self.consts.insert(name, (id, expr.clone()));
        }
    }

    /// Whether the code being compiled is inside an `unsafe fn` (closures inherit it).
    pub(crate) fn in_unsafe_fn(&self) -> bool {
        self.fcx.iter().any(|cx| cx.unsafe_depth > 0)
    }

    fn declare_fn(&mut self, kind: FnKind, span: Span, params: Vec<Ty>) -> FnId {
        let id = self.fns.len() as FnId;
        self.fns.push(None);
        self.fn_kinds.insert(id, kind);
        self.fn_spans.insert(id, span);
        self.fn_params.insert(id, params);
        id
    }

    fn sig_kind(sig: &syn::Signature) -> FnKind {
        if sig.asyncness.is_some() { FnKind::Async } else { FnKind::Plain }
    }

    fn param_tys(sig: &syn::Signature) -> Vec<Ty> {
        sig.inputs
            .iter()
            .map(|arg| match arg {
                syn::FnArg::Receiver(_) => Ty::Unknown,
                syn::FnArg::Typed(t) => Ty::from_syn(&t.ty),
            })
            .collect()
    }

    /// Pass 1: declare every struct, enum and function so that bodies can refer to any of them.
    fn collect(&mut self, file: &syn::File) {
        // Lint levels (`#![allow(unused)]`, which rustdoc puts before every example) change no
        // behaviour; other inner attributes (`#![feature]`, `#![no_std]`) are not in the subset.
        for attr in &file.attrs {
            let lint = ["allow", "warn", "deny", "forbid", "expect"].iter().any(|l| attr.path().is_ident(l));
            if !lint {
                self.unsupported(attr, "inner attributes other than lint levels (`#![allow(..)]`)");
            }
        }
        // (type, method, trait or ""): a type may have an inherent `poll` and `Future::poll`.
        let mut methods_seen: HashSet<(String, String, String)> = HashSet::new();
        self.collect_traits(&file.items);
        for item in &file.items {
            match item {
                syn::Item::Struct(s) => {
                    let id = self.structs.len() as StructId;
                    let (shape, fields) = fields_of(&s.fields);
                    let name = s.ident.to_string();
                    for field in &s.fields {
                        self.check_no_float(&field.ty);
                    }
                    if self.type_defined(&name) {
                        self.defined_twice(Span::of_node(&s.ident), &name);
                    } else {
                        self.struct_ids.insert(name.clone(), id);
                    }
                    self.structs.push(Rc::new(StructDef { id, name, shape, fields, derives: derives(&s.attrs) }));
                }
                syn::Item::Enum(e) => {
                    let id = self.enums.len() as EnumId;
                    // Discriminants: written (`= 5`, `= -1`, `= 0x10`) or the previous plus one.
                    let mut next = 0i128;
                    let mut variants = Vec::new();
                    for v in &e.variants {
                        let (shape, fields) = fields_of(&v.fields);
                        if let Some((_, value)) = &v.discriminant {
                            match const_int(value) {
                                // The default representation is `isize` (64 bits here, as natively).
                                Some(n) if i64::try_from(n).is_ok() => next = n,
                                Some(_) => self.error(
                                    Span::of_node(value),
                                    "literal out of range for `isize`: an enum's discriminants are `isize` values",
                                ),
                                None => self.diags.push(Diagnostic::unsupported(
                                    Span::of_node(value),
                                    "enum discriminants other than integer literals",
                                )),
                            }
                        }
                        if next > i64::MAX as i128 {
                            self.diags.push(Diagnostic::rustc(
                                Span::of_node(&v.ident),
                                "E0370",
                                "enum discriminant overflowed: the previous variant is `isize::MAX`; give this one a value",
                            ));
                        }
                        variants.push(VariantDef { name: v.ident.to_string(), shape, fields, discriminant: next });
                        next = next.saturating_add(1);
                    }
                    for field in e.variants.iter().flat_map(|v| &v.fields) {
                        self.check_no_float(&field.ty);
                    }
                    let name = e.ident.to_string();
                    if self.type_defined(&name) {
                        self.defined_twice(Span::of_node(&e.ident), &name);
                    } else {
                        // A program's enum may shadow a std one (`Ordering`, `Poll`).
                        self.enum_ids.insert(name.clone(), id);
                    }
                    self.enums.push(Rc::new(EnumDef { id, name, variants, derives: derives(&e.attrs) }));
                }
                syn::Item::Fn(f) => {
                    let name = f.sig.ident.to_string();
                    let id =
                        self.declare_fn(Self::sig_kind(&f.sig), Span::of_node(&f.sig.ident), Self::param_tys(&f.sig));
                    if f.sig.unsafety.is_some() {
                        self.unsafe_fns.insert(id);
                    }
                    if self.fn_ids.contains_key(&name) {
                        // The first definition stays: its body is the one compiled.
                        self.defined_twice(Span::of_node(&f.sig.ident), &name);
                    } else {
                        self.fn_ids.insert(name.clone(), id);
                    }
                    if name == "main" && !f.sig.inputs.is_empty() {
                        self.error(
                            Span::of_node(&f.sig.inputs),
                            "`main` cannot take parameters: the executor starts it as `main()`",
                        );
                    }
                }
                syn::Item::Impl(imp) => self.collect_impl(imp, &mut methods_seen),
                syn::Item::Use(u) => self.collect_use(&u.tree, &mut Vec::new()),
                // Collected first, by `collect_traits`.
                syn::Item::Trait(_) => {}
                // Flattened by `flatten_modules`; only a reported `mod name;` is left.
                syn::Item::Mod(_) => {}
                syn::Item::Const(c) => self.declare_const(&c.ident, &c.ty, &c.expr),
                syn::Item::Static(s) if matches!(s.mutability, syn::StaticMutability::Mut(_)) => {
                    self.unsupported_item(&s.ident, "`static mut` (it needs `unsafe`)")
                }
                syn::Item::Static(s) => self.declare_const(&s.ident, &s.ty, &s.expr),
                // Generic ones, reported by `resolve_aliases`; the others are gone by now.
                syn::Item::Type(_) => {}
                syn::Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                    self.unsupported(&m.mac.path, "macro definitions (`macro_rules!`)");
                    if let Some(name) = &m.ident {
                        self.unsupported_names.insert(format!("{name}!"));
                    }
                }
                syn::Item::Macro(m) => {
                    let name = m.mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                    self.error(
                        Span::of_node(&m.mac),
                        format!("`{name}!` can only be used inside a function, such as `async fn main()`"),
                    );
                }
                syn::Item::Union(u) => self.unsupported_item(&u.ident, "unions"),
                // `extern crate alloc;` (and `core`, `std`): their paths are std's here.
                syn::Item::ExternCrate(e) if matches!(e.ident.to_string().as_str(), "alloc" | "core" | "std") => {}
                syn::Item::ExternCrate(e) => self.unsupported(&e.ident, "`extern crate`"),
                syn::Item::ForeignMod(f) => self.unsupported(&f.abi, "`extern` blocks"),
                other => self.unsupported(other, "this kind of item"),
            }
        }
    }

    /// `use` lines: std and pollscope paths are accepted as they are (names resolve by their
    /// last segment); `use Enum::*` and `use Enum::{A, B}` bring variants into scope.
    fn collect_use(&mut self, tree: &syn::UseTree, prefix: &mut Vec<syn::Ident>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.clone());
                self.collect_use(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.collect_use(t, prefix);
                }
            }
            syn::UseTree::Glob(_) | syn::UseTree::Name(_) | syn::UseTree::Rename(_) => {
                // `crate::` and `self::` name this file's items.
                let path: Vec<&syn::Ident> = prefix.iter().skip_while(|s| *s == "crate" || *s == "self").collect();
                let Some(first) = path.first() else { return };
                if *first == "futures" {
                    // The parts of the futures crate the stand-in has; the rest is refused, with
                    // what to use.
                    let leaf = match tree {
                        syn::UseTree::Name(n) => n.ident.to_string(),
                        syn::UseTree::Rename(r) => r.ident.to_string(),
                        syn::UseTree::Glob(_) => "*".to_string(),
                        _ => String::new(),
                    };
                    let prelude_glob = leaf == "*" && path.last().is_some_and(|s| *s == "prelude");
                    if FUTURES_ITEMS.contains(&leaf.as_str()) || prelude_glob {
                        self.futures_imports.insert(leaf);
                        return;
                    }
                    let message = if leaf == "block_on" {
                        crate::builtins::not_yet("executor::block_on").unwrap_or_default().to_string()
                    } else {
                        not_in_futures_stand_in(&leaf)
                    };
                    // At the item (one message per item of a `use futures::{a, b}`).
                    let at = match tree {
                        syn::UseTree::Name(n) => Span::of_node(&n.ident),
                        syn::UseTree::Rename(r) => Span::of_node(&r.ident),
                        _ => Span::of_node(*first),
                    };
                    self.error(at, message);
                    // Its uses (`pin_mut!(..)`, `select! { .. }`) are not reported again.
                    self.unsupported_names.insert(format!("{leaf}!"));
                    self.unsupported_names.insert(leaf);
                } else if matches!(
                    first.to_string().as_str(),
                    "std" | "core" | "alloc" | "pollscope" | "super" | "tokio"
                ) {
                    let leaf = match tree {
                        syn::UseTree::Name(n) => Some(&n.ident),
                        syn::UseTree::Rename(r) => Some(&r.ident),
                        _ => None,
                    };
                    if leaf.is_some_and(|l| l == "Write") && path.last().is_some_and(|s| *s == "fmt") {
                        self.imports_fmt_write = true;
                    }
                    if *first == "tokio"
                        && let Some(leaf) = leaf
                    {
                        if !TOKIO_ITEMS.contains(&leaf.to_string().as_str()) {
                            self.error(Span::of_node(leaf), not_in_tokio_stand_in(&leaf.to_string()));
                            // Its uses are not reported again.
                            self.unsupported_names.insert(leaf.to_string());
                        }
                        self.tokio_imports.insert(leaf.to_string());
                    }
                    // `use std::fmt::Write as _;` brings a trait's methods in without its name.
                    if let syn::UseTree::Rename(r) = tree
                        && r.rename != "_"
                    {
                        self.unsupported(r, "renaming with `as` in a `use`");
                    }
                } else if path.len() == 1 {
                    // Variants of a program enum are resolved later, once all enums are known.
                    self.pending_uses.push(((*first).clone(), tree.clone()));
                } else {
                    self.error(
                        Span::of_node(*first),
                        format!(
                            "cannot find `{first}` to import from: `use` brings in items of `std`, `tokio`, \
                             `futures` and `pollscope`, and variants of the program's enums"
                        ),
                    );
                }
            }
        }
    }
}

impl Compiler<'_> {
    fn resolve_uses(&mut self) {
        for (enum_ident, tree) in std::mem::take(&mut self.pending_uses) {
            let enum_name = enum_ident.to_string();
            let Some(&enum_id) = self.enum_ids.get(&enum_name) else {
                if self.struct_ids.contains_key(&enum_name) {
                    self.unsupported(&tree, &format!("`use` of items of the struct `{enum_name}`"));
                } else {
                    self.error(
                        Span::of_node(&enum_ident),
                        format!(
                            "cannot find `{enum_name}` to import from: `use` brings in items of `std`, `tokio`, \
                             `futures` and `pollscope`, and variants of the program's enums"
                        ),
                    );
                }
                continue;
            };
            let def = self.enums[enum_id as usize].clone();
            let bring = |c: &mut Compiler<'_>, name: &str, node: &syn::UseTree| match def
                .variants
                .iter()
                .position(|v| v.name == name)
            {
                Some(v) => {
                    c.variant_names.insert(name.to_string(), (enum_id, v as u32));
                }
                None => c.error(Span::of_node(node), format!("no variant `{name}` in enum `{enum_name}`")),
            };
            match &tree {
                syn::UseTree::Glob(_) => {
                    for (v, variant) in def.variants.iter().enumerate() {
                        self.variant_names.insert(variant.name.clone(), (enum_id, v as u32));
                    }
                }
                syn::UseTree::Name(n) => bring(self, &n.ident.to_string(), &tree),
                syn::UseTree::Rename(r) => {
                    self.unsupported(&tree, "renaming with `as` in a `use`");
                    // The new name still resolves, so its uses are not reported as well.
                    if let Some(v) = def.variants.iter().position(|v| r.ident == v.name) {
                        self.variant_names.insert(r.rename.to_string(), (enum_id, v as u32));
                    }
                }
                _ => self.unsupported(&tree, "this kind of `use`"),
            }
        }
    }

    /// Pass 2: compile every function body.
    fn compile_bodies(&mut self, file: &syn::File) {
        self.resolve_uses();
        for item in &file.items {
            match item {
                syn::Item::Fn(f) => {
                    let id = self.fn_ids[&f.sig.ident.to_string()];
                    if self.fns[id as usize].is_none() {
                        let def = self.compile_fn(&f.sig, &f.block, None, f.sig.ident.to_string());
                        self.fns[id as usize] = Some(def);
                    }
                }
                syn::Item::Const(syn::ItemConst { ident, ty, expr, .. })
                | syn::Item::Static(syn::ItemStatic {
                    ident, ty, expr, mutability: syn::StaticMutability::None, ..
                }) => {
                    let Some(&(id, _)) = self.consts.get(&ident.to_string()) else { continue };
                    if self.fns[id as usize].is_none() {
                        // `fn NAME() -> TYPE { INIT }`, with the spans of the item's own parts.
                        let span = expr.span();
                        let sig: syn::Signature = syn::parse_quote_spanned!(span=> fn #ident() -> #ty);
                        let block: syn::Block = syn::parse_quote_spanned!(span=> { #expr });
                        let def = self.compile_fn(&sig, &block, None, ident.to_string());
                        self.fns[id as usize] = Some(def);
                    }
                }
                syn::Item::Impl(imp) => self.compile_impl(imp),
                _ => {}
            }
        }
        self.compile_inherited();
        // Functions that failed to compile still need a body so ids stay valid.
        for (id, f) in self.fns.iter_mut().enumerate() {
            if f.is_none() {
                let span = self.fn_spans.get(&(id as FnId)).copied().unwrap_or_default();
                *f = Some(FnDef {
                    name: String::new(),
                    task_name: String::new(),
                    kind: FnKind::Plain,
                    self_kind: None,
                    params: 0,
                    captures: 0,
                    locals: 0,
                    local_names: Vec::new(),
                    param_tys: Vec::new(),
                    ret: Ty::Unknown,
                    code: vec![Instr::Unit, Instr::Return],
                    spans: vec![span, span],
                    awaits: Vec::new(),
                    span,
                });
            }
        }
    }

    fn compile_fn(&mut self, sig: &syn::Signature, block: &syn::Block, self_ty: Option<String>, name: String) -> FnDef {
        let span = Span::of_node(&sig.ident);
        if let Some(c) = &sig.constness {
            self.unsupported(c, "`const fn`");
        }
        if let Some(v) = &sig.variadic {
            self.unsupported(v, "variadic functions");
        }
        for input in &sig.inputs {
            if let syn::FnArg::Typed(t) = input {
                self.check_no_float(&t.ty);
            }
        }
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            self.check_no_float(ty);
        }
        let kind = Self::sig_kind(sig);
        let ret = match &sig.output {
            syn::ReturnType::Default => Ty::Tuple(vec![]),
            syn::ReturnType::Type(_, ty) => Ty::from_syn(ty),
        };
        let owner = name.rsplit("::").next().unwrap_or(&name).to_string();
        self.fcx.push(FnCx::new(kind, owner.clone(), ret.clone(), span, self_ty.clone()));
        if sig.unsafety.is_some() {
            // Its body is an unsafe context (as in edition 2021; 2024 only warns).
            self.cx().unsafe_depth += 1;
        }
        let mut self_kind = None;
        let mut param_tys = Vec::new();
        let mut param_pats = Vec::new();
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    if self_ty.is_none() {
                        self.error(
                            Span::of_node(r),
                            "a `self` parameter is only allowed in methods, inside an `impl` block",
                        );
                    }
                    self_kind = Some(match (&r.reference, &*r.ty) {
                        (Some(_), _) if r.mutability.is_some() => SelfKind::RefMut,
                        (Some(_), _) => SelfKind::Ref,
                        (None, syn::Type::Path(p)) if p.path.segments.last().is_some_and(|s| s.ident == "Pin") => {
                            SelfKind::Pin
                        }
                        (None, syn::Type::Path(p)) if p.path.segments.last().is_some_and(|s| s.ident == "Self") => {
                            SelfKind::Value
                        }
                        (None, syn::Type::Reference(rf)) if rf.mutability.is_some() => SelfKind::RefMut,
                        (None, syn::Type::Reference(_)) => SelfKind::Ref,
                        // `self: Box<Self>`, and `Wake`'s `self: Arc<Self>`.
                        (None, syn::Type::Path(p))
                            if p.path
                                .segments
                                .last()
                                .is_some_and(|s| matches!(s.ident.to_string().as_str(), "Box" | "Arc" | "Rc")) =>
                        {
                            SelfKind::Value
                        }
                        _ => {
                            self.unsupported(&r.ty, "this type of `self`");
                            SelfKind::Value
                        }
                    });
                    let slot = self.new_local("self");
                    self.bind_var("self", slot, Ty::Named(self_ty.clone().unwrap_or_default(), vec![]));
                    param_tys.push(Ty::Unknown);
                }
                syn::FnArg::Typed(t) => {
                    let ty = Ty::from_syn(&t.ty);
                    param_tys.push(ty.clone());
                    self.declare_param(&t.pat, ty, &mut param_pats);
                }
            }
        }
        let params = self.cx().locals;
        self.bind_param_patterns(param_pats);
        if !sig.generics.params.is_empty() {
            // Generic parameters are accepted and ignored: values carry their types at run time.
            for p in &sig.generics.params {
                match p {
                    syn::GenericParam::Const(c) => {
                        self.unsupported(c, "const generics");
                        self.unsupported_names.insert(c.ident.to_string());
                    }
                    syn::GenericParam::Type(t) => self.cx().type_params.push(t.ident.to_string()),
                    syn::GenericParam::Lifetime(_) => {}
                }
            }
        }
        let body_span = Span::of_node(block);
        let expected = ret.clone();
        self.compile_block_value(block, &expected);
        self.finish_fn(name, self_kind, params, param_tys, body_span)
    }

    /// Declares a parameter. A plain name is bound directly; any other pattern gets a hidden
    /// slot, destructured by [`bind_param_patterns`](Self::bind_param_patterns) once every
    /// parameter has its slot (arguments arrive in the first slots, in order).
    pub fn declare_param(&mut self, pat: &syn::Pat, ty: Ty, patterns: &mut Vec<(u32, syn::Pat, Ty)>) {
        match pat {
            syn::Pat::Ident(pi) if pi.subpat.is_none() && pi.by_ref.is_none() => {
                let name = pi.ident.to_string();
                let slot = self.new_local(&name);
                self.bind_var(&name, slot, ty);
            }
            other => {
                let slot = self.new_local("<arg>");
                self.cx().scopes[0].drops.push(slot);
                patterns.push((slot, other.clone(), ty));
            }
        }
    }

    /// Destructures the parameters declared with patterns.
    pub fn bind_param_patterns(&mut self, patterns: Vec<(u32, syn::Pat, Ty)>) {
        for (slot, pat, ty) in patterns {
            let span = Span::of_node(&pat);
            self.emit(Instr::Local(slot), span);
            let id = self.compile_pattern(&pat, &ty);
            self.emit(Instr::Bind(id), span);
        }
    }

    /// Ends the innermost function: drops its outermost scope, returns, and builds the `FnDef`.
    pub fn finish_fn(
        &mut self,
        name: String,
        self_kind: Option<SelfKind>,
        params: u32,
        param_tys: Vec<Ty>,
        end: Span,
    ) -> FnDef {
        let end = Span { start: end.end, end: end.end, lo: end.hi, hi: end.hi };
        self.drop_scope_vars(0, end);
        // The return is the tail expression's, when the body has one: the line a learner sees
        // `Ready` come from.
        let ret = self.cx().tail.unwrap_or(end);
        self.emit(Instr::Return, ret);
        let cx = self.fcx.pop().expect("a function is being compiled");
        let depth = self.fcx.len();
        let task_name = match cx.kind {
            FnKind::Async | FnKind::Plain | FnKind::Closure => cx.owner.clone(),
            FnKind::AsyncBlock => {
                // rustc's type name for an async block is `owner::{{closure}}` once per
                // closure-like level: the async owner's body, every enclosing closure or block,
                // and the block itself. `task_name` marks two or more levels as `owner::{async}`.
                let owner_async = self.fcx.first().is_some_and(|f| f.kind == FnKind::Async);
                let levels = usize::from(owner_async) + depth.saturating_sub(1) + 1;
                if levels >= 2 { format!("{}::{{async}}", cx.owner) } else { cx.owner.clone() }
            }
        };
        FnDef {
            name,
            task_name,
            kind: cx.kind,
            self_kind,
            params,
            captures: cx.captures.len() as u32,
            locals: cx.locals,
            local_names: cx.local_names,
            param_tys,
            ret: cx.ret,
            code: {
                let mut code = cx.code;
                crate::program::fuse(&mut code);
                code
            },
            spans: cx.spans,
            awaits: cx.awaits,
            span: cx.span,
        }
    }

    pub fn cx(&mut self) -> &mut FnCx {
        self.fcx.last_mut().expect("a function is being compiled")
    }

    pub fn emit(&mut self, instr: Instr, span: Span) -> usize {
        let cx = self.cx();
        cx.code.push(instr);
        cx.spans.push(span);
        cx.code.len() - 1
    }

    pub fn here(&mut self) -> u32 {
        self.cx().code.len() as u32
    }

    /// Points the jump at `at` to `target`.
    pub fn patch(&mut self, at: usize, target: u32) {
        match &mut self.cx().code[at] {
            Instr::Jump(t) | Instr::JumpIfFalse(t) | Instr::JumpIfTrue(t) => *t = target,
            _ => unreachable!("only jumps are patched"),
        }
    }

    pub fn new_local(&mut self, name: &str) -> u32 {
        let cx = self.cx();
        let slot = cx.locals;
        cx.locals += 1;
        cx.local_names.push(name.to_string());
        slot
    }

    /// Declares `name` in the innermost scope, dropped at its end.
    pub fn bind_var(&mut self, name: &str, slot: u32, ty: Ty) {
        let scope = self.cx().scopes.last_mut().expect("a scope is open");
        scope.vars.push(Var { name: name.to_string(), slot, ty });
        scope.drops.push(slot);
    }

    /// A hidden local dropped at the end of the innermost scope.
    pub fn scoped_temp(&mut self, what: &str) -> u32 {
        let slot = self.new_local(what);
        self.cx().scopes.last_mut().expect("a scope is open").drops.push(slot);
        slot
    }

    /// A temporary of the current statement, dropped at its end.
    pub fn stmt_temp(&mut self) -> u32 {
        let slot = self.new_local("<temp>");
        match self.cx().temps.last_mut() {
            Some(temps) => temps.push(slot),
            None => self.cx().scopes.last_mut().expect("a scope is open").drops.push(slot),
        }
        slot
    }

    pub fn push_scope(&mut self) {
        self.cx().scopes.push(Scope::default());
    }

    /// Closes the innermost scope, dropping its variables in reverse order.
    pub fn pop_scope(&mut self, span: Span) {
        let depth = self.cx().scopes.len() - 1;
        self.drop_scope_vars(depth, span);
        self.cx().scopes.pop();
    }

    /// Emits drops for every scope from the innermost down to `depth` (inclusive), without
    /// closing them (for `break`, `continue`, `return` and the end of a function).
    pub fn drop_scope_vars(&mut self, depth: usize, span: Span) {
        let slots: Vec<u32> =
            self.cx().scopes[depth..].iter().rev().flat_map(|s| s.drops.iter().rev().copied()).collect();
        for slot in slots {
            self.emit(Instr::DropLocal(slot), span);
        }
    }

    /// Starts a temporary scope (a statement, a condition, a block's tail).
    pub fn begin_temps(&mut self) {
        self.cx().temps.push(Vec::new());
    }

    /// Ends a temporary scope: its temporaries are dropped, last first.
    pub fn end_temps(&mut self, span: Span) {
        let temps = self.cx().temps.pop().unwrap_or_default();
        for slot in temps.into_iter().rev() {
            self.emit(Instr::DropLocal(slot), span);
        }
    }

    /// Finds a variable: in this function's scopes, or captured from an enclosing one.
    pub fn lookup(&mut self, name: &str) -> Option<VarRef> {
        let depth = self.fcx.len() - 1;
        self.lookup_at(depth, name)
    }

    fn lookup_at(&mut self, depth: usize, name: &str) -> Option<VarRef> {
        let cx = &self.fcx[depth];
        for scope in cx.scopes.iter().rev() {
            if let Some(var) = scope.vars.iter().rev().find(|v| v.name == name) {
                return Some(VarRef::Local(var.slot, var.ty.clone()));
            }
        }
        if let Some(i) = cx.captures.iter().position(|c| c.name == name) {
            let c = &cx.captures[i];
            return Some(VarRef::Capture(i as u32, c.by_ref, c.ty.clone()));
        }
        if depth == 0 || matches!(cx.kind, FnKind::Plain | FnKind::Async) {
            return None;
        }
        let outer = self.lookup_at(depth - 1, name)?;
        let ty = match &outer {
            VarRef::Local(_, ty) | VarRef::Capture(_, _, ty) => ty.clone(),
        };
        let cx = &mut self.fcx[depth];
        let by_ref = !cx.is_move;
        cx.captures.push(Capture { name: name.to_string(), by_ref, ty: ty.clone() });
        Some(VarRef::Capture(cx.captures.len() as u32 - 1, by_ref, ty))
    }
}

/// Where a variable lives.
#[derive(Debug, Clone)]
pub(crate) enum VarRef {
    Local(u32, Ty),
    /// A capture of a closure or async block; `true` if captured by reference.
    Capture(u32, bool, Ty),
}

/// The items declared inside function bodies (at any depth, in any expression, also inside
/// those items), in order.
fn nested_items(items: &[syn::Item]) -> Vec<syn::Item> {
    use syn::visit_mut::VisitMut;
    struct Collect(Vec<syn::Item>);
    impl VisitMut for Collect {
        fn visit_stmt_mut(&mut self, stmt: &mut syn::Stmt) {
            if let syn::Stmt::Item(item) = stmt {
                self.0.push(item.clone());
            }
            syn::visit_mut::visit_stmt_mut(self, stmt);
        }
        // Module contents are the file's items, flattened separately.
        fn visit_item_mod_mut(&mut self, _: &mut syn::ItemMod) {}
    }
    let mut collect = Collect(Vec::new());
    for item in items {
        collect.visit_item_mut(&mut item.clone());
    }
    collect.0
}

pub(super) fn item_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Const(c) => Some(c.ident.to_string()),
        syn::Item::Static(s) => Some(s.ident.to_string()),
        _ => None,
    }
}
