//! Expressions and statements.
//!
//! Every expression compiles to code that pushes one value. Place expressions (variables,
//! fields, indexing, `*p`) can also compile to code that pushes their place, which is how
//! borrows, assignments and method receivers work without copying.

use syn::spanned::Spanned;

use super::macros::pretty;

use super::{Compiler, LoopCx, VarRef};
use crate::builtins::Builtin;
use crate::diag::Span;
use crate::program::*;
use crate::ty::{IntTy, Ty};

fn sp(node: &impl Spanned) -> Span {
    Span::of(node.span())
}

/// Whether an expression denotes a place (so it can be borrowed or assigned without a temporary).
pub(crate) fn is_place(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Path(p) => p.path.segments.len() == 1 && p.qself.is_none(),
        syn::Expr::Field(_) | syn::Expr::Index(_) => true,
        syn::Expr::Unary(u) => matches!(u.op, syn::UnOp::Deref(_)),
        syn::Expr::Paren(p) => is_place(&p.expr),
        _ => false,
    }
}

fn binop(op: &syn::BinOp) -> Option<(BinOp, bool)> {
    use syn::BinOp as B;
    Some(match op {
        B::Add(_) => (BinOp::Add, false),
        B::Sub(_) => (BinOp::Sub, false),
        B::Mul(_) => (BinOp::Mul, false),
        B::Div(_) => (BinOp::Div, false),
        B::Rem(_) => (BinOp::Rem, false),
        B::BitAnd(_) => (BinOp::BitAnd, false),
        B::BitOr(_) => (BinOp::BitOr, false),
        B::BitXor(_) => (BinOp::BitXor, false),
        B::Shl(_) => (BinOp::Shl, false),
        B::Shr(_) => (BinOp::Shr, false),
        B::Eq(_) => (BinOp::Eq, false),
        B::Ne(_) => (BinOp::Ne, false),
        B::Lt(_) => (BinOp::Lt, false),
        B::Le(_) => (BinOp::Le, false),
        B::Gt(_) => (BinOp::Gt, false),
        B::Ge(_) => (BinOp::Ge, false),
        B::AddAssign(_) => (BinOp::Add, true),
        B::SubAssign(_) => (BinOp::Sub, true),
        B::MulAssign(_) => (BinOp::Mul, true),
        B::DivAssign(_) => (BinOp::Div, true),
        B::RemAssign(_) => (BinOp::Rem, true),
        B::BitAndAssign(_) => (BinOp::BitAnd, true),
        B::BitOrAssign(_) => (BinOp::BitOr, true),
        B::BitXorAssign(_) => (BinOp::BitXor, true),
        B::ShlAssign(_) => (BinOp::Shl, true),
        B::ShrAssign(_) => (BinOp::Shr, true),
        _ => return None,
    })
}

