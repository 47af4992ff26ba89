//! Traits: the program's own (`trait Shape { fn area(&self) -> u32; fn describe(&self) {..} }`)
//! and std's that a program implements by hand (`Display`, `Drop`, `Wake`, ...).
//!
//! Method calls are resolved at run time by the receiver's type (values carry their types), so
//! an `impl Trait for T` adds its methods to `T`'s table; a default method that the impl does
//! not override is compiled once more for `T` (so that `Self` in it is `T`); and generics,
//! `impl Trait` and `dyn Trait` need nothing more. std's traits that std code calls are wired
//! into the VM: `Display`/`Debug` (formatting, `to_string`), `Drop` (where a value dies),
//! `Wake` (a `Waker` made from an `Arc`), `IntoFuture` (`.await`), `Iterator` (`for` and the
//! adaptors), `PartialEq` (`==`), `Default` and `From` (`Default::default()`, `.into()`).

use std::collections::HashSet;
use std::rc::Rc;

use super::{Compiler, type_name};
use crate::diag::Span;
use crate::program::FnKind;

/// std's traits a program may implement, with the methods an impl may define.
const STD_TRAITS: &[(&str, &[&str])] = &[
    ("Future", &["poll"]),
    ("Display", &["fmt"]),
    ("Debug", &["fmt"]),
    ("Drop", &["drop"]),
    ("Clone", &["clone"]),
    ("Default", &["default"]),
    ("PartialEq", &["eq", "ne"]),
    ("Eq", &[]),
    ("Iterator", &["next"]),
    ("From", &["from"]),
    ("Wake", &["wake", "wake_by_ref"]),
    ("IntoFuture", &["into_future"]),
    // futures' (`futures::Stream`).
    ("Stream", &["poll_next", "size_hint"]),
];

/// rustc's E0038: `dyn Trait` of a trait of the program that cannot make a vtable (one with an
/// associated constant, or a function without `self`).
pub(super) fn check_dyn_compatible(c: &mut Compiler<'_>, items: &mut [syn::Item]) {
    use syn::visit_mut::VisitMut;
    let mut bad: Vec<(String, String)> = Vec::new();
    for item in items.iter() {
        let syn::Item::Trait(t) = item else { continue };
        let why = t.items.iter().find_map(|i| match i {
            syn::TraitItem::Const(k) => Some(format!("it contains the associated const `{}`", k.ident)),
            syn::TraitItem::Fn(f) if f.sig.receiver().is_none() => {
                Some(format!("the associated function `{}` has no `self` parameter", f.sig.ident))
            }
            _ => None,
        });
        if let Some(why) = why {
            bad.push((t.ident.to_string(), why));
        }
    }
    if bad.is_empty() {
        return;
    }
    struct Find<'a> {
        bad: &'a [(String, String)],
        found: Vec<(Span, String, String)>,
    }
    impl VisitMut for Find<'_> {
        fn visit_type_trait_object_mut(&mut self, t: &mut syn::TypeTraitObject) {
            for b in &t.bounds {
                if let syn::TypeParamBound::Trait(tb) = b
                    && let Some(last) = tb.path.segments.last()
                    && let Some((name, why)) = self.bad.iter().find(|(n, _)| last.ident == n)
                {
                    self.found.push((Span::of_node(&tb.path), name.clone(), why.clone()));
                }
            }
            syn::visit_mut::visit_type_trait_object_mut(self, t);
        }
    }
    let mut find = Find { bad: &bad, found: Vec::new() };
    for item in items.iter_mut() {
        find.visit_item_mut(item);
    }
    for (span, name, why) in find.found {
        c.diags.push(crate::diag::Diagnostic::rustc(
            span,
            "E0038",
            format!("the trait `{name}` is not dyn compatible: {why}"),
        ));
    }
}

/// std types a trait of the program may be implemented for (by the name the VM knows a value's
/// type by).
pub(crate) const STD_TYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "bool", "char", "str",
    "String", "Vec",
];

/// A default method or associated constant of a trait, to compile for one implementing type.
pub(crate) struct Inherited {
    pub self_ty: String,
    pub item: syn::TraitItem,
    pub id: crate::program::FnId,
}

