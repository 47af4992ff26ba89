//! The std macros of the subset, and format strings.

use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

use super::Compiler;
use crate::builtins::Builtin;
use crate::diag::Span;
use crate::program::*;
use crate::ty::Ty;

type Args = Punctuated<syn::Expr, syn::Token![,]>;

fn sp(node: &impl Spanned) -> Span {
    Span::of(node.span())
}

impl Compiler<'_> {
    pub(crate) fn compile_macro(&mut self, mac: &syn::Macro, expected: &Ty) {
        let span = sp(mac);
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let parse_args = |c: &mut Compiler<'_>| -> Option<Args> {
            match Args::parse_terminated.parse2(mac.tokens.clone()) {
                Ok(args) => Some(args),
                Err(e) => {
                    c.error(Span::of(e.span()), format!("cannot parse the arguments of `{name}!`: {e}"));
                    None
                }
            }
        };
        match name.as_str() {
            "println" | "print" | "eprintln" | "eprint" | "format" => {
                let newline = name.ends_with("ln");
                // `format!` is a block (`{ let res = fmt::format(args); res }`), and `println!`
                // prints a `format!`: the arguments' temporaries are dropped before the text
                // is printed or used.
                self.begin_temps();
                let ok = self.compile_format(mac, newline, span);
                self.end_temps(span);
                if !ok {
                    return;
                }
                match name.as_str() {
                    "println" | "print" => {
                        self.emit(Instr::CallBuiltin(Builtin::Print, 1), span);
                    }
                    "eprintln" | "eprint" => {
                        // Standard error is not part of the trace, natively or here.
                        self.emit(Instr::Pop, span);
                        self.emit(Instr::Unit, span);
                    }
                    _ => {}
                }
            }
            "panic" => {
                if mac.tokens.is_empty() {
                    self.emit(Instr::Str("explicit panic".into()), span);
                } else if !self.compile_format(mac, false, span) {
                    return;
                }
                self.emit(Instr::Panic, span);
            }
            "unreachable" | "todo" | "unimplemented" => {
                let prefix = match name.as_str() {
                    "unreachable" => "internal error: entered unreachable code",
                    "todo" => "not yet implemented",
                    _ => "not implemented",
                };
                if mac.tokens.is_empty() {
                    self.emit(Instr::Str(prefix.into()), span);
                } else {
                    if !self.compile_format(mac, false, span) {
                        return;
                    }
                    self.emit(Instr::Prefix(format!("{prefix}: ").into()), span);
                }
                self.emit(Instr::Panic, span);
            }
            "assert" => {
                let Some(args) = parse_args(self) else { return };
                let Some(cond) = args.first() else {
                    self.error(span, "`assert!` needs a condition");
                    return;
                };
                self.begin_temps();
                self.compile_expr(cond, &Ty::Unknown);
                self.end_temps(sp(cond));
                let ok = self.emit(Instr::JumpIfTrue(0), span);
                if args.len() > 1 {
                    self.format_from_args(&args.iter().skip(1).cloned().collect::<Vec<_>>(), false, span);
                } else {
                    let text = format!("assertion failed: {}", pretty(cond, self.source));
                    self.emit(Instr::Str(text.into()), span);
                }
                self.emit(Instr::Panic, span);
                let here = self.here();
                self.patch(ok, here);
                self.emit(Instr::Unit, span);
            }
            "assert_eq" | "assert_ne" => {
                let Some(args) = parse_args(self) else { return };
                if args.len() < 2 {
                    self.error(span, format!("`{name}!` needs two values"));
                    return;
                }
                self.compile_place(&args[0]);
                self.compile_place(&args[1]);
                let assert = if name == "assert_eq" { Builtin::AssertEq } else { Builtin::AssertNe };
                if args.len() > 2 {
                    self.format_from_args(&args.iter().skip(2).cloned().collect::<Vec<_>>(), false, span);
                    self.emit(Instr::CallBuiltin(assert, 3), span);
                } else {
                    self.emit(Instr::CallBuiltin(assert, 2), span);
                }
            }
            "vec" => {
                // `vec![x; n]` or `vec![a, b, c]`.
                let repeat = syn::parse2::<syn::ExprRepeat>(quote_bracketed(&mac.tokens));
                if let Ok(r) = repeat {
                    self.compile_expr(&r.expr, &expected.elem());
                    self.compile_expr(&r.len, &Ty::Int(crate::ty::IntTy::Usize));
                    self.emit(Instr::Repeat, span);
                    self.emit(Instr::CallBuiltin(Builtin::VecFromArray, 1), span);
                    return;
                }
                let Some(args) = parse_args(self) else { return };
                let elem = expected.elem();
                for a in &args {
                    self.compile_expr(a, &elem);
                }
                self.emit(Instr::MakeArray(args.len() as u32), span);
                self.emit(Instr::CallBuiltin(Builtin::VecFromArray, 1), span);
            }
            "matches" => {
                let parsed = (|input: syn::parse::ParseStream<'_>| {
                    let e: syn::Expr = input.parse()?;
                    input.parse::<syn::Token![,]>()?;
                    let pat = syn::Pat::parse_multi_with_leading_vert(input)?;
                    let guard = if input.peek(syn::Token![if]) {
                        input.parse::<syn::Token![if]>()?;
                        Some(input.parse::<syn::Expr>()?)
                    } else {
                        None
                    };
                    let _ = input.parse::<Option<syn::Token![,]>>()?;
                    Ok((e, pat, guard))
                })
                .parse2(mac.tokens.clone());
                let Ok((e, pat, guard)) = parsed else {
                    self.error(span, "cannot parse the arguments of `matches!`");
                    return;
                };
                self.push_scope();
                self.compile_place(&e);
                self.emit(Instr::Dup, span);
                let id = self.compile_pattern(&pat, &Ty::Unknown);
                self.emit(Instr::Test(id), span);
                let fail = self.emit(Instr::JumpIfFalse(0), span);
                match guard {
                    Some(g) => {
                        self.emit(Instr::BindRef(id), span);
                        self.compile_expr(&g, &Ty::Unknown);
                    }
                    None => {
                        self.emit(Instr::Pop, span);
                        self.emit(Instr::Bool(true), span);
                    }
                }
                let done = self.emit(Instr::Jump(0), span);
                let here = self.here();
                self.patch(fail, here);
                self.emit(Instr::Pop, span);
                self.emit(Instr::Bool(false), span);
                let here = self.here();
                self.patch(done, here);
                self.pop_scope(span);
            }
            // tokio's (also `use tokio::{join, select}`); `futures::join!` polls alike.
            "join" => {
                // `futures::join!` (by path, or imported from futures) polls in order; tokio's
                // starts one branch further each poll.
                let futures = mac.path.segments.first().is_some_and(|s| s.ident == "futures")
                    || (mac.path.segments.len() == 1 && self.futures_imports.contains("join"));
                self.compile_tokio_join(mac, expected, !futures)
            }
            // The futures crate's `select!`/`select_biased!` borrow the fused futures given by
            // path and take `complete`/`default` branches: not tokio's `select!`.
            "select" | "select_biased"
                if name == "select_biased"
                    || mac.path.segments.first().is_some_and(|s| s.ident == "futures")
                    || (mac.path.segments.len() == 1 && self.futures_imports.contains("select")) =>
            {
                self.compile_futures_select(mac, expected)
            }
            "select" => self.compile_tokio_select(mac, expected),
            "pin_mut" => {
                self.error(span, "`pin_mut!` is a statement: `pin_mut!(fut);` on a line of its own");
            }
            "pin" => {
                let Some(args) = parse_args(self) else { return };
                let Some(fut) = args.first() else {
                    self.error(span, "`pin!` needs a value");
                    return;
                };
                // `pin!(f)` moves `f` into a hidden local of the enclosing block and gives
                // `Pin<&mut _>` to it: the value can never move again.
                self.compile_expr(fut, &Ty::Unknown);
                let slot = self.scoped_temp("<pinned>");
                self.emit(Instr::StoreLocal(slot), span);
                self.emit(Instr::Local(slot), span);
            }
            "write" | "writeln" => {
                // `write!(f, "..", args)`: the text formatted, then `f.write_str(text)` (a
                // `Formatter` in a hand-written `fmt`, or a `String` with `fmt::Write`).
                let args = match Args::parse_terminated.parse2(mac.tokens.clone()) {
                    Ok(args) => args.into_iter().collect::<Vec<syn::Expr>>(),
                    Err(e) => {
                        self.error(Span::of(e.span()), format!("cannot parse the arguments of `{name}!`: {e}"));
                        return;
                    }
                };
                let Some((dest, rest)) = args.split_first() else {
                    self.error(span, format!("`{name}!` needs a destination: `{name}!(f, \"..\")`"));
                    return;
                };
                let dest = match dest {
                    syn::Expr::Reference(r) => &*r.expr,
                    other => other,
                };
                // Into a `Formatter` (a parameter `f: &mut fmt::Formatter`), or into a `String`
                // with `fmt::Write` in scope, as rustc requires.
                let formatter = match dest {
                    syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                        match self.lookup(&p.path.segments[0].ident.to_string()) {
                            Some(super::VarRef::Local(_, ty) | super::VarRef::Capture(_, _, ty)) => {
                                ty.elem().is_named("Formatter") || ty.is_named("Formatter")
                            }
                            None => false,
                        }
                    }
                    _ => false,
                };
                if !formatter && !self.imports_fmt_write {
                    self.diags.push(crate::diag::Diagnostic::rustc(
                        sp(dest),
                        "E0599",
                        format!(
                            "cannot write into `{}`: `{name}!` into a `String` needs `use std::fmt::Write;`",
                            pretty(dest, self.source)
                        ),
                    ));
                    return;
                }
                self.compile_place(dest);
                if rest.is_empty() {
                    self.emit(Instr::Str(if name == "writeln" { "\n" } else { "" }.into()), span);
                } else if !self.format_from_args(rest, name == "writeln", span) {
                    return;
                }
                self.emit(Instr::CallMethod("write_str".into(), 1), span);
            }
            "dbg" | "include" | "include_str" | "env" | "concat" | "line" | "file" | "column" | "stringify" | "cfg"
            | "thread_local" | "macro_rules" => self.unsupported(&mac.path, &format!("the `{name}!` macro")),
            // A `macro_rules!` macro: its definition is already reported.
            _ if self.already_reported(&format!("{name}!")) => {}
            _ => self.error(sp(&mac.path), format!("cannot find macro `{name}` in Pollscope's subset")),
        }
    }

    /// Compiles a format macro's arguments (`"fmt", args...`) to a pushed `String`.
    fn compile_format(&mut self, mac: &syn::Macro, newline: bool, span: Span) -> bool {
        match Args::parse_terminated.parse2(mac.tokens.clone()) {
            Ok(args) => {
                let args: Vec<syn::Expr> = args.into_iter().collect();
                if args.is_empty() {
                    self.emit(Instr::Str(if newline { "\n" } else { "" }.into()), span);
                    self.emit(Instr::CallBuiltin(Builtin::StringFrom, 1), span);
                    return true;
                }
                self.format_from_args(&args, newline, span)
            }
            Err(e) => {
                self.error(Span::of(e.span()), format!("cannot parse the format arguments: {e}"));
                false
            }
        }
    }

    fn format_from_args(&mut self, args: &[syn::Expr], newline: bool, span: Span) -> bool {
        let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(fmt), .. }) = &args[0] else {
            let value = pretty(&args[0], self.source);
            self.error(
                sp(&args[0]),
                format!("format argument must be a string literal: to print `{value}`, write `\"{{}}\", {value}`"),
            );
            return false;
        };
        let mut positional = Vec::new();
        let mut named: Vec<(String, &syn::Expr)> = Vec::new();
        for a in &args[1..] {
            match a {
                syn::Expr::Assign(assign) if matches!(&*assign.left, syn::Expr::Path(p) if p.path.segments.len() == 1) =>
                {
                    let syn::Expr::Path(p) = &*assign.left else { unreachable!() };
                    named.push((p.path.segments[0].ident.to_string(), &assign.right));
                }
                other => positional.push(other),
            }
        }
        let mut text = fmt.value();
        if newline {
            text.push('\n');
        }
        let parsed =
            match parse_format(&text, positional.len(), &named.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()) {
                Ok(p) => p,
                Err(e) => {
                    let span = match e.place {
                        FormatPlace::Text(lo, hi) => self.format_span(fmt, lo, hi),
                        FormatPlace::Arg(i) => positional.get(i).map_or_else(|| sp(fmt), |a| sp(*a)),
                    };
                    self.error(span, e.message);
                    return false;
                }
            };
        // Arguments are borrowed, not moved, and evaluated once each, in order.
        for a in &positional {
            self.compile_place(a);
        }
        for (_, e) in &named {
            self.compile_place(e);
        }
        for (i, name) in parsed.captures.iter().enumerate() {
            let path = match syn::parse_str::<syn::Expr>(name) {
                Ok(path) if self.lookup(name).is_some() => path,
                _ => {
                    let (lo, hi) = parsed.capture_at.get(i).copied().unwrap_or((0, 0));
                    let span = self.format_span(fmt, lo, hi);
                    self.error(span, format!("cannot find value `{name}` in this scope"));
                    return false;
                }
            };
            self.compile_place(&path);
        }
        let n = positional.len() + named.len() + parsed.captures.len();
        self.formats.push(FormatSpec { pieces: parsed.pieces });
        let id = self.formats.len() as FmtId - 1;
        self.emit(Instr::Format(id, n as u32), span);
        true
    }

    /// The span of bytes `lo..hi` of a format string's value: exact when the literal is written
    /// without escapes (`"..."` holding the value as is), the whole literal otherwise.
    fn format_span(&self, fmt: &syn::LitStr, lo: usize, hi: usize) -> Span {
        let whole = sp(fmt);
        let value = fmt.value();
        let written = self.source.get(whole.lo as usize..whole.hi as usize).unwrap_or("");
        if written.len() != value.len() + 2 || !written.starts_with('"') || written.get(1..=value.len()) != Some(&value)
        {
            return whole;
        }
        let (lo, hi) = (lo.min(value.len()), hi.min(value.len()));
        let start = whole.lo as usize + 1;
        Span::range(self.source, start + lo, start + hi.max(lo))
    }
}

