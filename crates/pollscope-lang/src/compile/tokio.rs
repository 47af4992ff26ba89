//! `tokio::join!`, `tokio::select!` and the futures crate's `select!`/`select_biased!`:
//! rewritten into ordinary syntax over built-ins (`vm/tokio.rs`), so that the interpreter makes
//! the polls the native stand-ins' macros make (`crates/pollscope-tokio-macros`, whose syntax
//! this module includes).

use syn::parse_quote_spanned;

use super::Compiler;
use crate::diag::Span;
use crate::ty::Ty;

#[path = "../../../pollscope-tokio-macros/src/select_syntax.rs"]
#[allow(dead_code)]
mod select_syntax;

impl Compiler<'_> {
    /// `join!(a, b, ..)`: `__pollscope::join(a, b, ..).await`, a tuple of the outputs.
    pub(super) fn compile_tokio_join(&mut self, mac: &syn::Macro, expected: &Ty, rotate: bool) {
        let args = match syn::parse::Parser::parse2(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            mac.tokens.clone(),
        ) {
            Ok(args) => args,
            Err(e) => {
                self.error(Span::of(e.span()), format!("cannot parse the arguments of `join!`: {e}"));
                return;
            }
        };
        let at = syn::spanned::Spanned::span(&mac.path);
        let args = args.iter();
        let call: syn::Expr = if rotate {
            parse_quote_spanned!(at=> __pollscope::join(#(#args),*).await)
        } else {
            parse_quote_spanned!(at=> __pollscope::join_in_order(#(#args),*).await)
        };
        self.compile_expr(&call, expected);
    }

    /// "cannot parse this `name!`", at the error's span - or the macro's, for an error about
    /// the whole input (which has no span of its own).
    fn macro_parse_error(&mut self, mac: &syn::Macro, name: &str, e: &syn::Error) {
        let at = Span::of(e.span());
        let at = if at.start.line == 0 || (at.start.line, at.start.col) == (1, 1) { Span::of_node(mac) } else { at };
        self.error(at, format!("cannot parse this `{name}!`: {e}"));
    }

    /// `select! { .. }`: the preconditions, then the futures in a `__pollscope::select`, whose
    /// `next()` gives `(branch, output)` until one matches its pattern (or `()` once all are
    /// disabled); the select (and every future) is dropped before the handler runs.
    pub(super) fn compile_tokio_select(&mut self, mac: &syn::Macro, expected: &Ty) {
        let select: select_syntax::Select = match syn::parse2(mac.tokens.clone()) {
            Ok(s) => s,
            Err(e) => return self.macro_parse_error(mac, "select", &e),
        };
        let at = syn::spanned::Spanned::span(&mac.path);
        let n = select.branches.len();
        let enabled = select.branches.iter().map(|b| match &b.condition {
            Some(c) => c.clone(),
            None => parse_quote_spanned!(at=> true),
        });
        let futures = select.branches.iter().map(|b| &b.future);
        let checks = select.branches.iter().enumerate().map(|(i, b)| {
            let pat = select_syntax::test_pattern(&b.pat);
            let irrefutable =
                matches!(&b.pat, syn::Pat::Wild(_)) || matches!(&b.pat, syn::Pat::Ident(p) if p.subpat.is_none());
            if irrefutable {
                quote::quote!(#i => break (#i, __pollscope_v),)
            } else {
                quote::quote!(#i => if matches!(&__pollscope_v, #pat) { break (#i, __pollscope_v) },)
            }
        });
        let arms = select.branches.iter().enumerate().map(|(i, b)| {
            let pat = &b.pat;
            let handler = &b.handler;
            quote::quote!((#i, #pat) => #handler,)
        });
        let otherwise = match &select.otherwise {
            Some(h) => quote::quote!(#h),
            None => quote::quote!(panic!("all branches are disabled and there is no else branch")),
        };
        let block: syn::Expr = parse_quote_spanned!(at=> {
            let __pollscope_enabled = [#(#enabled),*];
            let __pollscope_out = {
                let __pollscope_select = __pollscope::select(__pollscope_enabled, #(#futures),*);
                loop {
                    match __pollscope_select.next().await {
                        (__pollscope_i, __pollscope_v) => match __pollscope_i {
                            #(#checks)*
                            _ => {}
                        },
                        _ => break (#n, ()),
                    }
                }
            };
            match __pollscope_out {
                #(#arms)*
                _ => #otherwise,
            }
        });
        self.compile_expr(&block, expected);
    }

    /// The futures crate's `select! { pat = fut => handler, .. [complete => ..] [default => ..] }`:
    /// the futures in a `__pollscope::select_fused` (one given by path borrowed as `&mut`, any
    /// other owned by it and dropped with it before the handler), whose `next()` gives
    /// `(branch, output)`, or `(n, ())` once every future has completed; with `default`, `now()`
    /// polls once and gives `(n + 1, ())` if nothing was ready.
    pub(super) fn compile_futures_select(&mut self, mac: &syn::Macro, expected: &Ty) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let select: select_syntax::FuturesSelect = match syn::parse2(mac.tokens.clone()) {
            Ok(s) => s,
            Err(e) => return self.macro_parse_error(mac, &name, &e),
        };
        // A future that is not fused: rustc's E0277 (the macro asks for `FusedFuture`).
        for (_, future, _) in &select.branches {
            let unfused = match future {
                syn::Expr::Async(_) => Some("{async block}".to_string()),
                other => self.future_value(other),
            };
            if let Some(ty) = unfused {
                self.diags.push(crate::diag::Diagnostic::rustc(
                    Span::of_node(future),
                    "E0277",
                    format!(
                        "the trait bound `{ty}: FusedFuture` is not satisfied: `{name}!` skips a future once it has \
                         completed, so it needs one that knows it (`FusedFuture`): call `.fuse()` on it (`use \
                         futures::FutureExt;`)"
                    ),
                ));
                return;
            }
        }
        let at = syn::spanned::Spanned::span(&mac.path);
        let n = select.branches.len();
        let futures = select.branches.iter().map(|(_, future, _)| match future {
            syn::Expr::Path(p) => quote::quote!(&mut #p),
            other => quote::quote!(#other),
        });
        let arms =
            select.branches.iter().enumerate().map(|(i, (pat, _, handler))| quote::quote!((#i, #pat) => #handler,));
        let complete = match &select.complete {
            Some(h) => quote::quote!(#h),
            None => quote::quote!(panic!(
                "all futures in select! were completed, but no `complete =>` handler was provided"
            )),
        };
        let (wait, otherwise) = match &select.default {
            Some(h) => (quote::quote!(__pollscope_select.now()), quote::quote!(_ => #h,)),
            None => (quote::quote!(__pollscope_select.next().await), quote::quote!()),
        };
        let block: syn::Expr = parse_quote_spanned!(at=> {
            let __pollscope_out = {
                let __pollscope_select = __pollscope::select_fused(#(#futures),*);
                #wait
            };
            match __pollscope_out {
                #(#arms)*
                (#n, _) => #complete,
                #otherwise
            }
        });
        self.compile_expr(&block, expected);
    }
}
