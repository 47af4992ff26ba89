//! The macros of Pollscope's stand-in for tokio (`crates/pollscope-tokio`), which
//! `pollscope trace --native` links as `tokio`:
//!
//! - `#[tokio::main]` (any arguments: `flavor`, `start_paused`, ...) leaves `async fn main` as
//!   it is: the harness runs it on the Pollscope executor, whose clock is virtual (a paused
//!   tokio clock).
//! - `join!(a, b, ..)` polls its branches as tokio's does: every unfinished branch each time,
//!   starting one branch further each poll (`Rotation`), dropping each future as it finishes.
//! - `select! { [biased;] pat = fut [, if cond] => handler, .. [else => handler] }` polls the
//!   enabled branches in order (tokio's `biased;` order; without it tokio starts at a random
//!   branch, Pollscope always in order), disables a branch whose output does not match its
//!   pattern, drops every future (in branch order) before running the winner's handler.
//! - the futures crate's `select!`/`select_biased!` (`pat = fut => handler, .. [complete =>
//!   handler] [default => handler]`) as futures-macro expands them: a future given by path
//!   is borrowed (it must be `FusedFuture + Unpin`, and lives on), any other is bound to a
//!   local of the select (dropped, last first, before the handler runs); each poll polls the
//!   unterminated ones in order (`select!` in futures starts at a random one: Pollscope
//!   always goes in order); `default` polls once with a no-op waker instead of waiting.
//!
//! The interpreter compiles the same macros to the same polls (`pollscope-lang`'s
//! `compile/tokio.rs`), using the same `pollscope_executor::combinators`.

use proc_macro::TokenStream;
mod select_syntax;

use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use select_syntax::Select;
use syn::punctuated::Punctuated;
use syn::{Expr, Token};