/// Wraps tokens in brackets so `x; n` parses as an `ExprRepeat`.
fn quote_bracketed(tokens: &proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let group = proc_macro2::Group::new(proc_macro2::Delimiter::Bracket, tokens.clone());
    std::iter::once(proc_macro2::TokenTree::Group(group)).collect()
}

pub(crate) struct ParsedFormat {
    pub pieces: Vec<FmtPiece>,
    /// Identifiers captured implicitly (`{name}`), appended after the explicit arguments.
    pub captures: Vec<String>,
    /// For each capture, the byte range of the first `{...}` naming it in the text.
    pub capture_at: Vec<(usize, usize)>,
}

/// What is wrong with a format string, and where.
#[derive(Debug)]
pub(crate) struct FormatError {
    pub message: String,
    pub place: FormatPlace,
}

#[derive(Debug)]
pub(crate) enum FormatPlace {
    /// A byte range of the format string's text (a `{...}`).
    Text(usize, usize),
    /// The positional argument with this index (one never used).
    Arg(usize),
}

/// Parses a format string the way `format_args!` does.
pub(crate) fn parse_format(text: &str, positional: usize, named: &[String]) -> Result<ParsedFormat, FormatError> {
    let at_text =
        |lo: usize, hi: usize| move |message: String| FormatError { message, place: FormatPlace::Text(lo, hi) };
    let mut pieces = Vec::new();
    let mut captures: Vec<String> = Vec::new();
    let mut capture_at = Vec::new();
    let mut lit = String::new();
    let mut next_arg = 0;
    let mut used = vec![false; positional];
    let mut chars = text.char_indices().peekable();
    let resolve = |name: &str, captures: &mut Vec<String>| -> usize {
        if let Some(i) = named.iter().position(|n| n == name) {
            return positional + i;
        }
        if let Some(i) = captures.iter().position(|n| n == name) {
            return positional + named.len() + i;
        }
        captures.push(name.to_string());
        positional + named.len() + captures.len() - 1
    };
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                lit.push('}');
            }
            '}' => {
                return Err(at_text(at, at + 1)(
                    "invalid format string: unmatched `}` found (write `}}` for a literal `}`)".into(),
                ));
            }
            '{' => {
                let mut inner = String::new();
                let end = loop {
                    match chars.next() {
                        Some((i, '}')) => break i + 1,
                        Some((_, c)) => inner.push(c),
                        None => {
                            return Err(at_text(at, at + 1)(
                                "invalid format string: this `{` is never closed (write `{{` for a literal `{`)".into(),
                            ));
                        }
                    }
                };
                let err = at_text(at, end);
                if !lit.is_empty() {
                    pieces.push(FmtPiece::Lit(std::mem::take(&mut lit)));
                }
                let (arg, spec) = match inner.split_once(':') {
                    Some((a, s)) => (a.trim(), s),
                    None => (inner.trim(), ""),
                };
                let index = if arg.is_empty() {
                    let i = next_arg;
                    next_arg += 1;
                    if i >= positional {
                        return Err(err(format!(
                            "{} positional argument{} in format string, but there {}",
                            i + 1,
                            if i == 0 { "" } else { "s" },
                            match positional {
                                0 => "are no arguments".to_string(),
                                1 => "is 1 argument".to_string(),
                                n => format!("are {n} arguments"),
                            }
                        )));
                    }
                    i
                } else if let Ok(i) = arg.parse::<usize>() {
                    if i >= positional {
                        return Err(err(format!("invalid reference to positional argument {i}")));
                    }
                    i
                } else if syn::parse_str::<syn::Ident>(arg).is_ok() {
                    resolve(arg, &mut captures)
                } else if arg.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return Err(err(format!("invalid format string: `{arg}` is not a valid argument name")));
                } else {
                    return Err(err(format!("invalid format string: `{arg}` is not an argument")));
                };
                if index < positional {
                    used[index] = true;
                }
                let spec = parse_spec(spec, &mut |name: &str| resolve(name, &mut captures), positional, &mut used)
                    .map_err(err)?;
                capture_at.resize(captures.len(), (at, end));
                pieces.push(FmtPiece::Arg { index, spec });
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        pieces.push(FmtPiece::Lit(lit));
    }
    if let Some(unused) = used.iter().position(|u| !u) {
        let message = if positional - used.iter().filter(|u| **u).count() == 1 {
            "argument never used: the format string has no `{}` for it".into()
        } else {
            "multiple unused formatting arguments: the format string has no `{}` for them".into()
        };
        return Err(FormatError { message, place: FormatPlace::Arg(unused) });
    }
    Ok(ParsedFormat { pieces, captures, capture_at })
}

