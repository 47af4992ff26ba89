//! `format!` and friends, printing exactly what std prints.
//!
//! The body of each argument comes from std's own formatting (`Debug` through std's builders,
//! integers through std's radix formatting); width, fill, alignment, sign and zero padding are
//! applied as `Formatter::pad` and `Formatter::pad_integral` apply them.

use std::fmt::{self, Write};

use super::ops::with_value;
use super::value::*;
use super::{Vm, VmResult};
use crate::program::{ArgSpec, Count, FmtPiece, FormatSpec, Shape};

pub fn format(vm: &Vm<'_, '_>, spec: &FormatSpec, args: &[Value]) -> VmResult<String> {
    let mut out = String::new();
    for piece in &spec.pieces {
        match piece {
            FmtPiece::Lit(text) => out.push_str(text),
            FmtPiece::Arg { index, spec } => {
                let width = count(vm, &spec.width, args)?;
                let precision = count(vm, &spec.precision, args)?;
                let Some(arg) = args.get(*index) else { return Err(vm.error("internal: missing format argument")) };
                if spec.kind.ends_with('?') {
                    let mut text: Result<String, String> = Err(String::new());
                    with_value(vm, arg, &mut |v| text = debug(v, spec, width, precision))?;
                    match text {
                        Ok(text) => out.push_str(&text),
                        Err(message) => return Err(vm.error(message)),
                    }
                    continue;
                }
                // A hand-written `Display` writes what it writes: std's padding is `f.pad`'s.
                let mut by_hand = None;
                with_value(vm, arg, &mut |v| by_hand = super::traits::rendered_display(v))?;
                if let Some(text) = by_hand {
                    out.push_str(&text);
                    continue;
                }
                let mut rendered: Result<Rendered, String> = Err(String::new());
                with_value(vm, arg, &mut |v| rendered = render(v, spec, precision))?;
                match rendered {
                    Ok(r) => pad(&mut out, r, spec, width),
                    Err(message) => return Err(vm.error(message)),
                }
            }
        }
    }
    Ok(out)
}

fn count(vm: &Vm<'_, '_>, c: &Option<Count>, args: &[Value]) -> VmResult<Option<usize>> {
    match c {
        None => Ok(None),
        Some(Count::Is(n)) => Ok(Some(*n)),
        Some(Count::Arg(i)) => {
            let mut n = None;
            with_value(vm, &args[*i], &mut |v| {
                if let Value::Int(x, _) = v {
                    n = Some(*x as usize);
                }
            })?;
            match n {
                Some(n) => Ok(Some(n)),
                None => Err(vm.error("a width or precision argument must be a `usize`")),
            }
        }
    }
}

/// A rendered argument: its text, and for numbers the sign and radix prefix kept apart so that
/// zero padding goes between them and the digits.
struct Rendered {
    text: String,
    numeric: bool,
    negative: bool,
    prefix: &'static str,
}

fn render(v: &Value, spec: &ArgSpec, precision: Option<usize>) -> Result<Rendered, String> {
    let plain = |text: String| Rendered { text, numeric: false, negative: false, prefix: "" };
    match spec.kind.as_str() {
        "" => match v {
            Value::Int(n, _) => {
                Ok(Rendered { text: n.unsigned_abs().to_string(), numeric: true, negative: *n < 0, prefix: "" })
            }
            Value::Str(s) => Ok(plain(truncate(s, precision))),
            Value::String(s) => Ok(plain(truncate(s, precision))),
            Value::Char(c) => Ok(plain(truncate(&c.to_string(), precision))),
            Value::Bool(b) => Ok(plain(truncate(&b.to_string(), precision))),
            Value::Host(h) if h.display_text().is_some() => {
                Ok(plain(truncate(h.display_text().unwrap_or_default(), precision)))
            }
            Value::Cell(inner) => {
                render(inner, spec, precision).map_err(|_| "`Cell` doesn't implement `std::fmt::Display`".to_string())
            }
            Value::Uninit => Err("this value was moved or dropped; if a raw pointer reads it, the pointer dangles \
                                  (undefined behavior in Rust)"
                .to_string()),
            other => Err(format!("`{}` doesn't implement `std::fmt::Display`: use `{{:?}}`", other.kind())),
        },
        radix @ ("x" | "X" | "b" | "o") => {
            let Value::Int(n, ty) = v else {
                return Err(format!("`{}` cannot be formatted with `{{:{radix}}}`", v.kind()));
            };
            // Negative numbers print their two's complement bits at the type's width.
            let bits = if *n < 0 { (ty.wrap(*n) as u128) & (u128::MAX >> (128 - ty.bits())) } else { *n as u128 };
            let text = match radix {
                "x" => format!("{bits:x}"),
                "X" => format!("{bits:X}"),
                "b" => format!("{bits:b}"),
                _ => format!("{bits:o}"),
            };
            let prefix = if spec.alternate {
                match radix {
                    "x" | "X" => "0x",
                    "b" => "0b",
                    _ => "0o",
                }
            } else {
                ""
            };
            Ok(Rendered { text, numeric: true, negative: false, prefix })
        }
        other => Err(format!("unknown format trait `{other}`")),
    }
}

