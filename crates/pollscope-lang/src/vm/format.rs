//! `format!` and friends, printing exactly what std prints.
//!
//! The body of each argument comes from std's own formatting (`Debug` through std's builders,
//! integers through std's radix formatting); width, fill, alignment, sign and zero padding are
//! applied as `Formatter::pad` and `Formatter::pad_integral` apply them.

use std::fmt::Write;

use super::ops::with_value;
use super::value::*;
use super::{Vm, VmResult};
use crate::program::{ArgSpec, Count, FmtPiece, FormatSpec};

pub fn format(vm: &Vm<'_, '_>, spec: &FormatSpec, args: &[Value]) -> VmResult<String> {
    let mut out = String::new();
    for piece in &spec.pieces {
        match piece {
            FmtPiece::Lit(text) => out.push_str(text),
            FmtPiece::Arg { index, spec } => {
                let width = count(vm, &spec.width, args)?;
                let precision = count(vm, &spec.precision, args)?;
                let Some(arg) = args.get(*index) else { return Err(vm.error("internal: missing format argument")) };
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
            Value::Cell(inner) => {
                render(inner, spec, precision).map_err(|_| "`Cell` doesn't implement `std::fmt::Display`".to_string())
            }
            other => Err(format!("`{}` doesn't implement `std::fmt::Display`: use `{{:?}}`", other.kind())),
        },
        "?" | "x?" | "X?" => {
            if let Value::Struct(def, _) = v
                && !def.derives.debug
            {
                return Err(format!("`{}` doesn't implement `Debug`: add #[derive(Debug)]", def.name));
            }
            if let Value::Enum(def, _, _) = v
                && !def.derives.debug
            {
                return Err(format!("`{}` doesn't implement `Debug`: add #[derive(Debug)]", def.name));
            }
            if let Value::Int(n, _) = v {
                return Ok(Rendered {
                    text: n.unsigned_abs().to_string(),
                    numeric: true,
                    negative: *n < 0,
                    prefix: "",
                });
            }
            let text = if spec.alternate { format!("{v:#?}") } else { format!("{v:?}") };
            let text = match v {
                Value::Str(_) | Value::String(_) | Value::Char(_) => truncate(&text, precision),
                _ => text,
            };
            Ok(plain(text))
        }
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