fn parse_spec(
    spec: &str,
    resolve: &mut dyn FnMut(&str) -> usize,
    positional: usize,
    used: &mut [bool],
) -> Result<ArgSpec, String> {
    let mut s = ArgSpec { fill: ' ', ..ArgSpec::default() };
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = chars[0];
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if chars.get(i) == Some(&'+') {
        s.sign_plus = true;
        i += 1;
    } else if chars.get(i) == Some(&'-') {
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        s.alternate = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit() || *c != '$') {
        s.zero = true;
        i += 1;
    }
    let mut count = |i: &mut usize| -> Result<Option<Count>, String> {
        let start = *i;
        // A count is digits (`08`, `1$`) or an identifier followed by `$` (`width$`).
        let digits = chars.get(start).is_some_and(char::is_ascii_digit);
        while *i < chars.len()
            && (if digits { chars[*i].is_ascii_digit() } else { chars[*i].is_alphanumeric() || chars[*i] == '_' })
        {
            *i += 1;
        }
        let word: String = chars[start..*i].iter().collect();
        if word.is_empty() {
            return Ok(None);
        }
        if chars.get(*i) == Some(&'$') {
            *i += 1;
            return Ok(Some(match word.parse::<usize>() {
                Ok(n) if n < positional => {
                    used[n] = true;
                    Count::Arg(n)
                }
                Ok(n) => return Err(format!("invalid reference to positional argument {n}")),
                Err(_) => Count::Arg(resolve(&word)),
            }));
        }
        match word.parse::<usize>() {
            Ok(n) => Ok(Some(Count::Is(n))),
            Err(_) => {
                // Not a count: it is the type (`x`, `e`, ...), give it back.
                *i = start;
                Ok(None)
            }
        }
    };
    s.width = count(&mut i)?;
    if chars.get(i) == Some(&'.') {
        i += 1;
        s.precision = count(&mut i)?;
        if s.precision.is_none() {
            return Err("invalid format string: expected a precision".into());
        }
    }
    let kind: String = chars[i..].iter().collect();
    match kind.as_str() {
        "" | "?" | "x" | "X" | "b" | "o" | "x?" | "X?" => s.kind = kind,
        "e" | "E" => return Err("`{:e}` (exponent notation) is not supported in Pollscope yet".into()),
        other => {
            return Err(format!(
                "unknown format trait `{other}`: Pollscope formats with `{{}}`, `{{:?}}`, `{{:x}}`, `{{:X}}`, \
                 `{{:b}}` and `{{:o}}`"
            ));
        }
    }
    Ok(s)
}

