//! `str` and `String`.

use super::*;

pub(super) fn str_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let text = text_of(vm, &Value::Ref(place.clone()))?;
    match name {
        "len" => Ok(Some(usize_value(text.len()))),
        "is_empty" => Ok(Some(Value::Bool(text.is_empty()))),
        "as_str" | "trim" | "to_uppercase" | "to_lowercase" | "to_owned" | "into" => {
            let out = match name {
                "trim" => text.trim().to_string(),
                "to_uppercase" => text.to_uppercase(),
                "to_lowercase" => text.to_lowercase(),
                _ => text,
            };
            Ok(Some(if matches!(name, "as_str" | "trim") { Value::Str(out.into()) } else { Value::String(out) }))
        }
        "push_str" | "push" | "write_str" => {
            let more = text_of(vm, &arg(vm, &mut args, 0)?)?;
            vm.alloc(more.len() as u64)?;
            vm.with(&place, |v| {
                if let Value::String(s) = v {
                    s.push_str(&more);
                }
            })?;
            // `fmt::Write::write_str` (and `write!` into a `String`) returns `fmt::Result`.
            Ok(Some(if name == "write_str" { super::ok_unit(vm) } else { Value::Unit }))
        }
        "contains" | "starts_with" | "ends_with" => {
            let needle = text_of(vm, &arg(vm, &mut args, 0)?)?;
            let r = match name {
                "contains" => text.contains(&needle),
                "starts_with" => text.starts_with(&needle),
                _ => text.ends_with(&needle),
            };
            Ok(Some(Value::Bool(r)))
        }
        "repeat" => {
            let (n, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            vm.alloc((text.len() as u64).saturating_mul(n as u64))?;
            Ok(Some(Value::String(text.repeat(n as usize))))
        }
        "chars" => Ok(Some(Value::Iter(Box::new(Iter::Items(text.chars().map(Value::Char).collect()))))),
        "split_whitespace" => Ok(Some(Value::Iter(Box::new(Iter::Items(
            text.split_whitespace().map(|s| Value::Str(s.into())).collect(),
        ))))),
        "lines" => Ok(Some(Value::Iter(Box::new(Iter::Items(text.lines().map(|s| Value::Str(s.into())).collect()))))),
        "split" => {
            let sep = text_of(vm, &arg(vm, &mut args, 0)?)?;
            Ok(Some(Value::Iter(Box::new(Iter::Items(
                text.split(sep.as_str()).map(|s| Value::Str(s.into())).collect(),
            )))))
        }
        "replace" => {
            let from = text_of(vm, &arg(vm, &mut args, 0)?)?;
            let to = text_of(vm, &arg(vm, &mut args, 1)?)?;
            let out = text.replace(from.as_str(), &to);
            vm.alloc(out.len() as u64)?;
            Ok(Some(Value::String(out)))
        }
        "char_indices" => Ok(Some(Value::Iter(Box::new(Iter::Items(
            text.char_indices().map(|(i, c)| Value::Tuple(vec![usize_value(i), Value::Char(c)])).collect(),
        ))))),
        "bytes" => Ok(Some(Value::Iter(Box::new(Iter::Items(
            text.bytes().map(|b| Value::Int(b as i128, IntTy::U8)).collect(),
        ))))),
        "split_once" => {
            let sep = text_of(vm, &arg(vm, &mut args, 0)?)?;
            let parts = text
                .split_once(sep.as_str())
                .map(|(a, b)| Value::Tuple(vec![Value::Str(a.into()), Value::Str(b.into())]));
            Ok(Some(option(vm, parts)))
        }
        "find" => {
            let needle = text_of(vm, &arg(vm, &mut args, 0)?)?;
            Ok(Some(option(vm, text.find(needle.as_str()).map(usize_value))))
        }
        _ => Err(vm.error(format!("no method named `{name}` found for strings in Pollscope"))),
    }
}