fn truncate(s: &str, precision: Option<usize>) -> String {
    match precision {
        Some(n) => s.chars().take(n).collect(),
        None => s.to_string(),
    }
}

fn pad(out: &mut String, r: Rendered, spec: &ArgSpec, width: Option<usize>) {
    let sign = if r.negative {
        "-"
    } else if spec.sign_plus && r.numeric {
        "+"
    } else {
        ""
    };
    let body_len = sign.len() + r.prefix.len() + r.text.chars().count();
    let width = width.unwrap_or(0);
    if body_len >= width {
        let _ = write!(out, "{sign}{}{}", r.prefix, r.text);
        return;
    }
    let fill_n = width - body_len;
    if r.numeric && spec.zero {
        let _ = write!(out, "{sign}{}{}{}", r.prefix, "0".repeat(fill_n), r.text);
        return;
    }
    let align = spec.align.unwrap_or(if r.numeric { '>' } else { '<' });
    let (before, after) = match align {
        '<' => (0, fill_n),
        '^' => (fill_n / 2, fill_n - fill_n / 2),
        _ => (fill_n, 0),
    };
    let fill: String = std::iter::repeat_n(spec.fill, before).collect();
    let fill_after: String = std::iter::repeat_n(spec.fill, after).collect();
    let _ = write!(out, "{fill}{sign}{}{}{fill_after}", r.prefix, r.text);
}

/// `{:?}` and `{:#?}` with a spec. std hands the formatter's options down to every field, so
/// they apply to each leaf (`{:>4?}` of `Some(1)` is `Some(   1)`); strings, chars and unit
/// variants are written without padding.
fn debug(v: &Value, spec: &ArgSpec, width: Option<usize>, precision: Option<usize>) -> Result<String, String> {
    let def = match v {
        Value::Struct(def, _) => Some((def.derives.debug, &def.name)),
        Value::Enum(def, _, _) => Some((def.derives.debug, &def.name)),
        _ => None,
    };
    if let Some((false, name)) = def
        && super::traits::rendered(v, spec.alternate).is_none()
    {
        return Err(format!("`{name}` doesn't implement `Debug`: add #[derive(Debug)]"));
    }
    let d = Dbg { v, spec, width, precision };
    Ok(if spec.alternate { format!("{d:#?}") } else { format!("{d:?}") })
}

#[derive(Clone, Copy)]
struct Dbg<'a> {
    v: &'a Value,
    spec: &'a ArgSpec,
    width: Option<usize>,
    precision: Option<usize>,
}

impl<'a> Dbg<'a> {
    fn at<'b>(&self, v: &'b Value) -> Dbg<'b>
    where
        'a: 'b,
    {
        Dbg { v, spec: self.spec, width: self.width, precision: self.precision }
    }

    fn leaf(&self, f: &mut fmt::Formatter<'_>, r: Rendered) -> fmt::Result {
        let mut out = String::new();
        pad(&mut out, r, self.spec, self.width);
        f.write_str(&out)
    }
}