/// `#[tokio::main]` and its arguments: the function as written.
#[proc_macro_attribute]
pub fn main(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// `#[tokio::test]`: the function as written.
#[proc_macro_attribute]
pub fn test(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}

/// `tokio::join!`.
#[proc_macro]
pub fn join(input: TokenStream) -> TokenStream {
    join_impl(input, true)
}

/// `futures::join!`: every unfinished branch each poll, in order.
#[proc_macro]
pub fn futures_join(input: TokenStream) -> TokenStream {
    join_impl(input, false)
}

fn join_impl(input: TokenStream, rotate: bool) -> TokenStream {
    let futures = match syn::parse::Parser::parse(Punctuated::<Expr, Token![,]>::parse_terminated, input) {
        Ok(f) => f,
        Err(e) => return e.to_compile_error().into(),
    };
    let n = futures.len();
    let futures: Vec<&Expr> = futures.iter().collect();
    let index = 0..n;
    // tokio keeps the branches in a tuple (dropped first to last, if the join is dropped
    // unfinished) and starts one branch further each poll; futures-rs keeps each in a local of
    // its own (dropped last first) and always starts at the first.
    let (krate, order, setup, branch): (Tokens, Tokens, Tokens, Vec<Tokens>) = if rotate {
        (
            quote!(::tokio),
            quote!(__pollscope_rotation.order(#n).collect::<::std::vec::Vec<usize>>()),
            quote!(let mut __pollscope_branches = ( #( ::tokio::__private::MaybeDone::new(#futures), )* );),
            (0..n)
                .map(|i| {
                    let field = syn::Index::from(i);
                    quote!(__pollscope_branches.#field)
                })
                .collect(),
        )
    } else {
        let names: Vec<_> = (0..n).map(|i| format_ident!("__pollscope_branch{i}")).collect();
        (
            quote!(::futures),
            quote!({ let _ = &mut __pollscope_rotation; (0..#n).collect::<::std::vec::Vec<usize>>() }),
            quote!(#( let mut #names = ::futures::__private::MaybeDone::new(#futures); )*),
            names.iter().map(|name| quote!(#name)).collect(),
        )
    };
    let outputs = branch.clone();
    quote!({
        let mut __pollscope_rotation = #krate::__private::Rotation::default();
        #setup
        #krate::__private::poll_fn(|__pollscope_cx| {
            let mut __pollscope_pending = false;
            for __pollscope_i in #order {
                let __pollscope_done = match __pollscope_i {
                    #( #index => #branch.poll_done(__pollscope_cx), )*
                    _ => ::std::unreachable!(),
                };
                if !__pollscope_done {
                    __pollscope_pending = true;
                }
            }
            if __pollscope_pending {
                return #krate::__private::Poll::Pending;
            }
            #krate::__private::Poll::Ready(( #( #outputs.take_output(), )* ))
        })
        .await
    })
    .into()
}

/// `tokio::select!`.
#[proc_macro]
pub fn select(input: TokenStream) -> TokenStream {
    let select: Select = match syn::parse(input) {
        Ok(s) => s,
        Err(e) => return e.to_compile_error().into(),
    };
    let n = select.branches.len();
    let variants: Vec<_> = (0..n).map(|i| format_ident!("B{i}")).collect();
    let types: Vec<_> = (0..n).map(|i| format_ident!("T{i}")).collect();
    let futures = select.branches.iter().map(|b| &b.future);
    let conditions = select
        .branches
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.condition.as_ref().map(|c| quote!(if !(#c) { __pollscope_enabled[#i] = false; })));
    let polls = select.branches.iter().enumerate().map(|(i, b)| {
        let field = syn::Index::from(i);
        let check = select_syntax::test_pattern(&b.pat);
        let variant = &variants[i];
        quote!(#i => if __pollscope_enabled[#i] {
            // SAFETY: the tuple of futures is a local of the enclosing future, which is pinned
            // while it is polled, and nothing moves it out until it is dropped.
            let __pollscope_f = unsafe { ::tokio::__private::Pin::new_unchecked(&mut __pollscope_futures.#field) };
            if let ::tokio::__private::Poll::Ready(__pollscope_v) =
                ::std::future::Future::poll(__pollscope_f, __pollscope_cx)
            {
                __pollscope_enabled[#i] = false;
                #[allow(unused_variables)]
                match &__pollscope_v {
                    #check => return ::tokio::__private::Poll::Ready(__PollscopeOut::#variant(__pollscope_v)),
                    #[allow(unreachable_patterns)]
                    _ => {}
                }
            }
        })
    });
    let arms = select.branches.iter().enumerate().map(|(i, b)| {
        let pat = &b.pat;
        let handler = &b.handler;
        let variant = &variants[i];
        quote!(__PollscopeOut::#variant(#pat) => #handler,)
    });
    let otherwise = match &select.otherwise {
        Some(h) => quote!(#h),
        None => quote!(::std::panic!("all branches are disabled and there is no else branch")),
    };
    quote!({
        enum __PollscopeOut<#(#types),*> { #( #variants(#types), )* Else }
        let mut __pollscope_enabled = [true; #n];
        #( #conditions )*
        let __pollscope_out = {
            let mut __pollscope_futures = ( #( #futures, )* );
            ::tokio::__private::poll_fn(|__pollscope_cx| {
                for __pollscope_i in 0..#n {
                    match __pollscope_i {
                        #( #polls )*
                        _ => ::std::unreachable!(),
                    }
                }
                if __pollscope_enabled.iter().all(|on| !*on) {
                    return ::tokio::__private::Poll::Ready(__PollscopeOut::Else);
                }
                ::tokio::__private::Poll::Pending
            })
            .await
        };
        #[allow(unreachable_patterns, unused_variables)]
        match __pollscope_out {
            #( #arms )*
            __PollscopeOut::Else => #otherwise,
            // A branch's output reaches its arm only if it matched the pattern (checked above).
            _ => ::std::unreachable!(),
        }
    })
    .into()
}

/// The futures crate's `select!` and `select_biased!`.
#[proc_macro]
pub fn futures_select(input: TokenStream) -> TokenStream {
    let select: select_syntax::FuturesSelect = match syn::parse(input) {
        Ok(s) => s,
        Err(e) => return e.to_compile_error().into(),
    };
    let n = select.branches.len();
    let variants: Vec<_> = (0..n).map(|i| format_ident!("B{i}")).collect();
    let types: Vec<_> = (0..n).map(|i| format_ident!("T{i}")).collect();
    // A future given by path is borrowed; any other is bound to a local of the select.
    let mut bindings = Vec::new();
    let names: Vec<Tokens> = select
        .branches
        .iter()
        .enumerate()
        .map(|(i, (_, future, _))| match future {
            Expr::Path(path) => {
                bindings.push(quote!(
                    ::futures::__private::assert_fused_future(&#path);
                    ::futures::__private::assert_unpin(&#path);
                ));
                quote!(#path)
            }
            other => {
                let name = format_ident!("__pollscope_f{i}");
                bindings.push(quote!(let mut #name = #other;));
                quote!(#name)
            }
        })
        .collect();
    let polls = names.iter().zip(&variants).map(|(name, variant)| {
        quote!({
            // SAFETY: a borrowed future is `Unpin` (asserted above); a bound one is a local
            // of the select that nothing moves until it is dropped.
            let mut __pollscope_f = unsafe { ::futures::__private::Pin::new_unchecked(&mut #name) };
            if !::futures::future::FusedFuture::is_terminated(&__pollscope_f) {
                match ::std::future::Future::poll(__pollscope_f.as_mut(), __pollscope_cx) {
                    ::futures::__private::Poll::Ready(__pollscope_v) => {
                        return ::futures::__private::Poll::Ready(__PollscopeOut::#variant(__pollscope_v));
                    }
                    ::futures::__private::Poll::Pending => __pollscope_any = true,
                }
            }
        })
    });
    let none_polled = match &select.complete {
        Some(_) => quote!(return ::futures::__private::Poll::Ready(__PollscopeOut::Complete)),
        None => {
            quote!(::std::panic!("all futures in select! were completed, but no `complete =>` handler was provided"))
        }
    };
    let wait = match &select.default {
        Some(_) => quote!(match __pollscope_poll(&mut ::futures::__private::Context::from_waker(
            ::futures::__private::Waker::noop()
        )) {
            ::futures::__private::Poll::Ready(__pollscope_out) => __pollscope_out,
            ::futures::__private::Poll::Pending => __PollscopeOut::Default,
        }),
        None => quote!(::futures::__private::poll_fn(__pollscope_poll).await),
    };
    let arms = select
        .branches
        .iter()
        .zip(&variants)
        .map(|((pat, _, handler), variant)| quote!(__PollscopeOut::#variant(#pat) => #handler,));
    let complete = select.complete.as_ref().map(|h| quote!(__PollscopeOut::Complete => #h,));
    let default = select.default.as_ref().map(|h| quote!(__PollscopeOut::Default => #h,));
    quote!({
        #[allow(dead_code)]
        enum __PollscopeOut<#(#types),*> { #( #variants(#types), )* Complete, Default }
        let __pollscope_out = {
            #( #bindings )*
            #[allow(unused_mut)]
            let mut __pollscope_poll = |__pollscope_cx: &mut ::futures::__private::Context<'_>| {
                let mut __pollscope_any = false;
                #( #polls )*
                if !__pollscope_any {
                    #none_polled;
                }
                ::futures::__private::Poll::Pending
            };
            #wait
        };
        #[allow(unreachable_patterns, unused_variables)]
        match __pollscope_out {
            #( #arms )*
            #complete
            #default
            _ => ::std::unreachable!(),
        }
    })
    .into()
}
