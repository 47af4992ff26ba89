//! `char`.

use super::*;

pub(super) fn char_method(
    vm: &mut Vm<'_, '_>,
    place: Place,
    name: &str,
    mut args: Vec<Value>,
) -> VmResult<Option<Value>> {
    let c = match deref_value(vm, Value::Ref(place))? {
        Value::Char(c) => c,
        _ => return Err(vm.error("expected a char")),
    };
    Ok(Some(match name {
        "is_alphabetic" => Value::Bool(c.is_alphabetic()),
        "is_numeric" => Value::Bool(c.is_numeric()),
        "is_alphanumeric" => Value::Bool(c.is_alphanumeric()),
        "is_ascii_digit" => Value::Bool(c.is_ascii_digit()),
        "is_whitespace" => Value::Bool(c.is_whitespace()),
        "is_uppercase" => Value::Bool(c.is_uppercase()),
        "is_lowercase" => Value::Bool(c.is_lowercase()),
        "to_ascii_uppercase" => Value::Char(c.to_ascii_uppercase()),
        "to_ascii_lowercase" => Value::Char(c.to_ascii_lowercase()),
        "is_ascii_uppercase" => Value::Bool(c.is_ascii_uppercase()),
        "is_ascii_lowercase" => Value::Bool(c.is_ascii_lowercase()),
        "is_ascii_alphabetic" => Value::Bool(c.is_ascii_alphabetic()),
        "is_ascii_punctuation" => Value::Bool(c.is_ascii_punctuation()),
        "is_ascii" => Value::Bool(c.is_ascii()),
        "to_digit" => {
            let (radix, _) = int_arg(vm, arg(vm, &mut args, 0)?)?;
            if !(2..=36).contains(&radix) {
                return Err(vm.panic("to_digit: invalid radix -- radix must be in the range 2 to 36 inclusive"));
            }
            option(vm, c.to_digit(radix as u32).map(|d| Value::Int(d as i128, IntTy::U32)))
        }
        _ => return Err(vm.error(format!("no method named `{name}` found for `char` in Pollscope"))),
    }))
}