impl fmt::Debug for Dbg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = super::traits::rendered(self.v, f.alternate()) {
            return f.write_str(&text);
        }
        let at = |v| self.at(v);
        match self.v {
            Value::Int(n, ty) => {
                let r = match self.spec.kind.as_str() {
                    radix @ ("x?" | "X?") => {
                        let bits =
                            if *n < 0 { (ty.wrap(*n) as u128) & (u128::MAX >> (128 - ty.bits())) } else { *n as u128 };
                        let text = if radix == "x?" { format!("{bits:x}") } else { format!("{bits:X}") };
                        let prefix = if self.spec.alternate { "0x" } else { "" };
                        Rendered { text, numeric: true, negative: false, prefix }
                    }
                    _ => Rendered { text: n.unsigned_abs().to_string(), numeric: true, negative: *n < 0, prefix: "" },
                };
                self.leaf(f, r)
            }
            Value::Bool(b) => self.leaf(f, plain(truncate(&b.to_string(), self.precision))),
            // std's own `Debug` of a `Duration` (`1.5s`, `250ms`, with `{:.2?}` rounding).
            Value::Duration(n) => {
                let d = std_duration(*n);
                self.leaf(
                    f,
                    plain(match self.precision {
                        Some(p) => format!("{d:.p$?}"),
                        None => format!("{d:?}"),
                    }),
                )
            }
            Value::Unit => self.leaf(f, plain(truncate("()", self.precision))),
            Value::Tuple(items) => {
                let mut t = f.debug_tuple("");
                for item in items {
                    t.field(&at(item));
                }
                t.finish()
            }
            Value::Array(items) | Value::Vec(items) => f.debug_list().entries(items.iter().map(at)).finish(),
            Value::Struct(def, fields) => fields_of(f, &def.name, def.shape, &def.fields, fields, at),
            Value::Enum(def, variant, fields) => {
                let v = &def.variants[*variant as usize];
                fields_of(f, &v.name, v.shape, &v.fields, fields, at)
            }
            Value::Ref(place) => match place.read(|v| self.at(v).fmt(f)) {
                Ok(r) => r,
                Err(_) => f.write_str("<dangling>"),
            },
            Value::Guard(g) => match g.place.read(|v| self.at(v).fmt(f)) {
                Ok(r) => r,
                Err(_) => f.write_str("<dangling>"),
            },
            Value::Box(cell) | Value::Rc(cell, _) => match cell.try_borrow() {
                Ok(v) => self.at(&v).fmt(f),
                Err(_) => f.write_str("<in use>"),
            },
            Value::Cell(inner) => f.debug_struct("Cell").field("value", &at(inner)).finish(),
            Value::RefCell(cell) if cell.borrow.get() >= 0 => {
                f.debug_struct("RefCell").field("value", &at(&cell.value)).finish()
            }
            Value::Mutex(cell) if cell.borrow.get() == 0 => {
                let poisoned = Value::Bool(false);
                f.debug_struct("Mutex")
                    .field("data", &at(&cell.value))
                    .field("poisoned", &at(&poisoned))
                    .finish_non_exhaustive()
            }
            // Strings and chars ignore width and precision in `Debug`; the rest has no options.
            other => fmt::Debug::fmt(other, f),
        }
    }
}

fn plain(text: String) -> Rendered {
    Rendered { text, numeric: false, negative: false, prefix: "" }
}

fn fields_of<'a>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    shape: Shape,
    decl: &[(String, crate::ty::Ty)],
    fields: &'a [Value],
    at: impl Fn(&'a Value) -> Dbg<'a>,
) -> fmt::Result {
    match shape {
        Shape::Unit => f.write_str(name),
        Shape::Tuple => {
            let mut t = f.debug_tuple(name);
            for field in fields {
                t.field(&at(field));
            }
            t.finish()
        }
        Shape::Named => {
            let mut s = f.debug_struct(name);
            for ((field_name, _), value) in decl.iter().zip(fields) {
                s.field(field_name, &at(value));
            }
            s.finish()
        }
    }
}