impl Compiler<'_> {
    /// Remembers the program's trait definitions (before any impl is collected, wherever they
    /// are in the file).
    pub(super) fn collect_traits(&mut self, items: &[syn::Item]) {
        for item in items {
            let syn::Item::Trait(t) = item else { continue };
            let name = t.ident.to_string();
            if self.traits.contains_key(&name) || STD_TRAITS.iter().any(|(n, _)| *n == name) {
                self.defined_twice(Span::of_node(&t.ident), &name);
                continue;
            }
            if let Some(u) = &t.unsafety {
                self.unsupported(u, "`unsafe trait`");
            }
            for p in &t.generics.params {
                if !matches!(p, syn::GenericParam::Lifetime(_)) {
                    self.unsupported(p, "generic traits (`trait Name<T>`)");
                }
            }
            for item in &t.items {
                match item {
                    syn::TraitItem::Fn(_) | syn::TraitItem::Type(_) | syn::TraitItem::Const(_) => {}
                    other => self.unsupported(other, "this kind of trait item"),
                }
            }
            self.traits.insert(name, Rc::new(t.clone()));
        }
    }

    /// Pass 1 for an `impl` block: declares its methods (and what it inherits from its trait).
    pub(super) fn collect_impl(&mut self, imp: &syn::ItemImpl, seen: &mut HashSet<(String, String, String)>) {
        let Some(ty) = type_name(&imp.self_ty) else {
            self.unsupported(&imp.self_ty, "impl blocks for this kind of type");
            return;
        };
        if let Some(u) = &imp.unsafety {
            self.unsupported(u, "`unsafe impl`");
        }
        let trait_name = imp
            .trait_
            .as_ref()
            .map(|(_, path, _)| path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default());
        let own = trait_name.as_ref().and_then(|n| self.traits.get(n).cloned());
        if let Some(name) = &trait_name
            && own.is_none()
            && !STD_TRAITS.iter().any(|(n, _)| n == name)
        {
            let (_, path, _) = imp.trait_.as_ref().expect("a trait impl");
            let known: Vec<&str> = STD_TRAITS.iter().map(|(n, _)| *n).collect();
            self.error(
                Span::of_node(path),
                format!(
                    "implementing the trait `{name}` is not supported in Pollscope yet: a program can implement \
                     its own traits and {}",
                    known.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            );
            return;
        }
        let std_methods = trait_name.as_ref().and_then(|n| STD_TRAITS.iter().find(|(s, _)| s == n)).map(|(_, m)| *m);
        let trait_key = trait_name.clone().unwrap_or_default();
        let mut defined: HashSet<String> = HashSet::new();
        for item in &imp.items {
            match item {
                syn::ImplItem::Fn(m) => {
                    let name = m.sig.ident.to_string();
                    defined.insert(name.clone());
                    if let Some(allowed) = std_methods
                        && !allowed.contains(&name.as_str())
                    {
                        self.diags.push(crate::diag::Diagnostic::rustc(
                            Span::of_node(&m.sig.ident),
                            "E0407",
                            format!("method `{name}` is not a member of trait `{trait_key}`"),
                        ));
                        continue;
                    }
                    if let Some(t) = &own
                        && !t.items.iter().any(|i| matches!(i, syn::TraitItem::Fn(f) if f.sig.ident == name))
                    {
                        self.diags.push(crate::diag::Diagnostic::rustc(
                            Span::of_node(&m.sig.ident),
                            "E0407",
                            format!("method `{name}` is not a member of trait `{trait_key}`"),
                        ));
                        continue;
                    }
                    let id =
                        self.declare_fn(Self::sig_kind(&m.sig), Span::of_node(&m.sig.ident), Self::param_tys(&m.sig));
                    if m.sig.unsafety.is_some() {
                        self.unsafe_fns.insert(id);
                    }
                    if !seen.insert((ty.clone(), name.clone(), trait_key.clone())) {
                        self.error(
                            Span::of_node(&m.sig.ident),
                            format!("duplicate definitions with name `{name}` for `{ty}`"),
                        );
                    }
                    self.impl_fns.insert((ty.clone(), trait_key.clone(), name.clone()), id);
                    self.register_method(&ty, trait_name.as_deref(), &name, id);
                }
                syn::ImplItem::Type(_) if trait_name.is_some() => {}
                syn::ImplItem::Const(c) => {
                    self.check_no_float(&c.ty);
                    let id = self.declare_fn(FnKind::Plain, Span::of_node(&c.ident), Vec::new());
                    let key = format!("{ty}::{}", c.ident);
                    if self.consts.contains_key(&key) {
                        self.defined_twice(Span::of_node(&c.ident), &key);
                    }
                    self.consts.insert(key, (id, c.expr.clone()));
                    defined.insert(c.ident.to_string());
                    self.assoc_consts.push((ty.clone(), c.ident.clone(), c.ty.clone(), c.expr.clone(), id));
                }
                other => self.unsupported(other, "this kind of item in an impl block"),
            }
        }
        // What the impl must define, and what it inherits from its (own) trait.
        let Some(t) = own else {
            if trait_key == "Future" && !defined.contains("poll") {
                self.missing_items(imp, &trait_key, &["poll".to_string()]);
            }
            return;
        };
        let mut missing = Vec::new();
        for item in &t.items {
            match item {
                syn::TraitItem::Fn(f) if !defined.contains(&f.sig.ident.to_string()) => {
                    let name = f.sig.ident.to_string();
                    if f.default.is_none() {
                        missing.push(name);
                        continue;
                    }
                    let id =
                        self.declare_fn(Self::sig_kind(&f.sig), Span::of_node(&f.sig.ident), Self::param_tys(&f.sig));
                    self.register_method(&ty, Some(&trait_key), &name, id);
                    self.inherited.push(Inherited { self_ty: ty.clone(), item: item.clone(), id });
                }
                syn::TraitItem::Const(c) if !defined.contains(&c.ident.to_string()) => {
                    let Some((_, expr)) = &c.default else {
                        missing.push(c.ident.to_string());
                        continue;
                    };
                    let id = self.declare_fn(FnKind::Plain, Span::of_node(&c.ident), Vec::new());
                    self.consts.insert(format!("{ty}::{}", c.ident), (id, expr.clone()));
                    self.assoc_consts.push((ty.clone(), c.ident.clone(), c.ty.clone(), expr.clone(), id));
                }
                _ => {}
            }
        }
        if !missing.is_empty() {
            self.missing_items(imp, &trait_key, &missing);
        }
    }

    fn missing_items(&mut self, imp: &syn::ItemImpl, trait_name: &str, missing: &[String]) {
        let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
        self.diags.push(crate::diag::Diagnostic::rustc(
            Span::of_node(&imp.self_ty),
            "E0046",
            format!("not all trait items implemented, missing: {list} (from the trait `{trait_name}`)"),
        ));
    }

    /// Adds a method to its type's table. Inherent methods win over trait methods (as in
    /// Rust); std's traits that only std code calls (`Display::fmt`, `Drop::drop`) have tables
    /// of their own.
    fn register_method(&mut self, ty: &str, trait_name: Option<&str>, name: &str, id: crate::program::FnId) {
        match trait_name {
            Some("Display") => {
                self.display.insert(ty.to_string(), id);
            }
            Some("Debug") => {
                self.debug.insert(ty.to_string(), id);
            }
            Some("Drop") => {
                self.drops.insert(ty.to_string(), id);
            }
            Some(t) => {
                if t == "Future" && name == "poll" {
                    self.futures.insert(ty.to_string(), id);
                }
                if t == "Stream" && name == "poll_next" {
                    self.streams.insert(ty.to_string(), id);
                }
                self.methods.entry((ty.to_string(), name.to_string())).or_insert(id);
            }
            None => {
                self.methods.insert((ty.to_string(), name.to_string()), id);
            }
        }
    }

    /// Pass 2 for an `impl` block: compiles its methods.
    pub(super) fn compile_impl(&mut self, imp: &syn::ItemImpl) {
        let Some(ty) = type_name(&imp.self_ty) else { return };
        let trait_key = imp
            .trait_
            .as_ref()
            .map(|(_, path, _)| path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default())
            .unwrap_or_default();
        // The program's trait for a std type (`impl Summary for String`): its methods are found by
        // the value's type name (see `vm::methods::call_method`).
        let std_type = imp.trait_.is_some() && STD_TYPES.contains(&ty.as_str());
        if !self.struct_ids.contains_key(&ty) && !self.enum_ids.contains_key(&ty) && !std_type {
            self.error(
                Span::of_node(&imp.self_ty),
                format!("cannot find type `{ty}`: an `impl` block needs a `struct` or `enum` of that name"),
            );
        }
        for item in &imp.items {
            if let syn::ImplItem::Fn(m) = item {
                let name = m.sig.ident.to_string();
                let Some(&id) = self.impl_fns.get(&(ty.clone(), trait_key.clone(), name.clone())) else { continue };
                if self.fns[id as usize].is_some() {
                    continue;
                }
                let def = self.compile_fn(&m.sig, &m.block, Some(ty.clone()), format!("{ty}::{name}"));
                self.fns[id as usize] = Some(def);
            }
        }
    }

    /// Pass 2 for what impls inherit: default methods and associated constants.
    pub(super) fn compile_inherited(&mut self) {
        for Inherited { self_ty, item, id } in std::mem::take(&mut self.inherited) {
            if let syn::TraitItem::Fn(f) = &item
                && let Some(block) = &f.default
            {
                let name = format!("{self_ty}::{}", f.sig.ident);
                let def = self.compile_fn(&f.sig, block, Some(self_ty.clone()), name);
                self.fns[id as usize] = Some(def);
            }
        }
        for (self_ty, ident, ty, expr, id) in std::mem::take(&mut self.assoc_consts) {
            let span = syn::spanned::Spanned::span(&expr);
            let sig: syn::Signature = syn::parse_quote_spanned!(span=> fn #ident() -> #ty);
            let block: syn::Block = syn::parse_quote_spanned!(span=> { #expr });
            let def = self.compile_fn(&sig, &block, Some(self_ty.clone()), format!("{self_ty}::{ident}"));
            self.fns[id as usize] = Some(def);
        }
    }

    /// Whether `name` is a trait a call can be qualified with (`Shape::area(&c)`,
    /// `Clone::clone(&x)`), so that the call is a method call on its first argument.
    pub(crate) fn is_trait(&self, name: &str) -> bool {
        self.traits.contains_key(name) || STD_TRAITS.iter().any(|(n, _)| *n == name)
    }

    /// Whether `name` is a type parameter of the function being compiled.
    pub(crate) fn is_type_param(&self, name: &str) -> bool {
        self.fcx.iter().any(|cx| cx.type_params.iter().any(|p| p == name))
    }
}