impl Compiler<'_> {
    /// Compiles a block whose value is pushed.
    pub(crate) fn compile_block_value(&mut self, block: &syn::Block, expected: &Ty) {
        self.push_scope();
        let n = block.stmts.len();
        let mut pushed = false;
        for (i, stmt) in block.stmts.iter().enumerate() {
            if i + 1 == n
                && let syn::Stmt::Expr(e, None) = stmt
            {
                // The tail: its temporaries are dropped before the block's locals (2024).
                self.begin_temps();
                self.compile_expr(e, expected);
                self.end_temps(sp(e));
                pushed = true;
                self.cx().tail = Some(sp(e));
            } else {
                self.compile_stmt(stmt);
            }
        }
        if !pushed {
            self.cx().tail = None;
            let span = sp(block);
            // A block ending in a diverging statement still "produces" a value for the stack.
            self.emit(Instr::Unit, Span { start: span.end, end: span.end, lo: span.hi, hi: span.hi });
        }
        let end = sp(&block.brace_token.span.close());
        self.pop_scope(end);
    }

    pub(crate) fn compile_stmt(&mut self, stmt: &syn::Stmt) {
        match stmt {
            syn::Stmt::Local(local) => {
                self.begin_temps();
                self.compile_let(local);
                self.end_temps(sp(local));
            }
            syn::Stmt::Expr(e, _) => {
                self.begin_temps();
                self.compile_expr(e, &Ty::Unknown);
                self.emit(Instr::Pop, sp(e));
                self.end_temps(sp(e));
            }
            // `pin_mut!(a, b);` (futures) and `tokio::pin!(a, b);`: `let mut a = pin!(a);` for
            // each; `tokio::pin! { let a = expr; }`: `let mut a = pin!(expr);`.
            syn::Stmt::Macro(m) if self.is_pinning_statement(&m.mac) => self.compile_pinning(&m.mac),
            syn::Stmt::Macro(m) => {
                self.begin_temps();
                self.compile_macro(&m.mac, &Ty::Unknown);
                self.emit(Instr::Pop, sp(&m.mac));
                self.end_temps(sp(&m.mac));
            }
            // Compiled with the file's items (see `compile_file`).
            syn::Stmt::Item(_) => {}
        }
    }

    /// `pin_mut!(..)` (futures), or tokio's `pin!` (by path, or imported from tokio): macros
    /// that pin locals in place as statements.
    fn is_pinning_statement(&self, mac: &syn::Macro) -> bool {
        let segs = &mac.path.segments;
        match segs.last().map(|s| s.ident.to_string()).as_deref() {
            Some("pin_mut") => true,
            Some("pin") => {
                segs.first().is_some_and(|s| s.ident == "tokio")
                    || (segs.len() == 1 && self.tokio_imports.contains("pin"))
            }
            _ => false,
        }
    }

    fn compile_pinning(&mut self, mac: &syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let names = syn::parse::Parser::parse2(
            syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated,
            mac.tokens.clone(),
        );
        let lets = syn::parse::Parser::parse2(
            |input: syn::parse::ParseStream<'_>| {
                let mut lets = Vec::new();
                while !input.is_empty() {
                    input.parse::<syn::Token![let]>()?;
                    let ident: syn::Ident = input.parse()?;
                    input.parse::<syn::Token![=]>()?;
                    let init: syn::Expr = input.parse()?;
                    input.parse::<syn::Token![;]>()?;
                    lets.push((ident, init));
                }
                Ok(lets)
            },
            mac.tokens.clone(),
        );
        let pinned: Vec<(syn::Ident, syn::Expr)> = match (names, lets) {
            (Ok(names), _) => names.into_iter().map(|n| (n.clone(), syn::parse_quote!(#n))).collect(),
            (_, Ok(lets)) => lets,
            (Err(e), Err(_)) => {
                self.error(Span::of(e.span()), format!("`{name}!` takes local variables (or `let x = ..;`): {e}"));
                return;
            }
        };
        for (name, init) in pinned {
            let at = name.span();
            let stmt: syn::Stmt = syn::parse_quote_spanned!(at=> let mut #name = ::std::pin::pin!(#init););
            self.compile_stmt(&stmt);
        }
    }

    fn compile_let(&mut self, local: &syn::Local) {
        let span = sp(local);
        let (pat, ty) = match &local.pat {
            syn::Pat::Type(t) => {
                self.check_no_float(&t.ty);
                (&*t.pat, Ty::from_syn(&t.ty))
            }
            p => (p, Ty::Unknown),
        };
        let Some(init) = &local.init else {
            // `let x;`: declared now, assigned later.
            match pat {
                syn::Pat::Ident(pi) if pi.subpat.is_none() => {
                    let slot = self.new_local(&pi.ident.to_string());
                    self.bind_var(&pi.ident.to_string(), slot, ty);
                }
                other => self.unsupported(other, "destructuring `let` without a value"),
            }
            return;
        };
        let expr = &*init.expr;
        if let syn::Pat::Type(t) = &local.pat {
            self.check_literal_type(&t.ty, expr);
            self.check_missing_await(&t.ty, expr);
        }
        // Without an annotation, a struct literal's type is known (for `Pin::new`'s check).
        let ty = match (ty, expr) {
            (Ty::Unknown, syn::Expr::Struct(s)) if s.path.segments.len() == 1 => {
                let name = self.resolve_type_name(&s.path.segments[0].ident.to_string());
                if self.struct_ids.contains_key(&name) { Ty::Named(name, Vec::new()) } else { Ty::Unknown }
            }
            (ty, _) => ty,
        };
        if let Some((_, diverge)) = &init.diverge {
            // let-else: test, bind on success, run the diverging block otherwise.
            self.compile_place(expr);
            self.emit(Instr::Dup, span);
            let id = self.compile_pattern(pat, &ty);
            self.emit(Instr::Test(id), span);
            let fail = self.emit(Instr::JumpIfFalse(0), span);
            self.emit(Instr::Bind(id), span);
            let done = self.emit(Instr::Jump(0), span);
            let here = self.here();
            self.patch(fail, here);
            self.emit(Instr::Pop, span);
            self.compile_expr(diverge, &Ty::Unknown);
            self.emit(Instr::Pop, span);
            let here = self.here();
            self.patch(done, here);
            return;
        }
        match pat {
            syn::Pat::Ident(pi) if pi.subpat.is_none() && pi.by_ref.is_none() => {
                // `let x = &temp();` keeps the temporary alive for the enclosing block.
                if let syn::Expr::Reference(r) = expr
                    && !is_place(&r.expr)
                {
                    let slot = self.scoped_temp("<extended temp>");
                    self.compile_expr(&r.expr, &ty.elem());
                    self.emit(Instr::StoreLocal(slot), span);
                    self.emit(Instr::Local(slot), span);
                } else {
                    self.compile_expr(expr, &ty);
                }
                let name = pi.ident.to_string();
                let slot = self.new_local(&name);
                self.emit(Instr::StoreLocal(slot), span);
                self.bind_var(&name, slot, ty);
                if let Some(unpin) = self.async_type_name(expr) {
                    self.cx().async_locals.insert(slot, unpin);
                }
            }
            syn::Pat::Wild(_) => {
                // `let _ = place;` does not move or drop anything; a value is dropped now.
                if !is_place(expr) {
                    self.compile_expr(expr, &ty);
                    self.emit(Instr::Pop, span);
                }
            }
            _ => {
                self.compile_place(expr);
                let id = self.compile_pattern(pat, &ty);
                self.emit(Instr::Bind(id), span);
            }
        }
    }

    /// Pushes the place of `e`. A value expression is stored in a temporary of the statement.
    pub(crate) fn compile_place(&mut self, e: &syn::Expr) {
        let span = sp(e);
        match e {
            syn::Expr::Paren(p) => self.compile_place(&p.expr),
            syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
                let name = p.path.segments[0].ident.to_string();
                match self.lookup(&name) {
                    Some(VarRef::Local(slot, _)) => {
                        self.emit(Instr::Local(slot), span);
                    }
                    Some(VarRef::Capture(i, by_ref, _)) => {
                        self.emit(Instr::Capture(i, by_ref), span);
                    }
                    None => {
                        self.compile_expr(e, &Ty::Unknown);
                        let t = self.stmt_temp();
                        self.emit(Instr::StoreLocal(t), span);
                        self.emit(Instr::Local(t), span);
                    }
                }
            }
            syn::Expr::Field(f) => {
                self.compile_place(&f.base);
                match &f.member {
                    syn::Member::Named(name) => self.emit(Instr::Field(name.to_string().into()), span),
                    syn::Member::Unnamed(index) => self.emit(Instr::TupleField(index.index), span),
                };
            }
            syn::Expr::Index(i) => {
                self.compile_place(&i.expr);
                self.compile_expr(&i.index, &Ty::Int(IntTy::Usize));
                self.emit(Instr::Index, span);
            }
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                self.compile_place(&u.expr);
                self.emit(Instr::Deref, span);
            }
            _ => {
                self.compile_expr(e, &Ty::Unknown);
                let t = self.stmt_temp();
                self.emit(Instr::StoreLocal(t), span);
                self.emit(Instr::Local(t), span);
            }
        }
    }

    /// Pushes the value of `e`. `expected` carries an annotated type into integer literals.
    pub(crate) fn compile_expr(&mut self, e: &syn::Expr, expected: &Ty) {
        let span = sp(e);
        match e {
            syn::Expr::Lit(lit) => self.compile_lit(&lit.lit, expected),
            syn::Expr::Paren(p) => self.compile_expr(&p.expr, expected),
            syn::Expr::Group(g) => self.compile_expr(&g.expr, expected),
            syn::Expr::Path(p) => self.compile_path_value(p),
            syn::Expr::Field(_) | syn::Expr::Index(_) => {
                self.compile_place(e);
                self.emit(Instr::Load, span);
            }
            syn::Expr::Unary(u) => match u.op {
                syn::UnOp::Deref(_) => {
                    self.compile_place(e);
                    self.emit(Instr::Load, span);
                }
                syn::UnOp::Not(_) => {
                    self.compile_expr(&u.expr, expected);
                    self.emit(Instr::Unary(UnOp::Not), span);
                }
                syn::UnOp::Neg(_) => {
                    // `-128i8` is a literal, not a negation that overflows.
                    if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) = &*u.expr {
                        self.compile_int(i, expected, true);
                    } else {
                        self.compile_expr(&u.expr, expected);
                        self.emit(Instr::Unary(UnOp::Neg), span);
                    }
                }
                _ => self.unsupported(u, "this unary operator"),
            },
            syn::Expr::Binary(b) => self.compile_binary(b, expected),
            syn::Expr::Assign(a) => {
                if let syn::Expr::Infer(_) = &*a.left {
                    self.compile_expr(&a.right, &Ty::Unknown);
                    self.emit(Instr::Pop, span);
                } else if is_place(&a.left) {
                    self.compile_expr(&a.right, &Ty::Unknown);
                    self.compile_place(&a.left);
                    self.emit(Instr::Store, span);
                } else {
                    self.unsupported(&a.left, "destructuring assignments");
                }
                self.emit(Instr::Unit, span);
            }
            // A reference is the place itself; `&mut` and `&` differ only to the borrow checker.
            syn::Expr::Reference(r) => {
                if r.mutability.is_some() && is_range_index(&r.expr) {
                    self.unsupported(r, "mutable slices (`&mut v[a..b]`)");
                }
                self.compile_place(&r.expr)
            }
            syn::Expr::Tuple(t) => {
                if t.elems.is_empty() {
                    self.emit(Instr::Unit, span);
                } else {
                    for (i, item) in t.elems.iter().enumerate() {
                        self.compile_expr(item, &expected.tuple_field(i));
                    }
                    self.emit(Instr::MakeTuple(t.elems.len() as u32), span);
                }
            }
            syn::Expr::Array(a) => {
                let elem = expected.elem();
                for item in &a.elems {
                    self.compile_expr(item, &elem);
                }
                self.emit(Instr::MakeArray(a.elems.len() as u32), span);
            }
            syn::Expr::Repeat(r) => {
                self.compile_expr(&r.expr, &expected.elem());
                self.compile_expr(&r.len, &Ty::Int(IntTy::Usize));
                self.emit(Instr::Repeat, span);
            }
            syn::Expr::Struct(s) => self.compile_struct_lit(s),
            syn::Expr::Block(b) => {
                if let Some(label) = &b.label {
                    self.unsupported(label, "labeled blocks");
                    // A `break` to this label is not reported again.
                    self.unsupported_names.insert(format!("'{}", label.name.ident));
                }
                self.compile_block_value(&b.block, expected);
            }
            syn::Expr::If(i) => self.compile_if(i, expected),
            syn::Expr::Match(m) => self.compile_match(m, expected),
            syn::Expr::Loop(l) => self.compile_loop(l, expected),
            syn::Expr::While(w) => self.compile_while(w),
            syn::Expr::ForLoop(f) => self.compile_for(f),
            syn::Expr::Break(b) => self.compile_break(b),
            syn::Expr::Continue(c) => self.compile_continue(c),
            syn::Expr::Return(r) => {
                let ret = self.cx().ret.clone();
                match &r.expr {
                    Some(value) => self.compile_expr(value, &ret),
                    None => {
                        self.emit(Instr::Unit, span);
                    }
                }
                self.emit_return(span);
            }
            syn::Expr::Call(c) => self.compile_call(c, expected),
            syn::Expr::MethodCall(m) => self.compile_method_call(m, expected),
            syn::Expr::Macro(m) => self.compile_macro(&m.mac, expected),
            syn::Expr::Range(r) => {
                let ty = expected.arg(0);
                let ty = if ty == Ty::Unknown { Ty::Unknown } else { ty };
                if let Some(start) = &r.start {
                    self.compile_expr(start, &ty);
                }
                if let Some(end) = &r.end {
                    self.compile_expr(end, &ty);
                }
                let inclusive = matches!(r.limits, syn::RangeLimits::Closed(_));
                self.emit(Instr::MakeRange(r.start.is_some(), r.end.is_some(), inclusive), span);
            }
            // `&x as *const T`: a raw pointer is the reference's place.
            syn::Expr::Cast(c) if matches!(&*c.ty, syn::Type::Ptr(_)) => self.compile_expr(&c.expr, &Ty::Unknown),
            syn::Expr::Cast(c) if matches!(&*c.expr, syn::Expr::Cast(inner) if matches!(&*inner.ty, syn::Type::Ptr(_))) => {
                self.unsupported(&c.ty, "pointers' addresses (`ptr as usize`)")
            }
            syn::Expr::Cast(c) => {
                self.compile_expr(&c.expr, &Ty::Unknown);
                match Ty::from_syn(&c.ty) {
                    Ty::Int(t) => {
                        self.emit(Instr::Cast(t), span);
                    }
                    Ty::Named(n, _) if n == "char" => {
                        self.emit(Instr::CastChar, span);
                    }
                    Ty::Named(n, _) if n == "f32" || n == "f64" => self.unsupported(&c.ty, "floating-point numbers"),
                    _ => self.unsupported(&c.ty, "`as` casts to this type"),
                }
            }
            syn::Expr::Closure(c) => self.compile_closure(c),
            syn::Expr::Async(a) => self.compile_async_block(a),
            syn::Expr::Await(a) => self.compile_await(a, expected),
            syn::Expr::Try(t) => {
                let cx = self.cx();
                if matches!(cx.kind, FnKind::Plain | FnKind::Async) && cx.ret == Ty::Tuple(vec![]) {
                    let owner = cx.owner.clone();
                    self.error(
                        sp(&t.question_token),
                        format!(
                            "the `?` operator can only be used in a function that returns `Result` or `Option`, \
                             and `{owner}` returns `()`"
                        ),
                    );
                }
                self.compile_expr(&t.expr, &Ty::Unknown);
                self.emit(Instr::Try, span);
                let ok = self.emit(Instr::JumpIfTrue(0), span);
                self.emit_return(span);
                let here = self.here();
                self.patch(ok, here);
            }
            syn::Expr::Let(l) => {
                // A `let` used as a bool outside `if`/`while` (e.g. in `&&` chains in `if`
                // conditions is handled there).
                self.error(
                    sp(l),
                    "`let` expressions are only allowed in `if` and `while` conditions: to test a pattern \
                     elsewhere, use `matches!(value, pattern)`",
                );
            }
            // What `unsafe` allows that the subset has (raw pointers to places, `Pin`'s unchecked
            // functions) is checked at run time: a dangling or null pointer is an error there.
            syn::Expr::Unsafe(u) => {
                self.cx().unsafe_depth += 1;
                self.compile_block_value(&u.block, expected);
                self.cx().unsafe_depth -= 1;
            }
            syn::Expr::Infer(i) => self.unsupported(i, "`_` as an expression"),
            syn::Expr::Yield(y) => self.unsupported(y, "`yield`"),
            syn::Expr::TryBlock(t) => self.unsupported(&t.try_token, "`try` blocks"),
            syn::Expr::Const(c) => self.unsupported(&c.const_token, "`const` blocks"),
            other => self.unsupported(other, "this kind of expression"),
        }
    }

    /// Drops every scope of the function and returns the value on the stack.
    fn emit_return(&mut self, span: Span) {
        self.drop_scope_vars(0, span);
        self.emit(Instr::Return, span);
    }

    fn compile_lit(&mut self, lit: &syn::Lit, expected: &Ty) {
        let span = sp(lit);
        match lit {
            syn::Lit::Int(i) => self.compile_int(i, expected, false),
            syn::Lit::Bool(b) => {
                self.emit(Instr::Bool(b.value), span);
            }
            syn::Lit::Char(c) => {
                self.emit(Instr::Char(c.value()), span);
            }
            syn::Lit::Str(s) => {
                self.emit(Instr::Str(s.value().into()), span);
            }
            syn::Lit::Byte(b) => {
                self.emit(Instr::Int(b.value() as i128, IntTy::U8), span);
            }
            syn::Lit::Float(_) => self.unsupported(lit, "floating-point numbers"),
            syn::Lit::ByteStr(_) => self.unsupported(lit, "byte string literals (`b\"...\"`)"),
            syn::Lit::CStr(_) => self.unsupported(lit, "C string literals (`c\"...\"`)"),
            _ => self.unsupported(lit, "this kind of literal"),
        }
    }

    fn compile_int(&mut self, lit: &syn::LitInt, expected: &Ty, negative: bool) {
        let span = sp(lit);
        let suffix = lit.suffix();
        let ty = if suffix.is_empty() {
            expected.int().unwrap_or(IntTy::Infer)
        } else if let Some(t) = IntTy::from_name(suffix) {
            t
        } else if suffix == "f32" || suffix == "f64" {
            self.unsupported(lit, "floating-point numbers");
            return;
        } else {
            self.error(
                span,
                format!("invalid suffix `{suffix}` for a number literal: use an integer type, like `u32`"),
            );
            return;
        };
        let Ok(value) = lit.base10_parse::<u128>() else {
            self.error(span, "this integer literal is too large for any integer type (the largest is `u128`)");
            return;
        };
        // Values are `i128`: `-2^127` is the lowest, `2^127 - 1` the highest.
        let limit = if negative { i128::MAX as u128 + 1 } else { i128::MAX as u128 };
        let out_of_range = |ty: IntTy| {
            // (`u128::MAX` does not fit the `i128` that `max` returns.)
            let max = if ty == IntTy::U128 { u128::MAX.to_string() } else { ty.max().to_string() };
            format!("literal out of range for `{ty}`: its range is `{}..={max}`", ty.min())
        };
        if value > limit {
            let message = match ty {
                IntTy::U128 if !negative => {
                    "`u128` values above `i128::MAX` are not supported in Pollscope yet".to_string()
                }
                IntTy::Infer | IntTy::U128 => {
                    "this integer literal is too large: Pollscope's integers go from `i128::MIN` to `i128::MAX`"
                        .to_string()
                }
                ty => out_of_range(ty),
            };
            self.error(span, message);
            return;
        }
        let value = if negative { (value as i128).wrapping_neg() } else { value as i128 };
        if ty != IntTy::Infer && !ty.fits(value) {
            self.error(span, out_of_range(ty));
        }
        self.emit(Instr::Int(value, ty), span);
    }

    fn compile_binary(&mut self, b: &syn::ExprBinary, expected: &Ty) {
        let span = sp(b);
        match &b.op {
            syn::BinOp::And(_) | syn::BinOp::Or(_) => {
                let is_and = matches!(b.op, syn::BinOp::And(_));
                self.compile_expr(&b.left, &Ty::Unknown);
                self.emit(Instr::Dup, span);
                let short =
                    if is_and { self.emit(Instr::JumpIfFalse(0), span) } else { self.emit(Instr::JumpIfTrue(0), span) };
                self.emit(Instr::Pop, span);
                self.compile_expr(&b.right, &Ty::Unknown);
                let here = self.here();
                self.patch(short, here);
                return;
            }
            _ => {}
        }
        let Some((op, assign)) = binop(&b.op) else {
            self.unsupported(&b.op, "this operator");
            return;
        };
        if assign {
            if !is_place(&b.left) {
                self.unsupported(&b.left, "compound assignment to this expression");
                return;
            }
            self.compile_expr(&b.right, &Ty::Unknown);
            self.compile_place(&b.left);
            self.emit(Instr::CompoundAssign(op), span);
            self.emit(Instr::Unit, span);
            return;
        }
        let arith = !matches!(op, BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge);
        if !arith {
            // Comparisons borrow their operands (`PartialEq::eq(&a, &b)`): nothing is moved.
            for side in [&b.left, &b.right] {
                if is_place(side) {
                    self.compile_place(side);
                } else {
                    self.compile_expr(side, &Ty::Unknown);
                }
            }
            self.emit(Instr::Binary(op), span);
            return;
        }
        let operand = expected.clone();
        self.compile_expr(&b.left, &operand);
        let right = if matches!(op, BinOp::Shl | BinOp::Shr) { Ty::Unknown } else { operand };
        self.compile_expr(&b.right, &right);
        self.emit(Instr::Binary(op), span);
    }

    fn compile_path_value(&mut self, p: &syn::ExprPath) {
        let span = sp(p);
        let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.len() == 1 {
            let name = &segs[0];
            match self.lookup(name) {
                Some(VarRef::Local(slot, _)) => {
                    self.emit(Instr::LoadLocal(slot), span);
                    return;
                }
                Some(VarRef::Capture(i, by_ref, _)) => {
                    self.emit(Instr::Capture(i, by_ref), span);
                    self.emit(Instr::Load, span);
                    return;
                }
                None => {}
            }
            if let Some(&(e, v)) = self.variant_names.get(name) {
                self.emit(Instr::MakeVariant(e, v, vec![]), span);
                return;
            }
            if let Some(&(id, _)) = self.consts.get(name) {
                self.emit(Instr::Call(id, 0), span);
                return;
            }
            if let Some(&id) = self.fn_ids.get(name) {
                self.emit(Instr::FnValue(id), span);
                return;
            }
            if let Some(&id) = self.struct_ids.get(name)
                && self.structs[id as usize].shape == Shape::Unit
            {
                self.emit(Instr::MakeStruct(id, vec![]), span);
                return;
            }
            if !self.already_reported(name) {
                self.error(span, format!("cannot find value `{name}` in this scope"));
            }
            return;
        }
        // `<Square as Shape>::SIDES` is `Square::SIDES`.
        let qualifier = match p.qself.as_ref().and_then(|q| super::type_name(&q.ty)) {
            Some(ty) => ty,
            None => segs[segs.len() - 2].clone(),
        };
        let ty = self.resolve_type_name(&qualifier);
        let last = &segs[segs.len() - 1];
        // `Duration::ZERO`, `Duration::SECOND`, ...: `Duration::from_nanos(N)`.
        if ty == "Duration" {
            let nanos: Option<i128> = match last.as_str() {
                "ZERO" => Some(0),
                "NANOSECOND" => Some(1),
                "MICROSECOND" => Some(1_000),
                "MILLISECOND" => Some(1_000_000),
                "SECOND" => Some(1_000_000_000),
                "MAX" => Some(u64::MAX as i128 * 1_000_000_000 + 999_999_999),
                _ => None,
            };
            if let Some(nanos) = nanos {
                self.emit(Instr::Int(nanos, IntTy::U128), span);
                self.emit(Instr::CallBuiltin(Builtin::DurationFromNanos, 1), span);
                return;
            }
        }
        // Associated constants: `Self::SIDES`, `Square::SIDES`.
        if let Some(&(id, _)) = self.consts.get(&format!("{ty}::{last}")) {
            self.emit(Instr::Call(id, 0), span);
            return;
        }
        // `u32::MAX`, `i64::MIN`.
        if let Some(int) = IntTy::from_name(&ty) {
            match last.as_str() {
                "MAX" => {
                    self.emit(Instr::Int(int.max(), int), span);
                }
                "MIN" => {
                    self.emit(Instr::Int(int.min(), int), span);
                }
                _ => self.unsupported(p, &format!("`{ty}::{last}`")),
            }
            return;
        }
        if let Some(&e) = self.enum_ids.get(&ty) {
            let def = self.enums[e as usize].clone();
            if let Some(v) = def.variants.iter().position(|v| &v.name == last) {
                if def.variants[v].shape == Shape::Unit {
                    self.emit(Instr::MakeVariant(e, v as u32, vec![]), span);
                } else {
                    self.unsupported(p, "enum variant constructors as values");
                }
                return;
            }
        }
        if let Some(&id) = self.methods.get(&(ty.clone(), last.clone())) {
            self.emit(Instr::FnValue(id), span);
            return;
        }
        if let Some(&id) = self.struct_ids.get(last)
            && self.structs[id as usize].shape == Shape::Unit
        {
            self.emit(Instr::MakeStruct(id, vec![]), span);
            return;
        }
        if self.already_reported(&segs[0]) {
            return;
        }
        if let Some(&e) = self.enum_ids.get(&ty)
            && e >= BUILTIN_ENUMS
        {
            self.error(span, format!("no variant or associated item named `{last}` found for enum `{ty}`"));
            return;
        }
        if self.struct_ids.contains_key(&ty) {
            self.error(span, format!("no associated item named `{last}` found for struct `{ty}`"));
            return;
        }
        self.error(span, format!("cannot find `{}` in Pollscope's subset", segs.join("::")));
    }

    /// `Self` inside an impl means the impl's type.
    pub(crate) fn resolve_type_name(&mut self, name: &str) -> String {
        if name == "Self" { self.cx().self_ty.clone().unwrap_or_else(|| "Self".into()) } else { name.to_string() }
    }

    fn compile_struct_lit(&mut self, s: &syn::ExprStruct) {
        let span = sp(s);
        let segs: Vec<String> = s.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let last = self.resolve_type_name(segs.last().map(String::as_str).unwrap_or(""));
        // A struct, or an enum's struct variant (`Shape::Rect { .. }`).
        let parent = if segs.len() >= 2 { Some(self.resolve_type_name(&segs[segs.len() - 2])) } else { None };
        let (fields, target): (Vec<(String, Ty)>, LitTarget) = if let Some(parent) = parent
            && let Some(&e) = self.enum_ids.get(&parent)
        {
            let def = self.enums[e as usize].clone();
            match def.variants.iter().position(|v| v.name == last) {
                Some(v) => (def.variants[v].fields.clone(), Err((e, v as u32))),
                None => {
                    self.error(span, format!("no variant `{last}` in enum `{}`", def.name));
                    return;
                }
            }
        } else if let Some(&id) = self.struct_ids.get(&last) {
            (self.structs[id as usize].fields.clone(), Ok(id))
        } else {
            if !self.already_reported(&last) {
                self.error(span, format!("cannot find struct `{last}` in this scope"));
            }
            return;
        };
        let mut order = Vec::new();
        for field in &s.fields {
            let name = match &field.member {
                syn::Member::Named(n) => n.to_string(),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            let Some(index) = fields.iter().position(|(f, _)| *f == name) else {
                self.error(sp(&field.member), format!("`{last}` has no field named `{name}`"));
                continue;
            };
            let ty = fields[index].1.clone();
            self.compile_expr(&field.expr, &ty);
            order.push(index as u32);
        }
        if let Some(rest) = &s.rest {
            // `..base`: the other fields are moved out of `base`, after the given ones are
            // evaluated. A temporary base (`..Default::default()`) drops the rest with the
            // statement.
            if is_place(rest) {
                self.compile_place(rest);
            } else {
                let ty = match &target {
                    Ok(_) => Ty::Named(last.clone(), Vec::new()),
                    Err(_) => Ty::Unknown,
                };
                self.compile_expr(rest, &ty);
                let t = self.stmt_temp();
                self.emit(Instr::StoreLocal(t), span);
                self.emit(Instr::Local(t), span);
            }
            for (index, (name, _)) in fields.iter().enumerate() {
                if order.contains(&(index as u32)) {
                    continue;
                }
                self.emit(Instr::Dup, span);
                match name.parse::<u32>() {
                    Ok(i) => self.emit(Instr::TupleField(i), span),
                    Err(_) => self.emit(Instr::Field(name.as_str().into()), span),
                };
                self.emit(Instr::Load, span);
                self.emit(Instr::Swap, span);
                order.push(index as u32);
            }
            self.emit(Instr::Pop, span);
        }
        if order.len() != fields.len() {
            let missing: Vec<&str> = fields
                .iter()
                .enumerate()
                .filter(|(i, _)| !order.contains(&(*i as u32)))
                .map(|(_, (n, _))| n.as_str())
                .collect();
            self.error(
                span,
                format!(
                    "missing field{} {} in initializer of `{last}`",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        match target {
            Ok(id) => self.emit(Instr::MakeStruct(id, order), span),
            Err((e, v)) => self.emit(Instr::MakeVariant(e, v, order), span),
        };
    }

    /// An `if` condition: plain bool expressions and `let` patterns joined by `&&`. Pushes nothing;
    /// returns the jumps to take when the condition fails.
    fn compile_condition(&mut self, cond: &syn::Expr, fails: &mut Vec<usize>) {
        match cond {
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) && contains_let(cond) => {
                self.compile_condition(&b.left, fails);
                self.compile_condition(&b.right, fails);
            }
            syn::Expr::Let(l) => {
                let span = sp(l);
                self.compile_place(&l.expr);
                self.emit(Instr::Dup, span);
                let id = self.compile_pattern(&l.pat, &Ty::Unknown);
                self.emit(Instr::Test(id), span);
                let skip = self.emit(Instr::JumpIfTrue(0), span);
                self.emit(Instr::Pop, span);
                fails.push(self.emit(Instr::Jump(0), span));
                let here = self.here();
                self.patch(skip, here);
                self.emit(Instr::Bind(id), span);
            }
            syn::Expr::Paren(p) => self.compile_condition(&p.expr, fails),
            other => {
                let span = sp(other);
                self.begin_temps();
                self.compile_expr(other, &Ty::Unknown);
                self.end_temps(span);
                fails.push(self.emit(Instr::JumpIfFalse(0), span));
            }
        }
    }

    fn compile_if(&mut self, i: &syn::ExprIf, expected: &Ty) {
        let span = sp(i);
        self.push_scope();
        self.begin_temps();
        let mut fails = Vec::new();
        self.compile_condition(&i.cond, &mut fails);
        self.compile_block_value(&i.then_branch, expected);
        let end = sp(&i.then_branch);
        let cleanup = self.condition_cleanup();
        self.end_temps(end);
        self.pop_scope(end);
        let done = self.emit(Instr::Jump(0), span);
        let here = self.here();
        for f in fails {
            self.patch(f, here);
        }
        // A failed condition may have made temporaries or bound part of a `let` chain: they
        // are dropped before the else branch (2024 edition).
        for slot in cleanup {
            self.emit(Instr::DropLocal(slot), end);
        }
        match &i.else_branch {
            Some((_, e)) => self.compile_expr(e, expected),
            None => {
                self.emit(Instr::Unit, span);
            }
        }
        let here = self.here();
        self.patch(done, here);
    }

    /// The slots a condition's failure path must drop: its temporaries and bindings, last first.
    fn condition_cleanup(&mut self) -> Vec<u32> {
        let cx = self.cx();
        let mut slots: Vec<u32> = cx.temps.last().cloned().unwrap_or_default();
        slots.extend(cx.scopes.last().map(|s| s.drops.clone()).unwrap_or_default());
        slots.reverse();
        slots
    }

    fn compile_match(&mut self, m: &syn::ExprMatch, expected: &Ty) {
        let span = sp(m);
        self.compile_place(&m.expr);
        let scrutinee = self.scoped_temp("<match>");
        self.emit(Instr::StoreLocal(scrutinee), span);
        let mut ends = Vec::new();
        for arm in &m.arms {
            let arm_span = sp(&arm.pat);
            self.push_scope();
            let id = self.compile_pattern(&arm.pat, &Ty::Unknown);
            self.emit(Instr::LoadLocal(scrutinee), arm_span);
            self.emit(Instr::Test(id), arm_span);
            let next = self.emit(Instr::JumpIfFalse(0), arm_span);
            let mut guard_fail = None;
            if let Some((_, guard)) = &arm.guard {
                self.emit(Instr::LoadLocal(scrutinee), arm_span);
                self.emit(Instr::BindRef(id), arm_span);
                self.begin_temps();
                self.compile_expr(guard, &Ty::Unknown);
                self.end_temps(sp(guard));
                guard_fail = Some(self.emit(Instr::JumpIfFalse(0), arm_span));
            }
            self.emit(Instr::LoadLocal(scrutinee), arm_span);
            self.emit(Instr::Bind(id), arm_span);
            self.compile_expr(&arm.body, expected);
            self.pop_scope(sp(&arm.body));
            ends.push(self.emit(Instr::Jump(0), arm_span));
            let here = self.here();
            self.patch(next, here);
            if let Some(g) = guard_fail {
                self.patch(g, here);
            }
        }
        // No arm matched: rustc rejects non-exhaustive matches, so this is unreachable for a
        // program that compiles natively.
        self.emit(Instr::Str("internal error: entered unreachable code: no match arm matched".into()), span);
        self.emit(Instr::Panic, span);
        let here = self.here();
        for e in ends {
            self.patch(e, here);
        }
    }

    fn label_of(label: &Option<syn::Label>) -> Option<String> {
        label.as_ref().map(|l| l.name.ident.to_string())
    }

    fn compile_loop(&mut self, l: &syn::ExprLoop, _expected: &Ty) {
        let span = sp(l);
        let result = self.scoped_temp("<loop value>");
        let start = self.here();
        let depth = self.cx().scopes.len();
        self.cx().loops.push(LoopCx {
            label: Self::label_of(&l.label),
            breaks: Vec::new(),
            continue_to: start,
            depth,
            result: Some(result),
        });
        self.compile_block_value(&l.body, &Ty::Unknown);
        self.emit(Instr::Pop, span);
        self.emit(Instr::Jump(start), span);
        let lp = self.cx().loops.pop().expect("loop context");
        let here = self.here();
        for b in lp.breaks {
            self.patch(b, here);
        }
        self.emit(Instr::LoadLocal(result), span);
    }

    fn compile_while(&mut self, w: &syn::ExprWhile) {
        let span = sp(w);
        let start = self.here();
        let depth = self.cx().scopes.len();
        self.cx().loops.push(LoopCx {
            label: Self::label_of(&w.label),
            breaks: Vec::new(),
            continue_to: start,
            depth,
            result: None,
        });
        self.push_scope();
        self.begin_temps();
        let mut fails = Vec::new();
        self.compile_condition(&w.cond, &mut fails);
        self.compile_block_value(&w.body, &Ty::Unknown);
        self.emit(Instr::Pop, span);
        let cleanup = self.condition_cleanup();
        self.end_temps(span);
        self.pop_scope(span);
        self.emit(Instr::Jump(start), span);
        let exit = self.here();
        for f in fails {
            self.patch(f, exit);
        }
        for slot in cleanup {
            self.emit(Instr::DropLocal(slot), span);
        }
        let lp = self.cx().loops.pop().expect("loop context");
        let here = self.here();
        for b in lp.breaks {
            self.patch(b, here);
        }
        self.emit(Instr::Unit, span);
    }

    fn compile_for(&mut self, f: &syn::ExprForLoop) {
        let span = sp(f);
        self.push_scope();
        let iter = self.scoped_temp("<iter>");
        self.compile_expr(&f.expr, &Ty::Unknown);
        self.emit(Instr::IntoIter, span);
        self.emit(Instr::StoreLocal(iter), span);
        let next = self.scoped_temp("<next>");
        let start = self.here();
        let depth = self.cx().scopes.len();
        self.cx().loops.push(LoopCx {
            label: Self::label_of(&f.label),
            breaks: Vec::new(),
            continue_to: start,
            depth,
            result: None,
        });
        self.emit(Instr::IterNext(iter), span);
        self.emit(Instr::StoreLocal(next), span);
        self.push_scope();
        let inner = self.compile_pattern(&f.pat, &Ty::Unknown);
        let some =
            Pattern::Variant { enum_id: OPTION, variant: 1, fields: vec![(0, self.patterns[inner as usize].clone())] };
        self.patterns.push(some);
        let id = self.patterns.len() as PatId - 1;
        self.emit(Instr::Local(next), span);
        self.emit(Instr::Test(id), span);
        let exit = self.emit(Instr::JumpIfFalse(0), span);
        self.emit(Instr::Local(next), span);
        self.emit(Instr::Bind(id), span);
        self.compile_block_value(&f.body, &Ty::Unknown);
        self.emit(Instr::Pop, span);
        self.pop_scope(span);
        self.emit(Instr::Jump(start), span);
        let lp = self.cx().loops.pop().expect("loop context");
        let here = self.here();
        self.patch(exit, here);
        for b in lp.breaks {
            self.patch(b, here);
        }
        self.pop_scope(span);
        self.emit(Instr::Unit, span);
    }

    /// The loop that `keyword` (`break` or `continue`) with `label` leaves, or an error.
    fn find_loop(&mut self, label: &Option<syn::Lifetime>, node: &impl Spanned, keyword: &str) -> Option<usize> {
        let loops = &self.cx().loops;
        let found = match label {
            None => loops.len().checked_sub(1),
            Some(l) => loops.iter().rposition(|lp| lp.label.as_deref() == Some(&l.ident.to_string())),
        };
        if found.is_none() {
            let msg = match label {
                // A labeled block, already reported as unsupported.
                Some(l) if self.already_reported(&format!("'{}", l.ident)) => return None,
                Some(l) => format!("use of undeclared label `'{}`", l.ident),
                None => format!("`{keyword}` outside of a loop"),
            };
            self.error(sp(node), msg);
        }
        found
    }

    fn compile_break(&mut self, b: &syn::ExprBreak) {
        let span = sp(b);
        let Some(index) = self.find_loop(&b.label, b, "break") else { return };
        let result = self.cx().loops[index].result;
        if let Some(value) = &b.expr {
            self.compile_expr(value, &Ty::Unknown);
            match result {
                Some(slot) => {
                    self.emit(Instr::StoreLocal(slot), span);
                }
                None => self.error(span, "`break` with a value is only allowed in `loop`"),
            }
        } else if let Some(slot) = result {
            self.emit(Instr::Unit, span);
            self.emit(Instr::StoreLocal(slot), span);
        }
        let depth = self.cx().loops[index].depth;
        self.drop_scope_vars(depth, span);
        let jump = self.emit(Instr::Jump(0), span);
        self.cx().loops[index].breaks.push(jump);
        self.emit(Instr::Unit, span);
    }

    fn compile_continue(&mut self, c: &syn::ExprContinue) {
        let span = sp(c);
        let Some(index) = self.find_loop(&c.label, c, "continue") else { return };
        let depth = self.cx().loops[index].depth;
        self.drop_scope_vars(depth, span);
        let target = self.cx().loops[index].continue_to;
        self.emit(Instr::Jump(target), span);
        self.emit(Instr::Unit, span);
    }

    fn compile_args(&mut self, args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>, tys: &[Ty]) {
        for (i, arg) in args.iter().enumerate() {
            self.compile_expr(arg, tys.get(i).unwrap_or(&Ty::Unknown));
        }
    }

    /// rustc's name of the type of `expr` if it is the future of an `async fn` call or an
    /// `async` block: a type that is not `Unpin`.
    fn async_type_name(&self, expr: &syn::Expr) -> Option<String> {
        match expr {
            syn::Expr::Async(a) => {
                let s = sp(&a.async_token);
                Some(format!(
                    "{{async block@src/main.rs:{}:{}: {}:{}}}",
                    s.start.line, s.start.col, s.end.line, s.end.col
                ))
            }
            syn::Expr::Call(call) => {
                let syn::Expr::Path(path) = &*call.func else { return None };
                let [seg] = path.path.segments.iter().collect::<Vec<_>>()[..] else { return None };
                let name = seg.ident.to_string();
                let id = self.fn_ids.get(&name)?;
                (self.fn_kinds.get(id) == Some(&FnKind::Async)).then(|| format!("{{async fn body of {name}()}}"))
            }
            syn::Expr::Paren(p) => self.async_type_name(&p.expr),
            _ => None,
        }
    }

    /// The future an expression is, if it is the call of an `async fn` (or a local holding one):
    /// its type in rustc's words.
    pub(super) fn future_value(&mut self, e: &syn::Expr) -> Option<String> {
        match e {
            syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                match self.lookup(&p.path.segments[0].ident.to_string()) {
                    Some(super::VarRef::Local(slot, _)) => self.cx().async_locals.get(&slot).cloned(),
                    _ => None,
                }
            }
            syn::Expr::Call(_) | syn::Expr::Paren(_) => self.async_type_name(e).filter(|t| t.starts_with("{async fn")),
            _ => None,
        }
    }

    /// `let n: u32 = fetch();` with `async fn fetch() -> u32`: rustc's E0308, a future where its
    /// output was meant (a missing `.await`).
    fn check_missing_await(&mut self, declared: &syn::Type, init: &syn::Expr) {
        let wants_future = match declared {
            syn::Type::ImplTrait(_) | syn::Type::Infer(_) => true,
            syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| {
                matches!(s.ident.to_string().as_str(), "Pin" | "Box" | "JoinHandle" | "Fut" | "F")
                    || self.is_type_param(&s.ident.to_string())
            }),
            _ => false,
        };
        if wants_future {
            return;
        }
        let Some(future) = self.async_type_name(init).filter(|t| t.starts_with("{async fn")) else { return };
        let expected = pretty_type(declared);
        self.diags.push(crate::diag::Diagnostic::rustc(
            sp(init),
            "E0308",
            format!(
                "mismatched types: expected `{expected}`, found the future `{future}`: an `async fn` returns a \
                 future; its output comes out of `.await`: write `{}.await`",
                pretty(init, self.source)
            ),
        ));
    }

    /// `let x: u32 = "hi";`: a literal of another type than the annotation is rustc's E0308, at
    /// its span (the interpreter would otherwise only find out at run time, if at all).
    fn check_literal_type(&mut self, declared: &syn::Type, init: &syn::Expr) {
        let syn::Expr::Lit(lit) = init else { return };
        // What the annotation is, in rustc's words, for the types a literal can be.
        let expected = match declared {
            syn::Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                match name.as_str() {
                    "bool" | "char" | "String" => name,
                    n if IntTy::from_name(n).is_some() => name,
                    _ => return,
                }
            }
            syn::Type::Reference(r) if matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str")) => {
                "&str".to_string()
            }
            _ => return,
        };
        let found = match &lit.lit {
            syn::Lit::Str(_) => "&str".to_string(),
            syn::Lit::Bool(_) => "bool".to_string(),
            syn::Lit::Char(_) => "char".to_string(),
            syn::Lit::Int(i) if i.suffix().is_empty() => "integer".to_string(),
            syn::Lit::Int(i) => i.suffix().to_string(),
            _ => return,
        };
        let fits = expected == found || (found == "integer" && IntTy::from_name(&expected).is_some());
        if fits {
            return;
        }
        let found_words = if found == "integer" { "integer".to_string() } else { format!("`{found}`") };
        let hint = if expected == "String" && found == "&str" {
            ": write `String::from(..)` or `\"..\".to_string()` to make a `String`"
        } else {
            ""
        };
        self.diags.push(crate::diag::Diagnostic::rustc(
            sp(init),
            "E0308",
            format!("mismatched types: expected `{expected}`, found {found_words}{hint}"),
        ));
    }

    /// `Pin::new(&mut fut)` needs `Unpin`, which the future of an `async fn` or block is not:
    /// rustc's E0277, at compile time where the type is known here (a local initialised with
    /// such a future, or the future itself).
    /// rustc's E0599 for a method that neither the VM (on std's types) nor any of the
    /// program's types has: a typo, or a std method outside the subset.
    fn check_method_exists(&mut self, m: &syn::ExprMethodCall, name: &str) {
        // A method of the output called on the future: a missing `.await`.
        // Methods of futures themselves (std's, and the extension traits of futures and tokio):
        // called on a future, they are not a missing `.await`.
        let future_method = matches!(
            name,
            "poll"
                | "poll_unpin"
                | "as_mut"
                | "into_future"
                | "is_finished"
                | "boxed"
                | "boxed_local"
                | "fuse"
                | "map"
                | "then"
                | "inspect"
                | "now_or_never"
                | "shared"
                | "catch_unwind"
                | "left_future"
                | "right_future"
                | "unit_error"
                | "never_error"
                | "timeout"
        );
        if !future_method && let Some(future) = self.future_value(&m.receiver) {
            self.diags.push(crate::diag::Diagnostic::rustc(
                sp(&m.method),
                "E0599",
                format!(
                    "no method named `{name}` found for the future `{future}`: an `async fn` returns a future, and \
                     its value only comes out of `.await`: write `{}.await.{name}(..)`",
                    pretty(&m.receiver, self.source)
                ),
            ));
            return;
        }
        let base = name.split('_').next().unwrap_or(name);
        let compiled_form = matches!(base, "sum" | "product") || name == "collect_string";
        if compiled_form || crate::builtins::vm_has_method(name) {
            return;
        }
        let own = self.methods.keys().any(|(_, n)| n == name)
            || self.impl_fns.keys().any(|(_, _, n)| n == name)
            || self
                .traits
                .values()
                .any(|t| t.items.iter().any(|i| matches!(i, syn::TraitItem::Fn(f) if f.sig.ident == name)));
        if own {
            return;
        }
        // A field holding a closure is called as `(self.f)(x)`; `self.f(x)` would be E0599 too.
        self.diags.push(crate::diag::Diagnostic::rustc(
            sp(&m.method),
            "E0599",
            format!(
                "no method named `{name}` found: none of the program's types has it, and it is not one of the \
                 methods of std's types that Pollscope runs (docs/language.md lists them)"
            ),
        ));
    }

    /// A struct type with a `PhantomPinned` field (directly, or in a struct field): `!Unpin`.
    fn phantom_pinned(&self, ty: &Ty) -> Option<String> {
        fn walk(c: &Compiler<'_>, ty: &Ty, depth: usize) -> bool {
            let Ty::Named(name, _) = ty else { return false };
            if name == "PhantomPinned" {
                return true;
            }
            let Some(&id) = c.struct_ids.get(name) else { return false };
            depth < 8 && c.structs[id as usize].fields.iter().any(|(_, t)| walk(c, t, depth + 1))
        }
        match ty {
            Ty::Named(name, _) if name != "PhantomPinned" && walk(self, ty, 0) => Some(name.clone()),
            _ => None,
        }
    }

    /// rustc's E0133: a call of an `unsafe fn` outside `unsafe`.
    fn check_unsafe_call(&mut self, id: FnId, c: &syn::ExprCall) {
        if self.unsafe_fns.contains(&id) && self.cx().unsafe_depth == 0 && !self.in_unsafe_fn() {
            let name = self.fcx.last().map(|_| pretty_path(&c.func)).unwrap_or_default();
            self.unsafe_call_error(c, &name);
        }
    }

    fn unsafe_call_error(&mut self, c: &syn::ExprCall, name: &str) {
        self.diags.push(crate::diag::Diagnostic::rustc(
            sp(&c.func),
            "E0133",
            format!(
                "call to unsafe function `{name}` is unsafe and requires unsafe block: write `unsafe {{ .. }}` \
                 around it, and a comment saying why it is sound"
            ),
        ));
    }

    fn check_pin_new(&mut self, c: &syn::ExprCall) {
        let Some(syn::Expr::Reference(r)) = c.args.first() else { return };
        if r.mutability.is_none() {
            return;
        }
        let inner = match &*r.expr {
            syn::Expr::Paren(p) => &*p.expr,
            e => e,
        };
        // (the type, whether it is `!Unpin` through `PhantomPinned` rather than an async body)
        let unpin = match inner {
            syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                match self.lookup(&name) {
                    Some(super::VarRef::Local(slot, ty)) => match self.cx().async_locals.get(&slot).cloned() {
                        Some(t) => Some((t, false)),
                        None => self.phantom_pinned(&ty).map(|t| (t, true)),
                    },
                    _ => None,
                }
            }
            syn::Expr::Struct(s) => {
                let name = s.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                self.phantom_pinned(&Ty::Named(name, Vec::new())).map(|t| (t, true))
            }
            other => self.async_type_name(other).map(|t| (t, false)),
        };
        let Some((ty, phantom)) = unpin else { return };
        let why = if phantom {
            format!(
                "`{ty}` holds a `PhantomPinned`, which says a value of it may point into itself, so it must \
                 never move once pinned: pin it with `Box::pin(..)`, or on the stack with `unsafe {{ \
                 Pin::new_unchecked(&mut ..) }}` and the promise never to move it"
            )
        } else {
            "An async body may point into itself once polled, so it must be pinned where it cannot move: use \
             `pin!(fut)` or `Box::pin(fut)`"
                .to_string()
        };
        self.diags.push(crate::diag::Diagnostic::rustc(
            sp(&c.args[0]),
            "E0277",
            format!(
                "`{ty}` cannot be unpinned: the trait `Unpin` is not implemented for `{ty}`, and `Pin::new` \
                 requires it. {why}"
            ),
        ));
    }

    fn compile_call(&mut self, c: &syn::ExprCall, expected: &Ty) {
        let span = sp(c);
        if let syn::Expr::Path(p) = &*c.func
            && p.path.segments.len() == 2
            && p.path.segments[0].ident == "Pin"
            && p.path.segments[1].ident == "new"
        {
            self.check_pin_new(c);
        }
        let n = c.args.len() as u32;
        let syn::Expr::Path(path) = &*c.func else {
            // `(self.f)(x)` calls the closure where it is: calling does not move it.
            if is_place(&c.func) {
                self.compile_place(&c.func);
            } else {
                self.compile_expr(&c.func, &Ty::Unknown);
            }
            self.compile_args(&c.args, &[]);
            self.emit(Instr::CallValue(n), span);
            return;
        };
        let segs: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let last = segs.last().cloned().unwrap_or_default();
        if segs.len() == 1 {
            if self.lookup(&last).is_some() {
                self.compile_place(&c.func);
                self.compile_args(&c.args, &[]);
                self.emit(Instr::CallValue(n), span);
                return;
            }
            if let Some(&(e, v)) = self.variant_names.get(&last) {
                let tys = if e == OPTION || e == POLL {
                    vec![expected.arg(0)]
                } else if e == RESULT {
                    vec![expected.arg(v as usize)]
                } else {
                    self.enums[e as usize].variants[v as usize].fields.iter().map(|f| f.1.clone()).collect()
                };
                self.compile_args(&c.args, &tys);
                self.emit(Instr::MakeVariant(e, v, (0..n).collect()), span);
                return;
            }
            if let Some(&id) = self.fn_ids.get(&last) {
                self.check_unsafe_call(id, c);
                let tys = self.fn_params.get(&id).cloned().unwrap_or_default();
                self.compile_args(&c.args, &tys);
                self.emit(Instr::Call(id, n), span);
                return;
            }
            if let Some(&id) = self.struct_ids.get(&last) {
                let tys: Vec<Ty> = self.structs[id as usize].fields.iter().map(|f| f.1.clone()).collect();
                self.compile_args(&c.args, &tys);
                self.emit(Instr::MakeStruct(id, (0..n).collect()), span);
                return;
            }
        } else {
            let qualifier = &segs[segs.len() - 2];
            // `Shape::area(&c)`, `Clone::clone(&x)`, `T::describe(&t)`, `<T as Shape>::area(&t)`:
            // a method call on the first argument (methods are found by the value's type).
            let by_trait = (self.is_trait(qualifier) || self.is_type_param(qualifier))
                && !self.struct_ids.contains_key(qualifier)
                && !self.enum_ids.contains_key(qualifier)
                && !(qualifier == "Default" && last == "default")
                && !(qualifier == "From" && last == "from");
            if by_trait {
                let Some(first) = c.args.first() else {
                    // `T::new()`: which type's `new` is known only to rustc's type inference.
                    self.unsupported(
                        &c.func,
                        &format!(
                            "calling `{last}` through `{qualifier}` (Pollscope finds a trait's methods by the \
                             value they are called on, so a function without `self` must be called on its \
                             type: `TypeName::{last}()`)"
                        ),
                    );
                    return;
                };
                match first {
                    syn::Expr::Reference(r) => self.compile_place(&r.expr),
                    other => self.compile_place(other),
                }
                for arg in c.args.iter().skip(1) {
                    self.compile_expr(arg, &Ty::Unknown);
                }
                self.emit(Instr::CallMethod(last.as_str().into(), n - 1), span);
                return;
            }
            let ty = self.resolve_type_name(&segs[segs.len() - 2]);
            if let Some(&e) = self.enum_ids.get(&ty) {
                let def = self.enums[e as usize].clone();
                if let Some(v) = def.variants.iter().position(|v| v.name == last) {
                    let tys: Vec<Ty> = if e < BUILTIN_ENUMS {
                        vec![expected.arg(0)]
                    } else {
                        def.variants[v].fields.iter().map(|f| f.1.clone()).collect()
                    };
                    self.compile_args(&c.args, &tys);
                    self.emit(Instr::MakeVariant(e, v as u32, (0..n).collect()), span);
                    return;
                }
            }
            if let Some(&id) = self.methods.get(&(ty.clone(), last.clone())) {
                self.check_unsafe_call(id, c);
                let tys = self.fn_params.get(&id).cloned().unwrap_or_default();
                self.compile_args(&c.args, &tys);
                self.emit(Instr::Call(id, n), span);
                return;
            }
            // `Default::default()` and `From::from(x)` of a type that implements them by hand,
            // picked by the annotation.
            if let ("Default" | "From", Ty::Named(target, _)) = (ty.as_str(), expected)
                && let Some(&id) = self.methods.get(&(target.clone(), last.clone()))
            {
                self.compile_args(&c.args, &[]);
                self.emit(Instr::Call(id, n), span);
                return;
            }
            // `u64::from(n)` of a narrower integer: lossless, so exactly `n as u64`.
            if last == "from"
                && c.args.len() == 1
                && let Some(int) = IntTy::from_name(&ty)
                && int != IntTy::Infer
            {
                let arg = &c.args[0];
                let target: syn::Type = syn::parse_str(&ty).expect("an integer type's name");
                let cast: syn::Expr = syn::parse_quote_spanned!(c.func.span()=> (#arg) as #target);
                self.compile_expr(&cast, expected);
                return;
            }
            if last == "default" && c.args.is_empty() {
                // `Point::default()`, `String::default()`, `Default::default()`: built from the
                // type (the annotation, for `Default::default()`).
                let ty = if ty == "Default" {
                    expected.clone()
                } else {
                    match IntTy::from_name(&ty) {
                        Some(int) => Ty::Int(int),
                        None => Ty::Named(ty, Vec::new()),
                    }
                };
                self.emit(Instr::Default(ty), span);
                return;
            }
            if self.struct_ids.contains_key(&ty) || (ty == "Self") {
                self.error(sp(&c.func), format!("no function or associated item named `{last}` found for `{ty}`"));
                return;
            }
            if let Some(&e) = self.enum_ids.get(&ty)
                && e >= BUILTIN_ENUMS
            {
                self.error(
                    sp(&c.func),
                    format!("no variant or associated function named `{last}` found for enum `{ty}`"),
                );
                return;
            }
        }
        let mut key = if segs.len() >= 2 { format!("{}::{}", segs[segs.len() - 2], last) } else { last.clone() };
        // tokio's `Mutex` (by path, or imported from tokio) is not std's.
        if key == "Mutex::new" && (segs[0] == "tokio" || self.tokio_imports.contains("Mutex")) {
            key = "__pollscope::tokio_mutex".to_string();
        }
        // `pollscope::prelude::sleep` is the prelude's `sleep`.
        let prelude =
            segs.len() >= 2 && matches!(segs[0].as_str(), "pollscope" | "prelude") && Builtin::is_prelude(&last);
        let builtin = Builtin::from_path(&key).or_else(|| prelude.then(|| Builtin::from_path(&last)).flatten());
        if matches!(builtin, Some(Builtin::PinNewUnchecked | Builtin::WakerFromRaw))
            && self.cx().unsafe_depth == 0
            && !self.in_unsafe_fn()
        {
            self.unsafe_call_error(c, &key);
        }
        if let Some(builtin) = builtin {
            let tys: Vec<Ty> = match builtin {
                Builtin::Sleep | Builtin::Promise => vec![Ty::Int(IntTy::U64)],
                Builtin::RcNew
                | Builtin::ArcNew
                | Builtin::BoxNew
                | Builtin::BoxPin
                | Builtin::RefCellNew
                | Builtin::CellNew
                | Builtin::MutexNew => vec![expected.elem()],
                Builtin::VecWithCapacity => vec![Ty::Int(IntTy::Usize)],
                Builtin::DurationFromSecs
                | Builtin::DurationFromMillis
                | Builtin::DurationFromMicros
                | Builtin::DurationFromNanos => vec![Ty::Int(IntTy::U64)],
                Builtin::DurationNew => vec![Ty::Int(IntTy::U64), Ty::Int(IntTy::U32)],
                _ => vec![],
            };
            self.compile_args(&c.args, &tys);
            let erase = matches!(builtin, Builtin::BoxNew | Builtin::BoxPin) && {
                // `Box<dyn Future>` or `Pin<Box<dyn Future>>` expected: the box is type-erased.
                let boxed = if expected.is_named("Pin") { expected.elem() } else { expected.clone() };
                boxed.is_named("Box") && boxed.elem().is_named("dyn Future")
            };
            self.emit(Instr::CallBuiltin(builtin, n), span);
            if erase {
                self.emit(Instr::CallBuiltin(Builtin::EraseFuture, 1), span);
            }
            return;
        }
        if let Some(message) = crate::builtins::not_yet(&key) {
            self.error(sp(&c.func), message.to_string());
            return;
        }
        if segs[0] == "tokio" {
            self.error(sp(&c.func), super::not_in_tokio_stand_in(&segs[1..].join("::")));
            return;
        }
        if !self.already_reported(&segs[0]) {
            let name = segs.join("::");
            self.error(sp(&c.func), format!("cannot find function `{name}` in Pollscope's subset"));
        }
    }

    fn compile_method_call(&mut self, m: &syn::ExprMethodCall, expected: &Ty) {
        let span = sp(m);
        // `collect::<String>()` and `let n: u64 = it.sum()`: the type picks what the VM builds.
        let target = match m.turbofish.as_ref().and_then(|t| t.args.first()) {
            Some(syn::GenericArgument::Type(t)) => Ty::from_syn(t),
            _ => expected.clone(),
        };
        let mut name = m.method.to_string();
        match (name.as_str(), &target) {
            ("collect", Ty::Named(n, _)) if n == "String" => name = "collect_string".into(),
            ("sum" | "product", Ty::Int(t)) => name = format!("{name}_{t}"),
            _ => {}
        }
        // `let waker: Waker = Arc::new(task).into();`: `Waker::from(arc)`.
        if name == "into" && m.args.is_empty() && target.is_named("Waker") {
            self.compile_expr(&m.receiver, &Ty::Unknown);
            self.emit(Instr::CallBuiltin(Builtin::WakerFrom, 1), span);
            return;
        }
        // `x.into()` where the annotation is a type with `impl From<..>`: `Target::from(x)`.
        if name == "into"
            && m.args.is_empty()
            && let Ty::Named(target, _) = &target
            && let Some(&id) = self.methods.get(&(target.clone(), "from".to_string()))
        {
            self.compile_expr(&m.receiver, &Ty::Unknown);
            self.emit(Instr::Call(id, 1), span);
            return;
        }
        if is_range_index(&m.receiver)
            && matches!(
                name.as_str(),
                "sort" | "sort_unstable" | "reverse" | "swap" | "fill" | "rotate_left" | "rotate_right"
            )
        {
            self.unsupported(&m.receiver, "reordering a slice in place (`v[a..b].sort()`)");
        }
        self.check_method_exists(m, &name);
        self.compile_place(&m.receiver);
        for arg in &m.args {
            self.compile_expr(arg, &Ty::Unknown);
        }
        self.emit(Instr::CallMethod(name.into(), m.args.len() as u32), span);
    }

    fn compile_closure(&mut self, c: &syn::ExprClosure) {
        let span = sp(c);
        if let Some(a) = &c.asyncness {
            self.unsupported(a, "async closures");
            return;
        }
        let owner = self.cx().owner.clone();
        let self_ty = self.cx().self_ty.clone();
        let mut cx = super::FnCx::new(FnKind::Closure, owner, Ty::Unknown, span, self_ty);
        cx.is_move = c.capture.is_some();
        self.fcx.push(cx);
        let mut pats = Vec::new();
        for input in &c.inputs {
            let (pat, ty) = match input {
                syn::Pat::Type(t) => (&*t.pat, Ty::from_syn(&t.ty)),
                p => (p, Ty::Unknown),
            };
            self.declare_param(pat, ty, &mut pats);
        }
        let params = self.cx().locals;
        self.bind_param_patterns(pats);
        self.begin_temps();
        self.compile_expr(&c.body, &Ty::Unknown);
        self.end_temps(sp(&c.body));
        let captures = std::mem::take(&mut self.cx().captures);
        let caps: Vec<(String, bool)> = captures.iter().map(|c| (c.name.clone(), c.by_ref)).collect();
        self.cx().captures = captures;
        let def = self.finish_fn("{closure}".into(), None, params, Vec::new(), sp(&c.body));
        let id = self.fns.len() as FnId;
        self.fns.push(Some(def));
        self.emit_captures(&caps, span);
        self.emit(Instr::MakeClosure(id, caps.len() as u32), span);
    }

    /// Pushes what each capture takes from the enclosing function: a reference, or the value.
    fn emit_captures(&mut self, caps: &[(String, bool)], span: Span) {
        for (name, by_ref) in caps {
            match self.lookup(name) {
                Some(VarRef::Local(slot, _)) => {
                    self.emit(Instr::Local(slot), span);
                }
                Some(VarRef::Capture(i, outer_by_ref, _)) => {
                    self.emit(Instr::Capture(i, outer_by_ref), span);
                }
                None => self.error(span, format!("cannot capture `{name}`")),
            }
            if !by_ref {
                self.emit(Instr::Load, span);
            }
        }
    }

    fn compile_async_block(&mut self, a: &syn::ExprAsync) {
        let span = sp(a);
        let owner = self.cx().owner.clone();
        let self_ty = self.cx().self_ty.clone();
        let mut cx = super::FnCx::new(FnKind::AsyncBlock, owner, Ty::Unknown, span, self_ty);
        cx.is_move = a.capture.is_some();
        self.fcx.push(cx);
        self.compile_block_value(&a.block, &Ty::Unknown);
        let caps: Vec<(String, bool)> = self.cx().captures.iter().map(|c| (c.name.clone(), c.by_ref)).collect();
        let def = self.finish_fn("{async block}".into(), None, 0, Vec::new(), sp(&a.block));
        let id = self.fns.len() as FnId;
        self.fns.push(Some(def));
        self.emit_captures(&caps, span);
        self.emit(Instr::MakeClosure(id, caps.len() as u32), span);
    }

    fn compile_await(&mut self, a: &syn::ExprAwait, expected: &Ty) {
        let span = sp(a);
        if !matches!(self.cx().kind, FnKind::Async | FnKind::AsyncBlock) {
            self.error(sp(&a.await_token), "`await` is only allowed inside `async` functions and blocks");
            return;
        }
        // `let s: String = stream.collect().await`: the output's type picks what `collect` builds.
        let collect = matches!(&*a.base, syn::Expr::MethodCall(m) if m.method == "collect");
        self.compile_expr(&a.base, if collect { expected } else { &Ty::Unknown });
        if self.impl_fns.keys().any(|(_, t, _)| t == "IntoFuture") {
            self.emit(Instr::CallBuiltin(Builtin::IntoFuture, 1), span);
        }
        let slot = self.scoped_temp("<awaitee>");
        self.emit(Instr::StoreLocal(slot), span);
        let locals: Vec<(String, u32)> =
            self.cx().scopes.iter().flat_map(|s| s.vars.iter().map(|v| (v.name.clone(), v.slot))).collect();
        let index = self.cx().awaits.len() as u32;
        self.cx().awaits.push(AwaitPoint { span, locals });
        self.emit(Instr::PollLocal(slot), span);
        self.emit(Instr::AwaitResult(slot, index), span);
    }
}

/// Whether `e` is `x[a..b]`: a slice (a view of elements, read or updated one by one).
fn is_range_index(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Paren(p) => is_range_index(&p.expr),
        syn::Expr::Index(i) => matches!(&*i.index, syn::Expr::Range(_)),
        _ => false,
    }
}

/// What a struct literal builds: a struct, or an enum's struct variant.
type LitTarget = Result<StructId, (EnumId, u32)>;

fn contains_let(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Let(_) => true,
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => contains_let(&b.left) || contains_let(&b.right),
        syn::Expr::Paren(p) => contains_let(&p.expr),
        _ => false,
    }
}

/// A call's function path as written (`Test::init`).
fn pretty_path(e: &syn::Expr) -> String {
    match e {
        syn::Expr::Path(p) => p.path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::"),
        _ => "this function".to_string(),
    }
}

/// A type as written (`u32`, `Vec<u8>`).
fn pretty_type(ty: &syn::Type) -> String {
    quote::quote!(#ty).to_string().replace(" < ", "<").replace(" >", ">").replace(" ,", ",")
}