/// How rustc's `stringify!` prints an expression (used by `assert!`'s message): the common
/// shapes are printed with rustc's spacing; anything else falls back to the source text.
pub(crate) fn pretty(e: &syn::Expr, source: &str) -> String {
    use syn::Expr as E;
    let p = |e: &syn::Expr| pretty(e, source);
    match e {
        E::Binary(b) => format!("{} {} {}", p(&b.left), tokens(&b.op), p(&b.right)),
        E::Unary(u) => format!("{}{}", tokens(&u.op), p(&u.expr)),
        E::Paren(x) => format!("({})", p(&x.expr)),
        E::Path(_) | E::Lit(_) => tokens(e),
        E::Field(f) => format!("{}.{}", p(&f.base), tokens(&f.member)),
        E::Index(i) => format!("{}[{}]", p(&i.expr), p(&i.index)),
        E::MethodCall(m) => {
            let args: Vec<String> = m.args.iter().map(p).collect();
            format!("{}.{}({})", p(&m.receiver), m.method, args.join(", "))
        }
        E::Call(c) => {
            let args: Vec<String> = c.args.iter().map(p).collect();
            format!("{}({})", p(&c.func), args.join(", "))
        }
        E::Reference(r) => format!("&{}{}", if r.mutability.is_some() { "mut " } else { "" }, p(&r.expr)),
        E::Tuple(t) => {
            let items: Vec<String> = t.elems.iter().map(p).collect();
            format!("({})", items.join(", "))
        }
        E::Cast(c) => format!("{} as {}", p(&c.expr), tokens(&c.ty)),
        E::Macro(m) => {
            let range = m.span().byte_range();
            source.get(range).map(str::to_string).unwrap_or_else(|| tokens(e))
        }
        other => {
            let range = other.span().byte_range();
            source.get(range).map(str::to_string).unwrap_or_else(|| tokens(other))
        }
    }
}

fn tokens(t: &impl quote::ToTokens) -> String {
    let text = t.to_token_stream().to_string();
    // proc-macro2 puts spaces around `::` and before `(`; rustc does not.
    text.replace(" :: ", "::").replace(":: ", "::").replace(" ::", "::")
}
