//! The syntax of `tokio::select!` and of the futures crate's `select!`/`select_biased!`, shared
//! by the native stand-ins' macros (this crate) and the interpreter (`pollscope-lang` includes
//! this file), so both accept the same input. tokio's: `[biased;] pat = future [, if condition]
//! => handler, .. [else => handler]`; futures': `pat = future => handler, .. [complete =>
//! handler] [default => handler]`; a comma after a handler optional only after a block or at
//! the end.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Pat, Token};

/// One branch of a `select!`.
pub struct Branch {
    pub pat: Pat,
    pub future: Expr,
    pub condition: Option<Expr>,
    pub handler: Expr,
}

/// A `select!`'s input.
pub struct Select {
    pub branches: Vec<Branch>,
    pub otherwise: Option<Expr>,
}

impl Parse for Select {
    fn parse(input: ParseStream<'_>) -> syn::Result<Select> {
        // `biased;`: branches in order - which is what both runs always do (tokio without it
        // starts at a random branch).
        if input.peek(syn::Ident) && input.peek2(Token![;]) {
            let ident: syn::Ident = input.parse()?;
            if ident != "biased" {
                return Err(syn::Error::new(ident.span(), "expected `biased;` or a branch"));
            }
            input.parse::<Token![;]>()?;
        }
        let mut branches = Vec::new();
        let mut otherwise = None;
        while !input.is_empty() {
            if input.peek(Token![else]) {
                input.parse::<Token![else]>()?;
                input.parse::<Token![=>]>()?;
                otherwise = Some(handler(input)?);
                continue;
            }
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            input.parse::<Token![=]>()?;
            let future: Expr = input.parse()?;
            let condition = if input.peek(Token![,]) && input.peek2(Token![if]) {
                input.parse::<Token![,]>()?;
                input.parse::<Token![if]>()?;
                Some(input.parse()?)
            } else {
                None
            };
            input.parse::<Token![=>]>()?;
            let handler = handler(input)?;
            branches.push(Branch { pat, future, condition, handler });
        }
        if branches.is_empty() {
            return Err(syn::Error::new(Span::call_site(), "`select!` needs at least one branch"));
        }
        Ok(Select { branches, otherwise })
    }
}

/// A futures `select!`'s input.
pub struct FuturesSelect {
    /// Each branch's pattern, future and handler.
    pub branches: Vec<(Pat, Expr, Expr)>,
    /// `complete => ..`: once every future has completed.
    pub complete: Option<Expr>,
    /// `default => ..`: when no future is ready at once (the select does not wait).
    pub default: Option<Expr>,
}

impl Parse for FuturesSelect {
    fn parse(input: ParseStream<'_>) -> syn::Result<FuturesSelect> {
        let mut select = FuturesSelect { branches: Vec::new(), complete: None, default: None };
        while !input.is_empty() {
            let fork = input.fork();
            let case = if (fork.peek(syn::Ident) || fork.peek(Token![default])) && fork.peek2(Token![=>]) {
                let word = <syn::Ident as syn::ext::IdentExt>::parse_any(input)?;
                if word != "complete" && word != "default" {
                    return Err(syn::Error::new(word.span(), "expected `complete`, `default` or `pattern = future`"));
                }
                let slot = if word == "complete" { &select.complete } else { &select.default };
                if slot.is_some() {
                    return Err(syn::Error::new(
                        word.span(),
                        format!("multiple `{word}` cases found, only one allowed"),
                    ));
                }
                Err(word)
            } else {
                let pat = Pat::parse_multi_with_leading_vert(input)?;
                input.parse::<Token![=]>()?;
                Ok((pat, input.parse::<Expr>()?))
            };
            input.parse::<Token![=>]>()?;
            let is_block = input.peek(syn::token::Brace);
            let expr: Expr = input.parse()?;
            if is_block || input.is_empty() {
                input.parse::<Option<Token![,]>>()?;
            } else {
                input.parse::<Token![,]>()?;
            }
            match case {
                Ok((pat, future)) => select.branches.push((pat, future, expr)),
                Err(word) if word == "complete" => select.complete = Some(expr),
                Err(_) => select.default = Some(expr),
            }
        }
        Ok(select)
    }
}

/// A branch's handler: a block (a comma after it is optional) or an expression and a comma.
pub fn handler(input: ParseStream<'_>) -> syn::Result<Expr> {
    let is_block = input.peek(syn::token::Brace);
    let expr: Expr = input.parse()?;
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
    } else if !is_block && !input.is_empty() {
        return Err(input.error("expected `,` after a `select!` branch's handler"));
    }
    Ok(expr)
}

/// The pattern without `mut`/`ref` binding modifiers, to test an output by reference.
pub fn test_pattern(pat: &Pat) -> proc_macro2::TokenStream {
    use proc_macro2::TokenTree;
    fn strip(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
        tokens
            .into_iter()
            .filter(|t| !matches!(t, TokenTree::Ident(i) if i == "mut" || i == "ref"))
            .map(|t| match t {
                TokenTree::Group(g) => {
                    let mut group = proc_macro2::Group::new(g.delimiter(), strip(g.stream()));
                    group.set_span(g.span());
                    TokenTree::Group(group)
                }
                other => other,
            })
            .collect()
    }
    strip(quote::quote!(#pat))
}
