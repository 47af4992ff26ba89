//! Patterns: compiled to a [`Pattern`] tree that the VM tests and binds at run time.
//! Binding a pattern declares its variables in the innermost scope.

use syn::spanned::Spanned;

use super::Compiler;
use crate::diag::Span;
use crate::program::*;
use crate::ty::{IntTy, Ty};

impl Compiler<'_> {
    /// Compiles `pat` and returns its id. Whether a `let`, parameter or `for` pattern is
    /// irrefutable is rustc's check, not made here.
    pub(crate) fn compile_pattern(&mut self, pat: &syn::Pat, ty: &Ty) -> PatId {
        let p = self.pattern(pat, ty);
        self.patterns.push(p);
        self.patterns.len() as PatId - 1
    }

    fn pattern(&mut self, pat: &syn::Pat, ty: &Ty) -> Pattern {
        let span = Span::of(pat.span());
        match pat {
            syn::Pat::Wild(_) | syn::Pat::Rest(_) => Pattern::Wild,
            syn::Pat::Ident(pi) => {
                let name = pi.ident.to_string();
                // A bare name of a unit variant or unit struct is that value, not a binding.
                if pi.subpat.is_none() && pi.by_ref.is_none() && pi.mutability.is_none() {
                    if let Some(&(e, v)) = self.variant_names.get(&name) {
                        return Pattern::Variant { enum_id: e, variant: v, fields: vec![] };
                    }
                    if let Some(&id) = self.struct_ids.get(&name)
                        && self.structs[id as usize].shape == Shape::Unit
                    {
                        return Pattern::Struct { id, fields: vec![] };
                    }
                    // A constant matches its value; one whose value is a literal can be a pattern.
                    if let Some((_, init)) = self.consts.get(&name).cloned() {
                        return match init {
                            syn::Expr::Lit(lit) => self.lit_pattern(&lit.lit, false),
                            syn::Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. })
                                if matches!(&*expr, syn::Expr::Lit(_)) =>
                            {
                                let syn::Expr::Lit(lit) = &*expr else { unreachable!() };
                                self.lit_pattern(&lit.lit, true)
                            }
                            _ => {
                                self.unsupported(pat, "constants in patterns unless their value is a literal");
                                Pattern::Wild
                            }
                        };
                    }
                }
                let sub = pi.subpat.as_ref().map(|(_, p)| Box::new(self.pattern(p, ty)));
                let slot = self.new_local(&name);
                self.bind_var(&name, slot, ty.clone());
                Pattern::Bind { slot, by_ref: pi.by_ref.is_some(), sub }
            }
            syn::Pat::Lit(lit) => self.lit_pattern(&lit.lit, false),
            syn::Pat::Range(r) => {
                let bound = |c: &mut Compiler<'_>, e: &Option<Box<syn::Expr>>| -> Option<i128> {
                    let e = e.as_ref()?;
                    match c.const_value(e) {
                        Some(v) => Some(v),
                        None => {
                            c.error(
                                Span::of_node(&**e),
                                "a range pattern bound must be a number or character literal, like `1..=9`",
                            );
                            None
                        }
                    }
                };
                let lo = bound(self, &r.start);
                let hi = bound(self, &r.end);
                Pattern::Range { lo, hi, inclusive: matches!(r.limits, syn::RangeLimits::Closed(_)) }
            }
            // `()`: the unit value (as in `Poll::Ready(())`), not a tuple of nothing.
            syn::Pat::Tuple(t) if t.elems.is_empty() => Pattern::Unit,
            syn::Pat::Tuple(t) => {
                if let Some(rest) = t.elems.iter().find(|e| is_rest(e)) {
                    self.unsupported(rest, "`..` in tuple patterns");
                }
                Pattern::Tuple(t.elems.iter().enumerate().map(|(i, p)| self.pattern(p, &ty.tuple_field(i))).collect())
            }
            syn::Pat::TupleStruct(ts) => {
                let segs: Vec<String> = ts.path.segments.iter().map(|s| s.ident.to_string()).collect();
                match self.resolve_ctor(&segs, span) {
                    Some(Ctor::Variant(e, v)) => {
                        let fields = self.enums[e as usize].variants[v as usize].fields.clone();
                        let elem_ty = |i: usize| {
                            if e < BUILTIN_ENUMS {
                                ty.arg(if e == RESULT { v as usize } else { 0 })
                            } else {
                                fields.get(i).map(|f| f.1.clone()).unwrap_or(Ty::Unknown)
                            }
                        };
                        let fields = self.positional(&ts.elems, elem_ty);
                        Pattern::Variant { enum_id: e, variant: v, fields }
                    }
                    Some(Ctor::Struct(id)) => {
                        let decl = self.structs[id as usize].fields.clone();
                        let fields =
                            self.positional(&ts.elems, |i| decl.get(i).map(|f| f.1.clone()).unwrap_or(Ty::Unknown));
                        Pattern::Struct { id, fields }
                    }
                    None => Pattern::Wild,
                }
            }
            syn::Pat::Struct(ps) => {
                let segs: Vec<String> = ps.path.segments.iter().map(|s| s.ident.to_string()).collect();
                let (decl, ctor) = match self.resolve_ctor(&segs, span) {
                    Some(Ctor::Variant(e, v)) => {
                        (self.enums[e as usize].variants[v as usize].fields.clone(), Ctor::Variant(e, v))
                    }
                    Some(Ctor::Struct(id)) => (self.structs[id as usize].fields.clone(), Ctor::Struct(id)),
                    None => return Pattern::Wild,
                };
                let mut fields = Vec::new();
                for fp in &ps.fields {
                    let name = match &fp.member {
                        syn::Member::Named(n) => n.to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    };
                    let Some(index) = decl.iter().position(|(f, _)| *f == name) else {
                        self.error(Span::of(fp.member.span()), format!("no field `{name}` in this pattern's type"));
                        continue;
                    };
                    let p = self.pattern(&fp.pat, &decl[index].1);
                    fields.push((index as u32, p));
                }
                match ctor {
                    Ctor::Variant(e, v) => Pattern::Variant { enum_id: e, variant: v, fields },
                    Ctor::Struct(id) => Pattern::Struct { id, fields },
                }
            }
            syn::Pat::Path(pp) => {
                let segs: Vec<String> = pp.path.segments.iter().map(|s| s.ident.to_string()).collect();
                match self.resolve_ctor(&segs, span) {
                    Some(Ctor::Variant(e, v)) => Pattern::Variant { enum_id: e, variant: v, fields: vec![] },
                    Some(Ctor::Struct(id)) => Pattern::Struct { id, fields: vec![] },
                    None => Pattern::Wild,
                }
            }
            syn::Pat::Reference(r) => Pattern::Deref(Box::new(self.pattern(&r.pat, &ty.elem()))),
            syn::Pat::Or(o) => {
                // Every alternative binds the same names; they share slots by name.
                let before = self.cx().scopes.last().map(|s| s.vars.len()).unwrap_or(0);
                let first = self.pattern(&o.cases[0], ty);
                let names: Vec<(String, u32)> = self
                    .cx()
                    .scopes
                    .last()
                    .map(|s| s.vars[before..].iter().map(|v| (v.name.clone(), v.slot)).collect())
                    .unwrap_or_default();
                let mut alts = vec![first];
                for case in o.cases.iter().skip(1) {
                    let mark = self.cx().scopes.last().map(|s| s.vars.len()).unwrap_or(0);
                    let mut alt = self.pattern(case, ty);
                    // Re-point this alternative's bindings at the first alternative's slots.
                    let new: Vec<(String, u32)> = self
                        .cx()
                        .scopes
                        .last()
                        .map(|s| s.vars[mark..].iter().map(|v| (v.name.clone(), v.slot)).collect())
                        .unwrap_or_default();
                    for (name, slot) in &new {
                        if let Some((_, target)) = names.iter().find(|(n, _)| n == name) {
                            retarget(&mut alt, *slot, *target);
                        }
                    }
                    if let Some(scope) = self.cx().scopes.last_mut() {
                        scope.vars.truncate(mark);
                        scope.drops.retain(|d| !new.iter().any(|(_, s)| s == d));
                    }
                    alts.push(alt);
                }
                Pattern::Or(alts)
            }
            syn::Pat::Slice(s) => {
                if let Some(rest) = s.elems.iter().find(|e| is_rest(e)) {
                    // The other elements still bind their names, so their uses are not reported.
                    self.unsupported(rest, "`..` in slice patterns");
                }
                Pattern::Slice(s.elems.iter().map(|p| self.pattern(p, &ty.elem())).collect())
            }
            syn::Pat::Paren(p) => self.pattern(&p.pat, ty),
            syn::Pat::Type(t) => {
                let ty = Ty::from_syn(&t.ty);
                self.pattern(&t.pat, &ty)
            }
            other => {
                self.unsupported(other, "this kind of pattern");
                Pattern::Wild
            }
        }
    }

    fn positional(
        &mut self,
        elems: &syn::punctuated::Punctuated<syn::Pat, syn::Token![,]>,
        ty: impl Fn(usize) -> Ty,
    ) -> Vec<(u32, Pattern)> {
        let mut out = Vec::new();
        if let Some(rest) = elems.iter().find(|p| is_rest(p)) {
            self.unsupported(rest, "`..` in tuple struct patterns");
        }
        for (i, p) in elems.iter().enumerate() {
            let pat = self.pattern(p, &ty(i));
            out.push((i as u32, pat));
        }
        out
    }

    fn lit_pattern(&mut self, lit: &syn::Lit, negative: bool) -> Pattern {
        match lit {
            syn::Lit::Int(i) => match i.base10_parse::<i128>() {
                Ok(v) => Pattern::Int(if negative { -v } else { v }),
                Err(_) => {
                    self.unsupported(i, "this integer pattern");
                    Pattern::Wild
                }
            },
            syn::Lit::Bool(b) => Pattern::Bool(b.value),
            syn::Lit::Char(c) => Pattern::Char(c.value()),
            syn::Lit::Str(s) => Pattern::Str(s.value().into()),
            syn::Lit::Byte(b) => Pattern::Int(b.value() as i128),
            other => {
                self.unsupported(other, "this literal pattern");
                Pattern::Wild
            }
        }
    }

    /// The value of a constant expression in a range pattern: an integer, a char, or `-n`.
    fn const_value(&mut self, e: &syn::Expr) -> Option<i128> {
        match e {
            syn::Expr::Lit(l) => match &l.lit {
                syn::Lit::Int(i) => i.base10_parse::<i128>().ok(),
                syn::Lit::Char(c) => Some(c.value() as i128),
                syn::Lit::Byte(b) => Some(b.value() as i128),
                _ => None,
            },
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => self.const_value(&u.expr).map(|v| -v),
            syn::Expr::Path(p) if p.path.segments.len() == 2 => {
                let ty = IntTy::from_name(&p.path.segments[0].ident.to_string())?;
                match p.path.segments[1].ident.to_string().as_str() {
                    "MAX" => Some(ty.max()),
                    "MIN" => Some(ty.min()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// What a path in a pattern names: an enum variant or a struct.
    fn resolve_ctor(&mut self, segs: &[String], span: Span) -> Option<Ctor> {
        let last = self.resolve_type_name(segs.last()?);
        if segs.len() >= 2 {
            let ty = self.resolve_type_name(&segs[segs.len() - 2]);
            if let Some(&e) = self.enum_ids.get(&ty) {
                let def = self.enums[e as usize].clone();
                return match def.variants.iter().position(|v| v.name == last) {
                    Some(v) => Some(Ctor::Variant(e, v as u32)),
                    None => {
                        self.error(span, format!("no variant `{last}` in enum `{ty}`"));
                        None
                    }
                };
            }
        }
        if let Some(&(e, v)) = self.variant_names.get(&last) {
            return Some(Ctor::Variant(e, v));
        }
        if let Some(&id) = self.struct_ids.get(&last) {
            return Some(Ctor::Struct(id));
        }
        self.error(span, format!("cannot find `{}` in this scope", segs.join("::")));
        None
    }
}

/// Whether a pattern element is a rest pattern: `..`, or `name @ ..`.
fn is_rest(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::Rest(_) => true,
        syn::Pat::Ident(pi) => pi.subpat.as_ref().is_some_and(|(_, sub)| matches!(**sub, syn::Pat::Rest(_))),
        _ => false,
    }
}

enum Ctor {
    Variant(EnumId, u32),
    Struct(StructId),
}

fn retarget(p: &mut Pattern, from: u32, to: u32) {
    match p {
        Pattern::Bind { slot, sub, .. } => {
            if *slot == from {
                *slot = to;
            }
            if let Some(sub) = sub {
                retarget(sub, from, to);
            }
        }
        Pattern::Tuple(items) | Pattern::Or(items) | Pattern::Slice(items) => {
            items.iter_mut().for_each(|i| retarget(i, from, to))
        }
        Pattern::Struct { fields, .. } | Pattern::Variant { fields, .. } => {
            fields.iter_mut().for_each(|(_, f)| retarget(f, from, to))
        }
        Pattern::Deref(inner) => retarget(inner, from, to),
        _ => {}
    }
}
